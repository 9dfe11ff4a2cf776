/**
 * Signatures that one implementation or another might take but JOSE does
 * not: each is refused by the native backend exactly as by the wasm one.
 */
import { constants, createPrivateKey, sign as nodeSign } from "node:crypto";
import { describe, expect, test } from "vitest";
import { JamError, JWE, JWK, JWS, type JwsAlgorithm } from "../../ts/index.js";
import { nonCanonicalEd25519 } from "../helpers/tokens.js";

const BACKENDS = ["wasm", "native"] as const;

function refusal(jws: JWS, token: string): string {
  try {
    jws.verify(token);
  } catch (error) {
    if (error instanceof JamError) return error.code;
    throw error;
  }
  return "accepted";
}

/** A token over the signing input of `good`, carrying `signature` instead. */
function withSignature(good: string, signature: Uint8Array): string {
  return `${good.slice(0, good.lastIndexOf("."))}.${Buffer.from(signature).toString("base64url")}`;
}

function signingInput(token: string): Buffer {
  return Buffer.from(token.slice(0, token.lastIndexOf(".")), "ascii");
}

const ORDERS: Record<string, string> = {
  ES256: "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
  ES384: "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
  ES512: [
    "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "fa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
  ].join(""),
};

describe.each([
  { alg: "ES256", spec: "P-256", size: 32, hash: "sha256" },
  { alg: "ES384", spec: "P-384", size: 48, hash: "sha384" },
  { alg: "ES512", spec: "P-521", size: 66, hash: "sha512" },
] as const)("$alg signatures outside JOSE's r || s are refused on both backends", ({ alg, spec, size, hash }) => {
  const key = JWK.generate(spec);
  const good = new JWS({ alg, key }).sign({ sub: "x" });
  const pkcs8 = createPrivateKey(key.toPem({ private: true }));
  const cases: Record<string, Uint8Array> = {
    "a DER signature": nodeSign(hash, signingInput(good), { key: pkcs8, dsaEncoding: "der" }),
    "r = 0": Buffer.concat([Buffer.alloc(size), Buffer.from(good.split(".")[2]!, "base64url").subarray(size)]),
    "s = 0": Buffer.concat([Buffer.from(good.split(".")[2]!, "base64url").subarray(0, size), Buffer.alloc(size)]),
    "s = n": Buffer.concat([
      Buffer.from(good.split(".")[2]!, "base64url").subarray(0, size),
      Buffer.from(ORDERS[alg]!, "hex"),
    ]),
    "r = n": Buffer.concat([
      Buffer.from(ORDERS[alg]!, "hex"),
      Buffer.from(good.split(".")[2]!, "base64url").subarray(size),
    ]),
    "one byte short": Buffer.from(good.split(".")[2]!, "base64url").subarray(1),
  };
  for (const backend of BACKENDS) {
    const jws = new JWS({ alg, key, backend });
    test(`${backend}: the untouched token verifies`, () => {
      expect(refusal(jws, good)).toBe("accepted");
    });
    for (const [name, signature] of Object.entries(cases)) {
      test(`${backend}: ${name} is refused`, () => {
        expect(refusal(jws, withSignature(good, signature))).toBe("ERR_SIGNATURE_INVALID");
      });
    }
  }
});

describe.each([
  { alg: "PS256", hash: "sha256", saltLength: 32 },
  { alg: "PS384", hash: "sha384", saltLength: 48 },
] as const)(
  "$alg with a salt length other than the hash length is refused on both backends",
  ({ alg, hash, saltLength }) => {
    const key = JWK.generate("RSA-2048");
    const pkcs8 = createPrivateKey(key.toPem({ private: true }));
    const good = new JWS({ alg, key }).sign({ sub: "x" });
    const pss = (salt: number) =>
      nodeSign(hash, signingInput(good), { key: pkcs8, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: salt });
    for (const backend of BACKENDS) {
      const jws = new JWS({ alg, key, backend });
      test(`${backend}: the hash-length salt verifies (made by node:crypto)`, () => {
        expect(refusal(jws, withSignature(good, pss(saltLength)))).toBe("accepted");
      });
      for (const salt of [0, 20, saltLength + 1]) {
        test(`${backend}: salt length ${salt} is refused`, () => {
          expect(refusal(jws, withSignature(good, pss(salt)))).toBe("ERR_SIGNATURE_INVALID");
        });
      }
    }
  },
);

