/**
 * JWS JSON serialization against `jose`, both ways (GeneralSign /
 * FlattenedSign / generalVerify / flattenedVerify), RFC 7797 `b64: false`
 * both ways (compact and JSON), and the refusals: overlapping header names,
 * crit outside the protected header, b64 without crit, malformed shapes,
 * too many signatures.
 */
import * as jose from "jose";
import { describe, expect, test } from "vitest";
import {
  type FlattenedJWS,
  type GeneralJWS,
  JamConfigurationError,
  JamJWSVerificationError,
  JWS,
  type JwsAlgorithm,
  MAX_JWS_SIGNATURES,
  signFlattenedJws,
  signGeneralJws,
  verifyJwsJson,
} from "../../ts/index.js";
import { ALG_CASES, keyPairFor, secretFor } from "../helpers/keys.js";

const utf8 = new TextEncoder();
/** Our documents carry their payload here (not detached): jose's input types require it. */
const general = (doc: GeneralJWS) => ({ ...doc, payload: doc.payload! });
const flattened = (doc: FlattenedJWS) => ({ ...doc, payload: doc.payload! });
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** For each alg: our signer and verifier, and jose's keys. */
function party(alg: JwsAlgorithm) {
  if (alg.startsWith("HS")) {
    const secret = secretFor(alg);
    return {
      signer: new JWS({ alg, key: secret }),
      verifier: new JWS({ alg, key: secret }),
      sign: secret,
      verify: secret,
    };
  }
  const pair = keyPairFor(alg);
  return {
    signer: new JWS({ alg, key: pair.privateKey }),
    verifier: new JWS({ alg, key: pair.publicKey }),
    sign: pair.privateKey,
    verify: pair.publicKey,
  };
}

const parties = ALG_CASES.map(({ alg }) => ({ alg, ...party(alg) }));

describe("general JWS JSON with jose", () => {
  test("a document we sign with all 13 algorithms verifies in jose with each key", async () => {
    const doc = signGeneralJws(
      { hello: "world" },
      parties.map(({ signer, alg }) => ({ jws: signer, unprotectedHeader: { kid: `k-${alg}` } })),
    );
    expect(doc.signatures).toHaveLength(13);
    for (const { alg, verify } of parties) {
      const out = await jose.generalVerify(general(doc), verify, { algorithms: [alg] });
      expect(JSON.parse(text(out.payload))).toEqual({ hello: "world" });
      expect(out.protectedHeader?.alg).toBe(alg);
      expect(out.unprotectedHeader?.kid).toBe(`k-${alg}`);
    }
  });

  test("a document jose signs with all 13 algorithms verifies in ours with each key", async () => {
    const payload = utf8.encode("signed by jose");
    const builder = new jose.GeneralSign(payload);
    for (const { alg, sign } of parties) {
      builder
        .addSignature(sign)
        .setProtectedHeader({ alg })
        .setUnprotectedHeader({ kid: `j-${alg}` });
    }
    const doc = await builder.sign();
    parties.forEach(({ alg, verifier }, index) => {
      const out = verifyJwsJson(doc, verifier);
      expect(text(out.payload)).toBe("signed by jose");
      expect(out.signatureIndex).toBe(index);
      expect(out.protectedHeader).toEqual({ alg });
      expect(out.unprotectedHeader).toEqual({ kid: `j-${alg}` });
    });
  });

  test("alg in the unprotected header only, as jose allows, verifies both ways", async () => {
    const { signer, verifier, sign, verify } = parties[0]!;
    const ours = signGeneralJws("unprotected alg", [{ jws: signer, unprotectedHeader: { alg: "HS256" } }]);
    expect(ours.signatures[0]!.protected).toBeUndefined();
    expect(text((await jose.generalVerify(general(ours), verify)).payload)).toBe("unprotected alg");
    const theirs = await new jose.GeneralSign(utf8.encode("x"))
      .addSignature(sign)
      .setUnprotectedHeader({ alg: "HS256" })
      .sign();
    expect(verifyJwsJson(theirs, verifier).protectedHeader).toBeUndefined();
  });
});

