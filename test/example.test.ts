/** The README's example runs against the built package and shows each step. */
import { execFileSync } from "node:child_process";
import { expect, test } from "vitest";

test("examples/sign-and-verify.mjs signs, verifies and refuses forgeries", () => {
  const out = execFileSync(process.execPath, ["examples/sign-and-verify.mjs"], { encoding: "utf8" });
  expect(out).toMatch(/public JWK: \{"kty":"EC","crv":"P-256"/);
  expect(out).toMatch(/token: eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9\./);
  expect(out).toContain("role: 'admin'");
  expect(out).toContain("JamJWSVerificationError ERR_SIGNATURE_INVALID");
  expect(out).toContain("JamJWTClaimValidationError ERR_JWT_CLAIM_INVALID");
  expect(out).toContain("decoded sub: svc");
});