describe("RSA signatures of the wrong length are refused on both backends", () => {
  const key = JWK.generate("RSA-2048");
  const good = new JWS({ alg: "RS256", key }).sign({ sub: "x" });
  const signature = Buffer.from(good.split(".")[2]!, "base64url");
  for (const backend of BACKENDS) {
    const jws = new JWS({ alg: "RS256" as JwsAlgorithm, key, backend });
    test(`${backend}: a leading zero byte added is refused`, () => {
      expect(refusal(jws, withSignature(good, Buffer.concat([Buffer.alloc(1), signature])))).toBe(
        "ERR_SIGNATURE_INVALID",
      );
    });
    test(`${backend}: the value reduced to fewer bytes is refused`, () => {
      expect(refusal(jws, withSignature(good, signature.subarray(1)))).toBe("ERR_SIGNATURE_INVALID");
    });
  }
});

describe("small RSA keys are refused alike on both backends", () => {
  for (const backend of BACKENDS) {
    test(`${backend}: a 1024-bit key is refused at construction`, () => {
      const pem = createPrivateKey({ key: SMALL_RSA, format: "pem" }).export({ type: "pkcs8", format: "pem" });
      expect(() => new JWS({ alg: "RS256", key: pem as string, backend })).toThrow(
        expect.objectContaining({ code: "ERR_KEY_TOO_SMALL" }),
      );
    });
  }
});

describe("Ed25519 with a non-canonical S (S + L) is refused on both backends", () => {
  const key = JWK.generate("Ed25519");
  const good = new JWS({ alg: "EdDSA", key }).sign({ sub: "x" });
  const signature = Buffer.from(good.split(".")[2]!, "base64url");
  const malleated = nonCanonicalEd25519(signature);
  for (const backend of BACKENDS) {
    const jws = new JWS({ alg: "EdDSA", key, backend });
    test(`${backend}: the canonical signature verifies and S + L is refused`, () => {
      expect(refusal(jws, good)).toBe("accepted");
      expect(refusal(jws, withSignature(good, malleated))).toBe("ERR_SIGNATURE_INVALID");
    });
  }
});

describe("ECDH-ES epk points that must never reach an agreement are refused alike", () => {
  const key = JWK.generate("P-256");
  const good = new JWE({ alg: "ECDH-ES+A256KW", enc: "A256GCM", key }).encrypt("secret");
  const [protectedB64, ...rest] = good.split(".");
  const header = JSON.parse(Buffer.from(protectedB64!, "base64url").toString("utf8")) as Record<string, unknown>;
  const withEpk = (epk: unknown) =>
    [Buffer.from(JSON.stringify({ ...header, epk })).toString("base64url"), ...rest].join(".");
  const p384 = JWK.generate("P-384").export() as Record<string, unknown>;
  const epk = header["epk"] as { x: string; y: string };
  const offCurveY = Buffer.from(epk.y, "base64url");
  offCurveY[31] = offCurveY[31]! ^ 1;
  const cases: Record<string, unknown> = {
    "a point off the curve": { ...epk, y: offCurveY.toString("base64url") },
    "a point on another curve": { kty: "EC", crv: "P-384", x: p384["x"], y: p384["y"] },
    "an X25519 key for a P-256 recipient": { kty: "OKP", crv: "X25519", x: Buffer.alloc(32).toString("base64url") },
    "coordinates of the wrong size": { ...epk, x: Buffer.alloc(31, 1).toString("base64url") },
    "the point at zero": {
      ...epk,
      x: Buffer.alloc(32).toString("base64url"),
      y: Buffer.alloc(32).toString("base64url"),
    },
  };
  for (const backend of BACKENDS) {
    const jwe = new JWE({ alg: "ECDH-ES+A256KW", enc: "A256GCM", key, backend });
    test(`${backend}: the untouched token opens`, () => {
      expect(new TextDecoder().decode(jwe.decrypt(good))).toBe("secret");
    });
    for (const [name, bad] of Object.entries(cases)) {
      test(`${backend}: ${name} is refused with ERR_EPK_INVALID`, () => {
        expect(() => jwe.decrypt(withEpk(bad))).toThrow(expect.objectContaining({ code: "ERR_EPK_INVALID" }));
      });
    }
  }
});

const SMALL_RSA = (await import("node:crypto"))
  .generateKeyPairSync("rsa", { modulusLength: 1024 })
  .privateKey.export({ type: "pkcs8", format: "pem" }) as string;
