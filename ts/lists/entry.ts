/**
 * What every backend agrees on: how an entry is keyed and how long it lives.
 *
 * An entry is `${prefix}:${sha256(token)}`: the raw token never reaches
 * storage, so a leaked list (a Redis dump, a JSON file) holds nothing anyone
 * can present. The fingerprint is computed in the Rust core.
 */
import { core } from "../core/core.js";
import { tokenFingerprint } from "../core/index.js";
import { decodeUtf8 } from "../util/utf8.js";

/** The storage key of a token. */
export function entryKey(prefix: string, token: string): string {
  return `${prefix}:${tokenFingerprint(token)}`;
}

/**
 * The `exp` of a JWS-compact token, read from its payload segment WITHOUT
 * verifying it. It only sets how long an entry lives: a forged `exp` can at
 * worst make an entry outlive its token or expire when the forged token would
 * (and then exp validation refuses it anyway). Undefined when the token is
 * not a three-segment JWS (a JWE hides its claims) or carries no numeric exp.
 */
export function unverifiedExp(token: string): number | undefined {
  // Strict base64url and segment splitting come from the core, as for verify.
  const payload = core().jws_unverified_payload(token);
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(decodeUtf8(payload));
    const exp = (claims as { exp?: unknown } | null)?.exp;
    return typeof exp === "number" && Number.isFinite(exp) ? exp : undefined;
  } catch {
    return undefined;
  }
}

/** How long an entry lives, in milliseconds; `null` is forever, 0 is "do not store". */
export type Lifetime = number | null;

/**
 * The token's remaining life (exp - now, plus `leeway`), else `ttl`, else
 * forever. A token already past exp + leeway gets 0: exp validation refuses
 * it, so neither list needs to remember it.
 */
export function entryLifetimeMs(
  token: string,
  ttlSeconds: number | undefined,
  leewaySeconds: number,
  nowMs: number = Date.now(),
): Lifetime {
  const exp = unverifiedExp(token);
  if (exp !== undefined) return Math.max(0, Math.ceil((exp + leewaySeconds) * 1000 - nowMs));
  if (ttlSeconds !== undefined) return Math.ceil(ttlSeconds * 1000);
  return null;
}
