/**
 * Every JWE rejection is a typed error, decryption failures share one
 * generic code, untrusted bounds are checked before work, and the instance
 * keeps working after each refusal.
 */
import { generateKeyPairSync } from "node:crypto";
import * as jose from "jose";
import { describe, expect, test } from "vitest";
import { JamError, JamJWEDecryptionError, JamJWTUnsupportedAlgorithm, JWE } from "../../ts/index.js";

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, "base64url"));
const key = new Uint8Array(32).fill(7);
const jwe = new JWE({ alg: "A256KW", enc: "A256GCM", key });
const token = jwe.encrypt("attack at dawn");
const parts = token.split(".") as [string, string, string, string, string];

function flip(segment: string): string {
  const bytes = unb64(segment);
  bytes[0] = bytes[0]! ^ 1;
  return b64(bytes);
}
function withPart(index: number, value: string): string {
  const copy = [...parts];
  copy[index] = value;
  return copy.join(".");
}
function refused(fn: () => unknown): JamError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(JamError);
  // The instance still works.
  expect(new TextDecoder().decode(jwe.decrypt(jwe.encrypt("still here")))).toBe("still here");
  return caught as JamError;
}

describe("tampering is one generic decryption failure", () => {
  test.each([
    ["the tag", () => withPart(4, flip(parts[4]))],
    ["the ciphertext", () => withPart(3, flip(parts[3]))],
    ["the iv", () => withPart(2, flip(parts[2]))],
    ["the encrypted key", () => withPart(1, flip(parts[1]))],
    ["a truncated tag", () => withPart(4, b64(unb64(parts[4]).subarray(0, 12)))],
    ["the protected header", () => withPart(0, b64(JSON.stringify({ alg: "A256KW", enc: "A256GCM", kid: "x" })))],
  ])("%s", (_name, make) => {
    const error = refused(() => jwe.decrypt(make()));
    expect(error).toBeInstanceOf(JamJWEDecryptionError);
    expect(error.code).toBe("ERR_DECRYPTION_FAILED");
    expect(error.message).toBe(refused(() => jwe.decrypt(withPart(4, flip(parts[4])))).message);
  });

  test("a wrong key", () => {
    const other = new JWE({ alg: "A256KW", enc: "A256GCM", key: new Uint8Array(32).fill(8) });
    expect(refused(() => other.decrypt(token)).code).toBe("ERR_DECRYPTION_FAILED");
  });

  test("CBC-HMAC: a flipped ciphertext bit fails the tag before any decryption", () => {
    const cbc = new JWE({ alg: "dir", enc: "A128CBC-HS256", key: new Uint8Array(32).fill(1) });
    const t = cbc.encrypt("padding oracles need a decryption to talk to").split(".");
    t[3] = flip(t[3]!);
    expect(refused(() => cbc.decrypt(t.join("."))).code).toBe("ERR_DECRYPTION_FAILED");
  });
});

describe("the token never chooses the algorithm", () => {
  test("another alg or enc than the instance's is refused", () => {
    const a128 = new JWE({ alg: "A128KW", enc: "A256GCM", key: new Uint8Array(16) }).encrypt("x");
    expect(refused(() => jwe.decrypt(a128))).toBeInstanceOf(JamJWTUnsupportedAlgorithm);
    const cbc = new JWE({ alg: "A256KW", enc: "A256CBC-HS512", key }).encrypt("x");
    expect(refused(() => jwe.decrypt(cbc))).toBeInstanceOf(JamJWTUnsupportedAlgorithm);
  });

  test("RSA1_5 is not offered", () => {
    expect(() => new JWE({ alg: "RSA1_5" as "RSA-OAEP", enc: "A256GCM", key })).toThrow(JamJWTUnsupportedAlgorithm);
  });

  test("malformed tokens: segments, base64url, header JSON, crit", () => {
    for (const bad of [
      "",
      "a.b.c",
      "a.b.c.d",
      `${token}.x`,
      withPart(2, `${parts[2]}=`),
      withPart(0, b64("not json")),
    ]) {
      expect(refused(() => jwe.decrypt(bad))).toBeInstanceOf(JamJWEDecryptionError);
    }
    const crit = withPart(0, b64(JSON.stringify({ alg: "A256KW", enc: "A256GCM", crit: ["x"], x: 1 })));
    expect(refused(() => jwe.decrypt(crit))).toBeInstanceOf(JamJWEDecryptionError);
  });

  test("an oversized token is refused before any work", () => {
    const small = new JWE({ alg: "A256KW", enc: "A256GCM", key, maxTokenLength: 100 });
    expect(refused(() => small.decrypt(token)).code).toBe("ERR_TOKEN_TOO_LARGE");
  });
});

