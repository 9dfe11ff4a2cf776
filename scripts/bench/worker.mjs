// The benchmark Worker: jam-jose through its workerd entry, crypto.subtle and
// node:crypto (nodejs_compat) in one isolate. POST {row, column, n} runs n
// operations; GET answers which columns and cells exist. Keys are made on the
// first request, since Workers hand out random values only inside a handler.
import * as nc from "node:crypto";
import * as lib from "jam-jose-under-test"; // dist/worker.js, or --dist
import { nodeCrypto, ours, prepare, webCrypto } from "./rows.mjs";

/** The columns, one line each (a later backend of ours is one more line). */
const COLUMNS = [
  ours(lib, "jam-jose (wasm)", { backend: "wasm" }),
  ours(lib, "jam-jose (native)", { backend: "native" }),
  ours(lib, "jam-jose (webcrypto, async)", { backend: "wasm", asyncBackend: "webcrypto" }, true),
  webCrypto(crypto.subtle),
  nodeCrypto(nc),
];

let prepared;

export default {
  async fetch(request) {
    prepared ??= prepare(crypto.subtle, COLUMNS);
    const bench = await prepared;
    if (request.method !== "POST") return Response.json({ columns: bench.columns, cells: bench.cells });
    const { row, column, n } = await request.json();
    return Response.json({ done: await bench.run(row, column, n) });
  },
};
