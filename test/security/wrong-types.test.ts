/**
 * Every public entry point of the JWS/JWE/JWT/Jam/list layer, fed values of
 * the wrong type: null, numbers, NaN, BigInt, symbols, functions, arrays,
 * objects whose getters throw, Invalid Dates and huge strings. Each must
 * throw (or reject with) a JamError subclass carrying a known code: never
 * a TypeError, RangeError or SyntaxError, never a wasm trap, never a
 * plain JamError without a class.
 */
import { describe, expect, it } from "vitest";
import {
  createInstance,
  createJwtInstance,
  createTokenList,
  Jam,
  JamError,
  JWE,
  JWS,
  JWT,
  type MemoryTokenList,
} from "../../ts/index.js";

const SECRET = "w".repeat(32);
const AES = new Uint8Array(32).fill(3);

/** Every code this library throws (ts/errors.ts JamErrorCode). */
const CODES = new Set([
  "ERR_TOKEN_MALFORMED",
  "ERR_TOKEN_TOO_LARGE",
  "ERR_BASE64",
  "ERR_HEADER_INVALID",
  "ERR_ALG_UNSUPPORTED",
  "ERR_ALG_NOT_ALLOWED",
  "ERR_KEY_ALG_MISMATCH",
  "ERR_KEY_USAGE",
  "ERR_KEY_NOT_PRIVATE",
  "ERR_KEY_ENCODING",
  "ERR_KEY_TYPE",
  "ERR_KEY_TOO_SMALL",
  "ERR_KEY_PASSWORD",
  "ERR_SIGNATURE_INVALID",
  "ERR_ENCRYPTION_FAILED",
  "ERR_DECRYPTION_FAILED",
  "ERR_P2C_LIMIT",
  "ERR_ZIP_LIMIT",
  "ERR_EPK_INVALID",
  "ERR_INVALID_ARGUMENT",
  "ERR_CRIT_UNSUPPORTED",
  "ERR_PAYLOAD_INVALID",
  "ERR_CORE_NOT_READY",
  "ERR_CONFIG",
  "ERR_JWT_EXPIRED",
  "ERR_JWT_NOT_YET_VALID",
  "ERR_JWT_CLAIM_INVALID",
  "ERR_JWT_IN_BLACK_LIST",
  "ERR_JWT_NOT_IN_WHITE_LIST",
  "ERR_LIST_UNAVAILABLE",
]);

const throwingGetter = (): Record<string, unknown> =>
  Object.defineProperty({}, "alg", {
    enumerable: true,
    get() {
      throw new Error("getter says no");
    },
  });
const throwingArray = (): unknown[] =>
  new Proxy(["HS256"], {
    get(target, key) {
      if (key === "length" || key === Symbol.iterator) throw new Error("array says no");
      return Reflect.get(target, key);
    },
  });

/** The wrong values, by name (fresh each time, so a getter cannot be cached). */
const BAD: Record<string, () => unknown> = {
  null: () => null,
  zero: () => 0,
  number: () => 12345,
  NaN: () => NaN,
  negative: () => -1,
  bigint: () => 10n,
  true: () => true,
  symbol: () => Symbol("s"),
  function: () => () => "x",
  emptyArray: () => [],
  array: () => [1, "a"],
  throwingArray,
  emptyObject: () => ({}),
  throwingGetter,
  invalidDate: () => new Date(NaN),
  hugeString: () => "A".repeat(8 * 1024 * 1024),
};

/** An entry point and the names of the BAD values that are wrong for it. */
interface Case {
  name: string;
  call: (bad: unknown) => unknown;
  bad: readonly string[];
}

const ALL = Object.keys(BAD);
const except = (...valid: string[]) => ALL.filter((k) => !valid.includes(k));
/** Values that are not an options object: everything but {} (a valid, empty one). */
const NOT_OPTIONS = except("emptyObject");
/** Values that are not a token string. */
const NOT_TOKEN = except();
/** Values that are not a JWS/JWE payload (bytes, string, object or array). */
const NOT_PAYLOAD = [
  "null",
  "zero",
  "number",
  "NaN",
  "bigint",
  "true",
  "symbol",
  "function",
  "throwingGetter",
  "invalidDate",
];
/** Values that are no key in any format. */
const KEYLESS = ["null", "zero", "number", "NaN", "negative", "bigint", "true", "symbol", "invalidDate"];
/** Values that are not a header object. */
const NOT_HEADER = except("emptyObject");

