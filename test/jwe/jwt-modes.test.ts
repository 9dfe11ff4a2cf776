/**
 * JWT's encrypted modes: enc only, sign-then-encrypt (nested, cty "JWT"),
 * pre-built JWS/JWE, and jam's automatic key-management choice with its HKDF
 * derivation, checked against node:crypto and jose.
 */
import { generateKeyPairSync, hkdfSync } from "node:crypto";
import * as jose from "jose";
import { describe, expect, test } from "vitest";
import {
  JamConfigurationError,
  JamJWEDecryptionError,
  JamJWSVerificationError,
  JamJWTExpired,
  JWE,
  JWS,
  JWT,
} from "../../ts/index.js";

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const pem = (k: { export(o: object): string | Buffer }, type: string) => k.export({ type, format: "pem" }) as string;
const header = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()) as Record<string, unknown>;

/** jam's derivation, computed independently with node:crypto. */
function jamKey(secret: string, length: 16 | 32): Uint8Array {
  const okm = new Uint8Array(hkdfSync("sha256", Buffer.from(secret), "jwe-encryption", "encryption-key", 32));
  return okm.subarray(0, length);
}

describe("jam's automatic key-management choice", () => {
  test.each([
    ["an RSA key", pem(rsa.privateKey, "pkcs8"), "RSA-OAEP"],
    ["an EC key", pem(ec.privateKey, "pkcs8"), "ECDH-ES"],
    ["an X25519 key", generateKeyPairSync("x25519").privateKey.export({ format: "jwk" }), "ECDH-ES"],
    ["a 32-byte secret", "s".repeat(32), "A256KW"],
    ["a 16-byte secret", "s".repeat(16), "A128KW"],
  ])("%s gets %s", (_name, key, alg) => {
    const jwt = new JWT({ enc: "A256GCM", secretKey: key as string });
    const token = jwt.encrypt({ secret: "data" });
    expect(header(token)).toMatchObject({ alg, enc: "A256GCM" });
    expect(jwt.decrypt(token)).toEqual({ secret: "data" });
  });

  test("the symmetric wrapping key is HKDF-SHA256(secret, 'jwe-encryption', 'encryption-key')", async () => {
    const secret = "a jam secret that is long enough!";
    const token = new JWT({ enc: "A256GCM", secretKey: secret }).encrypt({ n: 1 });
    // jose, given only the independently derived key, opens it.
    const { plaintext } = await jose.compactDecrypt(token, jamKey(secret, 32));
    expect(JSON.parse(new TextDecoder().decode(plaintext))).toEqual({ n: 1 });
    // A fixed vector pins the derivation itself: for the secret "secret" the
    // key is 020e77b0...; computed once with Python's hmac (RFC 5869 by hand):
    //   prk = HMAC-SHA256(b"jwe-encryption", b"secret")
    //   okm = HMAC-SHA256(prk, b"encryption-key" + b"\x01")
    const pinned = Buffer.from("020e77b0b9ae051d9ab28721bd666e218f7bc62872d98ac3946f73567e05b997", "hex");
    expect(Buffer.from(jamKey("secret", 32))).toEqual(pinned);
    const sixBytes = new JWT({ enc: "A128GCM", secretKey: "secret", allowShortSecrets: true }).encrypt({
      pinned: true,
    });
    expect(header(sixBytes)["alg"]).toBe("A128KW");
    const opened = new JWE({ alg: "A128KW", enc: "A128GCM", key: new Uint8Array(pinned.subarray(0, 16)) }).decrypt(
      sixBytes,
    );
    expect(JSON.parse(new TextDecoder().decode(opened))).toEqual({ pinned: true });
    // And the other way round: jose encrypts with the derived key, ours decrypts.
    const short = "sixteen byte key";
    const joseToken = await new jose.CompactEncrypt(new TextEncoder().encode('{"m":2}'))
      .setProtectedHeader({ alg: "A128KW", enc: "A128GCM" })
      .encrypt(jamKey(short, 16));
    expect(new JWT({ enc: "A128GCM", secretKey: short }).decrypt(joseToken)).toEqual({ m: 2 });
  });

  test("an Ed25519 key with enc is a configuration error", () => {
    const ed = pem(generateKeyPairSync("ed25519").privateKey, "pkcs8");
    expect(() => new JWT({ enc: "A256GCM", secretKey: ed })).toThrow(JamConfigurationError);
    expect(() => new JWT({ alg: "EdDSA", enc: "A256GCM", secretKey: ed })).toThrow(JamConfigurationError);
  });
});

