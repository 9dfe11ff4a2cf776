/**
 * Hostile JSON documents through the WebAssembly core: whatever the input,
 * verifyJwsJson and decryptJweJson either return or throw a typed JamError,
 * and the instance keeps working afterwards (a Rust panic would trap it).
 */
import { describe, expect, test } from "vitest";
import {
  decryptJweJson,
  encryptGeneralJwe,
  JamError,
  JWE,
  JWS,
  signGeneralJws,
  verifyJwsJson,
} from "../../ts/index.js";

/** xorshift32: deterministic, so a failure reproduces. */
function prng(seed: number) {
  let state = seed;
  return (n: number) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
}

const VALUES: unknown[] = [null, true, "", -1, 1e300, "AAAA", "a.b", [], [1], {}, { alg: "HS256" }, ["b64"], "eyJ9"];
const NAMES = [
  "payload",
  "signatures",
  "protected",
  "header",
  "signature",
  "recipients",
  "unprotected",
  "encrypted_key",
  "aad",
  "iv",
  "ciphertext",
  "tag",
  "alg",
  "enc",
  "crit",
  "b64",
  "zip",
];

function mutate(doc: Record<string, unknown>, below: (n: number) => number): Record<string, unknown> {
  const copy = structuredClone(doc) as Record<string, unknown>;
  const keys = Object.keys(copy);
  const target =
    below(2) === 0 || keys.length === 0
      ? copy
      : (((v) => (Array.isArray(v) ? v[0] : v))(copy[keys[below(keys.length)]!]) as Record<string, unknown>);
  if (typeof target !== "object" || target === null) return copy;
  const name = NAMES[below(NAMES.length)]!;
  if (below(3) === 0) delete target[name];
  else target[name] = VALUES[below(VALUES.length)];
  return copy;
}

function expectTypedOrOk(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(JamError);
  }
}

describe("hostile JSON documents", () => {
  const jws = new JWS({ alg: "HS256", key: new Uint8Array(32).fill(1) });
  const jwe = new JWE({ alg: "A128KW", enc: "A128GCM", key: new Uint8Array(16).fill(2) });

  test("500 mutated JWS documents give a result or a JamError, and the core still verifies", () => {
    const doc = signGeneralJws("p", [jws, { jws, unprotectedHeader: { kid: "k" } }]) as unknown as Record<
      string,
      unknown
    >;
    const below = prng(12345);
    for (let i = 0; i < 500; i++) {
      const bad = mutate(doc, below);
      expectTypedOrOk(() => verifyJwsJson(bad, jws, { crit: ["b64"] }));
    }
    expect(verifyJwsJson(doc, jws).signatureIndex).toBe(0);
  });

  test("500 mutated JWE documents give a result or a JamError, and the core still decrypts", () => {
    const doc = encryptGeneralJwe("p", [jwe, { jwe, header: { kid: "k" } }], { aad: "a" }) as unknown as Record<
      string,
      unknown
    >;
    const below = prng(678);
    for (let i = 0; i < 500; i++) {
      const bad = mutate(doc, below);
      expectTypedOrOk(() => decryptJweJson(bad, jwe));
    }
    expect(new TextDecoder().decode(decryptJweJson(doc, jwe).plaintext)).toBe("p");
  });

  test("non-JSON text, deep nesting and odd types are typed errors", () => {
    for (const input of ["", "{", "null", "[[[[", `{"a":${"[".repeat(5000)}${"]".repeat(5000)}}`, "\u0000"]) {
      expect(() => verifyJwsJson(input, jws)).toThrow(JamError);
      expect(() => decryptJweJson(input, jwe)).toThrow(JamError);
    }
  });
});
