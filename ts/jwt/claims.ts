/**
 * Registered-claim validation (RFC 7519 section 4.1). This is policy, not
 * cryptography, so it lives in TypeScript and runs after the signature holds.
 * A present but malformed time claim is an error, never an absent claim.
 */
import { JamJWSVerificationError, JamJWTClaimValidationError, JamJWTExpired, JamJWTNotYetValid } from "../errors.js";
import {
  booleanOption,
  dateOption,
  readOptions,
  secondsOption,
  stringListOption,
  stringOption,
  stringOrListOption,
} from "../jws/options.js";

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

/** ClaimOptions checked and copied: what validation runs on. */
export interface ResolvedClaimOptions {
  validateClaims: boolean;
  issuer: readonly string[] | undefined;
  audience: readonly string[] | undefined;
  subject: string | undefined;
  typ: string | undefined;
  requiredClaims: readonly string[];
  maxTokenAge: number | undefined;
  clockTolerance: number;
  currentDate: Date | undefined;
}

/**
 * Checks every claim option before any token is looked at. A value of the
 * wrong type is a JamConfigurationError (ERR_INVALID_ARGUMENT), never
 * coerced and never ignored: a NaN maxTokenAge or an Invalid Date would
 * otherwise turn its check off.
 */
export function resolveClaimOptions(options: unknown): ResolvedClaimOptions {
  // No options (the common decode): the defaults, resolved once.
  if (options === undefined || isEmptyRecord(options)) return DEFAULT_RESOLVED;
  const o = readOptions<ClaimOptions>("decode options", options);
  const out: ResolvedClaimOptions = {
    validateClaims: booleanOption("validateClaims", o.validateClaims) ?? true,
    issuer: stringOrListOption("issuer", o.issuer),
    audience: stringOrListOption("audience", o.audience),
    subject: stringOption("subject", o.subject),
    typ: stringOption("typ", o.typ),
    requiredClaims: stringListOption("requiredClaims", o.requiredClaims) ?? [],
    maxTokenAge: secondsOption("maxTokenAge", o.maxTokenAge),
    clockTolerance: secondsOption("clockTolerance", o.clockTolerance) ?? 0,
    currentDate: dateOption("currentDate", o.currentDate),
  };
  resolved.add(out);
  return out;
}

/** Upper bound for NumericDate values: 9999-12-31T23:59:59Z. */
const MAX_NUMERIC_DATE = 253402300799;

/** The claim if the payload has it as its own property (never one inherited from Object.prototype). */
function own(record: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

function numericDate(payload: Record<string, unknown>, claim: string): number | undefined {
  const value = own(payload, claim);
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

/**
 * Throws the typed error for the first claim that fails; returns nothing.
 * `options` may be ClaimOptions (checked here) or already resolved.
 */
export function validateClaims(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  options: ClaimOptions | ResolvedClaimOptions,
): void {
  const o = isResolved(options) ? options : resolveClaimOptions(options);
  if (!o.validateClaims) return;
  const tolerance = o.clockTolerance;
  const now = Math.floor((o.currentDate === undefined ? Date.now() : o.currentDate.getTime()) / 1000);

  if (o.typ !== undefined) {
    const typ = own(header, "typ");
    if (typeof typ !== "string" || normaliseTyp(typ) !== normaliseTyp(o.typ)) {
      throw new JamJWTClaimValidationError("typ", "check_failed", 'unexpected "typ" header value');
    }
  }
  for (const claim of o.requiredClaims) {
    if (own(payload, claim) === undefined) {
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
  if (o.maxTokenAge !== undefined) {
    if (iat === undefined) {
      throw new JamJWTClaimValidationError("iat", "missing", '"iat" claim is required when maxTokenAge is set');
    }
    if (iat > now + tolerance) {
      throw new JamJWTClaimValidationError("iat", "check_failed", '"iat" claim is in the future');
    }
    if (now - iat > o.maxTokenAge + tolerance) {
      throw new JamJWTExpired("ERR_JWT_EXPIRED", "token is older than maxTokenAge", { details: { claim: "iat" } });
    }
  }

  if (o.issuer !== undefined) {
    const iss = own(payload, "iss");
    if (typeof iss !== "string" || !o.issuer.includes(iss)) {
      throw new JamJWTClaimValidationError("iss", "check_failed", 'unexpected "iss" claim value');
    }
  }
  if (o.subject !== undefined && own(payload, "sub") !== o.subject) {
    throw new JamJWTClaimValidationError("sub", "check_failed", 'unexpected "sub" claim value');
  }
  if (o.audience !== undefined) {
    const aud = own(payload, "aud");
    const tokenAudiences = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : [];
    const expected = o.audience;
    if (!tokenAudiences.some((a) => typeof a === "string" && expected.includes(a))) {
      throw new JamJWTClaimValidationError("aud", "check_failed", 'unexpected "aud" claim value');
    }
  }
}

const resolved = new WeakSet<object>();

/** What `{}` resolves to; frozen, since every decode without options shares it. */
const DEFAULT_RESOLVED: ResolvedClaimOptions = Object.freeze({
  validateClaims: true,
  issuer: undefined,
  audience: undefined,
  subject: undefined,
  typ: undefined,
  requiredClaims: Object.freeze([]) as readonly string[],
  maxTokenAge: undefined,
  clockTolerance: 0,
  currentDate: undefined,
});
resolved.add(DEFAULT_RESOLVED);

/** A plain `{}`: an object (not an array, a Date or bytes) with no enumerable property of its own. */
function isEmptyRecord(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const name in value) if (Object.hasOwn(value, name)) return false;
  return true;
}

function isResolved(options: ClaimOptions | ResolvedClaimOptions): options is ResolvedClaimOptions {
  return typeof options === "object" && options !== null && resolved.has(options);
}

/** A payload must be a JSON object to carry claims. */
export function asClaims(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new JamJWSVerificationError("ERR_PAYLOAD_INVALID", "JWT payload is not a JSON object");
  }
  return value as Record<string, unknown>;
}
