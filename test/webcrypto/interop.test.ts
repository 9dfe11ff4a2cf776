/**
 * The async WebCrypto path against jose, both ways: tokens signed or
 * encrypted by signAsync / encryptAsync open in jose, and jose's open in
 * verifyAsync / decryptAsync. Forced with asyncBackend: "webcrypto" so that
 * Node's crypto.subtle really runs the primitive.
 */
import * as jose from "jose";
import { describe, expect, test } from "vitest";
import { JWE, JWK, JWS, JWT } from "../../ts/index.js";

const text = new TextDecoder();

/** A private JWK and the jose keys made from its export. */
async function pair(spec: "RSA-2048" | "P-256" | "P-384" | "P-521" | "Ed25519", alg: string) {
  const key = JWK.generate(spec);
  const privateJwk = key.export({ private: true }) as jose.JWK;
  const publicJwk = key.publicKey().export() as jose.JWK;
  return {
    key,
    privateKey: await jose.importJWK(privateJwk, alg),
    publicKey: await jose.importJWK(publicJwk, alg),
    publicJwk,
  };
}

describe.each([
  { alg: "RS256", spec: "RSA-2048" },
  { alg: "RS512", spec: "RSA-2048" },
  { alg: "PS256", spec: "RSA-2048" },
  { alg: "PS384", spec: "RSA-2048" },
  { alg: "ES256", spec: "P-256" },
  { alg: "ES384", spec: "P-384" },
  { alg: "ES512", spec: "P-521" },
  { alg: "EdDSA", spec: "Ed25519" },
] as const)("$alg on WebCrypto interoperates with jose", ({ alg, spec }) => {
  test("signAsync -> jose.compactVerify", async () => {
    const { key, publicKey } = await pair(spec, alg);
    const jws = new JWS({ alg, key, asyncBackend: "webcrypto" });
    expect(jws.asyncBackend).toBe("webcrypto");
    const token = await jws.signAsync({ sub: "async", n: 1 }, { kid: "k1" });
    const { payload, protectedHeader } = await jose.compactVerify(token, publicKey, { algorithms: [alg] });
    expect(JSON.parse(text.decode(payload))).toEqual({ sub: "async", n: 1 });
    expect(protectedHeader).toEqual({ alg, kid: "k1" });
  });

  test("jose.CompactSign -> verifyAsync with the public key", async () => {
    const { privateKey, publicJwk } = await pair(spec, alg);
    const token = await new jose.CompactSign(new TextEncoder().encode("from jose"))
      .setProtectedHeader({ alg })
      .sign(privateKey);
    const jws = new JWS({ alg, key: JWK.import(JSON.stringify(publicJwk)), asyncBackend: "webcrypto" });
    const { header, payload } = await jws.verifyAsync(token);
    expect(header).toEqual({ alg });
    expect(text.decode(payload)).toBe("from jose");
  });
});

describe.each([
  { alg: "RSA-OAEP", enc: "A256GCM", spec: "RSA-2048" },
  { alg: "RSA-OAEP-256", enc: "A128CBC-HS256", spec: "RSA-2048" },
  { alg: "RSA-OAEP-512", enc: "A256GCM", spec: "RSA-2048" },
  { alg: "ECDH-ES", enc: "A256GCM", spec: "P-256" },
  { alg: "ECDH-ES+A256KW", enc: "A256GCM", spec: "P-256" },
  { alg: "ECDH-ES+A192KW", enc: "A192GCM", spec: "P-384" },
  { alg: "ECDH-ES+A128KW", enc: "A256CBC-HS512", spec: "P-521" },
] as const)("$alg $enc on WebCrypto interoperates with jose", ({ alg, enc, spec }) => {
  test("encryptAsync -> jose.compactDecrypt", async () => {
    const { key, privateKey, publicJwk } = await pair(spec, alg);
    const jwe = new JWE({ alg, enc, key: JWK.import(JSON.stringify(publicJwk)), asyncBackend: "webcrypto" });
    const token = await jwe.encryptAsync("to jose", { kid: "k2" });
    const { plaintext, protectedHeader } = await jose.compactDecrypt(token, privateKey);
    expect(text.decode(plaintext)).toBe("to jose");
    expect(protectedHeader).toMatchObject({ alg, enc, kid: "k2" });
    key.dispose();
  });

  test("jose.CompactEncrypt -> decryptAsync", async () => {
    const { key, publicKey } = await pair(spec, alg);
    const token = await new jose.CompactEncrypt(new TextEncoder().encode("from jose"))
      .setProtectedHeader({ alg, enc })
      .encrypt(publicKey);
    const jwe = new JWE({ alg, enc, key, asyncBackend: "webcrypto" });
    expect(jwe.asyncBackend).toBe("webcrypto");
    expect(text.decode(await jwe.decryptAsync(token))).toBe("from jose");
  });
});

describe("JWT async methods on WebCrypto interoperate with jose", () => {
  test("encodeAsync -> jose.jwtVerify, and jose.SignJWT -> decodeAsync", async () => {
    const { key, privateKey, publicKey } = await pair("P-256", "ES256");
    const jwt = new JWT({ alg: "ES256", secretKey: key, asyncBackend: "webcrypto" });
    const token = await jwt.encodeAsync({ sub: "u1", exp: 60, payload: { role: "admin" } });
    const { payload } = await jose.jwtVerify(token, publicKey, { algorithms: ["ES256"] });
    expect(payload).toMatchObject({ sub: "u1", role: "admin" });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(60);

    const fromJose = await new jose.SignJWT({ sub: "u2" })
      .setProtectedHeader({ alg: "ES256", typ: "JWT" })
      .setExpirationTime("1m")
      .sign(privateKey);
    const decoded = await jwt.decodeAsync(fromJose);
    expect(decoded.payload["sub"]).toBe("u2");
  });

  test("an expired jose JWT is refused by decodeAsync as by decode", async () => {
    const { key, privateKey } = await pair("P-256", "ES256");
    const jwt = new JWT({ alg: "ES256", secretKey: key, asyncBackend: "webcrypto" });
    const expired = await new jose.SignJWT({ sub: "u3" })
      .setProtectedHeader({ alg: "ES256", typ: "JWT" })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 120)
      .sign(privateKey);
    await expect(jwt.decodeAsync(expired)).rejects.toMatchObject({ code: "ERR_JWT_EXPIRED" });
    expect(() => jwt.decode(expired)).toThrow(expect.objectContaining({ code: "ERR_JWT_EXPIRED" }));
  });

  test("sign-then-encrypt: encryptAsync -> jose (decrypt, then verify the inner JWS) and back", async () => {
    const rsa = await pair("RSA-2048", "RSA-OAEP");
    const jwt = new JWT({ alg: "RS256", enc: "A256GCM", secretKey: rsa.key, asyncBackend: "webcrypto" });
    expect(jwt.jwe?.alg).toBe("RSA-OAEP");
    const token = await jwt.encryptAsync({ sub: "nested" });
    const { plaintext, protectedHeader } = await jose.compactDecrypt(token, rsa.privateKey);
    expect(protectedHeader["cty"]).toBe("JWT");
    const rs256 = await jose.importJWK(rsa.publicJwk, "RS256");
    const inner = await jose.jwtVerify(text.decode(plaintext), rs256);
    expect(inner.payload["sub"]).toBe("nested");
    expect(await jwt.decryptAsync(token)).toEqual({ sub: "nested" });
  });
});