const jws = new JWS({ alg: "HS256", key: SECRET });
const jwe = new JWE({ alg: "A256KW", enc: "A256GCM", key: AES });
const jwt = new JWT({ alg: "HS256", enc: "A256GCM", secretKey: SECRET });
const signed = jws.sign({ sub: "x" });
const encrypted = jwt.encrypt({ sub: "x" });
const list = createTokenList({ type: "black", backend: "memory" }) as MemoryTokenList;
const jam = new Jam({
  config: {
    jam: {
      jose: {
        jwt: { alg: "HS256", enc: "A256GCM", secret: SECRET, list: { type: "black", backend: "memory" } },
        jws: { alg: "HS256", key: SECRET },
        jwe: { alg: "A256KW", enc: "A256GCM", key: "k".repeat(32) },
      },
    },
  },
  env: {},
});

const CLAIM_OPTIONS = [
  "validateClaims",
  "issuer",
  "audience",
  "subject",
  "typ",
  "requiredClaims",
  "maxTokenAge",
  "clockTolerance",
  "currentDate",
];
/** Values wrong for every claim option (each takes a boolean, string(s), a number or a Date). */
const NOT_CLAIM_OPTION = ["null", "bigint", "symbol", "function", "throwingArray", "throwingGetter", "emptyObject"];

