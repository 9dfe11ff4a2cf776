/**
 * The hot JWS calls pass text through the core's scratch regions and read
 * the core's answer in place (ts/core/scratch.ts): what a caller gets must
 * still be its own, survive later core calls and memory growth, and say the
 * same bytes as before.
 */
import { compactVerify, importJWK } from "jose";
import { describe, expect, test } from "vitest";
import { JWK, JWS, JWT } from "../../ts/index.js";

const secret = JWK.generate("oct-256");
const ecKey = JWK.generate("P-256");
const cases = [
  { alg: "HS256", key: secret },
  { alg: "ES256", key: ecKey },
] as const;

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe.each(cases)("$alg through the scratch regions", ({ alg, key }) => {
  const jws = new JWS({ alg, key, maxTokenLength: 16 * 1024 * 1024 });

  test("a verified payload is the caller's copy: later core calls leave it as it was", () => {
    const first = jws.verify(jws.sign("first payload, kept by the caller"));
    const kept = first.payload;
    const second = jws.verify(jws.sign("other payload, same length!! ok"));
    jws.sign("a third call that rewrites both regions");
    expect(new TextDecoder().decode(kept)).toBe("first payload, kept by the caller");
    expect(new TextDecoder().decode(second.payload)).toBe("other payload, same length!! ok");
  });

  test("a token far larger than the kept region, then small ones, while memory grows", () => {
    // 6 MiB of payload grows the instance's memory (detaching every view of
    // it) and the regions past what they keep between calls.
    const big = new Uint8Array(6 * 1024 * 1024).map((_, i) => (i * 31) & 0xff);
    const token = jws.sign(big);
    const verified = jws.verify(token);
    expect(verified.payload.length).toBe(big.length);
    expect(Buffer.from(verified.payload).equals(Buffer.from(big))).toBe(true);
    for (let i = 0; i < 3; i++) {
      expect(new TextDecoder().decode(jws.verify(jws.sign(`small ${i}`)).payload)).toBe(`small ${i}`);
    }
    // A tampered large token is still refused after the regions were released.
    const tampered = `${token.slice(0, 200)}${token[200] === "A" ? "B" : "A"}${token.slice(201)}`;
    expect(code(() => jws.verify(tampered))).toMatch(/^ERR_(SIGNATURE_INVALID|TOKEN_MALFORMED)$/);
  });

  test("async verifies in flight together each keep their own payload", async () => {
    const tokens = Array.from({ length: 24 }, (_, i) => jws.sign(`payload number ${i}`));
    const results = await Promise.all(tokens.map((token) => jws.verifyAsync(token)));
    expect(results.map((r) => new TextDecoder().decode(r.payload))).toEqual(
      tokens.map((_, i) => `payload number ${i}`),
    );
  });

  test("a text payload is signed as its UTF-8 bytes (lone surrogates as U+FFFD), as jose reads it", async () => {
    const text = "h\u00e9llo \u2713 \u{1F600} \ud800 end";
    const token = jws.sign(text);
    expect(jws.verify(token).payload).toEqual(new TextEncoder().encode(text));
    const publicJwk = key.kty === "oct" ? key.export({ private: true }) : key.publicKey().export();
    const verified = await compactVerify(token, await importJWK(publicJwk as never, alg));
    expect(new TextDecoder().decode(verified.payload)).toBe("h\u00e9llo \u2713 \u{1F600} \ufffd end");
  });
});

describe("JWT claims through the scratch regions", () => {
  const jwt = new JWT({ alg: "HS256", secretKey: secret });

  test("a payload that is not UTF-8 is ERR_PAYLOAD_INVALID, not a TypeError", () => {
    const token = jwt.jws!.sign(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), { typ: "JWT" });
    expect(code(() => jwt.decode(token))).toBe("ERR_PAYLOAD_INVALID");
  });

  test("a payload claim named __proto__ stays an own claim and never sets the prototype; null claims are dropped", () => {
    const payload = JSON.parse('{"__proto__": {"admin": true}, "dropped": null, "kept": 1}') as Record<string, unknown>;
    const claims = jwt.claims({ payload });
    expect(Object.getPrototypeOf(claims)).toBe(Object.prototype);
    expect(Object.hasOwn(claims, "__proto__")).toBe(true);
    expect((claims as { admin?: unknown }).admin).toBeUndefined();
    const decoded = jwt.decode(jwt.encode({ payload })).payload;
    expect(Object.hasOwn(decoded, "__proto__")).toBe(true);
    expect(JSON.stringify(Object.getOwnPropertyDescriptor(decoded, "__proto__")?.value)).toBe('{"admin":true}');
    expect(Object.hasOwn(decoded, "dropped")).toBe(false);
    expect(decoded["kept"]).toBe(1);
  });

  test("claims keep jam's order: jti, iat, then the standard ones, then the payload's", () => {
    const claims = jwt.claims({ iss: "me", exp: 60, payload: { b: 1, iss: "payload wins", a: 2 } });
    expect(Object.keys(claims)).toEqual(["jti", "iat", "iss", "exp", "b", "a"]);
    expect(claims["iss"]).toBe("payload wins");
    expect(Object.keys(jwt.claims({ exp: 0 }))).toEqual(["jti", "iat"]);
  });
});
