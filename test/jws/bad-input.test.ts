/**
 * Every bad input gets a typed error with a stable code, and the WebAssembly
 * instance keeps working after each one (a panic would poison it).
 */
import { createHmac, generateKeyPairSync } from "node:crypto";
import { describe, expect, test } from "vitest";
import {
  JamConfigurationError,
  JamError,
  JamJWSVerificationError,
  JamJWTUnsupportedAlgorithm,
  type JsonWebKeyObject,
  JWS,
  JWT,
} from "../../ts/index.js";
import { keyPairFor } from "../helpers/keys.js";

const secret = "s".repeat(32);
const jwt = new JWT({ alg: "HS256", secretKey: secret });
const good = jwt.encode({ sub: "probe", exp: 300 });
const [goodHead, goodBody, goodSig] = good.split(".") as [string, string, string];
const b64 = (text: string) => Buffer.from(text).toString("base64url");

/** After any failure, a fresh sign/verify must still work. */
function instanceStillWorks() {
  const token = jwt.encode({ sub: "after" });
  expect(jwt.decode(token).payload["sub"]).toBe("after");
}

function expectRefused(fn: () => unknown, type: new (...args: never[]) => JamError, code: string) {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(type);
  expect((caught as JamError).code).toBe(code);
  expect((caught as JamError).name).toBe(type.name);
  instanceStillWorks();
}

describe("malformed tokens", () => {
  const cases: Array<[string, unknown, string]> = [
    ["an empty string", "", "ERR_TOKEN_MALFORMED"],
    ["two segments", `${goodHead}.${goodBody}`, "ERR_TOKEN_MALFORMED"],
    ["four segments", `${good}.x`, "ERR_TOKEN_MALFORMED"],
    ["a JWE-shaped token (five segments)", "a.b.c.d.e", "ERR_TOKEN_MALFORMED"],
    ["an empty signature", `${goodHead}.${goodBody}.`, "ERR_TOKEN_MALFORMED"],
    ["padding in a segment", `${goodHead}=.${goodBody}.${goodSig}`, "ERR_BASE64"],
    ["standard base64 characters", `${goodHead}.${goodBody}.${goodSig.replace(/^./, "+")}`, "ERR_BASE64"],
    ["white space", `${goodHead} .${goodBody}.${goodSig}`, "ERR_BASE64"],
    ["non-canonical trailing bits", `${goodHead}.${goodBody}.${goodSig.slice(0, -1)}h`, "ERR_BASE64"],
    ["a header that is not JSON", `${b64("{alg")}.${goodBody}.${goodSig}`, "ERR_HEADER_INVALID"],
    ["a header that is a JSON array", `${b64("[]")}.${goodBody}.${goodSig}`, "ERR_HEADER_INVALID"],
    ["a header without alg", `${b64("{}")}.${goodBody}.${goodSig}`, "ERR_HEADER_INVALID"],
    ["a tampered payload", `${goodHead}.${b64('{"sub":"admin"}')}.${goodSig}`, "ERR_SIGNATURE_INVALID"],
    [
      "a tampered signature",
      `${goodHead}.${goodBody}.${goodSig.replace(/^./, goodSig[0] === "A" ? "B" : "A")}`,
      "ERR_SIGNATURE_INVALID",
    ],
    ["a number instead of a string", 42, "ERR_TOKEN_MALFORMED"],
  ];
  test.each(cases)("%s is a JamJWSVerificationError", (_name, token, code) => {
    expectRefused(() => jwt.decode(token as string), JamJWSVerificationError, code);
  });

  test("an oversized token is refused before any work", () => {
    const small = new JWT({ alg: "HS256", secretKey: secret, maxTokenLength: 64 });
    expectRefused(() => small.decode(good), JamJWSVerificationError, "ERR_TOKEN_TOO_LARGE");
    expectRefused(() => jwt.decode("a".repeat(300_000)), JamJWSVerificationError, "ERR_TOKEN_TOO_LARGE");
  });

  test("a payload that is not a JSON object is refused after verification", () => {
    const jws = new JWS({ alg: "HS256", key: secret });
    expectRefused(() => jwt.decode(jws.sign("[1,2]")), JamJWSVerificationError, "ERR_PAYLOAD_INVALID");
    expect(() => jwt.decode(jws.sign("not json"))).toThrow(JamError);
    instanceStillWorks();
  });

  test("a payload that is not UTF-8 is refused", () => {
    const jws = new JWS({ alg: "HS256", key: secret });
    expect(() => jwt.decode(jws.sign(new Uint8Array([0xff, 0xfe])))).toThrow(JamError);
    instanceStillWorks();
  });
});

