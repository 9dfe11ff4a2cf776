/**
 * The packed package in every runtime it supports: Node ESM, Node CommonJS,
 * Node with the slim entry, two Vite-built Chromium pages (the browser entry
 * and slim) and a workerd Worker each run the shared ops table
 * (test/fixtures/shared/ops.mjs) on tokens they make, then open the tokens
 * every other runtime made.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ops } from "../fixtures/shared/ops.mjs";
import { type Packed, packAndInstall } from "./support/packed.js";
import {
  browserRuntime,
  ChromiumHost,
  type Incoming,
  nodeRuntime,
  type Report,
  type Runtime,
  workerdRuntime,
} from "./support/runtimes.js";

const opNames = ops.map((op) => op.name);
const runtimeNames = [
  "node-esm",
  "node-cjs",
  "node-slim",
  "browser",
  "browser-slim",
  "workerd",
  "workerd-nodejs-compat",
];

let packed: Packed;
let runtimes: Runtime[] = [];
let chromium: ChromiumHost;
let workerd: ReturnType<typeof workerdRuntime>;
let workerdCompat: ReturnType<typeof workerdRuntime>;
/** Each runtime's first run: its own tokens, made and opened. */
const firstRuns = new Map<string, Report>();

beforeAll(async () => {
  packed = await packAndInstall("runtimes");
  chromium = new ChromiumHost(packed.project);
  workerd = workerdRuntime(packed.project);
  workerdCompat = workerdRuntime(packed.project, { name: "workerd-nodejs-compat", nodejsCompat: true });
  runtimes = [
    nodeRuntime("node-esm", packed.project, "node-esm/run.mjs"),
    nodeRuntime("node-cjs", packed.project, "node-cjs/run.cjs"),
    nodeRuntime("node-slim", packed.project, "node-esm/slim.mjs"),
    browserRuntime(chromium, "browser", "/browser/index.html"),
    browserRuntime(chromium, "browser-slim", "/browser/slim.html"),
    workerd,
    workerdCompat,
  ];
  // One at a time: a 2-core machine runs Chromium and workerd, not both
  // starting at once beside the other test files.
  for (const runtime of runtimes) {
    await runtime.start();
    firstRuns.set(runtime.name, await runtime.exercise({}));
  }
}, 600_000);

afterAll(async () => {
  for (const runtime of runtimes) await runtime.stop();
  packed?.cleanup();
}, 120_000);

/** Every runtime's tokens except `name`'s. */
function tokensFromOthers(name: string): Incoming {
  const incoming: Incoming = {};
  for (const [maker, report] of firstRuns) if (maker !== name) incoming[maker] = report.made;
  return incoming;
}

function expectOpened(report: Report, maker: string): void {
  const expected = Object.fromEntries(ops.map((op) => [op.name, op.expected(maker)]));
  expect(report.opened[maker], `${report.runtime} opening tokens from ${maker}`).toEqual(expected);
}

describe.each(runtimeNames)("%s", (name) => {
  it("makes a token for every op and opens its own", () => {
    const report = firstRuns.get(name);
    expect(report?.failed).toEqual({});
    expect(Object.keys(report?.made ?? {})).toEqual(opNames);
    expectOpened(report as Report, name);
  });

  it("opens the tokens every other runtime made", async () => {
    const runtime = runtimes.find((r) => r.name === name) as Runtime;
    const report = await runtime.exercise(tokensFromOthers(name));
    expect(report.failed).toEqual({});
    for (const maker of runtimeNames) expectOpened(report, maker);
  }, 120_000);
});

describe("loaders", () => {
  it("Node ESM resolves the ESM build and loads the core synchronously at import", () => {
    const checks = firstRuns.get("node-esm")?.checks;
    expect(checks?.["syncAtImport"]).toBe(true);
    expect(checks?.["entry"]).toMatch(/node_modules\/jam-jose\/dist\/index\.js$/);
  });

  it("Node require resolves the CommonJS bundle and loads the core synchronously", () => {
    const checks = firstRuns.get("node-cjs")?.checks;
    expect(checks?.["syncAtImport"]).toBe(true);
    expect(checks?.["entry"]).toMatch(/node_modules\/jam-jose\/dist\/cjs\/index\.cjs$/);
  });

  it("slim refuses crypto before init() with the typed not-ready error", () => {
    expect(firstRuns.get("node-slim")?.checks["beforeInit"]).toMatch(/^JamError ERR_CORE_NOT_READY: .*await ready\(\)/);
  });

  it("the browser refuses crypto before ready() with the typed not-ready error", () => {
    expect(firstRuns.get("browser")?.checks["beforeReady"]).toMatch(/^JamError ERR_CORE_NOT_READY: .*await ready\(\)/);
  });

  it("slim in the browser refuses crypto before init() with the typed not-ready error", () => {
    expect(firstRuns.get("browser-slim")?.checks["beforeInit"]).toMatch(
      /^JamError ERR_CORE_NOT_READY: .*await ready\(\)/,
    );
  });

  it("the browser pages logged no errors or warnings (streaming compile accepted the .wasm)", () => {
    expect(chromium.messages.filter((m) => / (error|warning|pageerror):/.test(m))).toEqual([]);
  });

  it("workerd ran the Worker in workerd itself", () => {
    expect(firstRuns.get("workerd")?.checks["navigator"]).toBe("Cloudflare-Workers");
  });

  it("workerd refuses random values at module scope with a typed error, and the handlers still work", () => {
    const report = firstRuns.get("workerd");
    expect(report?.checks["generateAtModuleScope"]).toMatch(/^Jam\w*Error ERR_\w+: .*random/);
    // The same instance then generated keys inside the handler.
    expect(report?.failed).toEqual({});
    expect(Object.keys(report?.made ?? {}).filter((op) => op.startsWith("JWK.generate"))).toHaveLength(3);
  });

  it("workerd without nodejs_compat has no node:crypto: the sync path is wasm, the async path WebCrypto", () => {
    const report = firstRuns.get("workerd")?.checks["backend"] as { nativeAvailable: boolean; algorithms: object };
    expect(report.nativeAvailable).toBe(false);
    expect(report.algorithms).toMatchObject({ RS256: "wasm", ES256: "wasm", "RSA-OAEP-256": "wasm" });
  });

  it("workerd with nodejs_compat finds node:crypto: the native backend runs there, sync and async", () => {
    const report = firstRuns.get("workerd-nodejs-compat")?.checks["backend"] as {
      nativeAvailable: boolean;
      algorithms: object;
      async: object;
    };
    expect(report.nativeAvailable).toBe(true);
    expect(report.algorithms).toMatchObject({ RS256: "native", ES256: "native", EdDSA: "native", HS256: "wasm" });
    expect(report.async).toMatchObject({ RS256: "native", ES256: "native", "ECDH-ES+A256KW": "native" });
    expect(firstRuns.get("workerd-nodejs-compat")?.checks["navigator"]).toBe("Cloudflare-Workers");
  });

  it("workerd refuses to compile WebAssembly from bytes, so the core came from the imported module", () => {
    expect(firstRuns.get("workerd")?.checks["compileFromBytes"]).toMatch(/^refused: .*disallowed/);
  });
});
