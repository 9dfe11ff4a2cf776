/**
 * Choosing the key for a token from a JWK Set, or asking the caller's
 * resolver for it. The protected header is read with the core's strict
 * parser (the one verify uses) before anything is verified; it is untrusted
 * until the chosen key verifies the token, so selection only narrows the
 * candidates and the core still checks that the token's alg fits the key.
 *
 * Rules: a `kid` in the token picks the keys with that kid (never a key
 * without it); then the key must fit the token's alg by type and curve, and
 * its JWK `alg`, `use` and `key_ops` must allow the operation. None left is
 * ERR_KEY_NOT_FOUND; more than one is ERR_KEY_AMBIGUOUS (a token without a
 * kid cannot say which one it meant).
 */
import { core } from "../core/core.js";
import { callCore } from "../core/errors.js";
import {
  JamConfigurationError,
  type JamErrorCode,
  JamJWEDecryptionError,
  JamJWSVerificationError,
  JamJWTUnsupportedAlgorithm,
} from "../errors.js";
import { isJweAlgorithm, isJweEncryption } from "../jwe/algorithms.js";
import { isJwsAlgorithm } from "../jws/algorithms.js";
import { decodeUtf8 } from "../util/utf8.js";
import { JWK, JWKSet } from "./jwk.js";

/** A protected header read before verification: not trusted yet. */
export type ProtectedHeader = Readonly<Record<string, unknown>>;

/** What the key is wanted for. */
export type KeyOperation = "verify" | "decrypt";

/**
 * Returns the key for a token from its (unverified) protected header; may be
 * async (a remote key set), then only the `...Async` methods accept it.
 */
export type KeyResolver = (header: ProtectedHeader, operation: KeyOperation) => JWK | Promise<JWK>;

/** Where a verifier or decrypter finds its key per token. */
export type KeySource = JWKSet | KeyResolver;

/**
 * Marks a resolver that always answers with a Promise (a remote key set), so
 * that synchronous verify refuses it before calling it (and starting a fetch).
 */
export const ASYNC_RESOLVER: unique symbol = Symbol("jam-jose.asyncKeyResolver");

function isAsyncResolver(resolver: KeyResolver): boolean {
  return ASYNC_RESOLVER in resolver || resolver.constructor?.name === "AsyncFunction";
}

/** True for a JWK Set or a resolver function (as opposed to one key). */
export function isKeySource(value: unknown): value is KeySource {
  return value instanceof JWKSet || typeof value === "function";
}

function tokenError(operation: KeyOperation, code: JamErrorCode, message: string) {
  return operation === "verify" ? new JamJWSVerificationError(code, message) : new JamJWEDecryptionError(code, message);
}

/**
 * Reads the protected header of a compact token without verifying it, with
 * verify's strict parsing; `expect` refuses the other serialisation.
 */
export function readProtectedHeader(
  token: string,
  maxTokenLength: number,
  operation: KeyOperation,
): Record<string, unknown> {
  if (typeof token !== "string") throw tokenError(operation, "ERR_TOKEN_MALFORMED", "a token must be a string");
  const bytes = callCore(operation, () => core().token_protected_header(token, maxTokenLength));
  const kind = bytes[0] === 0x53 ? "verify" : "decrypt";
  if (kind !== operation) {
    const want = operation === "verify" ? "a compact JWS (three segments)" : "a compact JWE (five segments)";
    throw tokenError(operation, "ERR_TOKEN_MALFORMED", `expected ${want}`);
  }
  // The core has checked it is a JSON object with unique members.
  return JSON.parse(decodeUtf8(bytes.subarray(1))) as Record<string, unknown>;
}

/** The key types (JWK kty) an algorithm can use: the type guard before the core's own check. */
function keyTypesFor(alg: string): readonly string[] {
  if (alg.startsWith("HS")) return ["oct"];
  if (alg.startsWith("RS") || alg.startsWith("PS")) return ["RSA"];
  if (alg.startsWith("ES")) return ["EC"];
  if (alg === "EdDSA" || alg === "Ed25519") return ["OKP"];
  if (alg.startsWith("RSA")) return ["RSA"];
  if (alg.startsWith("ECDH-ES")) return ["EC", "OKP"];
  return ["oct"]; // A*KW, A*GCMKW, dir, PBES2-*
}

/** Per key, whether it fits an operation and algorithm (the core's check, remembered). */
const fitCache = new WeakMap<JWK, Map<string, boolean>>();

