/**
 * decodeProtectedHeader and decodeUnverified: header and claims of a JWS or
 * JWE without a key, marked untrusted, parsed as strictly as verify parses.
 */
import * as jose from "jose";
import { describe, expect, test } from "vitest";
import { decodeProtectedHeader, decodeUnverified, JamError, JWE, JWK, JWT } from "../../ts/index.js";

const b64 = (text: string) => Buffer.from(text).toString("base64url");
const secret = "a 32-byte-or-longer shared secret!";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof JamError ? error.code : String(error);
  }
  return undefined;
}

describe("JWS", () => {
  const token = new JWT({ alg: "HS256", secretKey: secret }).encode({ sub: "u", exp: 60, header: { kid: "k" } });

  test("header and claims come back marked untrusted, with no key", () => {
    const decoded = decodeUnverified(token);
    expect(decoded.untrusted).toBe(true);
    expect(decoded.kind).toBe("JWS");
    expect(decoded.header).toEqual({ alg: "HS256", typ: "JWT", kid: "k" });
    expect(decoded.claims?.["sub"]).toBe("u");
    expect(Buffer.from(decoded.payload!).toString()).toContain('"sub":"u"');
    expect(decodeProtectedHeader(token)).toEqual(decoded.header);
  });

  test("a forged signature still decodes: nothing is verified", () => {
    const forged = `${token.slice(0, token.lastIndexOf("."))}.${b64("not the signature")}`;
    expect(decodeUnverified(forged).claims?.["sub"]).toBe("u");
  });

  test("a payload that is not a JSON object has no claims", () => {
    const text = `${b64('{"alg":"HS256"}')}.${b64("hello")}.${b64("s")}`;
    const decoded = decodeUnverified(text);
    expect(decoded.claims).toBeUndefined();
    expect(Buffer.from(decoded.payload!).toString()).toBe("hello");
  });

  test("agrees with jose's decodeProtectedHeader and decodeJwt", () => {
    expect(decodeProtectedHeader(token)).toEqual(jose.decodeProtectedHeader(token));
    expect(decodeUnverified(token).claims).toEqual(jose.decodeJwt(token));
  });
});

describe("JWE", () => {
  test("only the header is returned: the ciphertext stays opaque", () => {
    const key = JWK.generate("oct-256");
    const token = new JWE({ alg: "A256KW", enc: "A256GCM", key }).encrypt({ secret: "x" }, { kid: "w" });
    const decoded = decodeUnverified(token);
    expect(decoded).toEqual({
      untrusted: true,
      kind: "JWE",
      header: { alg: "A256KW", enc: "A256GCM", kid: "w" },
      payload: undefined,
      claims: undefined,
    });
    expect(decodeProtectedHeader(token)["enc"]).toBe("A256GCM");
  });
});

describe("strict parsing, as verify", () => {
  test.each([
    ["two segments", `${b64('{"alg":"HS256"}')}.e30`, "ERR_TOKEN_MALFORMED"],
    ["four segments", `${b64('{"alg":"HS256"}')}.e30.a.b`, "ERR_TOKEN_MALFORMED"],
    ["padded base64", `${b64('{"alg":"HS256"}')}=.e30.c2ln`, "ERR_BASE64"],
    ["duplicate members", `${b64('{"alg":"HS256","alg":"none"}')}.e30.c2ln`, "ERR_HEADER_INVALID"],
    ["a header that is an array", `${b64('["alg"]')}.e30.c2ln`, "ERR_HEADER_INVALID"],
    ["no alg", `${b64('{"typ":"JWT"}')}.e30.c2ln`, "ERR_HEADER_INVALID"],
    ["a JWE without enc", `${b64('{"alg":"dir"}')}.a.b.c.d`, "ERR_HEADER_INVALID"],
    ["not a token", "hello", "ERR_TOKEN_MALFORMED"],
  ])("%s is refused", (_name, token, code) => {
    expect(codeOf(() => decodeUnverified(token))).toBe(code);
    expect(codeOf(() => decodeProtectedHeader(token))).toBe(code);
  });

  test("the length cap applies", () => {
    const token = `${b64('{"alg":"HS256"}')}.${b64("x".repeat(100))}.c2ln`;
    expect(codeOf(() => decodeUnverified(token, { maxTokenLength: 64 }))).toBe("ERR_TOKEN_TOO_LARGE");
  });
});
