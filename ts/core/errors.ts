/**
 * Turns the core's errors ("<CODE>|<message>", see crate/src/bindings) into
 * typed JamErrors. The class depends on what the caller was doing: a bad
 * token is a verification or decryption error, a bad key a configuration
 * error, an unknown or refused algorithm an unsupported-algorithm error.
 */
import {
  JamConfigurationError,
  JamError,
  type JamErrorCode,
  JamJWEDecryptionError,
  JamJWEEncryptionError,
  JamJWSVerificationError,
  JamJWTUnsupportedAlgorithm,
} from "../errors.js";

/** What the caller was doing when the core refused. */
export type Operation = "key" | "sign" | "verify" | "encrypt" | "decrypt";

const KEY_CODES = new Set<string>([
  "ERR_KEY_ENCODING",
  "ERR_KEY_TYPE",
  "ERR_KEY_TOO_SMALL",
  "ERR_KEY_PASSWORD",
  "ERR_KEY_ALG_MISMATCH",
  "ERR_KEY_USAGE",
  "ERR_KEY_NOT_PRIVATE",
  "ERR_INVALID_ARGUMENT",
  "ERR_KEY_WEAK",
  "ERR_KEY_MISMATCH",
  "ERR_KDF_LIMIT",
]);

const ALG_CODES = new Set<string>(["ERR_ALG_UNSUPPORTED", "ERR_ALG_NOT_ALLOWED"]);

/** Decodes a core error; anything that is not one is returned unchanged. */
export function fromCoreError(error: unknown, operation: Operation): unknown {
  if (!(error instanceof Error)) return error;
  const bar = error.message.indexOf("|");
  const code = bar > 0 ? error.message.slice(0, bar) : "";
  if (!code.startsWith("ERR_")) return error;
  const message = error.message.slice(bar + 1);
  const typed = code as JamErrorCode;
  if (ALG_CODES.has(code)) return new JamJWTUnsupportedAlgorithm(typed, message);
  // A token whose (allowed) alg does not fit the key: the algorithm is not
  // usable here, which is not the same as a bad signature.
  if (code === "ERR_KEY_ALG_MISMATCH" && (operation === "verify" || operation === "decrypt")) {
    return new JamJWTUnsupportedAlgorithm(typed, message);
  }
  switch (operation) {
    case "verify":
      return new JamJWSVerificationError(typed, message);
    case "decrypt":
      return new JamJWEDecryptionError(typed, message);
    case "encrypt":
      return KEY_CODES.has(code)
        ? new JamConfigurationError(typed, message)
        : new JamJWEEncryptionError(typed, message);
    case "key":
    case "sign":
      return KEY_CODES.has(code) ? new JamConfigurationError(typed, message) : new JamError(typed, message);
  }
}

/** Set once the core has trapped; every later call throws it. */
let failure: JamError | undefined;

/**
 * Rethrows what a core call threw. A trap (a panic inside the core) leaves
 * wasm memory in an unknown state, so it fails the core for good: this and
 * every later call throw ERR_CORE_FAILED rather than run on it.
 */
export function fromCall(error: unknown, operation: Operation): unknown {
  if (error instanceof WebAssembly.RuntimeError) {
    failure ??= new JamError(
      "ERR_CORE_FAILED",
      "the jam-jose WebAssembly core trapped and is no longer used; restart the process",
      { cause: error },
    );
    return failure;
  }
  return fromCoreError(error, operation);
}

/** Throws ERR_CORE_FAILED once an earlier call trapped. */
export function assertUsable(): void {
  if (failure !== undefined) throw failure;
}

/** Runs a core call and rethrows its error as a typed JamError. */
export function callCore<T>(operation: Operation, fn: () => T): T {
  assertUsable();
  try {
    return fn();
  } catch (error) {
    throw fromCall(error, operation);
  }
}

/**
 * Runs a construction-time key check for an operation the key may
 * legitimately be unable to do (a public key cannot sign or decrypt; a JWK's
 * key_ops may forbid it). Returns the refusal to raise when that operation is
 * asked for; any other failure (a key wrong for both directions) is thrown now.
 */
export function refusalOf(check: () => void): JamConfigurationError | undefined {
  try {
    callCore("key", check);
    return undefined;
  } catch (error) {
    const code = (error as JamConfigurationError).code;
    if (code !== "ERR_KEY_NOT_PRIVATE" && code !== "ERR_KEY_USAGE") throw error;
    return error as JamConfigurationError;
  }
}
