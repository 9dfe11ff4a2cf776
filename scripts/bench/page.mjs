// The benchmark page: jam-jose through its browser entry and the page's
// crypto.subtle. Bundled by scripts/bench-browser.mjs (browser conditions,
// the .wasm beside the bundle), which drives window.bench.
import * as lib from "jam-jose-under-test"; // dist/browser.js, or --dist
import { ours, prepare, webCrypto } from "./rows.mjs";

/** The columns, one line each (a later backend of ours is one more line). */
const COLUMNS = [
  ours(lib, "jam-jose (wasm)", { backend: "wasm" }),
  ours(lib, "jam-jose (webcrypto, async)", { asyncBackend: "webcrypto" }, true),
  webCrypto(crypto.subtle, "crypto.subtle"),
];

await lib.ready();
window.bench = await prepare(crypto.subtle, COLUMNS);
