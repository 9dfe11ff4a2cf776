/**
 * Choosing a key from a JWK Set: by kid, then type, alg, use and key_ops;
 * errors when none or several fit; never a key of another type; mixed sets
 * refused for verification unless allowed; resolver functions, sync and async.
 */
import { createHmac } from "node:crypto";
import * as jose from "jose";
import { describe, expect, test } from "vitest";
import { JamError, JWE, JWK, JWKSet, JWS, JWT, type ProtectedHeader } from "../../ts/index.js";

const b64 = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** A generated key with extra JWK members (kid, use, key_ops, alg). */
function keyWith(spec: Parameters<typeof JWK.generate>[0], members: Record<string, unknown>): JWK {
  const generated = JWK.generate(spec);
  return JWK.import({ ...generated.export({ private: true }), ...members });
}

const b64url = (text: string) => Buffer.from(text).toString("base64url");
const publicOf = (key: JWK, members: Record<string, unknown> = {}) => JWK.import({ ...key.export(), ...members });

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof JamError ? `${error.name}:${error.code}` : String(error);
  }
  return undefined;
}

const ecA = keyWith("P-256", { kid: "a" });
const ecB = keyWith("P-256", { kid: "b" });
const rsa = keyWith("RSA-2048", { kid: "r" });
const ed = keyWith("Ed25519", { kid: "e" });
const publicSet = new JWKSet([publicOf(ecA), publicOf(ecB), publicOf(rsa), publicOf(ed)]);

describe("selection by kid", () => {
  test("a token verifies with the key its kid names", () => {
    const token = new JWS({ alg: "ES256", key: ecB }).sign({ n: 1 }, { kid: "b" });
    const { header, payload } = new JWS({ alg: "ES256", key: publicSet }).verify(token);
    expect(header["kid"]).toBe("b");
    expect(JSON.parse(Buffer.from(payload).toString())).toEqual({ n: 1 });
  });

  test("a kid naming another key of the right type selects that key, and the signature fails", () => {
    const token = new JWS({ alg: "ES256", key: ecA }).sign({ n: 1 }, { kid: "b" });
    expect(codeOf(() => new JWS({ alg: "ES256", key: publicSet }).verify(token))).toBe(
      "JamJWSVerificationError:ERR_SIGNATURE_INVALID",
    );
  });

  test("an unknown kid is ERR_KEY_NOT_FOUND, never a fall-back to another key", () => {
    const token = new JWS({ alg: "ES256", key: ecA }).sign({}, { kid: "zz" });
    expect(codeOf(() => new JWS({ alg: "ES256", key: publicSet }).verify(token))).toBe(
      "JamJWSVerificationError:ERR_KEY_NOT_FOUND",
    );
  });

  test("a kid that is not a string is an invalid header", () => {
    const token = new JWS({ alg: "ES256", key: ecA }).sign({}, { kid: 7 });
    expect(codeOf(() => new JWS({ alg: "ES256", key: publicSet }).verify(token))).toBe(
      "JamJWSVerificationError:ERR_HEADER_INVALID",
    );
  });

  test("two keys with the same kid that both fit are ambiguous", () => {
    const twin = publicOf(ecB, { kid: "a" });
    const token = new JWS({ alg: "ES256", key: ecA }).sign({}, { kid: "a" });
    const set = new JWKSet([publicOf(ecA), twin]);
    expect(codeOf(() => new JWS({ alg: "ES256", key: set }).verify(token))).toBe(
      "JamJWSVerificationError:ERR_KEY_AMBIGUOUS",
    );
  });
});

