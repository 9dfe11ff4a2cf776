/**
 * Weak keys are refused at import, for signing and for verifying, with a
 * typed error that says why (issue 11, item 3): ROCA moduli
 * (CVE-2017-15361), bad RSA exponents, even moduli, out-of-range EC
 * scalars, JWKs whose private and public parts do not match, and
 * small-order or non-canonical Ed25519 / X25519 public keys.
 */
import { createPublicKey, generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, test } from "vitest";
import { JamError, JWE, JWK, JWS, JWT, type JsonWebKeyObject } from "../../ts/index.js";
import { rocaKey } from "./make-roca-key.mjs";

function refusal(fn: () => unknown): JamError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(JamError);
    return error as JamError;
  }
  throw new Error("expected a JamError");
}

const b64 = (bytes: Uint8Array | number[]) => Buffer.from(bytes).toString("base64url");
const bytesOf = (member: unknown) => new Uint8Array(Buffer.from(member as string, "base64url"));
const jwkOf = (key: { export(o: { format: "jwk" }): unknown }) => key.export({ format: "jwk" }) as JsonWebKeyObject;

describe("RSA", () => {
  const roca = rocaKey();
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });

  test("a ROCA modulus is refused for signing and for verifying (JWK, PEM, JWE)", () => {
    const cases = [
      () => new JWT({ alg: "RS256", secretKey: roca.privateJwk }),
      () => new JWS({ alg: "PS256", key: roca.publicJwk }),
      () => new JWT({ alg: "RS256", secretKey: roca.spkiPem }),
      () => new JWE({ alg: "RSA-OAEP-256", enc: "A256GCM", key: roca.publicJwk }),
    ];
    for (const make of cases) {
      const error = refusal(make);
      expect(error.code).toBe("ERR_KEY_WEAK");
      expect(error.message).toMatch(/ROCA/);
    }
    // node:crypto takes the same key: the refusal is ours, not a broken fixture.
    expect(createPublicKey({ key: roca.publicJwk, format: "jwk" }).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  test.each([
    ["1", [1]],
    ["2 (even)", [2]],
    ["65536 (even)", [1, 0, 0]],
    ["2^32 + 1 (too large)", [1, 0, 0, 0, 1]],
  ])("a public exponent of %s is refused", (_name, e) => {
    const jwk = { ...jwkOf(rsa.publicKey), e: b64(e) };
    const error = refusal(() => new JWT({ alg: "RS256", secretKey: jwk }));
    expect(error.code).toBe("ERR_KEY_WEAK");
    expect(error.message).toMatch(/exponent/);
  });

  test("e = 3 verifies (the documented range is odd e from 3 to 2^32 - 1)", () => {
    const small = generateKeyPairSync("rsa", { modulusLength: 2048, publicExponent: 3 });
    const input = `${b64([...Buffer.from('{"alg":"RS256","typ":"JWT"}')])}.${b64([...Buffer.from('{"sub":"e3"}')])}`;
    const token = `${input}.${sign("sha256", Buffer.from(input), small.privateKey).toString("base64url")}`;
    const publicPem = small.publicKey.export({ type: "spki", format: "pem" }) as string;
    const verifier = new JWT({ alg: "RS256", secretKey: publicPem });
    expect(verifier.decode(token).payload["sub"]).toBe("e3");
  });

  test("an even modulus is refused", () => {
    const jwk = jwkOf(rsa.publicKey);
    const n = bytesOf(jwk.n);
    n[n.length - 1] = (n[n.length - 1] ?? 0) & 0xfe;
    const error = refusal(() => new JWT({ alg: "RS256", secretKey: { ...jwk, n: b64(n) } }));
    expect([error.code, error.message]).toEqual(["ERR_KEY_WEAK", "RSA modulus is divisible by 2"]);
  });

  test("an RSA JWK whose private part belongs to another key is refused", () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const mixed = { ...jwkOf(other.privateKey), n: jwkOf(rsa.privateKey).n };
    expect(refusal(() => new JWT({ alg: "RS256", secretKey: mixed })).code).toBe("ERR_KEY_MISMATCH");
  });
});

