/**
 * Interoperability with `jose` in both directions, for all 13 JWS
 * algorithms: tokens we sign verify in jose, tokens jose signs verify in ours.
 */
import * as jose from "jose";
import { describe, expect, test } from "vitest";
import { JWS, JWT } from "../../ts/index.js";
import { ALG_CASES, keyPairFor, secretFor } from "../helpers/keys.js";

describe.each(ALG_CASES)("$alg interoperates with jose", ({ alg, family }) => {
  const secret = family === "oct" ? secretFor(alg) : undefined;
  const pair = family === "oct" ? undefined : keyPairFor(alg);
  const signKey = secret ?? pair!.privateKey;
  const verifyKey = secret ?? pair!.publicKey;
  const ourSigner = secret ?? pair!.privateKey.export({ type: "pkcs8", format: "pem" });
  const ourVerifier = secret ?? pair!.publicKey.export({ type: "spki", format: "pem" });

  test("a JWT we sign verifies in jose", async () => {
    const token = new JWT({ alg, secretKey: ourSigner }).encode({
      iss: "jam-jose",
      sub: "user",
      aud: "api",
      exp: 300,
      payload: { role: "admin" },
    });
    const { payload, protectedHeader } = await jose.jwtVerify(token, verifyKey, {
      algorithms: [alg],
      issuer: "jam-jose",
      audience: "api",
      subject: "user",
      typ: "JWT",
    });
    expect(protectedHeader.alg).toBe(alg);
    expect(payload["role"]).toBe("admin");
    expect(typeof payload.jti).toBe("string");
  });

  test("a JWT jose signs verifies in ours", async () => {
    const token = await new jose.SignJWT({ role: "reader" })
      .setProtectedHeader({ alg, typ: "JWT" })
      .setIssuer("jose")
      .setSubject("someone")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(signKey);
    const { header, payload } = new JWT({ alg, secretKey: ourVerifier }).decode(token, {
      issuer: "jose",
      subject: "someone",
      typ: "JWT",
    });
    expect(header["alg"]).toBe(alg);
    expect(payload["role"]).toBe("reader");
  });

  test("a raw JWS payload round-trips both ways", async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252]);
    const ours = new JWS({ alg, key: ourSigner }).sign(bytes, { kid: "k1" });
    const theirs = await jose.compactVerify(ours, verifyKey, { algorithms: [alg] });
    expect(theirs.payload).toEqual(bytes);
    expect(theirs.protectedHeader.kid).toBe("k1");

    const joseToken = await new jose.CompactSign(bytes).setProtectedHeader({ alg }).sign(signKey);
    expect(new JWS({ alg, key: ourVerifier }).verify(joseToken).payload).toEqual(bytes);
  });
});
