/** Claims validation: exp/nbf/iat, iss/aud/sub/typ, required claims, ages. */
import { describe, expect, test } from "vitest";
import { JamJWTClaimValidationError, JamJWTExpired, JamJWTNotYetValid, JWS, JWT } from "../../ts/index.js";

const key = "c".repeat(32);
const jwt = new JWT({ alg: "HS256", secretKey: key });
const jws = new JWS({ alg: "HS256", key });
const now = () => Math.floor(Date.now() / 1000);
/** A token with exactly these claims (no jam defaults). */
const raw = (claims: Record<string, unknown>, header: Record<string, unknown> = { typ: "JWT" }) =>
  jws.sign(claims, header);

function claimError(fn: () => unknown): JamJWTClaimValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(JamJWTClaimValidationError);
    return error as JamJWTClaimValidationError;
  }
  throw new Error("expected a claim validation error");
}

describe("exp and nbf", () => {
  test("encode writes exp and nbf as lifetimes from now, as jam does", () => {
    const { payload } = jwt.decode(jwt.encode({ exp: 60, nbf: 0 }));
    expect(payload["exp"]).toBe((payload["iat"] as number) + 60);
    expect(payload["nbf"]).toBe(payload["iat"]);
  });

  test("an expired token is JamJWTExpired", () => {
    expect(() => jwt.decode(raw({ exp: now() - 1 }))).toThrow(JamJWTExpired);
    expect(() => jwt.decode(raw({ exp: now() }))).toThrow(JamJWTExpired);
  });

  test("a token not yet valid is JamJWTNotYetValid", () => {
    expect(() => jwt.decode(raw({ nbf: now() + 60 }))).toThrow(JamJWTNotYetValid);
    expect(jwt.decode(raw({ nbf: now() })).payload["nbf"]).toBeTypeOf("number");
  });

  test("clockTolerance gives leeway both ways", () => {
    expect(jwt.decode(raw({ exp: now() - 5 }), { clockTolerance: 30 }).payload["exp"]).toBeLessThan(now());
    expect(jwt.decode(raw({ nbf: now() + 5 }), { clockTolerance: 30 }).payload["nbf"]).toBeGreaterThan(now());
    expect(() => jwt.decode(raw({ exp: now() - 60 }), { clockTolerance: 30 })).toThrow(JamJWTExpired);
  });

  test("currentDate moves the clock", () => {
    const token = raw({ exp: 2_000_000_000, nbf: 1_900_000_000 });
    expect(() => jwt.decode(token, { currentDate: new Date(2_000_000_001_000) })).toThrow(JamJWTExpired);
    expect(() => jwt.decode(token, { currentDate: new Date(1_800_000_000_000) })).toThrow(JamJWTNotYetValid);
    expect(jwt.decode(token, { currentDate: new Date(1_950_000_000_000) }).payload["exp"]).toBe(2_000_000_000);
  });

  test.each([
    ["a string", "9999999999"],
    ["null", null],
    ["a negative number", -1],
    ["a value past year 9999", 1e15],
    ["an object", { when: 1 }],
    ["a boolean", true],
  ])("exp, nbf or iat that is %s is an error, not an absent claim", (_name, value) => {
    for (const claim of ["exp", "nbf", "iat"]) {
      const error = claimError(() => jwt.decode(raw({ [claim]: value })));
      expect(error.claim).toBe(claim);
      expect(error.reason).toBe("invalid");
    }
  });

  test("validateClaims: false skips claim checks but not the signature", () => {
    expect(jwt.decode(raw({ exp: now() - 100 }), { validateClaims: false }).payload["exp"]).toBeLessThan(now());
    const other = new JWT({ alg: "HS256", secretKey: "o".repeat(32) }).encode({});
    expect(() => jwt.decode(other, { validateClaims: false })).toThrow(/signature/);
  });
});

describe("iss, aud, sub, typ, required claims, max age", () => {
  const token = jwt.encode({ iss: "svc", sub: "alice", aud: ["api", "web"], exp: 60 });

  test("issuer accepts one of a list", () => {
    expect(jwt.decode(token, { issuer: ["other", "svc"] }).payload["iss"]).toBe("svc");
    expect(claimError(() => jwt.decode(token, { issuer: "evil" })).claim).toBe("iss");
  });

  test("audience matches a string or any of a list against a string or list claim", () => {
    expect(jwt.decode(token, { audience: "web" }).payload["aud"]).toEqual(["api", "web"]);
    expect(jwt.decode(token, { audience: ["x", "api"] }).payload["aud"]).toEqual(["api", "web"]);
    expect(claimError(() => jwt.decode(token, { audience: "admin" })).claim).toBe("aud");
    expect(claimError(() => jwt.decode(raw({}), { audience: "api" })).claim).toBe("aud");
    expect(jwt.decode(raw({ aud: "solo" }), { audience: "solo" }).payload["aud"]).toBe("solo");
  });

  test("subject", () => {
    expect(jwt.decode(token, { subject: "alice" }).payload["sub"]).toBe("alice");
    expect(claimError(() => jwt.decode(token, { subject: "bob" })).claim).toBe("sub");
  });

  test("typ compares media types without the application/ prefix, case-insensitively", () => {
    expect(jwt.decode(token, { typ: "jwt" }).header["typ"]).toBe("JWT");
    expect(jwt.decode(raw({}, { typ: "application/JWT" }), { typ: "JWT" }).header["typ"]).toBe("application/JWT");
    expect(claimError(() => jwt.decode(raw({}, { typ: "at+jwt" }), { typ: "JWT" })).claim).toBe("typ");
    expect(claimError(() => jwt.decode(raw({}, {}), { typ: "JWT" })).claim).toBe("typ");
  });

  test("requiredClaims must be present", () => {
    expect(Object.keys(jwt.decode(token, { requiredClaims: ["iss", "jti", "iat"] }).payload)).toEqual(
      expect.arrayContaining(["iss", "jti", "iat"]),
    );
    const error = claimError(() => jwt.decode(token, { requiredClaims: ["email"] }));
    expect([error.claim, error.reason]).toEqual(["email", "missing"]);
  });

  test("maxTokenAge needs iat and bounds the age", () => {
    expect(jwt.decode(token, { maxTokenAge: 60 }).payload["iat"]).toBeGreaterThan(now() - 60);
    expect(() => jwt.decode(raw({ iat: now() - 120 }), { maxTokenAge: 60 })).toThrow(JamJWTExpired);
    expect(claimError(() => jwt.decode(raw({}), { maxTokenAge: 60 })).claim).toBe("iat");
    expect(claimError(() => jwt.decode(raw({ iat: now() + 600 }), { maxTokenAge: 60 })).reason).toBe("check_failed");
  });
});
