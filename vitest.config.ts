import { defineConfig } from "vitest/config";

/** The suites that exercise cryptography: run again on the wasm backend. */
const CRYPTO_SUITES = [
  "test/backend/**/*.test.ts",
  "test/jws/**/*.test.ts",
  "test/jwe/**/*.test.ts",
  "test/jwt/**/*.test.ts",
  "test/conformance/**/*.test.ts",
  "test/security/**/*.test.ts",
  "test/json/**/*.test.ts",
  "test/keysets/**/*.test.ts",
  "test/differential/**/*.test.ts",
];

// Two cores on CI machines: keep the worker pool small and predictable.
export default defineConfig({
  test: {
    pool: "forks",
    maxWorkers: 2,
    // One redis-server and one 3-master cluster for the run (the list tests).
    globalSetup: ["test/setup/redis.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Every suite on the default backend (on Node: node:crypto for the
    // public-key primitives), and the crypto suites again on the portable
    // wasm backend, so both must pass the same interop and refusal tests.
    projects: [
      // (include is set per project: a root include would be merged into both.)
      { extends: true, test: { name: "default-backend", include: ["test/**/*.test.ts"] } },
      {
        extends: true,
        test: { name: "wasm-backend", include: CRYPTO_SUITES, env: { JAM_JOSE_BACKEND: "wasm" } },
      },
    ],
  },
});