describe("selection without kid", () => {
  test("the one key of the token's type is chosen", () => {
    const token = new JWS({ alg: "EdDSA", key: ed }).sign("hello");
    const { payload } = new JWS({ alg: "EdDSA", key: publicSet }).verify(token);
    expect(Buffer.from(payload).toString()).toBe("hello");
  });

  test("several keys that fit and no kid is ERR_KEY_AMBIGUOUS", () => {
    const token = new JWS({ alg: "ES256", key: ecA }).sign("x");
    expect(codeOf(() => new JWS({ alg: "ES256", key: publicSet }).verify(token))).toBe(
      "JamJWSVerificationError:ERR_KEY_AMBIGUOUS",
    );
  });

  test("a key whose JWK alg is another algorithm does not fit", () => {
    const rs = publicOf(rsa, { kid: undefined, alg: "RS256" });
    const ps = publicOf(rsa, { kid: undefined, alg: "PS256" });
    const set = new JWKSet([rs, ps]);
    const token = new JWS({ alg: "PS256", key: rsa }).sign("x");
    const verified = new JWS({ alg: "PS256", key: set }).verify(token);
    expect(Buffer.from(verified.payload).toString()).toBe("x");
  });

  test("a key with use enc does not fit verification", () => {
    const set = new JWKSet([
      publicOf(ecA, { kid: undefined, use: "enc" }),
      publicOf(ecB, { kid: undefined, use: "sig" }),
    ]);
    const fromB = new JWS({ alg: "ES256", key: ecB }).sign("b");
    expect(Buffer.from(new JWS({ alg: "ES256", key: set }).verify(fromB).payload).toString()).toBe("b");
    const fromA = new JWS({ alg: "ES256", key: ecA }).sign("a");
    expect(codeOf(() => new JWS({ alg: "ES256", key: set }).verify(fromA))).toBe(
      "JamJWSVerificationError:ERR_SIGNATURE_INVALID",
    );
  });

  test("a key whose key_ops lack verify does not fit", () => {
    const set = new JWKSet([publicOf(ecA, { kid: undefined, key_ops: ["deriveKey"] })]);
    const token = new JWS({ alg: "ES256", key: ecA }).sign("a");
    expect(codeOf(() => new JWS({ alg: "ES256", key: set }).verify(token))).toBe(
      "JamJWSVerificationError:ERR_KEY_NOT_FOUND",
    );
  });
});

describe("key types", () => {
  test("a token is never verified with a key of another type, even when its kid names one", () => {
    // An RS256 token naming the EC key's kid: no RSA key is named "a".
    const token = new JWS({ alg: "RS256", key: rsa }).sign({}, { kid: "a" });
    expect(codeOf(() => new JWS({ alg: "RS256", key: publicSet }).verify(token))).toBe(
      "JamJWSVerificationError:ERR_KEY_NOT_FOUND",
    );
  });

  test("an HS256 token forged with an RSA public key as secret finds no key in a public set", () => {
    // Forged with node:crypto: jam-jose itself refuses a PEM as an HMAC secret.
    const pem = publicOf(rsa).toPem();
    const input = `${b64url(JSON.stringify({ alg: "HS256", kid: "r" }))}.${b64url(JSON.stringify({ admin: true }))}`;
    const forged = `${input}.${createHmac("sha256", pem).update(input).digest("base64url")}`;
    const verifier = new JWS({ alg: "RS256", key: new JWKSet([publicOf(rsa)]) });
    expect(codeOf(() => verifier.verify(forged, { algorithms: ["RS256", "HS256"] }))).toBe(
      "JamJWSVerificationError:ERR_KEY_NOT_FOUND",
    );
  });

  test("the allow-list is applied before any key is looked up", () => {
    const token = new JWS({ alg: "EdDSA", key: ed }).sign("x", { kid: "e" });
    expect(codeOf(() => new JWS({ alg: "ES256", key: publicSet }).verify(token))).toBe(
      "JamJWTUnsupportedAlgorithm:ERR_ALG_NOT_ALLOWED",
    );
  });

  test("a header with a duplicate member is refused before selection, as verify refuses it", () => {
    const header = '{"alg":"ES256","kid":"a","kid":"b"}';
    const token = `${b64(header)}.${b64("{}")}.${b64("sig")}`;
    expect(codeOf(() => new JWS({ alg: "ES256", key: publicSet }).verify(token))).toBe(
      "JamJWSVerificationError:ERR_HEADER_INVALID",
    );
  });

  test("a JWE given to a JWS verifier is malformed", () => {
    const token = `${b64({ alg: "dir", enc: "A128GCM" })}.a.b.c.d`;
    expect(codeOf(() => new JWS({ alg: "ES256", key: publicSet }).verify(token))).toBe(
      "JamJWSVerificationError:ERR_TOKEN_MALFORMED",
    );
  });
});

