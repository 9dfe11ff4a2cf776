/**
 * The wasm-bindgen glue trusts its arguments: a number, object, boolean or
 * BigInt where it expects a string or bytes used to end in "memory access
 * out of bounds" (or, for a string where bytes were expected, zero bytes
 * signed silently), and a disposed key in "null pointer passed to rust".
 * Every core function now checks its arguments first and answers with a
 * typed JamError, and the instance keeps working.
 */
import { describe, expect, test } from "vitest";
import * as glue from "../../ts/core/generated/jam_jose.js";
import { isExportedClass, SIGNATURES } from "../../ts/core/boundary.js";
import { core } from "../../ts/core/core.js";
import { JamConfigurationError, JamError, JWK, JWS, JWT, tokenFingerprint } from "../../ts/index.js";

const WRONG: ReadonlyArray<[string, unknown]> = [
  ["a number", 12345],
  ["an object", { length: 3 }],
  ["a boolean", true],
  ["a BigInt", 10n],
  ["null", null],
  ["an array", [1, 2, 3]],
  ["a symbol", Symbol("x")],
];

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(JamError);
    return (error as JamError).code;
  }
  throw new Error("expected a JamError");
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

function stillWorks() {
  const jwt = new JWT({ alg: "HS256", secretKey: "k".repeat(32) });
  expect(jwt.decode(jwt.encode({ sub: "after" })).payload["sub"]).toBe("after");
}

/** Valid arguments for each parameter kind. */
function validArgs(name: string, key: glue.KeyHandle): unknown[] {
  const valid: Record<string, unknown> = {
    string: "HS256",
    bytes: new TextEncoder().encode("{}"),
    "bytes?": undefined,
    u32: 32,
    "u32?": undefined,
    boolean: false,
    key,
  };
  return (SIGNATURES[name]?.args ?? []).map((kind) => valid[kind]);
}

describe("the core boundary", () => {
  test("every function the core exports has a checked signature", () => {
    const exported = Object.entries(glue)
      .filter(
        ([name, value]) =>
          typeof value === "function" && !["default", "initSync"].includes(name) && !isExportedClass(name),
      )
      .map(([name]) => name)
      .sort();
    expect(exported).toEqual(Object.keys(SIGNATURES).sort());
  });

  test("each argument of each core function refuses each wrong type with ERR_INVALID_ARGUMENT", () => {
    const key = JWK.generate("oct-256");
    let checked = 0;
    for (const [name, signature] of Object.entries(SIGNATURES)) {
      const fn = (core() as unknown as Record<string, (...args: unknown[]) => unknown>)[name];
      signature.args.forEach((kind, i) => {
        for (const [what, value] of WRONG) {
          // An optional parameter may be absent, not null: both are fine to the glue.
          if (kind.endsWith("?") && value === null) continue;
          if (kind === "boolean" && typeof value === "boolean") continue;
          if (kind.startsWith("u32") && typeof value === "number") continue;
          const args = validArgs(name, key.handle);
          args[i] = value;
          expect(
            code(() => fn?.(...args)),
            `${name} argument ${i + 1} as ${what}`,
          ).toBe("ERR_INVALID_ARGUMENT");
          checked++;
        }
      });
      // A string where bytes are expected would be signed as zero bytes.
      signature.args.forEach((kind, i) => {
        if (!kind.startsWith("bytes")) return;
        const args = validArgs(name, key.handle);
        args[i] = "hello";
        expect(
          code(() => fn?.(...args)),
          `${name} argument ${i + 1} as a string`,
        ).toBe("ERR_INVALID_ARGUMENT");
      });
    }
    expect(checked).toBeGreaterThan(200);
    stillWorks();
  });

  test.each(WRONG)("tokenFingerprint and JWK.generate refuse %s with a typed error", (_what, value) => {
    expect(code(() => tokenFingerprint(value as string))).toBe("ERR_INVALID_ARGUMENT");
    expect(code(() => JWK.generate(value as "P-256"))).toBe("ERR_INVALID_ARGUMENT");
    stillWorks();
  });

  test("u32 parameters refuse fractions, negatives and values past 2^32 (no silent wrap)", () => {
    const key = JWK.generate("oct-256");
    for (const len of [16.5, -16, 2 ** 32 + 16, Number.NaN]) {
      expect(code(() => core().derive_jam_jwe_key(key.handle, len))).toBe("ERR_INVALID_ARGUMENT");
    }
    expect(core().derive_jam_jwe_key(key.handle, 16).secretLength).toBe(16);
  });

  test("an oversized argument is refused before the core allocates for it", () => {
    const huge = "a".repeat(128 * 1024 * 1024 + 1);
    expect(code(() => tokenFingerprint(huge))).toBe("ERR_INVALID_ARGUMENT");
    stillWorks();
  });
});

describe("disposed keys", () => {
  test("a JWK used after dispose() is ERR_KEY_DISPOSED for every method; disposing twice is fine", () => {
    const key = JWK.generate("P-256");
    key.dispose();
    key.dispose();
    expect(thrownBy(() => key.kty)).toBeInstanceOf(JamConfigurationError);
    for (const use of [
      () => key.kty,
      () => key.crv,
      () => key.isPrivate,
      () => key.kid,
      () => key.alg,
      () => key.export(),
      () => key.toPem(),
      () => key.thumbprint(),
      () => key.publicKey(),
    ]) {
      expect(code(use)).toBe("ERR_KEY_DISPOSED");
    }
    stillWorks();
  });

  test("a JWS whose key was disposed refuses to sign and verify with ERR_KEY_DISPOSED", () => {
    const key = JWK.generate("P-256");
    const jws = new JWS({ alg: "ES256", key });
    const token = jws.sign({ a: 1 });
    key.dispose();
    expect(code(() => jws.sign({ a: 1 }))).toBe("ERR_KEY_DISPOSED");
    expect(code(() => jws.verify(token))).toBe("ERR_KEY_DISPOSED");
    expect(code(() => new JWS({ alg: "ES256", key }))).toBe("ERR_KEY_DISPOSED");
    stillWorks();
  });

  test("a raw handle freed behind the JWK's back is ERR_KEY_DISPOSED at the boundary", () => {
    const handle = core().key_generate("oct-256");
    handle.free();
    expect(code(() => core().jws_sign(handle, 0, 2, 0))).toBe("ERR_KEY_DISPOSED");
    stillWorks();
  });
});
