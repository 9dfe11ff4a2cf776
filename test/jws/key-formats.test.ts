/**
 * Round trips for every asymmetric algorithm across every key format:
 * sign with each private encoding, verify with each public one (and with the
 * private key itself, and with an X.509 certificate's key).
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { JWK, JWT, type KeyInput } from "../../ts/index.js";
import { ALG_CASES, keyPairFor, privateFormats, publicFormats } from "../helpers/keys.js";

const asymmetric = ALG_CASES.filter((c) => c.family !== "oct");

describe.each(asymmetric)("$alg", ({ alg }) => {
  const pair = keyPairFor(alg);
  const verifiers = publicFormats(pair, alg).map((f) => ({
    ...f,
    jwt: new JWT({ alg, secretKey: f.key as KeyInput }),
  }));

  test.each(privateFormats(pair, alg))("signs with a $name key; every public format verifies", ({ key, password }) => {
    const signer = new JWT({ alg, secretKey: key as KeyInput, ...(password ? { password } : {}) });
    const token = signer.encode({ sub: alg, exp: 60 });
    // A private key also verifies.
    expect(signer.decode(token).payload["sub"]).toBe(alg);
    for (const { name, jwt } of verifiers) {
      expect(jwt.decode(token).payload["sub"], name).toBe(alg);
    }
  });
});

const fixture = (name: string) => readFileSync(new URL(`../../crate/tests/data/keys/${name}`, import.meta.url), "utf8");

test.each([
  ["RS256", "rsa-2048"],
  ["ES256", "ec-P-256"],
  ["ES384", "ec-P-384"],
  ["ES512", "ec-P-521"],
  ["EdDSA", "ed25519"],
] as const)("%s verifies with the public key of an X.509 certificate", (alg, stem) => {
  const token = new JWT({ alg, secretKey: fixture(`${stem}.pkcs8.pem`) }).encode({ sub: "cert" });
  expect(new JWT({ alg, secretKey: fixture(`${stem}.cert.pem`) }).decode(token).payload["sub"]).toBe("cert");
});

describe("JWK", () => {
  test("exports PEM keys as JWK and back, keeping the key", () => {
    for (const { alg } of asymmetric) {
      const pem = keyPairFor(alg).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
      const jwk = JWK.import(pem);
      const exported = jwk.export({ private: true });
      const again = JWK.import(exported);
      const token = new JWT({ alg, secretKey: again }).encode({ sub: "jwk" });
      expect(new JWT({ alg, secretKey: jwk.publicKey().toPem() }).decode(token).payload["sub"]).toBe("jwk");
      expect(again.thumbprint()).toBe(jwk.thumbprint());
      // toJSON never leaks private members.
      expect(JSON.stringify(jwk)).not.toMatch(/"d"/);
    }
  });

  test("matches node:crypto's JWK export member for member", () => {
    const pair = keyPairFor("ES256");
    const ours = JWK.import(pair.privateKey.export({ type: "pkcs8", format: "pem" }) as string).export({
      private: true,
    });
    expect(ours).toMatchObject(pair.privateKey.export({ format: "jwk" }) as object);
  });

  test("computes the RFC 7638 section 3.1 thumbprint", () => {
    const jwk = JWK.import({
      kty: "RSA",
      n: "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
      e: "AQAB",
      alg: "RS256",
      kid: "2011-04-29",
    });
    expect(jwk.thumbprint()).toBe("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    expect(jwk.kid).toBe("2011-04-29");
    expect(jwk.isPrivate).toBe(false);
  });

  test.each(["P-256", "P-384", "P-521", "Ed25519", "RSA-2048"] as const)("generates %s keys that sign", (spec) => {
    const alg = { "P-256": "ES256", "P-384": "ES384", "P-521": "ES512", Ed25519: "EdDSA", "RSA-2048": "PS256" }[
      spec
    ] as "ES256";
    const key = JWK.generate(spec);
    expect(key.isPrivate).toBe(true);
    const token = new JWT({ alg, secretKey: key }).encode({ sub: spec });
    expect(new JWT({ alg, secretKey: key.publicKey().export() }).decode(token).payload["sub"]).toBe(spec);
  });

  test("generates oct keys of the requested size and X25519 keys", () => {
    expect(JWK.generate("oct-256").export({ private: true })["k"]).toHaveLength(43);
    expect(JWK.generate("X25519").crv).toBe("X25519");
  });

  test("a disposed key cannot be used", () => {
    const key = JWK.generate("oct-256");
    key.dispose();
    expect(() => key.thumbprint()).toThrow();
  });
});
