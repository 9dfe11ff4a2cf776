/**
 * Encrypted PKCS#8 keys choose their own key derivation. Degenerate
 * parameters (scrypt N = 0 used to panic the core and, after a few hundred
 * tries, corrupt it) and costly ones (scrypt N = 2^16, r = 8, p = 16 took
 * 11.7 s even with a wrong password) are refused before any work, with a
 * typed error; the caps are the caller's through `kdfLimits`.
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, test } from "vitest";
import { JamConfigurationError, JWK, JWS, JWT } from "../../ts/index.js";
import { encryptedPkcs8Pem, type Kdf } from "./keys-fixtures.mjs";

const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
const pkcs8 = pair.privateKey.export({ type: "pkcs8", format: "der" });
const publicPem = pair.publicKey.export({ type: "spki", format: "pem" }) as string;

/** Parameters only: the data is random, so nothing could decrypt it anyway. */
const paramsOnly = (kdf: Kdf) => encryptedPkcs8Pem(pkcs8, "pw", kdf, false);

function refusal(fn: () => unknown): JamConfigurationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(JamConfigurationError);
    return error as JamConfigurationError;
  }
  throw new Error("expected a refusal");
}

function signsAndVerifies() {
  const signer = new JWS({ alg: "ES256", key: JWK.generate("P-256") });
  const token = signer.sign({ ok: true });
  expect(signer.verify(token).payload).toEqual(new TextEncoder().encode('{"ok":true}'));
}

describe("degenerate key derivation parameters", () => {
  test("1000 imports of a scrypt N = 0 key are each a typed error, and the core still signs and verifies", () => {
    const pem = paramsOnly({ type: "scrypt", N: 0, r: 8, p: 1 });
    for (let i = 0; i < 1000; i++) {
      const error = refusal(() => new JWS({ alg: "ES256", key: pem, password: "pw" }));
      expect(error.code).toBe("ERR_KEY_ENCODING");
    }
    signsAndVerifies();
  });

  test.each([
    ["N = 1", { type: "scrypt", N: 1, r: 8, p: 1 }],
    ["N not a power of two", { type: "scrypt", N: 3000, r: 8, p: 1 }],
    ["r = 0", { type: "scrypt", N: 16384, r: 0, p: 1 }],
    ["p = 0", { type: "scrypt", N: 16384, r: 8, p: 0 }],
    ["r * p >= 2^30", { type: "scrypt", N: 2, r: 65535, p: 65535 }],
    ["0 PBKDF2 iterations", { type: "pbkdf2", iterations: 0 }],
  ] as const)("%s is a key encoding error", (_name, kdf) => {
    expect(refusal(() => JWK.import(paramsOnly(kdf), { password: "pw" })).code).toBe("ERR_KEY_ENCODING");
    signsAndVerifies();
  });
});

describe("key derivation cost caps", () => {
  test.each([
    ["scrypt N = 2^16, r = 8, p = 16", { type: "scrypt", N: 65536, r: 8, p: 16 }],
    ["scrypt with 64 MiB of memory", { type: "scrypt", N: 65536, r: 8, p: 1 }],
    ["scrypt N = 2^62", { type: "scrypt", N: 2n ** 62n, r: 65535, p: 1 }],
    ["scrypt N = 2^14, r = 8, p = 2", { type: "scrypt", N: 16384, r: 8, p: 2 }],
    ["PBKDF2 at 10^6 iterations", { type: "pbkdf2", iterations: 1_000_000 }],
  ] as const)("%s is refused with ERR_KDF_LIMIT, with or without the right password", (_name, kdf) => {
    for (const password of ["pw", "wrong"]) {
      const error = refusal(() => JWK.import(paramsOnly(kdf), { password }));
      expect(error.code).toBe("ERR_KDF_LIMIT");
      expect(error.message).toMatch(/kdfLimits\.max/);
    }
  });

  test("a real scrypt key with OpenSSL's defaults (N = 2^14, r = 8, p = 1) imports and signs", () => {
    const pem = encryptedPkcs8Pem(pkcs8, "open sesame", { type: "scrypt", N: 16384, r: 8, p: 1 });
    const token = new JWS({ alg: "ES256", key: pem, password: "open sesame" }).sign("scrypt");
    expect(new TextDecoder().decode(new JWS({ alg: "ES256", key: publicPem }).verify(token).payload)).toBe("scrypt");
    expect(refusal(() => JWK.import(pem, { password: "wrong" })).code).toBe("ERR_KEY_PASSWORD");
  });

  test("a PBKDF2 key above the default cap imports once kdfLimits raises it (JWK, JWS and JWT options)", () => {
    const pem = encryptedPkcs8Pem(pkcs8, "pw", { type: "pbkdf2", iterations: 300_001 });
    expect(refusal(() => JWK.import(pem, { password: "pw" })).code).toBe("ERR_KDF_LIMIT");
    const kdfLimits = { maxPbkdf2Iterations: 300_001 };
    const token = new JWS({ alg: "ES256", key: pem, password: "pw", kdfLimits }).sign(
      { sub: "raised" },
      { typ: "JWT" },
    );
    expect(new JWT({ alg: "ES256", secretKey: publicPem }).decode(token).payload["sub"]).toBe("raised");
    const jwt = new JWT({ alg: "ES256", secretKey: pem, password: "pw", kdfLimits });
    expect(jwt.decode(jwt.encode({ sub: "jwt" })).payload["sub"]).toBe("jwt");
  });

  test("kdfLimits can lower the caps: an OpenSSL PBKDF2 key (2048 iterations) is refused at 1000", () => {
    const pem = pair.privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pw" });
    expect(JWK.import(pem, { password: "pw" }).kty).toBe("EC");
    const lowered = { password: "pw", kdfLimits: { maxPbkdf2Iterations: 1000 } };
    expect(refusal(() => JWK.import(pem, lowered)).code).toBe("ERR_KDF_LIMIT");
    // DER takes the same options.
    const der = pair.privateKey.export({ type: "pkcs8", format: "der", cipher: "aes-256-cbc", passphrase: "pw" });
    expect(refusal(() => JWK.import({ der: new Uint8Array(der) }, lowered)).code).toBe("ERR_KDF_LIMIT");
    const scryptLowered = { password: "pw", kdfLimits: { maxScryptMemory: 1024 * 1024 } };
    const scrypt = paramsOnly({ type: "scrypt", N: 16384, r: 8, p: 1 });
    expect(refusal(() => JWK.import(scrypt, scryptLowered)).code).toBe("ERR_KDF_LIMIT");
  });

  test.each([-1, 1.5, Number.NaN, 2 ** 32, "1000", null])("kdfLimits value %s is an invalid argument", (value) => {
    const options = { password: "pw", kdfLimits: { maxPbkdf2Iterations: value as number } };
    expect(refusal(() => JWK.import(publicPem, options)).code).toBe("ERR_INVALID_ARGUMENT");
  });
});