describe("sign, then encrypt", () => {
  test("RS256 + A256GCM: the outer header has cty JWT and the inner JWT verifies", async () => {
    const both = new JWT({ alg: "RS256", enc: "A256GCM", secretKey: pem(rsa.privateKey, "pkcs8") });
    const token = both.encrypt({ data: "sensitive", exp: Math.floor(Date.now() / 1000) + 60 });
    expect(header(token)).toMatchObject({ alg: "RSA-OAEP", enc: "A256GCM", cty: "JWT" });
    expect(both.decrypt(token)).toMatchObject({ data: "sensitive" });
    // jose opens the layers one at a time.
    const { plaintext } = await jose.compactDecrypt(token, rsa.privateKey);
    const inner = new TextDecoder().decode(plaintext);
    const { payload } = await jose.jwtVerify(inner, rsa.publicKey, { algorithms: ["RS256"] });
    expect(payload["data"]).toBe("sensitive");
  });

  test("a nested JWT jose makes opens in ours, with claims validated", async () => {
    const inner = await new jose.SignJWT({ role: "ops" })
      .setProtectedHeader({ alg: "ES256", typ: "JWT" })
      .setIssuer("jose")
      .setExpirationTime("5m")
      .sign(ec.privateKey);
    const outer = await new jose.CompactEncrypt(new TextEncoder().encode(inner))
      .setProtectedHeader({ alg: "ECDH-ES", enc: "A256GCM", cty: "JWT" })
      .encrypt(ec.publicKey);
    const ours = new JWT({ alg: "ES256", enc: "A256GCM", secretKey: pem(ec.privateKey, "pkcs8") });
    expect(ours.decrypt(outer, { issuer: "jose" })).toMatchObject({ role: "ops", iss: "jose" });
    expect(() => ours.decrypt(outer, { issuer: "other" })).toThrow(/iss/);
  });

  test("expired inner claims are refused on decrypt", () => {
    const both = new JWT({ alg: "HS256", enc: "A128CBC-HS256", secretKey: "k".repeat(32) });
    const token = both.encrypt({ exp: Math.floor(Date.now() / 1000) - 10 });
    expect(() => both.decrypt(token)).toThrow(JamJWTExpired);
    expect(both.decrypt(token, { validateClaims: false })).toHaveProperty("exp");
  });

  test("an outer JWE without cty JWT is refused by a nested instance", () => {
    const key = "k".repeat(32);
    const both = new JWT({ alg: "HS256", enc: "A256GCM", secretKey: key });
    const plain = new JWT({ enc: "A256GCM", secretKey: key }).encrypt({ a: 1 });
    expect(() => both.decrypt(plain)).toThrow(JamJWEDecryptionError);
  });

  test("pre-built JWS and JWE are used as given", () => {
    const jws = new JWS({ alg: "PS256", key: pem(rsa.privateKey, "pkcs8") });
    const jwe = new JWE({ alg: "ECDH-ES+A256KW", enc: "A256GCM", key: pem(ec.privateKey, "pkcs8") });
    const jwt = new JWT({ jws, jwe });
    const token = jwt.encrypt({ who: "me" });
    expect(header(token)).toMatchObject({ alg: "ECDH-ES+A256KW", enc: "A256GCM", cty: "JWT" });
    expect(jwt.decrypt(token)).toEqual({ who: "me" });
  });

  test("alg with jws, enc with jwe, or nothing at all is a configuration error", () => {
    const jwe = new JWE({ alg: "dir", enc: "A256GCM", key: new Uint8Array(32) });
    expect(() => new JWT({ enc: "A256GCM", jwe })).toThrow(JamConfigurationError);
    expect(() => new JWT({ jwe, alg: "HS256", jws: new JWS({ alg: "HS256", key: "k".repeat(32) }) })).toThrow(
      JamConfigurationError,
    );
    expect(() => new JWT({ enc: "A256GCM" })).toThrow(JamConfigurationError);
    expect(() => new JWT({ enc: "A1024GCM" as "A256GCM", secretKey: "k".repeat(32) })).toThrow(/unsupported/);
  });
});

describe("enc only", () => {
  const jwt = new JWT({ enc: "A256GCM", secretKey: "e".repeat(32) });

  test("objects come back as objects, strings as strings, and a dotted payload is just a payload", () => {
    expect(jwt.decrypt(jwt.encrypt({ a: [1, 2] }))).toEqual({ a: [1, 2] });
    expect(jwt.decrypt(jwt.encrypt("a.b.c.d.e"))).toBe("a.b.c.d.e");
    expect(jwt.decrypt(jwt.encrypt({ note: "x.y.z" }))).toEqual({ note: "x.y.z" });
  });

  test("the header argument joins the protected header", () => {
    const token = jwt.encrypt({ a: 1 }, { purpose: "auth", kid: "2026" });
    expect(header(token)).toMatchObject({ alg: "A256KW", enc: "A256GCM", purpose: "auth", kid: "2026" });
  });

  test("expired claims in an encrypted-only JWT are refused", () => {
    expect(() => jwt.decrypt(jwt.encrypt({ exp: 1 }))).toThrow(JamJWTExpired);
  });

  test("a JWS handed to decrypt and a JWE handed to decode are typed errors", () => {
    const signer = new JWT({ alg: "HS256", enc: "A256GCM", secretKey: "e".repeat(32) });
    const jws = signer.encode({ sub: "x" });
    const jwe = signer.encrypt({ sub: "x" });
    expect(() => signer.decrypt(jws)).toThrow(JamJWEDecryptionError);
    expect(() => signer.decode(jwe)).toThrow(JamJWSVerificationError);
    expect(() => jwt.encode({})).toThrow(JamConfigurationError);
  });
});
