/**
 * The TypeScript side reads its algorithm names, error codes and default
 * limits from ts/generated/tables.ts, which crate/tests/generated_tables.rs
 * renders from the core's tables and checks is current. These cases check
 * that the public API really uses that one copy, and that the running core
 * agrees with it.
 */
import { describe, expect, it } from "vitest";
import { fromCoreError } from "../../ts/core/errors.js";
import {
  CORE_DEFAULTS,
  CORE_ERROR_CODES,
  JWE_ALGORITHMS as GENERATED_JWE_ALGORITHMS,
  JWE_ENCRYPTIONS as GENERATED_JWE_ENCRYPTIONS,
  JWS_ALGORITHMS as GENERATED_JWS_ALGORITHMS,
} from "../../ts/generated/tables.js";
import { JamError, JWE, JWE_ALGORITHMS, JWE_DEFAULTS, JWE_ENCRYPTIONS, JWS, JWS_ALGORITHMS } from "../../ts/index.js";
import { DEFAULT_MAX_TOKEN_LENGTH } from "../../ts/jws/jws.js";

describe("one source of truth for tables", () => {
  it("exports the generated algorithm lists, not copies", () => {
    expect(JWS_ALGORITHMS).toBe(GENERATED_JWS_ALGORITHMS);
    expect(JWE_ALGORITHMS).toBe(GENERATED_JWE_ALGORITHMS);
    expect(JWE_ENCRYPTIONS).toBe(GENERATED_JWE_ENCRYPTIONS);
  });

  it("takes every default limit from the core", () => {
    expect(DEFAULT_MAX_TOKEN_LENGTH).toBe(CORE_DEFAULTS.jwsMaxTokenLength);
    expect(JWE_DEFAULTS).toEqual({
      maxTokenLength: CORE_DEFAULTS.jweMaxTokenLength,
      p2cMax: CORE_DEFAULTS.p2cMax,
      zipMax: CORE_DEFAULTS.zipMax,
      p2c: CORE_DEFAULTS.p2c,
    });
  });

  it("the running core refuses a JWS one byte over the generated default length, not at it", () => {
    const jws = new JWS({ alg: "HS256", key: "a".repeat(32) });
    const over = `${"a".repeat(CORE_DEFAULTS.jwsMaxTokenLength - 3)}.b.c`;
    expect(() => jws.verify(over)).toThrow(expect.objectContaining({ code: "ERR_TOKEN_TOO_LARGE" }));
    const at = `${"a".repeat(CORE_DEFAULTS.jwsMaxTokenLength - 4)}.b.c`;
    expect(() => jws.verify(at)).toThrow(expect.not.objectContaining({ code: "ERR_TOKEN_TOO_LARGE" }));
  });

  it("the running core refuses a JWE p2c one above the generated cap with ERR_P2C_LIMIT", () => {
    const maker = new JWE({
      alg: "PBES2-HS256+A128KW",
      enc: "A128GCM",
      key: "correct horse battery staple",
      p2c: CORE_DEFAULTS.p2cMax + 1,
      p2cMax: CORE_DEFAULTS.p2cMax + 1,
    });
    const reader = new JWE({ alg: "PBES2-HS256+A128KW", enc: "A128GCM", key: "correct horse battery staple" });
    expect(() => reader.decrypt(maker.encrypt("x"))).toThrow(expect.objectContaining({ code: "ERR_P2C_LIMIT" }));
  });

  it.each(CORE_ERROR_CODES)("maps core code %s to a JamError carrying it, for every operation", (code) => {
    for (const op of ["key", "sign", "verify", "encrypt", "decrypt"] as const) {
      const mapped = fromCoreError(new Error(`${code}|message`), op);
      expect(mapped).toBeInstanceOf(JamError);
      expect(mapped).toMatchObject({ code, message: "message" });
    }
  });
});
