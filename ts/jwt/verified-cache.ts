/**
 * An opt-in cache of verified JWTs (as fast-jwt offers): a token seen before
 * skips signature verification and payload parsing, never claim validation.
 * Entries are keyed by the token's SHA-256 (collision-resistant, so a forged
 * token cannot take a cached one's place) and bounded in number, least
 * recently used first out. `Jam` still consults the token lists on a hit.
 */
import { nodeBuiltins } from "../backend/node-crypto.js";
import { core } from "../core/core.js";
import { JamConfigurationError } from "../errors.js";

/** `cache` option of a JWT: at most `max` verified tokens are kept. */
export interface VerifiedCacheOptions {
  max: number;
}

/** What a hit gives back: the verified header and parsed claims, frozen. */
export interface CachedToken {
  header: Readonly<Record<string, unknown>>;
  payload: Readonly<Record<string, unknown>>;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

/** SHA-256 of the token: node:crypto where present, else the core. */
function tokenKey(token: string): string {
  const crypto = nodeBuiltins()?.crypto;
  if (crypto !== undefined) {
    const oneShot = (crypto as { hash?: (alg: string, data: string, encoding: "base64") => string }).hash;
    return oneShot !== undefined
      ? oneShot("sha256", token, "base64")
      : crypto.createHash("sha256").update(token).digest("base64");
  }
  return core().token_fingerprint(token);
}

/** A bounded LRU map from token hash to verified result. */
export class VerifiedCache {
  readonly max: number;
  private readonly entries = new Map<string, CachedToken>();

  constructor(options: VerifiedCacheOptions) {
    if (!Number.isInteger(options?.max) || options.max < 1) {
      throw new JamConfigurationError("ERR_INVALID_ARGUMENT", "cache.max must be a positive integer");
    }
    this.max = options.max;
  }

  /** Number of tokens held. */
  get size(): number {
    return this.entries.size;
  }

  /** The key under which `token` is stored (hash it once per decode). */
  keyOf(token: string): string {
    return tokenKey(token);
  }

  /** The cached result for a key, marking it most recently used. */
  get(key: string): CachedToken | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  /** Stores a verified result (frozen: every hit hands out the same objects). */
  set(key: string, header: Record<string, unknown>, payload: Record<string, unknown>): CachedToken {
    const entry: CachedToken = { header: deepFreeze(header), payload: deepFreeze(payload) };
    this.entries.set(key, entry);
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return entry;
  }

  /** Drops every entry. */
  clear(): void {
    this.entries.clear();
  }
}
