/**
 * The RFC 7520 JSON-serialization examples (4.5-4.8 signatures, 5.10-5.13
 * encryption) and the RFC 7797 `b64: false` examples through the public
 * TypeScript API: every published general and flattened document verifies or
 * decrypts, and the deterministic (HMAC, RSA PKCS#1 v1.5) signatures are
 * reproduced byte for byte. Vectors: crate/tests/data/rfc7520 (one copy).
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  decryptJweJson,
  type GeneralJWE,
  type GeneralJWS,
  JamJWSVerificationError,
  JWE,
  type JweAlgorithm,
  type JweEncryption,
  JWS,
  type JwsAlgorithm,
  signFlattenedJws,
  signGeneralJws,
  verifyJwsJson,
} from "../../ts/index.js";

const dir = new URL("../../crate/tests/data/rfc7520/", import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: vector files are free-form JSON
const load = (path: string): any => JSON.parse(readFileSync(new URL(path, dir), "utf8"));
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("RFC 7520 4.5-4.8: JWS JSON serialization", () => {
  test("4.5 detached content verifies with the payload given apart, and is reproduced", () => {
    const v = load("jws-json/4_5.signature_with_detached_content.json");
    const jws = new JWS({ alg: "HS256", key: v.input.key });
    for (const doc of [v.output.json, v.output.json_flat]) {
      const out = verifyJwsJson(doc, jws, { detachedPayload: v.input.payload });
      expect(text(out.payload)).toBe(v.input.payload);
      expect(() => verifyJwsJson(doc, jws)).toThrow(JamJWSVerificationError);
    }
    const made = signFlattenedJws(v.input.payload, { jws, protectedHeader: v.signing.protected }, { detached: true });
    expect(made).toEqual(v.output.json_flat);
    // The compact form of 4.5 (empty payload segment) verifies the same way.
    expect(text(jws.verify(v.output.compact, { detachedPayload: v.input.payload }).payload)).toBe(v.input.payload);
  });

  test("4.6 protecting specific header fields: verified and reproduced", () => {
    const v = load("jws-json/4_6.protecting_specific_header_fields.json");
    const jws = new JWS({ alg: "HS256", key: v.input.key });
    for (const doc of [v.output.json, v.output.json_flat]) {
      const out = verifyJwsJson(doc, jws);
      expect(text(out.payload)).toBe(v.input.payload);
      expect(out.protectedHeader).toEqual({ alg: "HS256" });
      expect(out.unprotectedHeader).toEqual({ kid: v.signing.unprotected.kid });
    }
    const made = signFlattenedJws(v.input.payload, { jws, unprotectedHeader: v.signing.unprotected });
    expect(made).toEqual(v.output.json_flat);
  });

  test("4.7 protecting content only: verified and reproduced", () => {
    const v = load("jws-json/4_7.protecting_content_only.json");
    const jws = new JWS({ alg: "HS256", key: v.input.key });
    for (const doc of [v.output.json, v.output.json_flat]) {
      const out = verifyJwsJson(JSON.stringify(doc), jws);
      expect(text(out.payload)).toBe(v.input.payload);
      expect(out.protectedHeader).toBeUndefined();
    }
    const made = signGeneralJws(v.input.payload, [{ jws, unprotectedHeader: v.signing.unprotected }]);
    expect(made).toEqual(v.output.json);
  });

  test("4.8 multiple signatures: each key verifies its own, RS256 and HS256 are reproduced", () => {
    const v = load("jws-json/4_8.multiple_signatures.json");
    const doc = v.output.json as GeneralJWS;
    const instances = (v.input.alg as JwsAlgorithm[]).map((alg, i) => new JWS({ alg, key: v.input.key[i] }));
    instances.forEach((jws, i) => {
      const out = verifyJwsJson(doc, jws);
      expect(out.signatureIndex).toBe(i);
      expect(text(out.payload)).toBe(v.input.payload);
    });
    const [rs, , hs] = instances;
    const made = signGeneralJws(v.input.payload, [
      { jws: rs!, unprotectedHeader: v.signing[0].unprotected },
      { jws: hs!, protectedHeader: { kid: v.signing[2].protected.kid } },
    ]);
    expect(made.signatures).toEqual([doc.signatures[0], doc.signatures[2]]);
  });
});

describe("RFC 7520 5.10-5.13: JWE JSON serialization", () => {
  test.each([
    "5_10.including_additional_authentication_data",
    "5_11.protecting_specific_header_fields",
    "5_12.protecting_content_only",
  ])("%s decrypts in both syntaxes", (name) => {
    const v = load(`jwe-json/${name}.json`);
    const jwe = new JWE({ alg: v.input.alg as JweAlgorithm, enc: v.input.enc as JweEncryption, key: v.input.key });
    for (const doc of [v.output.json, v.output.json_flat]) {
      const out = decryptJweJson(doc, jwe);
      expect(text(out.plaintext)).toBe(v.input.plaintext);
      expect(out.additionalAuthenticatedData && text(out.additionalAuthenticatedData)).toBe(v.input.aad);
    }
  });

  test("5.13 multiple recipients: the EC and AES-GCM-KW keys open their entries, RSA1_5 is never tried", () => {
    const v = load("jwe-json/5_13.encrypting_to_multiple_recipients.json");
    const doc = v.output.json as GeneralJWE;
    const ec = new JWE({ alg: "ECDH-ES+A256KW", enc: "A128CBC-HS256", key: v.input.key[1] });
    const oct = new JWE({ alg: "A256GCMKW", enc: "A128CBC-HS256", key: v.input.key[2] });
    const fromEc = decryptJweJson(doc, ec);
    expect([fromEc.recipientIndex, text(fromEc.plaintext)]).toEqual([1, v.input.plaintext]);
    expect(fromEc.sharedUnprotectedHeader).toEqual({ cty: "text/plain" });
    expect(fromEc.unprotectedHeader?.["kid"]).toBe("peregrin.took@tuckborough.example");
    const fromOct = decryptJweJson(doc, oct);
    expect([fromOct.recipientIndex, text(fromOct.plaintext)]).toEqual([2, v.input.plaintext]);
    const rsa = new JWE({ alg: "RSA-OAEP", enc: "A128CBC-HS256", key: v.input.key[0] });
    expect(() => decryptJweJson(doc, rsa)).toThrow(expect.objectContaining({ code: "ERR_ALG_NOT_ALLOWED" }));
  });
});

describe("RFC 7797: unencoded payloads", () => {
  const v = load("rfc7797/hmac-sha2_b64_false.json");
  const jws = new JWS({ alg: "HS256", key: v.input.key });

  test("the compact example verifies only when b64 is understood, and is reproduced", () => {
    expect(text(jws.verify(v.output.compact, { crit: ["b64"] }).payload)).toBe(v.input.payload);
    expect(() => jws.verify(v.output.compact)).toThrow(JamJWSVerificationError);
    expect(jws.sign(v.input.payload, { b64: false, crit: ["b64"] })).toBe(v.output.compact);
  });

  test("the JSON examples verify only when b64 is understood, and are reproduced", () => {
    for (const doc of [v.output.json, v.output.json_flat]) {
      expect(text(verifyJwsJson(doc, jws, { crit: ["b64"] }).payload)).toBe(v.input.payload);
      expect(() => verifyJwsJson(doc, jws)).toThrow(expect.objectContaining({ code: "ERR_CRIT_UNSUPPORTED" }));
    }
    const made = signFlattenedJws(v.input.payload, { jws, protectedHeader: { b64: false, crit: ["b64"] } });
    expect(made).toEqual(v.output.json_flat);
  });

  test("b64: false without crit is refused", () => {
    const bare = load("rfc7797/4.2.hmac-sha2_b64_false.json");
    const key = new JWS({ alg: "HS256", key: bare.input.key });
    for (const doc of [bare.output.json, bare.output.json_flat]) {
      expect(() => verifyJwsJson(doc, key, { crit: ["b64"] })).toThrow(
        expect.objectContaining({ code: "ERR_HEADER_INVALID" }),
      );
    }
  });
});