describe("flattened JWS JSON with jose", () => {
  test.each(parties)(
    "$alg: ours verifies in jose and jose's verifies in ours",
    async ({ alg, signer, verifier, sign, verify }) => {
      const ours = signFlattenedJws("flat", {
        jws: signer,
        protectedHeader: { typ: "x" },
        unprotectedHeader: { kid: "1" },
      });
      const out = await jose.flattenedVerify(flattened(ours), verify, { algorithms: [alg] });
      expect([text(out.payload), out.protectedHeader?.typ, out.unprotectedHeader?.kid]).toEqual(["flat", "x", "1"]);
      const theirs = await new jose.FlattenedSign(utf8.encode("jose flat")).setProtectedHeader({ alg }).sign(sign);
      expect(text(verifyJwsJson(theirs, verifier).payload)).toBe("jose flat");
    },
  );
});

describe("RFC 7797 b64: false with jose", () => {
  const { signer, verifier, sign, verify } = parties[0]!;
  const b64Header = { b64: false, crit: ["b64"] };

  test("compact: ours verifies in jose, jose's verifies in ours (b64 understood)", async () => {
    const token = signer.sign("$ unencoded payload", b64Header);
    expect(token.split(".")[1]).toBe("$ unencoded payload");
    const out = await jose.compactVerify(token, verify);
    expect(text(out.payload)).toBe("$ unencoded payload");
    // jose's CompactSign refuses b64: false; its flattened form joined with '.' is the compact token.
    const flat = await new jose.FlattenedSign(utf8.encode("from jose"))
      .setProtectedHeader({ alg: "HS256", ...b64Header })
      .sign(sign);
    const theirs = `${flat.protected}.from jose.${flat.signature}`;
    expect(text(verifier.verify(theirs, { crit: ["b64"] }).payload)).toBe("from jose");
    expect(() => verifier.verify(theirs)).toThrow(expect.objectContaining({ code: "ERR_HEADER_INVALID" }));
  });

  test("compact with a '.' in the payload is refused; detached compact verifies", async () => {
    expect(() => signer.sign("a.b", b64Header)).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }));
    const flat = await new jose.FlattenedSign(utf8.encode("a.b"))
      .setProtectedHeader({ alg: "HS256", ...b64Header })
      .sign(sign);
    const out = verifier.verify(`${flat.protected}..${flat.signature}`, { crit: ["b64"], detachedPayload: "a.b" });
    expect(text(out.payload)).toBe("a.b");
    expect(() =>
      verifier.verify(`${flat.protected}..${flat.signature}`, { crit: ["b64"], detachedPayload: "a.c" }),
    ).toThrow(expect.objectContaining({ code: "ERR_SIGNATURE_INVALID" }));
  });

  test("general and flattened JSON: ours verifies in jose, jose's verifies in ours", async () => {
    const generalDoc = signGeneralJws("$.02", [{ jws: signer, protectedHeader: b64Header }]);
    expect(generalDoc.payload).toBe("$.02");
    expect(text((await jose.generalVerify(general(generalDoc), verify)).payload)).toBe("$.02");
    const flat = signFlattenedJws("$.03", { jws: signer, protectedHeader: b64Header });
    expect(text((await jose.flattenedVerify(flattened(flat), verify)).payload)).toBe("$.03");
    // jose leaves an unencoded payload out of the document (payload ""): it is detached content.
    const theirs = await new jose.FlattenedSign(utf8.encode("$.04"))
      .setProtectedHeader({ alg: "HS256", ...b64Header })
      .sign(sign);
    expect(theirs.payload).toBe("");
    expect(text(verifyJwsJson(theirs, verifier, { crit: ["b64"], detachedPayload: "$.04" }).payload)).toBe("$.04");
    expect(text(verifyJwsJson({ ...theirs, payload: "$.04" }, verifier, { crit: ["b64"] }).payload)).toBe("$.04");
    expect(() => verifyJwsJson({ ...theirs, payload: "$.05" }, verifier, { crit: ["b64"] })).toThrow(
      expect.objectContaining({ code: "ERR_SIGNATURE_INVALID" }),
    );
    expect(() => verifyJwsJson(theirs, verifier, { detachedPayload: "$.04" })).toThrow(
      expect.objectContaining({ code: "ERR_CRIT_UNSUPPORTED" }),
    );
  });

  test("b64 without crit is refused when signing", () => {
    expect(() => signer.sign("x", { b64: false })).toThrow(expect.objectContaining({ code: "ERR_HEADER_INVALID" }));
    expect(() => signFlattenedJws("x", { jws: signer, protectedHeader: { b64: false } })).toThrow(
      expect.objectContaining({ code: "ERR_HEADER_INVALID" }),
    );
  });
});