describe("mixed sets", () => {
  const secret = keyWith("oct-256", { kid: "h" });

  test("a set with symmetric and asymmetric keys is refused for verification", () => {
    const mixed = new JWKSet([secret, publicOf(ecA)]);
    expect(codeOf(() => new JWS({ alg: "ES256", key: mixed }))).toBe("JamConfigurationError:ERR_KEY_SET_MIXED");
    expect(codeOf(() => new JWT({ alg: "ES256", secretKey: mixed }))).toBe("JamConfigurationError:ERR_KEY_SET_MIXED");
  });

  test("with allowMixed the set verifies, and each token still gets a key of its own type", () => {
    const mixed = new JWKSet([secret, publicOf(ecA)], { allowMixed: true });
    const verifier = new JWS({ alg: "HS256", key: mixed });
    const hs = new JWS({ alg: "HS256", key: secret }).sign("h", { kid: "h" });
    expect(Buffer.from(verifier.verify(hs, { algorithms: ["HS256", "ES256"] }).payload).toString()).toBe("h");
    const es = new JWS({ alg: "ES256", key: ecA }).sign("e");
    expect(Buffer.from(verifier.verify(es, { algorithms: ["HS256", "ES256"] }).payload).toString()).toBe("e");
    const imported = JWKSet.import({ keys: [secret.export({ private: true }), ecA.export()] }, { allowMixed: true });
    expect(imported.allowMixed).toBe(true);
  });

  test("a JWS on a key set verifies only", () => {
    expect(codeOf(() => new JWS({ alg: "ES256", key: publicSet }).sign("x"))).toBe("JamConfigurationError:ERR_CONFIG");
    expect(codeOf(() => new JWS({ alg: "ES256", key: publicSet }).key)).toBe("JamConfigurationError:ERR_CONFIG");
  });
});

describe("resolvers", () => {
  test("a synchronous resolver receives the protected header and its key verifies", () => {
    const seen: ProtectedHeader[] = [];
    const verifier = new JWS({
      alg: "ES256",
      key: (header, operation) => {
        seen.push(header);
        expect(operation).toBe("verify");
        return publicOf(ecA);
      },
    });
    const token = new JWS({ alg: "ES256", key: ecA }).sign("x", { kid: "custom" });
    expect(Buffer.from(verifier.verify(token).payload).toString()).toBe("x");
    expect(seen).toEqual([{ alg: "ES256", kid: "custom" }]);
  });

  test("an async resolver is refused by verify and accepted by verifyAsync", async () => {
    const verifier = new JWS({ alg: "ES256", key: async () => publicOf(ecA) });
    const token = new JWS({ alg: "ES256", key: ecA }).sign("x");
    expect(codeOf(() => verifier.verify(token))).toBe("JamConfigurationError:ERR_CONFIG");
    const { payload } = await verifier.verifyAsync(token);
    expect(Buffer.from(payload).toString()).toBe("x");
  });

  test("a resolver that returns something other than a JWK is a configuration error", () => {
    const verifier = new JWS({ alg: "ES256", key: (() => "secret") as unknown as () => JWK });
    const token = new JWS({ alg: "ES256", key: ecA }).sign("x");
    expect(codeOf(() => verifier.verify(token))).toBe("JamConfigurationError:ERR_CONFIG");
  });

  test("a resolver's key of the wrong type is refused by the core", () => {
    const verifier = new JWS({ alg: "ES256", key: () => publicOf(rsa) });
    const token = new JWS({ alg: "ES256", key: ecA }).sign("x");
    expect(codeOf(() => verifier.verify(token))).toBe("JamJWTUnsupportedAlgorithm:ERR_KEY_ALG_MISMATCH");
  });
});

