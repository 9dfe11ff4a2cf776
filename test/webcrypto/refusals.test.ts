/**
 * The async WebCrypto path (forced with asyncBackend: "webcrypto", so it runs
 * on Node's crypto.subtle) refuses exactly what the sync wasm path refuses:
 * every case below is decided by both and must get the same error code.
 */
import { constants, createPrivateKey, sign as nodeSign } from "node:crypto";
import { describe, expect, test } from "vitest";
import { JamError, JWE, JWK, JWS, type JwsAlgorithm } from "../../ts/index.js";
import { nonCanonicalEd25519 } from "../helpers/tokens.js";

async function decision(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof JamError) return error.code;
    throw error;
  }
  return "accepted";
}

/** The sync wasm decision and the async WebCrypto one for the same token. */
async function bothDecisions(alg: JwsAlgorithm, key: JWK, token: string, algorithms?: string[]) {
  const options = algorithms === undefined ? {} : { algorithms };
  const sync = new JWS({ alg, key, backend: "wasm" });
  const webcrypto = new JWS({ alg, key, asyncBackend: "webcrypto" });
  expect(webcrypto.asyncBackend).toBe("webcrypto");
  return {
    sync: await decision(() => sync.verify(token, options)),
    webcrypto: await decision(() => webcrypto.verifyAsync(token, options)),
  };
}

function withSignature(good: string, signature: Uint8Array): string {
  return `${good.slice(0, good.lastIndexOf("."))}.${Buffer.from(signature).toString("base64url")}`;
}

function signingInput(token: string): Buffer {
  return Buffer.from(token.slice(0, token.lastIndexOf(".")), "ascii");
}

const ORDERS: Record<string, string> = {
  ES256: "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
  ES384: "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
  ES512:
    "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" +
    "fa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
};

describe.each([
  { alg: "ES256", spec: "P-256", size: 32, hash: "sha256" },
  { alg: "ES384", spec: "P-384", size: 48, hash: "sha384" },
  { alg: "ES512", spec: "P-521", size: 66, hash: "sha512" },
] as const)("$alg: signatures outside JOSE's r || s are refused on the WebCrypto path", ({ alg, spec, size, hash }) => {
  const key = JWK.generate(spec);
  const good = new JWS({ alg, key }).sign({ sub: "x" });
  const raw = Buffer.from(good.split(".")[2] as string, "base64url");
  const order = Buffer.from(ORDERS[alg] as string, "hex");
  const cases: Record<string, Uint8Array> = {
    "a DER signature": nodeSign(hash, signingInput(good), {
      key: createPrivateKey(key.toPem({ private: true })),
      dsaEncoding: "der",
    }),
    "r = 0": Buffer.concat([Buffer.alloc(size), raw.subarray(size)]),
    "s = 0": Buffer.concat([raw.subarray(0, size), Buffer.alloc(size)]),
    "r = n": Buffer.concat([order, raw.subarray(size)]),
    "s = n": Buffer.concat([raw.subarray(0, size), order]),
    "one byte short": raw.subarray(1),
  };
  test("the untouched token is accepted by both", async () => {
    expect(await bothDecisions(alg, key, good)).toEqual({ sync: "accepted", webcrypto: "accepted" });
  });
  for (const [name, signature] of Object.entries(cases)) {
    test(`${name} is refused by both`, async () => {
      const decided = await bothDecisions(alg, key, withSignature(good, signature));
      expect(decided).toEqual({ sync: "ERR_SIGNATURE_INVALID", webcrypto: "ERR_SIGNATURE_INVALID" });
    });
  }
});

describe("PS256 with a salt length other than the hash length is refused on the WebCrypto path", () => {
  const key = JWK.generate("RSA-2048");
  const pkcs8 = createPrivateKey(key.toPem({ private: true }));
  const good = new JWS({ alg: "PS256", key }).sign({ sub: "x" });
  const pss = (saltLength: number) =>
    nodeSign("sha256", signingInput(good), { key: pkcs8, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength });
  test("a 32-byte salt made by node:crypto is accepted by both", async () => {
    expect(await bothDecisions("PS256", key, withSignature(good, pss(32)))).toEqual({
      sync: "accepted",
      webcrypto: "accepted",
    });
  });
  for (const salt of [0, 20, 33]) {
    test(`salt length ${salt} is refused by both`, async () => {
      expect(await bothDecisions("PS256", key, withSignature(good, pss(salt)))).toEqual({
        sync: "ERR_SIGNATURE_INVALID",
        webcrypto: "ERR_SIGNATURE_INVALID",
      });
    });
  }
});