describe("bounds on untrusted parameters", () => {
  const password = "hunter2 hunter2";
  const pbes2 = new JWE({ alg: "PBES2-HS256+A128KW", enc: "A128GCM", key: password });

  test("p2c above the cap is refused before PBKDF2 runs", async () => {
    const heavy = await new jose.CompactEncrypt(new TextEncoder().encode("x"))
      .setProtectedHeader({ alg: "PBES2-HS256+A128KW", enc: "A128GCM" })
      .setKeyManagementParameters({ p2c: 10_001 })
      .encrypt(new TextEncoder().encode(password));
    expect(JSON.parse(Buffer.from(heavy.split(".")[0]!, "base64url").toString()).p2c).toBe(10_001);
    expect(refused(() => pbes2.decrypt(heavy)).code).toBe("ERR_P2C_LIMIT");
    // A header claiming four billion iterations costs nothing either.
    const p = heavy.split(".");
    const h = JSON.parse(Buffer.from(p[0]!, "base64url").toString());
    p[0] = b64(JSON.stringify({ ...h, p2c: 4_000_000_000 }));
    expect(refused(() => pbes2.decrypt(p.join("."))).code).toBe("ERR_P2C_LIMIT");
    // Raising the cap lets the 10001-iteration token through.
    expect(
      new JWE({ alg: "PBES2-HS256+A128KW", enc: "A128GCM", key: password, p2cMax: 20_000 }).decrypt(heavy),
    ).toHaveLength(1);
  });

  test("p2c under 1000 is refused when encrypting", () => {
    expect(() => new JWE({ alg: "PBES2-HS256+A128KW", enc: "A128GCM", key: password, p2c: 999 }).encrypt("x")).toThrow(
      JamError,
    );
  });

  test("a zip bomb is refused at the decompression cap", () => {
    const zipping = new JWE({ alg: "dir", enc: "A256GCM", key, zipMax: 64 * 1024 });
    const bomb = zipping.encrypt(new Uint8Array(10 * 1024 * 1024), { zip: "DEF" });
    expect(bomb.length).toBeLessThan(30_000);
    expect(refused(() => zipping.decrypt(bomb)).code).toBe("ERR_ZIP_LIMIT");
    const small = zipping.encrypt("compress me ".repeat(100), { zip: "DEF" });
    expect(new TextDecoder().decode(zipping.decrypt(small))).toBe("compress me ".repeat(100));
  });

  test("an epk off the curve, on another curve, or of low order is refused", async () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const ours = new JWE({
      alg: "ECDH-ES",
      enc: "A256GCM",
      key: ec.privateKey.export({ format: "jwk" }) as { kty: string },
    });
    const good = await new jose.CompactEncrypt(new TextEncoder().encode("x"))
      .setProtectedHeader({ alg: "ECDH-ES", enc: "A256GCM" })
      .encrypt(ec.publicKey);
    const p = good.split(".");
    const h = JSON.parse(Buffer.from(p[0]!, "base64url").toString());
    const withEpk = (epk: object) => [b64(JSON.stringify({ ...h, epk })), ...p.slice(1)].join(".");
    // Off the curve: y + 1.
    const y = unb64(h.epk.y);
    y[31] = y[31]! ^ 1;
    expect(refused(() => ours.decrypt(withEpk({ ...h.epk, y: b64(y) }))).code).toBe("ERR_EPK_INVALID");
    // Another curve.
    const p384 = generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey.export({ format: "jwk" });
    expect(refused(() => ours.decrypt(withEpk(p384))).code).toBe("ERR_EPK_INVALID");
    // X25519 low-order point (all zeros) against an X25519 key.
    const x = generateKeyPairSync("x25519");
    const xJwe = new JWE({
      alg: "ECDH-ES",
      enc: "A256GCM",
      key: x.privateKey.export({ format: "jwk" }) as { kty: string },
    });
    const xGood = await new jose.CompactEncrypt(new TextEncoder().encode("x"))
      .setProtectedHeader({ alg: "ECDH-ES", enc: "A256GCM" })
      .encrypt(x.publicKey);
    const xp = xGood.split(".");
    const xh = JSON.parse(Buffer.from(xp[0]!, "base64url").toString());
    const lowOrder = [
      b64(JSON.stringify({ ...xh, epk: { kty: "OKP", crv: "X25519", x: b64(new Uint8Array(32)) } })),
      ...xp.slice(1),
    ].join(".");
    expect(refused(() => xJwe.decrypt(lowOrder)).code).toBe("ERR_EPK_INVALID");
    expect(new TextDecoder().decode(xJwe.decrypt(xGood))).toBe("x");
  });
});
