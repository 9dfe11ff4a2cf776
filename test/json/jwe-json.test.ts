/**
 * JWE JSON serialization against `jose`, both ways: general documents with
 * 16 recipients (every key-wrapping algorithm) and flattened documents for
 * every alg (and curve), with `aad` and shared and per-recipient unprotected
 * headers; then the refusals of RFC 7516 7.2 and our caps.
 */
import * as jose from "jose";
import { describe, expect, test } from "vitest";
import {
  decryptJweJson,
  encryptFlattenedJwe,
  encryptGeneralJwe,
  type GeneralJWE,
  JamConfigurationError,
  JWE,
  type JweAlgorithm,
  type JweEncryption,
  MAX_JWE_RECIPIENTS,
} from "../../ts/index.js";
import { allCases, type JweCase } from "../helpers/jwe-keys.js";

const utf8 = new TextEncoder();
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const ENC: JweEncryption = "A128CBC-HS256";

const cases = allCases();
/** The 16 algorithms that wrap a CEK (all but the direct modes), one curve each. */
const wrapping = cases.filter(
  (c) =>
    c.enc === ENC &&
    c.alg !== "dir" &&
    c.alg !== "ECDH-ES" &&
    (c.curve === undefined || c.curve === "P-256" || c.curve === "RSA"),
);
const ours = (c: JweCase, decrypting: boolean) =>
  new JWE({ alg: c.alg, enc: c.enc, key: (decrypting ? c.decryptKey : c.encryptKey) as string });

describe("general JWE JSON with jose", () => {
  test("the wrapping algorithms cover exactly the recipient cap", () => {
    expect(wrapping.map((c) => c.alg).sort()).toHaveLength(MAX_JWE_RECIPIENTS);
  });

  test("a document we encrypt to 16 recipients decrypts in jose with each key", async () => {
    const doc = encryptGeneralJwe(
      { secret: "for sixteen" },
      wrapping.map((c) => ({ jwe: ours(c, false), header: { kid: c.alg } })),
      { sharedUnprotectedHeader: { cty: "json" }, aad: "shared context" },
    );
    expect(doc.recipients).toHaveLength(16);
    for (const c of wrapping) {
      const out = await jose.generalDecrypt(doc, c.joseDecryptKey, { keyManagementAlgorithms: [c.alg] });
      expect(JSON.parse(text(out.plaintext))).toEqual({ secret: "for sixteen" });
      expect(text(out.additionalAuthenticatedData!)).toBe("shared context");
      expect(out.sharedUnprotectedHeader).toEqual({ cty: "json" });
      expect(out.unprotectedHeader?.kid).toBe(c.alg);
      expect(out.protectedHeader).toEqual({ enc: ENC });
    }
  });

  test("a document jose encrypts to 16 recipients decrypts in ours with each key", async () => {
    const builder = new jose.GeneralEncrypt(utf8.encode("from jose to sixteen"))
      .setProtectedHeader({ enc: ENC })
      .setSharedUnprotectedHeader({ cty: "text/plain" })
      .setAdditionalAuthenticatedData(utf8.encode("jose aad"));
    for (const c of wrapping) builder.addRecipient(c.joseEncryptKey).setUnprotectedHeader({ alg: c.alg, kid: c.alg });
    const doc = await builder.encrypt();
    wrapping.forEach((c, index) => {
      const out = decryptJweJson(doc, ours(c, true));
      expect(text(out.plaintext)).toBe("from jose to sixteen");
      expect(out.recipientIndex).toBe(index);
      expect(out.unprotectedHeader?.["kid"]).toBe(c.alg);
      expect(out.sharedUnprotectedHeader).toEqual({ cty: "text/plain" });
      expect(text(out.additionalAuthenticatedData!)).toBe("jose aad");
    });
  });
});

describe("flattened JWE JSON with jose", () => {
  const flatCases = cases.filter((c) => c.enc === "A256GCM");
  test.each(flatCases.map((c) => [`${c.alg}${c.curve ? ` ${c.curve}` : ""}`, c] as const))(
    "%s: ours decrypts in jose and jose's decrypts in ours",
    async (_name, c) => {
      const doc = encryptFlattenedJwe("flat secret", { jwe: ours(c, false), header: { kid: "r" } }, { aad: "aad" });
      const out = await jose.flattenedDecrypt(doc, c.joseDecryptKey, { keyManagementAlgorithms: [c.alg] });
      expect([text(out.plaintext), out.unprotectedHeader?.kid, text(out.additionalAuthenticatedData!)]).toEqual([
        "flat secret",
        "r",
        "aad",
      ]);
      const theirs = await new jose.FlattenedEncrypt(utf8.encode("jose flat"))
        .setProtectedHeader({ alg: c.alg, enc: c.enc })
        .setUnprotectedHeader({ kid: "j" })
        .encrypt(c.joseEncryptKey);
      const opened = decryptJweJson(theirs, ours(c, true));
      expect([text(opened.plaintext), opened.unprotectedHeader?.["kid"]]).toEqual(["jose flat", "j"]);
    },
  );
});

