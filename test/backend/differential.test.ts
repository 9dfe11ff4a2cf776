/**
 * Differential test: the wasm and native backends must reach the same
 * decision on every token. Random keys, payloads and tamperings (fast-check,
 * fixed seed so CI runs the same cases); each token is verified by both and
 * the outcomes (payload, or error class and code) compared.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { JamError, JWE, JWK, JWS, type JwsAlgorithm } from "../../ts/index.js";

const SEED = 20261129;

/** Keys per alg: two of each, so a token checked with the other key must fail alike. */
const SPECS: ReadonlyArray<{ alg: JwsAlgorithm; spec: Parameters<typeof JWK.generate>[0] }> = [
  { alg: "HS256", spec: "oct-256" },
  { alg: "RS256", spec: "RSA-2048" },
  { alg: "PS256", spec: "RSA-2048" },
  { alg: "PS384", spec: "RSA-2048" },
  { alg: "ES256", spec: "P-256" },
  { alg: "ES384", spec: "P-384" },
  { alg: "ES512", spec: "P-521" },
  { alg: "EdDSA", spec: "Ed25519" },
];

const rsaKeys = [JWK.generate("RSA-2048"), JWK.generate("RSA-2048")];
const keysFor = (spec: string): JWK[] =>
  spec === "RSA-2048" ? rsaKeys : [JWK.generate(spec as "P-256"), JWK.generate(spec as "P-256")];

type Outcome = { ok: true; payload: string; header: unknown } | { ok: false; name: string; code: string };

function outcome(run: () => { payload: Uint8Array; header: unknown }): Outcome {
  try {
    const { payload, header } = run();
    return { ok: true, payload: Buffer.from(payload).toString("hex"), header };
  } catch (error) {
    if (!(error instanceof JamError)) throw error;
    return { ok: false, name: error.name, code: error.code };
  }
}

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Ways to damage a token, each driven by fast-check's numbers. */
const tamper = fc.oneof(
  fc.constant((t: string) => t),
  fc.record({ at: fc.nat(), ch: fc.integer({ min: 0, max: 63 }) }).map(({ at, ch }) => (t: string) => {
    const i = at % t.length;
    return t[i] === "." ? t : t.slice(0, i) + B64URL[ch] + t.slice(i + 1);
  }),
  fc
    .uint8Array({ minLength: 0, maxLength: 140 })
    .map((sig) => (t: string) => `${t.slice(0, t.lastIndexOf("."))}.${Buffer.from(sig).toString("base64url")}`),
  fc.nat().map((cut) => (t: string) => t.slice(0, cut % t.length)),
  fc.constant((t: string) => `${t}=`),
  fc.constant((t: string) => t.replace(/\.[^.]*$/, (s) => `${s.slice(0, -1)}`)),
  fc.json().map((h) => (t: string) => `${Buffer.from(h).toString("base64url")}${t.slice(t.indexOf("."))}`),
);

describe.each(SPECS)("$alg: wasm and native reach the same decision", ({ alg, spec }) => {
  const [key, otherKey] = keysFor(spec) as [JWK, JWK];
  const wasm = new JWS({ alg, key, backend: "wasm" });
  const native = new JWS({ alg, key, backend: "native" });
  const wasmOther = new JWS({ alg, key: otherKey, backend: "wasm" });
  const nativeOther = new JWS({ alg, key: otherKey, backend: "native" });

  test("the instances run on the backends they were asked for", () => {
    expect(wasm.backend).toBe("wasm");
    expect(native.backend).toBe("native");
  });

  test("on random payloads, tampered tokens and the wrong key", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.boolean(),
        tamper,
        fc.boolean(),
        (payload, signNative, damage, withOtherKey) => {
          const token = damage((signNative ? native : wasm).sign(payload, { kid: "k" }));
          const [a, b] = withOtherKey ? [wasmOther, nativeOther] : [wasm, native];
          const fromWasm = outcome(() => a.verify(token));
          const fromNative = outcome(() => b.verify(token));
          expect(fromNative).toEqual(fromWasm);
        },
      ),
      { seed: SEED, numRuns: alg === "ES512" || alg === "ES384" ? 60 : 150 },
    );
  });
});

/**
 * The JWE algorithms whose key management runs natively, both ways: RSA-OAEP
 * (the shared RSA keys), and ECDH-ES to NIST-curve keys (two fresh keys).
 * Tokens come from either backend.
 */
const JWE_CASES = [
  { alg: "RSA-OAEP", spec: "RSA-2048", enc: "A256GCM", maxLength: 200, numRuns: 40 },
  { alg: "RSA-OAEP-256", spec: "RSA-2048", enc: "A256GCM", maxLength: 200, numRuns: 40 },
  { alg: "RSA-OAEP-512", spec: "RSA-2048", enc: "A256GCM", maxLength: 200, numRuns: 40 },
  { alg: "ECDH-ES", spec: "P-256", enc: "A128GCM", maxLength: 120, numRuns: 25 },
  { alg: "ECDH-ES+A256KW", spec: "P-256", enc: "A128GCM", maxLength: 120, numRuns: 25 },
  { alg: "ECDH-ES+A128KW", spec: "P-384", enc: "A128GCM", maxLength: 120, numRuns: 25 },
  { alg: "ECDH-ES+A192KW", spec: "P-521", enc: "A128GCM", maxLength: 120, numRuns: 25 },
] as const;

describe.each(JWE_CASES)(
  "$alg JWE on $spec: wasm and native reach the same decision",
  ({ alg, spec, enc, maxLength, numRuns }) => {
    const [key, otherKey] = keysFor(spec) as [JWK, JWK];
    const make = (k: JWK, backend: "wasm" | "native") => new JWE({ alg, enc, key: k, backend });
    const wasm = make(key, "wasm");
    const native = make(key, "native");
    const wasmOther = make(otherKey, "wasm");
    const nativeOther = make(otherKey, "native");

    test("the instances run on the backends they were asked for", () => {
      expect([wasm.backend, native.backend]).toEqual(["wasm", "native"]);
    });

    test("on random plaintexts, tampered tokens and the wrong key", () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength }),
          fc.boolean(),
          tamper,
          fc.boolean(),
          (plaintext, encryptNative, damage, withOtherKey) => {
            const token = damage((encryptNative ? native : wasm).encrypt(plaintext));
            const [a, b] = withOtherKey ? [wasmOther, nativeOther] : [wasm, native];
            const open = (jwe: JWE) => () => {
              const { header, plaintext: p } = jwe.open(token);
              return { header, payload: p };
            };
            expect(outcome(open(b))).toEqual(outcome(open(a)));
          },
        ),
        { seed: SEED, numRuns },
      );
    });
  },
);