const cases: Case[] = [
  // JWS
  { name: "new JWS(options)", call: (v) => new JWS(v as never), bad: ALL },
  { name: "new JWS({ alg })", call: (v) => new JWS({ alg: v, key: SECRET } as never), bad: ALL },
  // Key formats belong to the key importer; here only what is no key at all.
  { name: "new JWS({ key })", call: (v) => new JWS({ alg: "HS256", key: v } as never), bad: KEYLESS },
  {
    name: "new JWS({ maxTokenLength })",
    call: (v) => new JWS({ alg: "HS256", key: SECRET, maxTokenLength: v } as never),
    bad: except("number"),
  },
  { name: "jws.sign(payload)", call: (v) => jws.sign(v as never), bad: NOT_PAYLOAD },
  { name: "jws.sign(_, header)", call: (v) => jws.sign("x", v as never), bad: NOT_HEADER },
  { name: "jws.signBytes(payload)", call: (v) => jws.signBytes(v as never, {}), bad: ALL },
  { name: "jws.signBytes(_, header)", call: (v) => jws.signBytes(new Uint8Array(1), v as never), bad: NOT_HEADER },
  { name: "jws.verify(token)", call: (v) => jws.verify(v as never), bad: NOT_TOKEN },
  { name: "jws.verify(_, options)", call: (v) => jws.verify(signed, v as never), bad: NOT_OPTIONS },
  {
    name: "jws.verify(_, { algorithms })",
    call: (v) => jws.verify(signed, { algorithms: v } as never),
    bad: except("emptyArray"),
  },
  { name: "jws.verify(_, { crit })", call: (v) => jws.verify(signed, { crit: v } as never), bad: except("emptyArray") },
  // JWE
  { name: "new JWE(options)", call: (v) => new JWE(v as never), bad: ALL },
  { name: "new JWE({ alg })", call: (v) => new JWE({ alg: v, enc: "A256GCM", key: AES } as never), bad: ALL },
  { name: "new JWE({ enc })", call: (v) => new JWE({ alg: "A256KW", enc: v, key: AES } as never), bad: ALL },
  ...["p2c", "maxTokenLength", "p2cMax", "zipMax"].map((option) => ({
    name: `new JWE({ ${option} })`,
    call: (v: unknown) => new JWE({ alg: "A256KW", enc: "A256GCM", key: AES, [option]: v } as never),
    bad: except("number"),
  })),
  { name: "jwe.encrypt(plaintext)", call: (v) => jwe.encrypt(v as never), bad: NOT_PAYLOAD },
  { name: "jwe.encrypt(_, header)", call: (v) => jwe.encrypt("x", v as never), bad: NOT_HEADER },
  { name: "jwe.decrypt(token)", call: (v) => jwe.decrypt(v as never), bad: NOT_TOKEN },
  { name: "jwe.open(token)", call: (v) => jwe.open(v as never), bad: NOT_TOKEN },
  // JWT
  { name: "new JWT(options)", call: (v) => new JWT(v as never), bad: ALL },
  { name: "new JWT({ alg })", call: (v) => new JWT({ alg: v, secretKey: SECRET } as never), bad: ALL },
  { name: "new JWT({ alg }) without a key", call: (v) => new JWT({ alg: v } as never), bad: ALL },
  { name: "new JWT({ enc })", call: (v) => new JWT({ enc: v, secretKey: SECRET } as never), bad: ALL },
  {
    name: "new JWT({ logger })",
    call: (v) => new JWT({ alg: "HS256", secretKey: SECRET, logger: v } as never),
    bad: ALL,
  },
  {
    name: "new JWT({ serializer })",
    call: (v) => new JWT({ alg: "HS256", secretKey: SECRET, serializer: v } as never),
    bad: ALL,
  },
  { name: "new JWT({ list })", call: (v) => new JWT({ alg: "HS256", secretKey: SECRET, list: v } as never), bad: ALL },
  { name: "new JWT({ jws })", call: (v) => new JWT({ jws: v } as never), bad: ALL },
  { name: "new JWT({ jwe })", call: (v) => new JWT({ jwe: v } as never), bad: ALL },
  {
    name: "new JWT({ maxTokenLength })",
    call: (v) => new JWT({ alg: "HS256", secretKey: SECRET, maxTokenLength: v } as never),
    bad: except("number"),
  },
  { name: "createJwtInstance(options)", call: (v) => createJwtInstance(v as never), bad: ALL },
  {
    name: "createInstance({ secret })",
    call: (v) => createInstance({ alg: "HS256", secret: v } as never),
    bad: KEYLESS,
  },
  { name: "jwt.encode(claims)", call: (v) => jwt.encode(v as never), bad: NOT_OPTIONS },
  ...["exp", "nbf"].map((claim) => ({
    name: `jwt.encode({ ${claim} })`,
    call: (v: unknown) => jwt.encode({ [claim]: v } as never),
    bad: except("zero", "number", "negative"),
  })),
  ...["iss", "sub", "jti"].map((claim) => ({
    name: `jwt.encode({ ${claim} })`,
    call: (v: unknown) => jwt.encode({ [claim]: v } as never),
    bad: except("hugeString"),
  })),
  {
    name: "jwt.encode({ aud })",
    call: (v) => jwt.encode({ aud: v } as never),
    bad: except("hugeString", "emptyArray"), // [1, "a"] is refused: aud holds strings
  },
  { name: "jwt.encode({ header })", call: (v) => jwt.encode({ header: v } as never), bad: NOT_HEADER },
  { name: "jwt.encode({ payload })", call: (v) => jwt.encode({ payload: v } as never), bad: NOT_HEADER },
  { name: "jwt.decode(token)", call: (v) => jwt.decode(v as never), bad: NOT_TOKEN },
  { name: "jwt.decode(_, options)", call: (v) => jwt.decode(signed, v as never), bad: NOT_OPTIONS },
  ...CLAIM_OPTIONS.map((option) => ({
    name: `jwt.decode(_, { ${option} })`,
    call: (v: unknown) => jwt.decode(signed, { [option]: v } as never),
    bad: NOT_CLAIM_OPTION,
  })),
  ...["maxTokenAge", "clockTolerance"].map((option) => ({
    name: `jwt.decode(_, { ${option} }) numbers`,
    call: (v: unknown) => jwt.decode(signed, { [option]: v } as never),
    bad: ["NaN", "negative", "true", "hugeString", "emptyArray", "array", "invalidDate"],
  })),
  {
    name: "jwt.decode(_, { currentDate })",
    call: (v) => jwt.decode(signed, { currentDate: v } as never),
    bad: except(),
  },
  {
    name: "jwt.encrypt(payload)",
    call: (v) => jwt.encrypt(v as never),
    bad: NOT_PAYLOAD.concat(["emptyArray", "array"]),
  },
  { name: "jwt.encrypt(_, header)", call: (v) => jwt.encrypt("x", v as never), bad: NOT_HEADER },
  { name: "jwt.decrypt(token)", call: (v) => jwt.decrypt(v as never), bad: NOT_TOKEN },
  { name: "jwt.decrypt(_, options)", call: (v) => jwt.decrypt(encrypted, v as never), bad: NOT_OPTIONS },
  { name: "jwt.identify(token)", call: (v) => jwt.identify(v as never), bad: except("hugeString") },
  // Lists
  { name: "createTokenList(config)", call: (v) => createTokenList(v as never), bad: ALL },
  { name: "list.add(token)", call: (v) => list.add(v as never), bad: except("hugeString") },
  { name: "list.has(token)", call: (v) => list.has(v as never), bad: except("hugeString") },
  { name: "list.delete(token)", call: (v) => list.delete(v as never), bad: except("hugeString") },
  { name: "list.addMany(tokens)", call: (v) => list.addMany(v as never), bad: except("emptyArray", "hugeString") },
  { name: "list.hasMany(tokens)", call: (v) => list.hasMany(v as never), bad: except("emptyArray", "hugeString") },
  {
    name: "list.deleteMany(tokens)",
    call: (v) => list.deleteMany(v as never),
    bad: except("emptyArray", "hugeString"),
  },
  // Jam
  { name: "new Jam(options)", call: (v) => new Jam(v as never), bad: ALL },
  {
    name: "new Jam({ config })",
    call: (v) => new Jam({ config: v, env: {} } as never),
    bad: except("hugeString", "emptyObject"),
  },
  { name: "Jam.fromToml(text)", call: (v) => Jam.fromToml(v as never), bad: ALL },
  { name: "jam.jwtEncode(claims)", call: (v) => jam.jwtEncode(v as never), bad: NOT_OPTIONS },
  { name: "jam.jwtDecode(token)", call: (v) => jam.jwtDecode(v as never), bad: NOT_TOKEN },
  { name: "jam.jwtDecode(_, options)", call: (v) => jam.jwtDecode(signed, v as never), bad: NOT_OPTIONS },
  { name: "jam.jwtEncrypt(payload)", call: (v) => jam.jwtEncrypt(v as never), bad: NOT_PAYLOAD },
  { name: "jam.jwtEncrypt(_, header)", call: (v) => jam.jwtEncrypt("x", v as never), bad: NOT_HEADER },
  { name: "jam.jwtDecrypt(token)", call: (v) => jam.jwtDecrypt(v as never), bad: NOT_TOKEN },
  { name: "jam.jwtDecrypt(_, options)", call: (v) => jam.jwtDecrypt(encrypted, v as never), bad: NOT_OPTIONS },
  { name: "jam.jwsSign(payload)", call: (v) => jam.jwsSign(v as never), bad: NOT_PAYLOAD },
  { name: "jam.jwsVerify(token)", call: (v) => jam.jwsVerify(v as never), bad: NOT_TOKEN },
  { name: "jam.jwsVerify(_, options)", call: (v) => jam.jwsVerify(signed, v as never), bad: NOT_OPTIONS },
  { name: "jam.jweEncrypt(plaintext)", call: (v) => jam.jweEncrypt(v as never), bad: NOT_PAYLOAD },
  { name: "jam.jweDecrypt(token)", call: (v) => jam.jweDecrypt(v as never), bad: NOT_TOKEN },
];