describe("JWT and JWE with key sets", () => {
  test("JWT.decode and decodeAsync verify with a set and validate the claims", async () => {
    const token = new JWT({ alg: "RS256", secretKey: rsa }).encode({ iss: "idp", exp: 60, header: { kid: "r" } });
    const jwt = new JWT({ alg: "RS256", secretKey: publicSet });
    expect(jwt.decode(token, { issuer: "idp" }).payload["iss"]).toBe("idp");
    expect((await jwt.decodeAsync(token, { issuer: "idp" })).header["kid"]).toBe("r");
    expect(() => jwt.decode(token, { issuer: "other" })).toThrow(/iss/);
  });

  test("a JWT with enc cannot take a key set (jam's JWE choice needs one key)", () => {
    expect(codeOf(() => new JWT({ enc: "A256GCM", secretKey: publicSet }))).toBe("JamConfigurationError:ERR_CONFIG");
  });

  test("a JWE decrypts with the private key its kid names, from ours and from jose", async () => {
    const r1 = keyWith("RSA-2048", { kid: "r1" });
    const r2 = keyWith("RSA-2048", { kid: "r2" });
    const privateSet = new JWKSet([r1, r2]);
    const ours = new JWE({ alg: "RSA-OAEP-256", enc: "A256GCM", key: publicOf(r2) }).encrypt("to r2", { kid: "r2" });
    const decrypter = new JWE({ alg: "RSA-OAEP-256", enc: "A256GCM", key: privateSet });
    expect(Buffer.from(decrypter.decrypt(ours)).toString()).toBe("to r2");

    const joseKey = await jose.importJWK(publicOf(r1).export(), "RSA-OAEP-256");
    const theirs = await new jose.CompactEncrypt(new TextEncoder().encode("to r1"))
      .setProtectedHeader({ alg: "RSA-OAEP-256", enc: "A256GCM", kid: "r1" })
      .encrypt(joseKey);
    expect(Buffer.from(await decrypter.decryptAsync(theirs)).toString()).toBe("to r1");

    const noKid = new JWE({ alg: "RSA-OAEP-256", enc: "A256GCM", key: publicOf(r1) }).encrypt("?");
    expect(codeOf(() => decrypter.decrypt(noKid))).toBe("JamJWEDecryptionError:ERR_KEY_AMBIGUOUS");
    expect(codeOf(() => decrypter.encrypt("x"))).toBe("JamConfigurationError:ERR_CONFIG");
  });

  test("a public key in a decryption set does not fit", () => {
    const r1 = keyWith("RSA-2048", { kid: "r1" });
    const token = new JWE({ alg: "RSA-OAEP", enc: "A128GCM", key: r1 }).encrypt("x", { kid: "r1" });
    const decrypter = new JWE({ alg: "RSA-OAEP", enc: "A128GCM", key: new JWKSet([publicOf(r1)]) });
    expect(codeOf(() => decrypter.decrypt(token))).toBe("JamJWEDecryptionError:ERR_KEY_NOT_FOUND");
  });

  test("a token jose signs with a kid verifies against our set built from jose's exported JWKs", async () => {
    const { privateKey, publicKey } = await jose.generateKeyPair("ES384", { extractable: true });
    const other = await jose.generateKeyPair("ES384", { extractable: true });
    const jwks = {
      keys: [
        { ...(await jose.exportJWK(other.publicKey)), kid: "old" },
        { ...(await jose.exportJWK(publicKey)), kid: "new" },
      ],
    };
    const token = await new jose.SignJWT({ sub: "u" })
      .setProtectedHeader({ alg: "ES384", kid: "new", typ: "JWT" })
      .setIssuedAt()
      .sign(privateKey);
    const { payload } = new JWT({ alg: "ES384", secretKey: JWKSet.import(JSON.stringify(jwks)) }).decode(token);
    expect(payload["sub"]).toBe("u");
  });
});
