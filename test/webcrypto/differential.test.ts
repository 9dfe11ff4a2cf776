/**
 * Differential test: the sync wasm path and the async WebCrypto path (forced,
 * so Node's crypto.subtle runs it) must reach the same decision on every
 * token. Random payloads, tamperings and the wrong key (fast-check, fixed
 * seed); outcomes compared as payload and header, or error class and code.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { JamError, JWE, JWK, JWS, type JwsAlgorithm } from "../../ts/index.js";

const SEED = 20261130;

const SPECS: ReadonlyArray<{ alg: JwsAlgorithm; spec: "RSA-2048" | "P-256" | "P-384" | "P-521" | "Ed25519" }> = [
  { alg: "RS256", spec: "RSA-2048" },
  { alg: "PS256", spec: "RSA-2048" },
  { alg: "ES256", spec: "P-256" },
  { alg: "ES384", spec: "P-384" },
  { alg: "ES512", spec: "P-521" },
  { alg: "EdDSA", spec: "Ed25519" },
];

const rsaKeys = [JWK.generate("RSA-2048"), JWK.generate("RSA-2048")];
const keysFor = (spec: string): JWK[] =>
  spec === "RSA-2048" ? rsaKeys : [JWK.generate(spec as "P-256"), JWK.generate(spec as "P-256")];

type Outcome = { ok: true; payload: string; header: unknown } | { ok: false; name: string; code: string };

type Opened = { payload: Uint8Array; header: unknown };

async function outcome(run: () => Promise<Opened> | Opened): Promise<Outcome> {
  try {
    const { payload, header } = await run();
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
  fc.json().map((h) => (t: string) => `${Buffer.from(h).toString("base64url")}${t.slice(t.indexOf("."))}`),
);

describe.each(SPECS)("$alg: sync wasm and async WebCrypto reach the same decision", ({ alg, spec }) => {
  const [key, otherKey] = keysFor(spec) as [JWK, JWK];
  const wasm = new JWS({ alg, key, backend: "wasm" });
  const webcrypto = new JWS({ alg, key, asyncBackend: "webcrypto" });
  const wasmOther = new JWS({ alg, key: otherKey, backend: "wasm" });
  const webcryptoOther = new JWS({ alg, key: otherKey, asyncBackend: "webcrypto" });

  test("the async instances run on WebCrypto", () => {
    expect([webcrypto.asyncBackend, wasm.backend]).toEqual(["webcrypto", "wasm"]);
  });

  test("on random payloads, tampered tokens and the wrong key", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.boolean(),
        tamper,
        fc.boolean(),
        async (payload, signAsync, damage, withOtherKey) => {
          const made = signAsync ? await webcrypto.signAsync(payload, { kid: "k" }) : wasm.sign(payload, { kid: "k" });
          const token = damage(made);
          const [a, b] = withOtherKey ? [wasmOther, webcryptoOther] : [wasm, webcrypto];
          expect(await outcome(() => b.verifyAsync(token))).toEqual(await outcome(() => a.verify(token)));
        },
      ),
      { seed: SEED, numRuns: alg === "ES512" || alg === "ES384" ? 50 : 100 },
    );
  });
});

describe.each([
  { alg: "RSA-OAEP", spec: "RSA-2048" },
  { alg: "RSA-OAEP-256", spec: "RSA-2048" },
  { alg: "ECDH-ES", spec: "P-256" },
  { alg: "ECDH-ES+A256KW", spec: "P-384" },
  { alg: "ECDH-ES+A128KW", spec: "P-521" },
] as const)("$alg JWE: sync wasm and async WebCrypto reach the same decision", ({ alg, spec }) => {
  const [key, otherKey] = keysFor(spec) as [JWK, JWK];
  const make = (k: JWK, asyncPath: boolean) =>
    new JWE({ alg, enc: "A256GCM", key: k, ...(asyncPath ? { asyncBackend: "webcrypto" } : { backend: "wasm" }) });
  const wasm = make(key, false);
  const webcrypto = make(key, true);
  const wasmOther = make(otherKey, false);
  const webcryptoOther = make(otherKey, true);

  test("on random plaintexts, tampered tokens and the wrong key", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 200 }),
        fc.boolean(),
        tamper,
        fc.boolean(),
        async (plaintext, encryptAsync, damage, withOtherKey) => {
          const token = damage(encryptAsync ? await webcrypto.encryptAsync(plaintext) : wasm.encrypt(plaintext));
          const [a, b] = withOtherKey ? [wasmOther, webcryptoOther] : [wasm, webcrypto];
          const fromWasm = await outcome(() => {
            const { header, plaintext: p } = a.open(token);
            return { header, payload: p };
          });
          const fromWebCrypto = await outcome(async () => {
            const { header, plaintext: p } = await b.openAsync(token);
            return { header, payload: p };
          });
          expect(fromWebCrypto).toEqual(fromWasm);
        },
      ),
      { seed: SEED, numRuns: 40 },
    );
  });
});
