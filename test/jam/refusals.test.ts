/**
 * What standard mode refuses, compat mode ("jam") refuses too: every refusal
 * below runs in both modes. The jam-specific paths (PSS with jam's salt,
 * jam's RSA-OAEP, ECDH-ES+A*KW with HKDF, jam's PBES2, jam's CBC-HMAC tag)
 * are tampered with one part at a time and must fail like the standard ones:
 * one generic code, no hint which part failed, and the instance keeps working.
 */
import { createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  JamConfigurationError,
  JamError,
  JamJWEDecryptionError,
  JamJWSVerificationError,
  JamJWTUnsupportedAlgorithm,
  JWE,
  JWS,
  JWT,
} from "../../ts/index.js";
import { KEYS } from "./cases.js";

const MODES = [
  { name: "standard mode", mode: {} },
  { name: "compat mode", mode: { compat: "jam" as const } },
] as const;

const b64 = (s: string) => JSON.parse(Buffer.from(s, "base64url").toString()) as Record<string, unknown>;
const enc64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
/** Flips one bit in the middle of a base64url segment. */
function flip(segment: string): string {
  const bytes = Buffer.from(segment, "base64url");
  bytes[bytes.length >> 1]! ^= 0x01;
  return bytes.toString("base64url");
}
const rsaPublic = createPublicKey(KEYS.rsa).export({ type: "spki", format: "pem" }) as string;

