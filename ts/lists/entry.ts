/**
 * What every backend agrees on: how a token becomes an entry, and how long
 * the entry lives.
 *
 * Keying. An entry is `${prefix}:${id}`, where `id` is a hex SHA-256 of
 * what nobody but the issuer can change, so that a token cannot come back
 * in a new form:
 * - a compact JWS: its signing input (`header.payload`), not the whole token.
 *   The signature can change without the key (ECDSA's `s` and `n - s` both
 *   verify), and re-signing with the key gives new bytes for ECDSA and PSS.
 * - anything else, seen by a list alone (a JWE it cannot open): the whole
 *   token. A JWT that can open its JWEs gives its list a better identity
 *   (see `JWT.identify`): the inner JWS of a nested token, or for an
 *   encrypt-only token its `jti`, else its plaintext.
 * The raw token never reaches storage, so a leaked list holds nothing anyone
 * can present. The hashes are computed in the Rust core.
 *
 * Retention (see docs/config-and-lists.md): an entry with an `exp` lives
 * until exp + leeway, and `Jam` refuses a black-listed instance's token past
 * exp + leeway whatever the decode options, so an entry is never gone while
 * its token could still pass. On a black list an entry without `exp` lives
 * forever (the token never expires, so neither may its revocation), and so
 * does a token added when it is already past exp + leeway.
 */
import { core } from "../core/core.js";
import { JamConfigurationError } from "../errors.js";
import { decodeUtf8 } from "../util/utf8.js";
import type { ListType } from "./list-config.js";

/** A token as a list sees it: the hash it is stored under and its `exp`, if any. */
export interface TokenIdentity {
  /** Hex SHA-256 (see the module comment for what is hashed). */
  readonly id: string;
  /** The token's `exp` (seconds), read to set the entry's lifetime. */
  readonly exp: number | undefined;
}

/** Maps a token to its identity; a JWT that opens JWEs supplies its own. */
export type Identify = (token: string) => TokenIdentity;

const utf8 = new TextEncoder();

/** Refuses what is not a token string before it reaches the core. */
export function checkToken(token: unknown): asserts token is string {
  if (typeof token !== "string") {
    throw new JamConfigurationError("ERR_INVALID_ARGUMENT", "a token list takes token strings");
  }
}

/** A copy of a caller's token array, every element checked; a throwing getter is a typed error too. */
export function checkTokens(tokens: unknown): string[] {
  if (!Array.isArray(tokens)) {
    throw new JamConfigurationError(
      "ERR_INVALID_ARGUMENT",
      "a token list's batch methods take an array of token strings",
    );
  }
  let copy: unknown[];
  try {
    copy = Array.from(tokens as unknown[]);
  } catch (error) {
    throw new JamConfigurationError("ERR_INVALID_ARGUMENT", "the token array could not be read", { cause: error });
  }
  for (const t of copy) checkToken(t);
  return copy as string[];
}

/** The identity of a token seen on its own: a JWS by its signing input, anything else whole. */
export function identifyToken(token: string): TokenIdentity {
  checkToken(token);
  return { id: core().token_list_key(token), exp: unverifiedExp(token) };
}

/** The identity of a JWS whose claims are verified: the exp is the verified one. */
export function jwsIdentity(token: string, claims: unknown): TokenIdentity {
  const exp =
    typeof claims === "object" && claims !== null && Object.hasOwn(claims, "exp")
      ? numericExp((claims as { exp: unknown }).exp)
      : undefined;
  return { id: core().token_list_key(token), exp };
}

/**
 * The identity of an encrypt-only token's plaintext. A re-encrypter can
 * change every byte of a JWE (CEK, IV, wrapped key, ephemeral key), but not
 * what it means: its `jti` when the plaintext is claims with one (any
 * encoding of those claims is the same token), else the plaintext bytes.
 * Each input is domain-separated, so neither can collide with a JWS key.
 */
export function plaintextIdentity(plaintext: Uint8Array, claims: unknown): TokenIdentity {
  const record = typeof claims === "object" && claims !== null && !Array.isArray(claims) ? claims : undefined;
  const jti = record !== undefined && Object.hasOwn(record, "jti") ? (record as { jti: unknown }).jti : undefined;
  const exp =
    record !== undefined && Object.hasOwn(record, "exp") ? numericExp((record as { exp: unknown }).exp) : undefined;
  const input =
    typeof jti === "string"
      ? concat(utf8.encode("jam-jose list key: jti\0"), utf8.encode(jti))
      : concat(utf8.encode("jam-jose list key: plaintext\0"), plaintext);
  return { id: core().sha256_hex_of_bytes(input), exp };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function numericExp(exp: unknown): number | undefined {
  return typeof exp === "number" && Number.isFinite(exp) ? exp : undefined;
}

/** The storage key of an identity. */
export function entryKey(prefix: string, identity: TokenIdentity): string {
  return `${prefix}:${identity.id}`;
}

/**
 * The `exp` of a JWS-compact token, read from its payload segment WITHOUT
 * verifying it. It only sets how long an entry lives: a forged `exp` can at
 * worst make an entry outlive its token or expire when the forged token would
 * (and then `Jam` refuses that token anyway). Undefined when the token is
 * not a three-segment JWS (a JWE hides its claims) or carries no numeric exp.
 */
export function unverifiedExp(token: string): number | undefined {
  // Strict base64url and segment splitting come from the core, as for verify.
  const payload = core().jws_unverified_payload(token);
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(decodeUtf8(payload));
    if (typeof claims !== "object" || claims === null || !Object.hasOwn(claims, "exp")) return undefined;
    return numericExp((claims as { exp: unknown }).exp);
  } catch {
    return undefined;
  }
}

/** Upper bound of a NumericDate claims validation accepts: 9999-12-31T23:59:59Z. */
const MAX_NUMERIC_DATE = 253402300799;

/** How long an entry lives, in milliseconds; `null` is forever, 0 is "do not store". */
export type Lifetime = number | null;

/**
 * How long an entry lives:
 * - with `exp`: until exp + leeway. A token already past that is kept
 *   forever on a black list (it was revoked on purpose; keeping it costs one
 *   entry) and not stored on a white list (an entry there only lets a token
 *   pass, and nothing is left to pass);
 * - without `exp`: forever on a black list (such a token never expires, so
 *   its revocation must not either: `ttl` does not apply), `ttl` (else
 *   forever) on a white list.
 */
export function entryLifetimeMs(
  identity: TokenIdentity,
  type: ListType,
  ttlSeconds: number | undefined,
  leewaySeconds: number,
  nowMs: number = Date.now(),
): Lifetime {
  const { exp } = identity;
  if (exp !== undefined) {
    // Past any NumericDate claims validation accepts (year 9999): forever.
    if (exp > MAX_NUMERIC_DATE) return null;
    const left = Math.ceil((exp + leewaySeconds) * 1000 - nowMs);
    if (left > 0) return left;
    return type === "black" ? null : 0;
  }
  if (type === "black" || ttlSeconds === undefined) return null;
  return Math.ceil(ttlSeconds * 1000);
}