function fits(key: JWK, operation: KeyOperation, alg: string, enc: string): boolean {
  if (!keyTypesFor(alg).includes(key.kty)) return false;
  let cache = fitCache.get(key);
  if (cache === undefined) {
    cache = new Map();
    fitCache.set(key, cache);
  }
  const slot = `${operation} ${alg} ${enc}`;
  let fit = cache.get(slot);
  if (fit === undefined) {
    // The core's check covers type, curve, and the JWK alg, use and key_ops.
    try {
      if (operation === "verify") core().jws_check_key(key.handle, alg, false);
      else core().jwe_check_key(key.handle, alg, enc, true);
      fit = true;
    } catch {
      fit = false;
    }
    cache.set(slot, fit);
  }
  return fit;
}

/** True when the set holds both symmetric and asymmetric keys. */
export function isMixedKeySet(set: JWKSet): boolean {
  const symmetric = set.keys.filter((k) => k.kty === "oct").length;
  return symmetric > 0 && symmetric < set.keys.length;
}

/**
 * Refuses a set that mixes symmetric and asymmetric keys for verification,
 * unless it was built with `allowMixed`: a public JWKS must never hold a
 * secret, and a set that does is most likely a mistake.
 */
export function assertVerificationSet(set: JWKSet): void {
  if (isMixedKeySet(set) && !set.allowMixed) {
    throw new JamConfigurationError(
      "ERR_KEY_SET_MIXED",
      "this JWK Set holds both symmetric and asymmetric keys; build it with { allowMixed: true } to verify with it",
    );
  }
}

/** The token's alg (and enc for JWE), refused early when this library does not implement it. */
function algorithmsOf(header: ProtectedHeader, operation: KeyOperation): { alg: string; enc: string } {
  const alg = header["alg"] as string;
  const enc = typeof header["enc"] === "string" ? header["enc"] : "";
  const known = operation === "verify" ? isJwsAlgorithm(alg) : isJweAlgorithm(alg) && isJweEncryption(enc);
  if (!known) {
    throw new JamJWTUnsupportedAlgorithm(
      "ERR_ALG_UNSUPPORTED",
      `unsupported ${operation === "verify" ? "JWS" : "JWE"} algorithm`,
    );
  }
  return { alg, enc };
}

/** Chooses the one key of `set` that fits the token (see the rules above). */
export function selectKey(set: JWKSet, header: ProtectedHeader, operation: KeyOperation): JWK {
  const kid = header["kid"];
  if (kid !== undefined && typeof kid !== "string") {
    throw tokenError(operation, "ERR_HEADER_INVALID", "kid must be a string");
  }
  const { alg, enc } = algorithmsOf(header, operation);
  const named = kid === undefined ? set.keys : set.keys.filter((k) => k.kid === kid);
  const fitting = named.filter((k) => fits(k, operation, alg, enc));
  if (fitting.length === 1) return fitting[0]!;
  if (fitting.length === 0) {
    const which = kid === undefined ? "no key" : `no key with kid ${JSON.stringify(kid)}`;
    throw tokenError(operation, "ERR_KEY_NOT_FOUND", `${which} in the key set fits ${alg} for ${operation}`);
  }
  const why = kid === undefined ? "and the token names no kid" : "with the same kid";
  throw tokenError(operation, "ERR_KEY_AMBIGUOUS", `${fitting.length} keys in the key set fit ${alg} ${why}`);
}

function resolvedKey(value: unknown): JWK {
  if (!(value instanceof JWK)) {
    throw new JamConfigurationError("ERR_CONFIG", "a key resolver must return a JWK");
  }
  return value;
}

/** The key for a token, from a set or a synchronous resolver. */
export function resolveKey(source: KeySource, header: ProtectedHeader, operation: KeyOperation): JWK {
  if (source instanceof JWKSet) return selectKey(source, header, operation);
  const method = operation === "verify" ? "verifyAsync / decodeAsync" : "openAsync / decryptAsync";
  const refusal = () => new JamConfigurationError("ERR_CONFIG", `this key resolver is asynchronous: use ${method}`);
  if (isAsyncResolver(source)) throw refusal();
  const result = source(header, operation);
  if (result instanceof Promise) {
    result.catch(() => undefined); // refused below; never an unhandled rejection
    throw refusal();
  }
  return resolvedKey(result);
}

/** The key for a token, from a set or any resolver (a remote key set included). */
export async function resolveKeyAsync(
  source: KeySource,
  header: ProtectedHeader,
  operation: KeyOperation,
): Promise<JWK> {
  if (source instanceof JWKSet) return selectKey(source, header, operation);
  return resolvedKey(await source(header, operation));
}
