/**
 * Typed errors. Every error is a JamError with a stable `code`; there is one
 * subclass per kind of failure, named as in jam, and `name` is the class name.
 * Crypto failures carry generic messages (no oracle); claim failures carry
 * the `claim` and a `reason`.
 */
import { jamCodeFor } from "./compat/jam-codes.js";
import type { CORE_ERROR_CODES } from "./generated/tables.js";

/** Codes the Rust core returns, unchanged (generated from crate/src/error.rs). */
export type CoreErrorCode = (typeof CORE_ERROR_CODES)[number];

/** Stable error codes: the core's, and those the TypeScript layer adds. */
export type JamErrorCode =
  | CoreErrorCode
  | "ERR_KEY_DISPOSED"
  | "ERR_CORE_FAILED"
  | "ERR_PAYLOAD_INVALID"
  | "ERR_CORE_NOT_READY"
  | "ERR_CONFIG"
  | "ERR_JWT_EXPIRED"
  | "ERR_JWT_NOT_YET_VALID"
  | "ERR_JWT_CLAIM_INVALID"
  | "ERR_JWT_IN_BLACK_LIST"
  | "ERR_JWT_NOT_IN_WHITE_LIST"
  | "ERR_LIST_UNAVAILABLE"
  | "ERR_KEY_NOT_FOUND"
  | "ERR_KEY_AMBIGUOUS"
  | "ERR_KEY_SET_MIXED"
  | "ERR_JWKS_UNAVAILABLE"
  | "ERR_KEYCHAIN";

/** The base of every error this library throws. */
export class JamError extends Error {
  // Each class names itself: minifiers rename classes, so new.target.name is
  // "me" in a production browser bundle (seen in the Vite-built test page).
  override name = "JamError";
  readonly code: JamErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly #jamCode: string | undefined;

  constructor(
    code: JamErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown>; jamCode?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options?.details;
    this.#jamCode = options?.jamCode;
  }

  /** Python jam's `error_code` for this error (e.g. "jwt.token_expired"), so logs match jam's. */
  get jamCode(): string {
    return this.#jamCode ?? jamCodeFor(this.name);
  }
}

/** Invalid configuration: options, keys that do not parse, config files. */
export class JamConfigurationError extends JamError {
  override name = "JamConfigurationError";
}
/** The token's `exp` has passed. */
export class JamJWTExpired extends JamError {
  override name = "JamJWTExpired";
}
/** The token's `nbf` (or `iat` in the future) is not reached yet. */
export class JamJWTNotYetValid extends JamError {
  override name = "JamJWTNotYetValid";
}
/** A JWS/JWT did not verify, or is malformed. */
export class JamJWSVerificationError extends JamError {
  override name = "JamJWSVerificationError";
}
/** Encryption could not be done. */
export class JamJWEEncryptionError extends JamError {
  override name = "JamJWEEncryptionError";
}
/** A JWE did not decrypt, or is malformed. */
export class JamJWEDecryptionError extends JamError {
  override name = "JamJWEDecryptionError";
}
/** The algorithm is unknown, not allowed, or not usable with the key. */
export class JamJWTUnsupportedAlgorithm extends JamError {
  override name = "JamJWTUnsupportedAlgorithm";
}
/** A claim (iss, aud, sub, typ, required claims, max age...) failed validation. */
export class JamJWTClaimValidationError extends JamError {
  override name = "JamJWTClaimValidationError";
  readonly claim: string;
  readonly reason: string;
  constructor(claim: string, reason: string, message: string) {
    super("ERR_JWT_CLAIM_INVALID", message, { details: { claim, reason } });
    this.claim = claim;
    this.reason = reason;
  }
}
/** The token is on the black list. */
export class JamJWTInBlackList extends JamError {
  override name = "JamJWTInBlackList";
}
/** The token is not on the white list. */
export class JamJWTNotInWhiteList extends JamError {
  override name = "JamJWTNotInWhiteList";
}
/** A token list's backend could not answer in time: the token is refused. */
export class JamListUnavailable extends JamError {
  override name = "JamListUnavailable";
}
/** A remote JWK Set could not be fetched (or was refused) and no usable copy is cached. */
export class JamJWKSUnavailable extends JamError {
  override name = "JamJWKSUnavailable";
}
/** A keychain operation failed (jam's JamKeyChainError; `jamCode` is jam's specific code). */
export class JamKeyChainError extends JamError {
  override name = "JamKeyChainError";
}