describe("tampered and disallowed tokens are refused alike on the WebCrypto path", () => {
  const rsa = JWK.generate("RSA-2048");
  const good = new JWS({ alg: "RS256", key: rsa }).sign({ sub: "x", admin: false });
  const [h, p, s] = good.split(".") as [string, string, string];
  const hs = JWK.generate("oct-256");
  const cases: Record<string, { token: string; code: string; algorithms?: string[] }> = {
    "a changed payload": {
      token: `${h}.${Buffer.from('{"sub":"x","admin":true}').toString("base64url")}.${s}`,
      code: "ERR_SIGNATURE_INVALID",
    },
    "a flipped signature bit": {
      token: `${h}.${p}.${s.slice(0, 10)}${s[10] === "A" ? "B" : "A"}${s.slice(11)}`,
      code: "ERR_SIGNATURE_INVALID",
    },
    "base64 padding in the signature": { token: `${good}=`, code: "ERR_BASE64" },
    "alg none": {
      token: `${Buffer.from('{"alg":"none"}').toString("base64url")}.${p}.${s}`,
      code: "ERR_ALG_NOT_ALLOWED",
    },
    "an HS256 token for an RS256 instance": {
      token: new JWS({ alg: "HS256", key: hs }).sign({ sub: "x" }),
      code: "ERR_ALG_NOT_ALLOWED",
    },
    "PS256 not on the caller's allow-list": {
      token: new JWS({ alg: "PS256", key: rsa }).sign({ sub: "x" }),
      code: "ERR_ALG_NOT_ALLOWED",
      algorithms: ["RS256"],
    },
    "two parts only": { token: `${h}.${p}`, code: "ERR_TOKEN_MALFORMED" },
  };
  for (const [name, { token, code, algorithms }] of Object.entries(cases)) {
    test(`${name}: ${code} from both`, async () => {
      expect(await bothDecisions("RS256", rsa, token, algorithms)).toEqual({ sync: code, webcrypto: code });
    });
  }
  test("a PS256 token on the caller's allow-list is verified with RSA-PSS by both", async () => {
    const token = new JWS({ alg: "PS256", key: rsa }).sign({ sub: "x" });
    expect(await bothDecisions("RS256", rsa, token, ["RS256", "PS256"])).toEqual({
      sync: "accepted",
      webcrypto: "accepted",
    });
  });
});

describe("Ed25519 with a non-canonical S (S + L) is refused on the WebCrypto path", () => {
  const key = JWK.generate("Ed25519");
  const good = new JWS({ alg: "EdDSA", key }).sign({ sub: "x" });
  const signature = Buffer.from(good.split(".")[2] as string, "base64url");
  test("the canonical signature is accepted and S + L refused by both", async () => {
    expect(await bothDecisions("EdDSA", key, good)).toEqual({ sync: "accepted", webcrypto: "accepted" });
    const malleated = withSignature(good, nonCanonicalEd25519(signature));
    expect(await bothDecisions("EdDSA", key, malleated)).toEqual({
      sync: "ERR_SIGNATURE_INVALID",
      webcrypto: "ERR_SIGNATURE_INVALID",
    });
  });
});

describe("ECDH-ES epk points that must never reach an agreement are refused on the WebCrypto path", () => {
  const key = JWK.generate("P-256");
  const good = new JWE({ alg: "ECDH-ES+A256KW", enc: "A256GCM", key }).encrypt("secret");
  const [protectedB64, ...rest] = good.split(".");
  const header = JSON.parse(Buffer.from(protectedB64 as string, "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
  const withEpk = (epk: unknown) =>
    [Buffer.from(JSON.stringify({ ...header, epk })).toString("base64url"), ...rest].join(".");
  const p384 = JWK.generate("P-384").export() as Record<string, unknown>;
  const epk = header["epk"] as { x: string; y: string };
  const offCurveY = Buffer.from(epk.y, "base64url");
  offCurveY[31] = (offCurveY[31] as number) ^ 1;
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
  const sync = new JWE({ alg: "ECDH-ES+A256KW", enc: "A256GCM", key, backend: "wasm" });
  const webcrypto = new JWE({ alg: "ECDH-ES+A256KW", enc: "A256GCM", key, asyncBackend: "webcrypto" });
  test("the untouched token opens on both", async () => {
    expect(webcrypto.asyncBackend).toBe("webcrypto");
    expect(new TextDecoder().decode(await webcrypto.decryptAsync(good))).toBe("secret");
    expect(new TextDecoder().decode(sync.decrypt(good))).toBe("secret");
  });
  for (const [name, bad] of Object.entries(cases)) {
    test(`${name} is refused with ERR_EPK_INVALID by both`, async () => {
      const token = withEpk(bad);
      expect(await decision(() => sync.decrypt(token))).toBe("ERR_EPK_INVALID");
      expect(await decision(() => webcrypto.decryptAsync(token))).toBe("ERR_EPK_INVALID");
    });
  }
});

describe("RSA-OAEP tokens that fail to unwrap are refused alike on the WebCrypto path", () => {
  const key = JWK.generate("RSA-2048");
  const sync = new JWE({ alg: "RSA-OAEP-256", enc: "A256GCM", key, backend: "wasm" });
  const webcrypto = new JWE({ alg: "RSA-OAEP-256", enc: "A256GCM", key, asyncBackend: "webcrypto" });
  const good = sync.encrypt("secret");
  const parts = good.split(".");
  const encryptedKey = Buffer.from(parts[1] as string, "base64url");
  encryptedKey[10] = (encryptedKey[10] as number) ^ 1;
  const cases: Record<string, string> = {
    "a corrupted encrypted key": [parts[0], encryptedKey.toString("base64url"), ...parts.slice(2)].join("."),
    // Two characters that always differ from the tag's own (a random tag can end in "AA").
    "a corrupted tag": [
      ...parts.slice(0, 4),
      `${parts[4]?.slice(0, -2)}${parts[4]?.endsWith("AA") ? "QA" : "AA"}`,
    ].join("."),
    "an RSA-OAEP (SHA-1) token for an RSA-OAEP-256 instance": new JWE({ alg: "RSA-OAEP", enc: "A256GCM", key }).encrypt(
      "secret",
    ),
  };
  test("the untouched token opens on both", async () => {
    expect(new TextDecoder().decode(await webcrypto.decryptAsync(good))).toBe("secret");
  });
  for (const [name, token] of Object.entries(cases)) {
    test(`${name}: the same refusal from both`, async () => {
      const syncCode = await decision(() => sync.decrypt(token));
      expect(syncCode).not.toBe("accepted");
      expect(await decision(() => webcrypto.decryptAsync(token))).toBe(syncCode);
    });
  }
});