describe.each(MODES)("$name", ({ mode }) => {
  describe("JWS", () => {
    it('refuses alg "none", even when allowed', () => {
      const jws = new JWS({ alg: "HS256", key: KEYS.hmac, ...mode });
      const [, body] = jws.sign("x").split(".");
      const none = `${enc64({ alg: "none" })}.${body}.`;
      expect(() => jws.verify(none, { algorithms: ["none", "HS256"] })).toThrow(JamError);
    });

    it("refuses an alg off the allow-list and an RSA public key as an HMAC secret", () => {
      const rs = new JWS({ alg: "RS256", key: KEYS.rsa, ...mode });
      const token = rs.sign("x");
      expect(() => new JWS({ alg: "HS256", key: KEYS.hmac, ...mode }).verify(token)).toThrow(
        JamJWTUnsupportedAlgorithm,
      );
      expect(() => new JWS({ alg: "HS256", key: rsaPublic, ...mode })).toThrow(JamError);
    });

    it.each(["PS256", "PS384", "PS512"] as const)("%s: a flipped signature or payload bit is refused", (alg) => {
      const jws = new JWS({ alg, key: KEYS.rsa, ...mode });
      const [h, p, s] = jws.sign({ sub: "x" }).split(".") as [string, string, string];
      expect(() => jws.verify(`${h}.${p}.${flip(s)}`)).toThrow(
        expect.objectContaining({ code: "ERR_SIGNATURE_INVALID" }),
      );
      expect(() => jws.verify(`${h}.${flip(p)}.${s}`)).toThrow(
        expect.objectContaining({ code: "ERR_SIGNATURE_INVALID" }),
      );
      expect(jws.verify(`${h}.${p}.${s}`).header["alg"]).toBe(alg);
    });

    it("refuses crit names it does not understand and oversized tokens", () => {
      const jws = new JWS({ alg: "HS256", key: KEYS.hmac, maxTokenLength: 200, ...mode });
      const crit = jws.sign("x", { crit: ["exp-future"], "exp-future": 1 });
      expect(() => jws.verify(crit)).toThrow(JamJWSVerificationError);
      expect(() => jws.verify(jws.sign("x".repeat(300)))).toThrow(
        expect.objectContaining({ code: "ERR_TOKEN_TOO_LARGE" }),
      );
    });

    it("refuses short HMAC secrets and RSA keys under 2048 bits", () => {
      expect(() => new JWS({ alg: "HS256", key: "short", ...mode })).toThrow(JamConfigurationError);
      expect(() => new JWS({ alg: "HS512", key: KEYS.long, ...mode })).toThrow(JamConfigurationError);
    });
  });

  describe("JWT", () => {
    it("decode requires typ JWT unless relaxed, and refuses an expired token", () => {
      const jwt = new JWT({ alg: "HS256", secretKey: KEYS.hmac, ...mode });
      const untyped = new JWS({ alg: "HS256", key: KEYS.hmac }).sign({ sub: "x" });
      expect(() => jwt.decode(untyped)).toThrow(expect.objectContaining({ code: "ERR_HEADER_INVALID" }));
      expect(jwt.decode(untyped, { requireTyp: false }).payload["sub"]).toBe("x");
      expect(() => jwt.decode(jwt.encode({ exp: -10 }))).toThrow(expect.objectContaining({ name: "JamJWTExpired" }));
    });

    it("a nested token whose cty names something else is refused", () => {
      const jwt = new JWT({ alg: "HS256", enc: "A256GCM", secretKey: KEYS.hmac, ...mode });
      const inner = jwt.jws!.sign({ sub: "x" }, { typ: "JWT" });
      const token = jwt.jwe!.encrypt(inner, { cty: "text/plain" });
      expect(() => jwt.decrypt(token)).toThrow(JamJWEDecryptionError);
    });
  });

  describe("JWE", () => {
    it("RSA1_5 is offered in neither mode", () => {
      expect(() => new JWE({ alg: "RSA1_5" as "RSA-OAEP", enc: "A256GCM", key: KEYS.rsa, ...mode })).toThrow(
        JamJWTUnsupportedAlgorithm,
      );
    });

    const tamperable = [
      { alg: "RSA-OAEP", key: KEYS.rsa },
      { alg: "ECDH-ES+A128KW", key: KEYS.p256 },
      { alg: "PBES2-HS256+A128KW", key: KEYS.password },
      { alg: "A256KW", key: KEYS.kw256 },
    ] as const;
    const encs = ["A128CBC-HS256", "A256GCM"] as const;
    const grid = tamperable.flatMap((t) => encs.map((enc) => [`${t.alg} ${enc}`, t.alg, t.key, enc] as const));

    it.each(grid)("%s: each tampered part is the one generic decryption failure", (_, alg, key, enc) => {
      const jwe = new JWE({ alg, enc, key, ...mode });
      const parts = jwe.encrypt("secret").split(".");
      for (const i of [1, 2, 3, 4]) {
        if (parts[i] === "") continue;
        const bad = parts.map((p, j) => (j === i ? flip(p) : p)).join(".");
        expect(() => jwe.decrypt(bad), `part ${i}`).toThrow(
          expect.objectContaining({ code: "ERR_DECRYPTION_FAILED", message: "decryption failed" }),
        );
      }
      expect(new TextDecoder().decode(jwe.decrypt(parts.join(".")))).toBe("secret");
    });

    it("PBES2: p2c above the cap is refused before any PBKDF2 work", () => {
      const heavy = new JWE({ alg: "PBES2-HS256+A128KW", enc: "A128GCM", key: KEYS.password, p2c: 20_000, ...mode });
      const token = heavy.encrypt("x");
      const capped = new JWE({ alg: "PBES2-HS256+A128KW", enc: "A128GCM", key: KEYS.password, ...mode });
      expect(() => capped.decrypt(token)).toThrow(expect.objectContaining({ code: "ERR_P2C_LIMIT" }));
    });

    it("ECDH-ES+A128KW: an epk off the curve or on another curve is refused", () => {
      const jwe = new JWE({ alg: "ECDH-ES+A128KW", enc: "A256GCM", key: KEYS.p256, ...mode });
      const [h, ...rest] = jwe.encrypt("x").split(".");
      const header = b64(h!);
      const epk = header["epk"] as Record<string, string>;
      const offCurve = { ...header, epk: { ...epk, y: flip(epk["y"]!) } };
      const otherCurve = { ...header, epk: { ...epk, crv: "P-384" } };
      for (const bad of [offCurve, otherCurve]) {
        expect(() => jwe.decrypt([enc64(bad), ...rest].join("."))).toThrow(
          expect.objectContaining({ code: "ERR_EPK_INVALID" }),
        );
      }
    });

    it("an alg or enc other than the instance's is refused", () => {
      const a = new JWE({ alg: "A128KW", enc: "A256GCM", key: KEYS.kw128, ...mode }).encrypt("x");
      expect(() => new JWE({ alg: "A256KW", enc: "A256GCM", key: KEYS.kw256, ...mode }).decrypt(a)).toThrow(JamError);
      const b = new JWE({ alg: "A256KW", enc: "A128CBC-HS256", key: KEYS.kw256, ...mode }).encrypt("x");
      expect(() => new JWE({ alg: "A256KW", enc: "A256GCM", key: KEYS.kw256, ...mode }).decrypt(b)).toThrow(JamError);
    });
  });
});