describe("JWE JSON refusals", () => {
  const key = new Uint8Array(16).fill(5);
  const jwe = new JWE({ alg: "A128KW", enc: "A128GCM", key });
  const sample = () =>
    encryptGeneralJwe("x", [{ jwe, header: { kid: "a" } }], { sharedUnprotectedHeader: { cty: "t" } });
  const refused = (doc: unknown, code: string) =>
    expect(() => decryptJweJson(doc as GeneralJWE, jwe)).toThrow(
      expect.objectContaining({ name: "JamJWEDecryptionError", code }),
    );

  test("a header name in two of protected, unprotected and the recipient header", () => {
    const doc = sample();
    refused({ ...doc, unprotected: { kid: "b" } }, "ERR_HEADER_INVALID");
    refused({ ...doc, unprotected: { enc: "A128GCM" } }, "ERR_HEADER_INVALID");
    expect(() =>
      encryptGeneralJwe("x", [{ jwe, header: { cty: "u" } }], { sharedUnprotectedHeader: { cty: "t" } }),
    ).toThrow(expect.objectContaining({ code: "ERR_HEADER_INVALID" }));
  });

  test("crit anywhere, and zip outside the protected header", () => {
    const doc = sample();
    refused({ ...doc, unprotected: { crit: ["x"], x: 1 } }, "ERR_HEADER_INVALID");
    refused({ ...doc, unprotected: { zip: "DEF" } }, "ERR_HEADER_INVALID");
    expect(() => encryptGeneralJwe("x", [jwe], { sharedUnprotectedHeader: { zip: "DEF" } })).toThrow(
      expect.objectContaining({ code: "ERR_HEADER_INVALID" }),
    );
  });

  test("zip in the protected header round-trips", () => {
    const doc = encryptGeneralJwe("a".repeat(1000), [jwe], { protectedHeader: { zip: "DEF" } });
    expect(doc.ciphertext.length).toBeLessThan(200);
    expect(text(decryptJweJson(doc, jwe).plaintext)).toBe("a".repeat(1000));
  });

  test("malformed shapes", () => {
    const doc = sample();
    refused("{", "ERR_TOKEN_MALFORMED");
    refused({ ...doc, recipients: [] }, "ERR_TOKEN_MALFORMED");
    refused({ ...doc, recipients: {} }, "ERR_TOKEN_MALFORMED");
    refused({ ...doc, iv: undefined }, "ERR_TOKEN_MALFORMED");
    refused({ ...doc, header: { kid: "x" } }, "ERR_TOKEN_MALFORMED");
    refused({ ...doc, tag: `${doc.tag}=` }, "ERR_BASE64");
    refused(JSON.stringify(doc).replace('"kid":"a"', '"kid":"a","kid":"b"'), "ERR_TOKEN_MALFORMED");
  });

  test("too many recipients, to decrypt or to make", () => {
    const doc = sample();
    refused({ ...doc, recipients: Array(MAX_JWE_RECIPIENTS + 1).fill(doc.recipients[0]) }, "ERR_TOKEN_TOO_LARGE");
    expect(() => encryptGeneralJwe("x", Array(MAX_JWE_RECIPIENTS + 1).fill(jwe))).toThrow(
      expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }),
    );
  });

  test("a tampered tag, aad or key gives the one generic error", () => {
    const doc = encryptGeneralJwe("x", [jwe], { aad: "a" });
    refused({ ...doc, aad: "Yg" }, "ERR_DECRYPTION_FAILED");
    refused({ ...doc, tag: doc.ciphertext.length > 0 ? "A".repeat(22) : "" }, "ERR_DECRYPTION_FAILED");
    const other = new JWE({ alg: "A128KW", enc: "A128GCM", key: new Uint8Array(16).fill(6) });
    expect(() => decryptJweJson(doc, other)).toThrow(
      expect.objectContaining({ code: "ERR_DECRYPTION_FAILED", message: "decryption failed" }),
    );
  });

  test("a direct mode among several recipients, and recipients with different enc", () => {
    const dir = new JWE({ alg: "dir", enc: "A128GCM", key: new Uint8Array(16).fill(1) });
    expect(() => encryptGeneralJwe("x", [jwe, dir])).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }));
    const other = new JWE({ alg: "A128KW" as JweAlgorithm, enc: "A256GCM", key });
    expect(() => encryptGeneralJwe("x", [jwe, other])).toThrow(JamConfigurationError);
  });

  test("an alg or enc off the allow-list", () => {
    const doc = sample();
    expect(() => decryptJweJson(doc, jwe, { algorithms: ["A256KW"] })).toThrow(
      expect.objectContaining({ code: "ERR_ALG_NOT_ALLOWED" }),
    );
    expect(() => decryptJweJson(doc, jwe, { encryptions: ["A256GCM"] })).toThrow(
      expect.objectContaining({ code: "ERR_ALG_NOT_ALLOWED" }),
    );
    expect(text(decryptJweJson(doc, jwe, { algorithms: ["A256KW", "A128KW"] }).plaintext)).toBe("x");
  });
});