describe("EC", () => {
  const P256_ORDER = "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551";
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });

  test.each([
    ["0", new Uint8Array(32)],
    ["n", new Uint8Array(Buffer.from(P256_ORDER, "hex"))],
    ["2^256 - 1", new Uint8Array(32).fill(0xff)],
  ])("a private scalar of %s is refused", (_name, d) => {
    const error = refusal(() => new JWS({ alg: "ES256", key: { ...jwkOf(ec.privateKey), d: b64(d) } }));
    expect(error.code).toBe("ERR_KEY_WEAK");
    expect(error.message).toMatch(/scalar/);
  });

  test.each(["P-256", "P-384", "P-521", "Ed25519", "X25519"] as const)(
    "a %s JWK whose d belongs to another key is refused",
    (spec) => {
      const a = JWK.generate(spec).export({ private: true });
      const b = JWK.generate(spec).export({ private: true });
      const error = refusal(() => JWK.import({ ...a, d: b["d"] }));
      expect(error.code).toBe("ERR_KEY_MISMATCH");
      expect(error.message).toMatch(/does not match/);
    },
  );
});

describe("Ed25519 and X25519", () => {
  const identity = [1, ...new Array<number>(31).fill(0)];

  test("the identity public key (x = AQAA...) is refused, so R = identity, S = 0 can never verify", () => {
    const jwk = { kty: "OKP", crv: "Ed25519", x: b64(identity) };
    expect(jwk.x.startsWith("AQAA")).toBe(true);
    const error = refusal(() => new JWT({ alg: "EdDSA", secretKey: jwk }));
    expect([error.code, error.message]).toEqual(["ERR_KEY_WEAK", "Ed25519 public key is a small-order point"]);
  });

  test.each([
    ["y = -1 (order 2)", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"],
    ["y = 0 (order 4)", "0000000000000000000000000000000000000000000000000000000000000000"],
    ["an order-8 point", "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"],
    ["y = p + 1 (non-canonical identity)", "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"],
    ["the identity with its sign bit set", "0100000000000000000000000000000000000000000000000000000000000080"],
  ])("the Ed25519 public key %s is refused", (_name, hex) => {
    const jwk = { kty: "OKP", crv: "Ed25519", x: b64(Buffer.from(hex, "hex")) };
    expect(refusal(() => new JWS({ alg: "EdDSA", key: jwk })).code).toBe("ERR_KEY_WEAK");
  });

  test("an honest key refuses R = identity, S = 0 and a signature with S + L", () => {
    const ed = generateKeyPairSync("ed25519");
    const jws = new JWS({ alg: "EdDSA", key: jwkOf(ed.publicKey) });
    const input = `${b64([...Buffer.from('{"alg":"EdDSA"}')])}.${b64([...Buffer.from("payload")])}`;
    const good = sign(null, Buffer.from(input), ed.privateKey);
    expect(new TextDecoder().decode(jws.verify(`${input}.${good.toString("base64url")}`).payload)).toBe("payload");
    const forged = new Uint8Array(64);
    forged.set(identity);
    expect(refusal(() => jws.verify(`${input}.${b64(forged)}`)).code).toBe("ERR_SIGNATURE_INVALID");
    // S + L (L = 2^252 + 27742317777372353535851937790883648493), little-endian.
    const L = Buffer.from("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010", "hex");
    const malleated = new Uint8Array(good);
    let carry = 0;
    for (let i = 0; i < 32; i++) {
      const sum = (malleated[32 + i] ?? 0) + (L[i] ?? 0) + carry;
      malleated[32 + i] = sum & 0xff;
      carry = sum >> 8;
    }
    expect(refusal(() => jws.verify(`${input}.${b64(malleated)}`)).code).toBe("ERR_SIGNATURE_INVALID");
  });

  test.each([
    ["u = 0", "0000000000000000000000000000000000000000000000000000000000000000"],
    ["u = 1", "0100000000000000000000000000000000000000000000000000000000000000"],
    ["an order-8 u", "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"],
    ["u = p - 1", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"],
    ["u = p (non-canonical)", "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"],
  ])("the X25519 recipient key %s is refused for ECDH-ES", (_name, hex) => {
    const jwk = { kty: "OKP", crv: "X25519", x: b64(Buffer.from(hex, "hex")) };
    expect(refusal(() => new JWE({ alg: "ECDH-ES", enc: "A256GCM", key: jwk })).code).toBe("ERR_KEY_WEAK");
  });
});