/** The error `call` throws or rejects with; `undefined` if it succeeds. */
async function failure(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe.each(cases)("$name", ({ call, bad }) => {
  it.each(bad)("with %s: a JamError subclass with a known code", async (kind) => {
    const error = await failure(() => call(BAD[kind]!()));
    expect(error, `${kind} was accepted`).toBeInstanceOf(JamError);
    expect((error as JamError).constructor, `${kind}: a plain JamError`).not.toBe(JamError);
    expect(CODES.has((error as JamError).code), `${kind}: code ${(error as JamError).code}`).toBe(true);
    // The same input gives the same code again (stable), and the core still works afterwards.
    expect(((await failure(() => call(BAD[kind]!()))) as JamError).code).toBe((error as JamError).code);
    expect(jws.verify(signed).payload.length).toBeGreaterThan(0);
  });
});

it("a disposed JWT refuses every method with a typed error, never reaching freed keys", () => {
  const disposed = new JWT({ alg: "HS256", enc: "A256GCM", secretKey: SECRET });
  const token = disposed.encode({});
  const sealed = disposed.encrypt({ a: 1 });
  disposed.dispose();
  for (const call of [
    () => disposed.encode({}),
    () => disposed.decode(token),
    () => disposed.encrypt({ a: 1 }),
    () => disposed.decrypt(sealed),
    () => disposed.identify(sealed),
  ]) {
    expect(call).toThrow(expect.objectContaining({ name: "JamConfigurationError", code: "ERR_CONFIG" }));
  }
});

it("the lists, JWT and Jam used above still work: no instance was left broken", async () => {
  const token = jwt.encode({ sub: "after" });
  await list.add(token);
  expect(await list.has(token)).toBe(true);
  expect(jwt.decode(token).payload["sub"]).toBe("after");
  expect((await jam.jwtDecode(await jam.jwtEncode({ sub: "jam" }))).payload["sub"]).toBe("jam");
  await jam.close();
});
