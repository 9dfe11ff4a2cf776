/**
 * Python jam's list layout, for lists shared with jam services (`compat =
 * "jam"` on a list, or on the JWT that owns it). jam 4.2.1 (jam.lists):
 *
 * - Redis: the key is `${prefix}:${token}`, the WHOLE token, value "1",
 *   expiring after `ttl` seconds when a ttl is set, never otherwise (jam does
 *   not look at the token's exp). `check` is EXISTS; batches are one pipeline.
 * - json: a TinyDB file, see jam-json-list.ts.
 *
 * What this layout cannot protect, because jam keys on the token's exact
 * text: a token re-encoded so that it differs in bytes but not in meaning is
 * a different entry. ECDSA signatures are malleable ((r, s) and (r, n - s)
 * both verify), so anyone holding a revoked ES* token can make a twin that
 * the list does not know; a JWE can be re-encrypted by whoever holds its
 * key. The default layout (SHA-256 fingerprint, entry expiring with the
 * token) is no better on that point, but it never stores tokens: jam's
 * layout puts every listed token, usable as it is, into Redis.
 */
import type { Lifetime, TokenIdentity } from "./entry.js";

/**
 * A storage layout other than the default one (entry.ts): what a token is
 * stored under (its identity, whose `id` follows the prefix) and how long.
 */
export interface ListLayout {
  /** The identity `token` is stored under, as presented (no JWT may swap it). */
  identify(token: string): TokenIdentity;
  /** How long an entry lives (ms; null: forever; 0: not stored). */
  lifetimeMs(identity: TokenIdentity, ttlSeconds: number | undefined, leewaySeconds: number, nowMs: number): Lifetime;
}

/** jam's layout: the whole token under the prefix, expiring after ttl only. */
export const JAM_LAYOUT: ListLayout = {
  identify: (token) => ({ id: token, exp: undefined }),
  lifetimeMs: (_identity, ttlSeconds) => (ttlSeconds === undefined ? null : Math.ceil(ttlSeconds * 1000)),
};
