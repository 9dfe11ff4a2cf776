/**
 * The opt-in verified-token cache on JWT.decode: off by default, a hit skips
 * the signature check but never claim validation, bounded in entries.
 */
import { describe, expect, test, vi } from "vitest";
import { JamJWSVerificationError, JamJWTExpired, JamJWTNotYetValid, JWK, JWT } from "../../ts/index.js";

const key = JWK.generate("P-256");

/** JWT.decode (default JSON serializer) verifies through JWS.verifyToText: a call is a signature check. */
function cached(max = 8) {
  const jwt = new JWT({ alg: "ES256", secretKey: key, cache: { max } });
  const verify = vi.spyOn(jwt.jws!, "verifyToText");
  return { jwt, verify };
}

describe("verified-token cache", () => {
  test("is off by default", () => {
    const jwt = new JWT({ alg: "ES256", secretKey: key });
    expect(jwt.cache).toBeUndefined();
    const verify = vi.spyOn(jwt.jws!, "verifyToText");
    const token = jwt.encode({ sub: "u", exp: 60 });
    jwt.decode(token);
    jwt.decode(token);
    expect(verify).toHaveBeenCalledTimes(2);
  });

  test("a repeated token is verified once and gives the same claims", () => {
    const { jwt, verify } = cached();
    const token = jwt.encode({ sub: "u", exp: 60, payload: { role: "admin" } });
    const first = jwt.decode(token);
    const second = jwt.decode(token);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(second.payload).toEqual(first.payload);
    expect(second.payload["role"]).toBe("admin");
    expect(Object.isFrozen(second.payload)).toBe(true);
  });

  test("a hit still checks exp against the clock", () => {
    const { jwt } = cached();
    const token = jwt.encode({ sub: "u", exp: 60 });
    jwt.decode(token);
    expect(() => jwt.decode(token, { currentDate: new Date(Date.now() + 120_000) })).toThrow(JamJWTExpired);
  });

  test("a hit still checks nbf against the clock", () => {
    const { jwt } = cached();
    const token = jwt.encode({ sub: "u", exp: 600, nbf: 30 });
    jwt.decode(token, { currentDate: new Date(Date.now() + 60_000) });
    expect(() => jwt.decode(token)).toThrow(JamJWTNotYetValid);
  });

  test("a hit still validates the caller's claim options", () => {
    const { jwt } = cached();
    const token = jwt.encode({ sub: "u", aud: "api", exp: 60 });
    jwt.decode(token, { audience: "api" });
    expect(() => jwt.decode(token, { audience: "other" })).toThrow(
      expect.objectContaining({ code: "ERR_JWT_CLAIM_INVALID" }),
    );
  });

  test("a tampered copy of a cached token is verified, and refused", () => {
    const { jwt, verify } = cached();
    const token = jwt.encode({ sub: "u", exp: 60 });
    jwt.decode(token);
    const forged = `${token.slice(0, token.lastIndexOf(".") + 1)}${"A".repeat(86)}`;
    expect(() => jwt.decode(forged)).toThrow(JamJWSVerificationError);
    expect(verify).toHaveBeenCalledTimes(2);
  });

  test("holds at most max tokens, evicting the least recently used", () => {
    const { jwt, verify } = cached(2);
    const [a, b, c] = [1, 2, 3].map((i) => jwt.encode({ sub: `u${i}`, exp: 60 })) as [string, string, string];
    jwt.decode(a);
    jwt.decode(b);
    jwt.decode(a); // a is now the most recent
    jwt.decode(c); // evicts b
    expect(jwt.cache!.size).toBe(2);
    expect(verify).toHaveBeenCalledTimes(3);
    jwt.decode(a);
    expect(verify).toHaveBeenCalledTimes(3);
    jwt.decode(b);
    expect(verify).toHaveBeenCalledTimes(4);
  });

  test("a caller's own allow-list bypasses the cache", () => {
    const { jwt, verify } = cached();
    const token = jwt.encode({ sub: "u", exp: 60 });
    jwt.decode(token);
    jwt.decode(token, { algorithms: ["ES256"] });
    expect(verify).toHaveBeenCalledTimes(2);
  });

  test("max must be a positive integer", () => {
    expect(() => new JWT({ alg: "ES256", secretKey: key, cache: { max: 0 } })).toThrow(
      expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }),
    );
  });
});