describe("JWS JSON refusals", () => {
  const { signer, verifier } = parties[0]!;
  const good = () => signFlattenedJws("p", { jws: signer, unprotectedHeader: { kid: "a" } });
  const refused = (doc: unknown, code: string, options = {}) =>
    expect(() => verifyJwsJson(doc as GeneralJWS, verifier, options)).toThrow(
      expect.objectContaining({ name: "JamJWSVerificationError", code }),
    );

  test("a header name in both the protected and the unprotected header", () => {
    refused({ ...good(), header: { alg: "HS256" } }, "ERR_HEADER_INVALID");
    expect(() =>
      signFlattenedJws("p", { jws: signer, protectedHeader: { kid: "a" }, unprotectedHeader: { kid: "b" } }),
    ).toThrow(expect.objectContaining({ code: "ERR_HEADER_INVALID" }));
  });

  test("crit in the unprotected header, even when understood", () => {
    refused({ ...good(), header: { crit: ["x"], x: 1 } }, "ERR_HEADER_INVALID", { crit: ["x"] });
  });

  test("malformed shapes", () => {
    const doc = good();
    refused("not json", "ERR_TOKEN_MALFORMED");
    refused([], "ERR_TOKEN_MALFORMED");
    refused({ payload: doc.payload, signatures: [] }, "ERR_TOKEN_MALFORMED");
    refused({ payload: doc.payload, signatures: "x" }, "ERR_TOKEN_MALFORMED");
    refused({ payload: doc.payload, signatures: [{ protected: doc.protected }] }, "ERR_TOKEN_MALFORMED");
    refused({ ...doc, signatures: [doc] }, "ERR_TOKEN_MALFORMED");
    refused({ ...doc, payload: 7 }, "ERR_TOKEN_MALFORMED");
    refused({ ...doc, signature: `${doc.signature}=` }, "ERR_BASE64");
    refused(JSON.stringify(doc).replace('"kid":"a"', '"kid":"a","kid":"b"'), "ERR_TOKEN_MALFORMED");
  });

  test("more signatures than the cap, to verify or to make", () => {
    const entry = { protected: good().protected, signature: good().signature };
    refused({ payload: "cA", signatures: Array(MAX_JWS_SIGNATURES + 1).fill(entry) }, "ERR_TOKEN_TOO_LARGE");
    expect(() => signGeneralJws("p", Array(MAX_JWS_SIGNATURES + 1).fill(signer))).toThrow(
      expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }),
    );
  });

  test("an alg off the allow-list, and a forged signature", () => {
    expect(() => verifyJwsJson(good(), verifier, { algorithms: ["HS384"] })).toThrow(
      expect.objectContaining({ name: "JamJWTUnsupportedAlgorithm", code: "ERR_ALG_NOT_ALLOWED" }),
    );
    const doc = good();
    refused({ ...doc, payload: "cQ" }, "ERR_SIGNATURE_INVALID");
    expect(() => verifyJwsJson(doc, verifier, { algorithms: ["none"] })).toThrow(
      expect.objectContaining({ name: "JamJWTUnsupportedAlgorithm", code: "ERR_ALG_UNSUPPORTED" }),
    );
    expect(() => verifyJwsJson(doc, verifier)).not.toThrow(JamJWSVerificationError);
  });

  test("signer headers that are not objects", () => {
    expect(() =>
      signFlattenedJws("p", { jws: signer, protectedHeader: [] as unknown as Record<string, unknown> }),
    ).toThrow(JamConfigurationError);
  });
});
