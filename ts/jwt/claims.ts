/**
 * Registered-claim validation (RFC 7519 section 4.1). This is policy, not
 * cryptography, so it lives in TypeScript and runs after the signature holds.
 * A present but malformed time claim is an error, never an absent claim.
 */
import { JamJWSVerificationError, JamJWTClaimValidationError, JamJWTExpired, JamJWTNotYetValid } from "../errors.js";

/** Options of `decode` (and of `decrypt` for nested JWTs). */
export interface ClaimOptions {
  /** Validate claims at all (jam's `validate_claims`); default true. */
  validateClaims?: boolean;
  /** Expected `iss` (one of). */
  issuer?: string | readonly string[];
  /** Expected audience: the token's `aud` must contain one of these. */
  audience?: string | readonly string[];
  /** Expected `sub`. */
  subject?: string;
  /** Expected header `typ` (compared as RFC 7515 4.1.9 media types). */
  typ?: string;
  /** Claims that must be present. */
  requiredClaims?: readonly string[];
  /** Maximum age of the token from its `iat`, in seconds. Requires `iat`. */
  maxTokenAge?: number;
  /** Leeway for exp/nbf/iat comparisons, in seconds; default 0. */
  clockTolerance?: number;
  /** The time to validate against; default now. */
  currentDate?: Date;
}

/** Upper bound for NumericDate values: 9999-12-31T23:59:59Z. */
const MAX_NUMERIC_DATE = 253402300799;

function numericDate(payload: Record<string, unknown>, claim: string): number | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > MAX_NUMERIC_DATE) {
    throw new JamJWTClaimValidationError(claim, "invalid", `"${claim}" claim must be a NumericDate`);
  }
  return value;
}

function normaliseTyp(typ: string): string {
  const lower = typ.toLowerCase();
  return lower.startsWith("application/") ? lower.slice("application/".length) : lower;
}

function asList(value: string | readonly string[]): readonly string[] {
  return typeof value === "string" ? [value] : value;
}

/** Throws the typed error for the first claim that fails; returns nothing. */
export function validateClaims(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  options: ClaimOptions,
): void {
  if (options.validateClaims === false) return;
  const tolerance = options.clockTolerance ?? 0;
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new RangeError("clockTolerance must be a non-negative number of seconds");
  }
  const now = Math.floor((options.currentDate ?? new Date()).getTime() / 1000);

  if (options.typ !== undefined) {
    const typ = header["typ"];
    if (typeof typ !== "string" || normaliseTyp(typ) !== normaliseTyp(options.typ)) {
      throw new JamJWTClaimValidationError("typ", "check_failed", 'unexpected "typ" header value');
    }
  }
  for (const claim of options.requiredClaims ?? []) {
    if (payload[claim] === undefined) {
      throw new JamJWTClaimValidationError(claim, "missing", `"${claim}" claim is required`);
    }
  }

  const exp = numericDate(payload, "exp");
  const nbf = numericDate(payload, "nbf");
  const iat = numericDate(payload, "iat");
  if (exp !== undefined && exp <= now - tolerance) {
    throw new JamJWTExpired("ERR_JWT_EXPIRED", "token has expired", { details: { claim: "exp" } });
  }
  if (nbf !== undefined && nbf > now + tolerance) {
    throw new JamJWTNotYetValid("ERR_JWT_NOT_YET_VALID", "token is not yet valid", { details: { claim: "nbf" } });
  }
  if (options.maxTokenAge !== undefined) {
    if (iat === undefined) {
      throw new JamJWTClaimValidationError("iat", "missing", '"iat" claim is required when maxTokenAge is set');
    }
    if (iat > now + tolerance) {
      throw new JamJWTClaimValidationError("iat", "check_failed", '"iat" claim is in the future');
    }
    if (now - iat > options.maxTokenAge + tolerance) {
      throw new JamJWTExpired("ERR_JWT_EXPIRED", "token is older than maxTokenAge", { details: { claim: "iat" } });
    }
  }

  if (options.issuer !== undefined) {
    const iss = payload["iss"];
    if (typeof iss !== "string" || !asList(options.issuer).includes(iss)) {
      throw new JamJWTClaimValidationError("iss", "check_failed", 'unexpected "iss" claim value');
    }
  }
  if (options.subject !== undefined && payload["sub"] !== options.subject) {
    throw new JamJWTClaimValidationError("sub", "check_failed", 'unexpected "sub" claim value');
  }
  if (options.audience !== undefined) {
    const aud = payload["aud"];
    const tokenAudiences = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : [];
    const expected = asList(options.audience);
    if (!tokenAudiences.some((a) => typeof a === "string" && expected.includes(a))) {
      throw new JamJWTClaimValidationError("aud", "check_failed", 'unexpected "aud" claim value');
    }
  }
}

/** A payload must be a JSON object to carry claims. */
export function asClaims(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new JamJWSVerificationError("ERR_PAYLOAD_INVALID", "JWT payload is not a JSON object");
  }
  return value as Record<string, unknown>;
}
