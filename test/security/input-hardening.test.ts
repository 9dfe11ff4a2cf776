/**
 * Rows of the hostile-input table that live in the TypeScript layer: the
 * nested-JWT error class, bytes signed as something else, options that
 * failed open, RFC 7515 4.1.11 crit rules, prototype names in claims,
 * errors that were not JamErrors, and the encrypt-only warning.
 */
import { describe, expect, it } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { CompactEncrypt } from "jose";
import {
  createJwtInstance,
  JamConfigurationError,
  JamError,
  JamJWEDecryptionError,
  JamJWSVerificationError,
  JWE,
  JWS,
  JWT,
  type Logger,
} from "../../ts/index.js";

const SECRET = "h".repeat(32);
const pem = {
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
} as const;
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048, ...pem });
const ec = generateKeyPairSync("ec", { namedCurve: "P-256", ...pem });
const jws = new JWS({ alg: "HS256", key: SECRET });
const jwt = new JWT({ alg: "HS256", secretKey: SECRET });
/** A JWS of claims with typ "JWT", which JWT.decode requires by default (as jam does). */
const jwtToken = (claims: unknown) => jws.sign(claims as object, { typ: "JWT" });
const now = () => Math.floor(Date.now() / 1000);

/** The error `fn` throws (failing the test if it returns). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

function invalidArgument(fn: () => unknown): void {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(JamConfigurationError);
  expect(error).toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
}

describe("nested JWT error class", () => {
  it("a JWE with cty JWT around bytes that are not UTF-8 is a JamJWEDecryptionError, not a TypeError", () => {
    const nested = new JWT({ alg: "RS256", enc: "A256GCM", secretKey: rsa.privateKey });
    const stranger = new JWE({ alg: "RSA-OAEP", enc: "A256GCM", key: rsa.publicKey });
    const token = stranger.encrypt(new Uint8Array([0xff, 0xfe]), { cty: "JWT" });
    const error = thrown(() => nested.decrypt(token));
    expect(error).toBeInstanceOf(JamJWEDecryptionError);
    expect(error).toMatchObject({ code: "ERR_PAYLOAD_INVALID" });
    // identify() (what lists use) does not throw on it either: it keys the token whole.
    expect(nested.identify(token).id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("a nested JWS whose payload is not JSON is a JamJWSVerificationError with ERR_PAYLOAD_INVALID", () => {
    const nested = new JWT({ alg: "RS256", enc: "A256GCM", secretKey: rsa.privateKey });
    const signer = new JWS({ alg: "RS256", key: rsa.privateKey });
    const stranger = new JWE({ alg: "RSA-OAEP", enc: "A256GCM", key: rsa.publicKey });
    const token = stranger.encrypt(signer.sign("not json"), { cty: "JWT" });
    const error = thrown(() => nested.decrypt(token));
    expect(error).toBeInstanceOf(JamJWSVerificationError);
    expect(error).toMatchObject({ code: "ERR_PAYLOAD_INVALID" });
  });
});

describe("a payload that is not JSON, or not UTF-8", () => {
  it.each([
    ["not JSON", new TextEncoder().encode("not json")],
    ["not UTF-8", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
  ])(
    "decode of a JWT whose payload is %s is a JamJWSVerificationError subclass error, not a plain JamError",
    (_, bytes) => {
      const error = thrown(() => jwt.decode(jwtToken(bytes)));
      expect(error).toBeInstanceOf(JamJWSVerificationError);
      expect((error as JamError).constructor).not.toBe(JamError);
      expect(error).toMatchObject({ code: "ERR_PAYLOAD_INVALID" });
    },
  );
});

describe("wrong bytes signed silently", () => {
  it("signBytes refuses a string instead of signing that many zero bytes", () => {
    invalidArgument(() => jws.signBytes("hello" as unknown as Uint8Array, {}));
    invalidArgument(() => jws.signBytes([104, 101] as unknown as Uint8Array, {}));
    // The bytes of "hello" sign as "hello".
    const token = jws.signBytes(new TextEncoder().encode("hello"), {});
    expect(Buffer.from(token.split(".")[1]!, "base64url").toString()).toBe("hello");
  });

  it("sign refuses what is neither bytes, a string nor a JSON object", () => {
    for (const bad of [null, undefined, 42, true, 1n, Symbol("s"), () => 1]) {
      invalidArgument(() => jws.sign(bad as unknown as string));
    }
  });

  it("JWE encrypt refuses the same, and a header that is not an object", () => {
    const jwe = new JWE({ alg: "A256KW", enc: "A256GCM", key: new Uint8Array(32).fill(7) });
    for (const bad of [null, 42, 1n, Symbol("s")]) invalidArgument(() => jwe.encrypt(bad as unknown as string));
    for (const bad of [null, 42, "x", ["a"]])
      invalidArgument(() => jwe.encrypt("x", bad as unknown as Record<string, unknown>));
  });
});

describe("options fail closed", () => {
  const old = jwtToken({ iat: now() - 3600 });

  it.each([NaN, "abc", [60], "60", -1, Infinity, null])("maxTokenAge %j is refused, never ignored", (maxTokenAge) => {
    invalidArgument(() => jwt.decode(old, { maxTokenAge } as never));
  });

  it("maxTokenAge 60 refuses an hour-old token", () => {
    expect(() => jwt.decode(old, { maxTokenAge: 60 })).toThrow(expect.objectContaining({ name: "JamJWTExpired" }));
  });

  it.each([new Date(NaN), 0, Date.now(), "2020-01-01", null])(
    "currentDate %j is refused, so exp is never skipped",
    (currentDate) => {
      invalidArgument(() => jwt.decode(jwtToken({ exp: now() - 10 }), { currentDate } as never));
    },
  );

  it.each([-1, NaN, Infinity, "5", null])(
    "clockTolerance %j is refused with a JamConfigurationError, not a RangeError",
    (clockTolerance) => {
      invalidArgument(() => jwt.decode(jwtToken({}), { clockTolerance } as never));
    },
  );

  it("bad options fail even when validateClaims is false, and before any token is read", () => {
    invalidArgument(() => jwt.decode(jwtToken({}), { validateClaims: false, maxTokenAge: NaN }));
    invalidArgument(() => jwt.decode("garbage", { currentDate: new Date(NaN) }));
    invalidArgument(() => jwt.decode(jwtToken({}), { validateClaims: "no" } as never));
  });

  it.each([NaN, -1, 0, 1.5, 2 ** 32 + 100, "100", null])(
    "JWS maxTokenLength %j is refused (no NaN, no wrap to 100)",
    (maxTokenLength) => {
      invalidArgument(() => new JWS({ alg: "HS256", key: SECRET, maxTokenLength } as never));
      invalidArgument(() => new JWT({ alg: "HS256", secretKey: SECRET, maxTokenLength } as never));
    },
  );

  it("a valid maxTokenLength is enforced", () => {
    const small = new JWS({ alg: "HS256", key: SECRET, maxTokenLength: 100 });
    expect(() => small.verify(jws.sign({ pad: "x".repeat(200) }))).toThrow(
      expect.objectContaining({ code: "ERR_TOKEN_TOO_LARGE" }),
    );
  });

  it.each([
    ["issuer", 42],
    ["audience", { a: 1 }],
    ["subject", 1],
    ["typ", ["JWT"]],
    ["requiredClaims", "exp"],
    ["requiredClaims", [1]],
    ["algorithms", null],
    ["algorithms", "HS256"],
    ["crit", "b64"],
  ])("decode option %s = %j is refused", (name, value) => {
    invalidArgument(() => jwt.decode(jwtToken({}), { [name]: value } as never));
  });
});

describe("crit (RFC 7515 4.1.11)", () => {
  const signed = (header: Record<string, unknown>) => jws.sign({}, header);
  const refused = (token: string, crit: string[], code: string) => {
    const error = thrown(() => jws.verify(token, { crit }));
    expect(error).toBeInstanceOf(JamJWSVerificationError);
    expect(error).toMatchObject({ code });
  };

  it("refuses a name listed twice", () => {
    refused(signed({ crit: ["exp", "exp"], exp: 1 }), ["exp"], "ERR_HEADER_INVALID");
  });

  it.each(["alg", "typ", "kid", "crit", "enc", "zip", "cty"])("refuses the registered name %s in crit", (name) => {
    refused(signed({ crit: [name], kid: "k", cty: "x", enc: "e", zip: "z" }), [name], "ERR_HEADER_INVALID");
  });

  it.each(["toString", "constructor", "__proto__", "hasOwnProperty"])(
    "refuses %s, present only on Object.prototype",
    (name) => {
      refused(signed({ crit: [name] }), [name], "ERR_HEADER_INVALID");
    },
  );

  it("refuses an empty crit, a non-array crit and an empty name", () => {
    refused(signed({ crit: [] }), [], "ERR_HEADER_INVALID");
    refused(signed({ crit: "exp", exp: 1 }), ["exp"], "ERR_HEADER_INVALID");
    refused(signed({ crit: [""], "": 1 }), [""], "ERR_HEADER_INVALID");
  });

  it("a string crit option does not match substrings: it is refused", () => {
    invalidArgument(() => jws.verify(signed({ crit: ["xp"], xp: 1 }), { crit: "exp" as never }));
  });

  it("accepts an understood, present, unregistered name once", () => {
    expect(jws.verify(signed({ crit: ["exp"], exp: 1 }), { crit: ["exp"] }).header["exp"]).toBe(1);
    refused(signed({ crit: ["exp"], exp: 1 }), ["other"], "ERR_CRIT_UNSUPPORTED");
  });

  it.each([
    [["alg"], "ERR_HEADER_INVALID"],
    [["exp"], "ERR_HEADER_INVALID"],
  ])("a JWE (made by jose) with crit %j is refused with a JWE error %s", async (crit, code) => {
    const key = new Uint8Array(32).fill(7);
    const token = await new CompactEncrypt(new TextEncoder().encode("x"))
      .setProtectedHeader({ alg: "dir", enc: "A256GCM", crit, exp: 1 })
      .encrypt(key, { crit: { exp: true, alg: true } });
    const error = thrown(() => new JWE({ alg: "dir", enc: "A256GCM", key }).decrypt(token));
    expect(error).toBeInstanceOf(JamJWEDecryptionError);
    expect(error).toMatchObject({ code });
  });
});

describe("prototype names in claims", () => {
  it.each(["toString", "constructor", "__proto__", "valueOf"])(
    "requiredClaims [%s] fails when the claim is absent",
    (name) => {
      expect(() => jwt.decode(jwtToken({}), { requiredClaims: [name] })).toThrow(
        expect.objectContaining({ name: "JamJWTClaimValidationError", claim: name, reason: "missing" }),
      );
    },
  );

  it("a claim present as an own property satisfies requiredClaims", () => {
    expect(jwt.decode(jwtToken(JSON.parse('{"toString":1}')), { requiredClaims: ["toString"] }).payload).toHaveProperty(
      "toString",
      1,
    );
  });

  it("an inherited exp/iss does not count: only own claims are read", () => {
    expect(() => jwt.decode(jwtToken({}), { issuer: "constructor" })).toThrow(
      expect.objectContaining({ claim: "iss" }),
    );
  });
});

describe("errors that were not JamErrors", () => {
  it("a BigInt or circular header is ERR_INVALID_ARGUMENT, not a TypeError", () => {
    const circular: Record<string, unknown> = {};
    circular["self"] = circular;
    invalidArgument(() => jws.sign({}, { big: 1n }));
    invalidArgument(() => jws.sign({}, circular));
    invalidArgument(() => jwt.encode({ header: { big: 1n } }));
    invalidArgument(() => jwt.encode({ payload: { self: circular } }));
    invalidArgument(() => jws.sign({ big: 1n }));
  });

  it("algorithms: null is ERR_INVALID_ARGUMENT, not a TypeError", () => {
    invalidArgument(() => jws.verify(jws.sign({}), { algorithms: null as never }));
  });
});

describe("encrypt-only mode with a public-key key", () => {
  const recorder = () => {
    const warnings: string[] = [];
    const logger: Logger = { debug() {}, info() {}, error() {}, warn: (m) => void warnings.push(m) };
    return { warnings, logger };
  };

  it.each([
    ["RSA", rsa.privateKey],
    ["EC", ec.privateKey],
  ])("warns through the instance's logger for an %s key without alg", (_, key) => {
    const { warnings, logger } = recorder();
    new JWT({ enc: "A256GCM", secretKey: key, logger }).dispose();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/anyone holding the public key can make a token that decrypts/);
  });

  it("warns for createJwtInstance too, and for a pre-built public-key JWE", () => {
    const a = recorder();
    createJwtInstance({ enc: "A256GCM", secret: rsa.privateKey, logger: a.logger }).dispose();
    expect(a.warnings).toHaveLength(1);
    const b = recorder();
    new JWT({ jwe: new JWE({ alg: "RSA-OAEP", enc: "A256GCM", key: rsa.privateKey }), logger: b.logger });
    expect(b.warnings).toHaveLength(1);
  });

  it("does not warn with a signing alg, or with a symmetric secret", () => {
    const { warnings, logger } = recorder();
    new JWT({ alg: "RS256", enc: "A256GCM", secretKey: rsa.privateKey, logger }).dispose();
    new JWT({ enc: "A256GCM", secretKey: SECRET, logger }).dispose();
    expect(warnings).toEqual([]);
  });
});