describe("algorithms", () => {
  test('alg "none" is refused even when the caller allows it', () => {
    const none = `${b64('{"alg":"none"}')}.${goodBody}.${goodSig}`;
    expectRefused(() => jwt.decode(none), JamJWTUnsupportedAlgorithm, "ERR_ALG_NOT_ALLOWED");
    expectRefused(() => jwt.decode(none, { algorithms: ["none"] }), JamJWTUnsupportedAlgorithm, "ERR_ALG_UNSUPPORTED");
    expect(() => new JWT({ alg: "none" as "HS256", secretKey: secret })).toThrow(JamJWTUnsupportedAlgorithm);
  });

  test("a token whose alg is not on the allow-list is refused", () => {
    const hs512 = new JWT({ alg: "HS512", secretKey: "k".repeat(64) }).encode({});
    const sameKey = new JWT({ alg: "HS256", secretKey: "k".repeat(64) });
    expectRefused(() => sameKey.decode(hs512), JamJWTUnsupportedAlgorithm, "ERR_ALG_NOT_ALLOWED");
    // Allowed explicitly, it verifies.
    expect(sameKey.decode(hs512, { algorithms: ["HS256", "HS512"] }).header["alg"]).toBe("HS512");
  });

  test("an unknown alg is an unsupported-algorithm error", () => {
    expect(() => new JWS({ alg: "HS1024" as "HS256", key: secret })).toThrow(JamJWTUnsupportedAlgorithm);
  });

  test("an RSA public key is never an HMAC secret (no key confusion)", () => {
    const pem = keyPairFor("RS256").publicKey.export({ type: "spki", format: "pem" }) as string;
    expectRefused(() => new JWT({ alg: "HS256", secretKey: pem }), JamConfigurationError, "ERR_KEY_ALG_MISMATCH");
    // A token HMAC'd with the PEM text as the secret does not verify with the RSA key.
    const input = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64("{}")}`;
    const forged = `${input}.${createHmac("sha256", pem).update(input).digest("base64url")}`;
    const rsa = new JWT({ alg: "RS256", secretKey: pem });
    expectRefused(() => rsa.decode(forged), JamJWTUnsupportedAlgorithm, "ERR_ALG_NOT_ALLOWED");
    expectRefused(
      () => rsa.decode(forged, { algorithms: ["RS256", "HS256"] }),
      JamJWTUnsupportedAlgorithm,
      "ERR_KEY_ALG_MISMATCH",
    );
  });

  test("crit names we do not understand are refused; understood ones pass", () => {
    const jws = new JWS({ alg: "HS256", key: secret });
    const token = jws.sign({ sub: "x" }, { crit: ["exp-ext"], "exp-ext": 1 });
    expectRefused(() => jws.verify(token), JamJWSVerificationError, "ERR_CRIT_UNSUPPORTED");
    expect(jws.verify(token, { crit: ["exp-ext"] }).header["exp-ext"]).toBe(1);
    const absent = jws.sign({ sub: "x" }, { crit: ["missing"] });
    expectRefused(() => jws.verify(absent, { crit: ["missing"] }), JamJWSVerificationError, "ERR_HEADER_INVALID");
    const empty = jws.sign({ sub: "x" }, { crit: [] });
    expectRefused(() => jws.verify(empty), JamJWSVerificationError, "ERR_HEADER_INVALID");
  });
});

describe("keys that do not parse say why", () => {
  const cases: Array<[string, () => unknown, string]> = [
    ["an empty secret", () => new JWT({ alg: "HS256", secretKey: "" }), "ERR_KEY_TOO_SMALL"],
    ["a short HMAC secret", () => new JWT({ alg: "HS256", secretKey: "short" }), "ERR_KEY_TOO_SMALL"],
    ["a short secret for HS512", () => new JWT({ alg: "HS512", secretKey: "x".repeat(32) }), "ERR_KEY_TOO_SMALL"],
    [
      "a PEM with a garbled body",
      () => new JWT({ alg: "RS256", secretKey: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----" }),
      "ERR_KEY_ENCODING",
    ],
    [
      "a PEM-looking string that is not PEM",
      () => new JWT({ alg: "HS256", secretKey: `-----BEGIN nonsense${"x".repeat(40)}` }),
      "ERR_KEY_ENCODING",
    ],
    [
      "JSON that is not a JWK",
      () => new JWT({ alg: "HS256", secretKey: '{"hello": "world", "padding": "xxxxxxxxxxxxxxxx"}' }),
      "ERR_KEY_ENCODING",
    ],
    ["a JWK of unknown kty", () => new JWT({ alg: "HS256", secretKey: { kty: "XYZ" } }), "ERR_KEY_TYPE"],
    ["an RSA key of 1024 bits", () => new JWT({ alg: "RS256", secretKey: rsa1024() }), "ERR_KEY_TOO_SMALL"],
    [
      "a public key for signing",
      () =>
        new JWT({
          alg: "ES256",
          secretKey: keyPairFor("ES256").publicKey.export({ format: "jwk" }) as JsonWebKeyObject,
        }).encode({}),
      "ERR_KEY_NOT_PRIVATE",
    ],
    [
      "an EC key for the wrong curve",
      () =>
        new JWT({
          alg: "ES256",
          secretKey: keyPairFor("ES384").privateKey.export({ format: "jwk" }) as JsonWebKeyObject,
        }),
      "ERR_KEY_ALG_MISMATCH",
    ],
    [
      "an Ed25519 key for ES256",
      () =>
        new JWT({
          alg: "ES256",
          secretKey: keyPairFor("EdDSA").privateKey.export({ format: "jwk" }) as JsonWebKeyObject,
        }),
      "ERR_KEY_ALG_MISMATCH",
    ],
    [
      "an unsupported input type",
      () => new JWT({ alg: "HS256", secretKey: 42 as unknown as string }),
      "ERR_KEY_ENCODING",
    ],
  ];
  test.each(cases)("%s", (_name, fn, code) => {
    expectRefused(fn, JamConfigurationError, code);
  });

  test("an encrypted key with a wrong or missing password", () => {
    const pem = keyPairFor("ES256").privateKey.export({
      type: "pkcs8",
      format: "pem",
      cipher: "aes-256-cbc",
      passphrase: "right",
    }) as string;
    expectRefused(
      () => new JWT({ alg: "ES256", secretKey: pem, password: "wrong" }),
      JamConfigurationError,
      "ERR_KEY_PASSWORD",
    );
    expectRefused(() => new JWT({ alg: "ES256", secretKey: pem }), JamConfigurationError, "ERR_KEY_PASSWORD");
    expect(new JWT({ alg: "ES256", secretKey: pem, password: "right" }).encode({})).toMatch(/^eyJ/);
  });

  test("a JWK restricted by use, key_ops or alg cannot be used otherwise", () => {
    const jwk = { kty: "oct", k: Buffer.from("k".repeat(32)).toString("base64url") };
    expectRefused(
      () => new JWT({ alg: "HS256", secretKey: { ...jwk, use: "enc" } }),
      JamConfigurationError,
      "ERR_KEY_USAGE",
    );
    expectRefused(
      () => new JWT({ alg: "HS256", secretKey: { ...jwk, alg: "HS384" } }),
      JamConfigurationError,
      "ERR_KEY_USAGE",
    );
    const verifyOnly = new JWT({ alg: "HS256", secretKey: { ...jwk, key_ops: ["verify"] } });
    expectRefused(() => verifyOnly.encode({}), JamConfigurationError, "ERR_KEY_USAGE");
    const token = new JWT({ alg: "HS256", secretKey: jwk }).encode({ sub: "ok" });
    expect(verifyOnly.decode(token).payload["sub"]).toBe("ok");
  });

  test("a short secret is accepted only with allowShortSecrets, and logs a warning", () => {
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (m: string) => void warnings.push(m) };
    const legacy = new JWT({ alg: "HS256", secretKey: "short", allowShortSecrets: true, logger });
    expect(legacy.decode(legacy.encode({ sub: "old" })).payload["sub"]).toBe("old");
    expect(warnings.length).toBe(1);
    // Never for JWK oct keys.
    const shortJwk = { kty: "oct", k: Buffer.from("short").toString("base64url") };
    expectRefused(
      () => new JWT({ alg: "HS256", secretKey: shortJwk, allowShortSecrets: true }),
      JamConfigurationError,
      "ERR_KEY_TOO_SMALL",
    );
  });
});

function rsa1024(): string {
  // node:crypto still makes small RSA keys; the library must refuse them.
  return generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({
    type: "pkcs8",
    format: "pem",
  }) as string;
}
