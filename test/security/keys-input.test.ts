/**
 * Key inputs of the wrong shape get a typed JamError, never a TypeError or
 * SyntaxError, and never silently become a different key: a KeyObject-like
 * whose export() returns a string used to become an all-zero secret, and a
 * JWK Set entry that is a string an HMAC secret.
 */
import { createSecretKey, generateKeyPairSync } from "node:crypto";
import { describe, expect, test } from "vitest";
import { JamConfigurationError, JamError, JWK, JWKSet, JWS, JWT } from "../../ts/index.js";

function refusal(fn: () => unknown): JamError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(JamError);
    return error as JamError;
  }
  throw new Error("expected a JamError");
}

const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const publicJwk = ec.publicKey.export({ format: "jwk" }) as { kty: string };

describe("KeyObject-like inputs", () => {
  test("a secret KeyObject whose export() returns a string is refused, not taken as zero bytes", () => {
    const fake = { type: "secret" as const, export: () => "s".repeat(32) };
    const error = refusal(() => new JWT({ alg: "HS256", secretKey: fake }));
    expect([error.code, error.constructor]).toEqual(["ERR_KEY_ENCODING", JamConfigurationError]);
  });

  test("a real secret KeyObject is its bytes", () => {
    const secret = createSecretKey(Buffer.alloc(32, 7));
    const token = new JWT({ alg: "HS256", secretKey: secret }).encode({ sub: "ko" });
    expect(new JWT({ alg: "HS256", secretKey: new Uint8Array(32).fill(7) }).decode(token).payload["sub"]).toBe("ko");
  });

  test.each([
    ["export() returns a string", { type: "public", export: () => "not a jwk" }],
    ["export() returns null", { type: "private", export: () => null }],
    [
      "export() throws",
      {
        type: "public",
        export: () => {
          throw new RangeError("boom");
        },
      },
    ],
    ["an unknown type", { type: "weird", export: () => publicJwk }],
  ])("a KeyObject-like where %s is a typed error", (_name, fake) => {
    expect(refusal(() => JWK.import(fake as never)).code).toBe("ERR_KEY_ENCODING");
  });
});

describe("JWKSet.import", () => {
  test.each([
    ["null", null],
    ["undefined", undefined],
    ["a number", 42],
    ["text that is not JSON", "x"],
    ["a JSON array", "[]"],
    ["keys that is not an array", { keys: "no" }],
    ["a string entry (never an HMAC secret)", { keys: ["a shared secret of thirty-two bytes!"] }],
    ["a null entry", { keys: [null] }],
    ["an array entry", { keys: [[1, 2]] }],
    ["an entry with a numeric kty", { keys: [{ kty: 5 }] }],
  ])("%s is a JamConfigurationError", (_name, set) => {
    const error = refusal(() => JWKSet.import(set as never));
    expect(error).toBeInstanceOf(JamConfigurationError);
    expect(error.code).toBe("ERR_KEY_ENCODING");
  });

  test("a good set imports, as an object and as JSON text", () => {
    const set = { keys: [{ ...publicJwk, kid: "a" }, JWK.generate("oct-256").export({ private: true })] };
    expect(JWKSet.import(set).keys.map((k) => k.kty)).toEqual(["EC", "oct"]);
    expect(JWKSet.import(JSON.stringify(set)).get("a")?.kty).toBe("EC");
  });

  test("a bad entry after good ones frees the good ones' handles", () => {
    const made: JWK[] = [];
    const original = JWK.import;
    JWK.import = (input, options) => {
      const key = original.call(JWK, input, options);
      made.push(key);
      return key;
    };
    try {
      expect(refusal(() => JWKSet.import({ keys: [publicJwk, "secret"] as never })).code).toBe("ERR_KEY_ENCODING");
    } finally {
      JWK.import = original;
    }
    expect(made).toHaveLength(1);
    expect(refusal(() => made[0]?.kty).code).toBe("ERR_KEY_DISPOSED");
  });
});

describe("JWK objects and options of the wrong shape", () => {
  test("a JWK with a BigInt member, a circular one, or a throwing getter is a typed error", () => {
    const circular: Record<string, unknown> = { kty: "oct", k: "AAAA" };
    circular["self"] = circular;
    const getter = Object.defineProperty({ kty: "EC" }, "x", {
      enumerable: true,
      get() {
        throw new Error("getter");
      },
    });
    for (const jwk of [{ kty: "oct", k: 10n }, circular, getter]) {
      expect(refusal(() => JWK.import(jwk as never)).code).toBe("ERR_KEY_ENCODING");
    }
  });

  test("{ der } must hold bytes", () => {
    expect(refusal(() => JWK.import({ der: "MIIB" } as never)).code).toBe("ERR_KEY_ENCODING");
  });

  test.each([
    ["a numeric password", { password: 1234 }],
    ["allowShortSecrets as a string", { allowShortSecrets: "yes" }],
    ["kdfLimits as a number", { kdfLimits: 5 }],
    ["options as a string", "pw"],
  ])("%s is ERR_INVALID_ARGUMENT", (_name, options) => {
    expect(refusal(() => JWK.import(publicJwk, options as never)).code).toBe("ERR_INVALID_ARGUMENT");
    if (typeof options === "object") {
      // JWS takes the same options beside alg and key.
      const jwsOptions = { alg: "ES256", key: publicJwk, ...options } as never;
      expect(refusal(() => new JWS(jwsOptions)).code).toBe("ERR_INVALID_ARGUMENT");
    }
  });

  test("export and toPem take only { private?: boolean }", () => {
    const key = JWK.generate("P-256");
    expect(key.export(null as never)).not.toHaveProperty("d");
    expect(refusal(() => key.export({ private: "yes" } as never)).code).toBe("ERR_INVALID_ARGUMENT");
    expect(refusal(() => key.toPem(7 as never)).code).toBe("ERR_INVALID_ARGUMENT");
    expect(key.toPem({ private: true })).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });
});
