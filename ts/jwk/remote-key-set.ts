/**
 * A JWK Set fetched from a URL (an identity provider's `jwks_uri`), over the
 * runtime's `fetch`: Node, Workers and browsers alike. The result is an
 * async key resolver for `JWT.decodeAsync` / `JWS.verifyAsync`, as jose's
 * createRemoteJWKSet is for jwtVerify.
 *
 * - The set is cached for `maxAge`; no two fetches start within `cooldown`.
 * - A fetch is bounded by `timeout` (headers and body) and `maxResponseBytes`.
 * - A token naming an unknown `kid` (or fitting no key) triggers one refetch,
 *   unless the cooldown forbids it.
 * - Concurrent requests share one fetch.
 * - When a refresh fails, the expired set is still served for up to
 *   `maxStale` past its max age; after that, verification fails with
 *   JamJWKSUnavailable (fail closed).
 * - Only the configured URL is ever fetched: a token's `jku` and `x5u` are
 *   never followed.
 * - A set holding private or symmetric key material is refused: a public
 *   JWKS must never hold a secret.
 */
import { JamConfigurationError, JamError, JamJWKSUnavailable } from "../errors.js";
import { JWK, JWKSet } from "./jwk.js";
import type { JsonWebKeyObject } from "./key-input.js";
import {
  ASYNC_RESOLVER,
  type KeyOperation,
  type KeyResolver,
  type ProtectedHeader,
  selectKey,
} from "./key-selection.js";

/** Options of a remote JWK Set; durations in milliseconds. */
export interface RemoteJWKSetOptions {
  /** How long a fetched set is used before it is fetched again. Default 10 minutes. */
  maxAge?: number;
  /** Least time between two fetches (refetch on unknown kid included). Default 30 s. */
  cooldown?: number;
  /** Deadline of one fetch, headers and body. Default 5 s. */
  timeout?: number;
  /** Largest response body accepted, in bytes. Default 512 KiB. */
  maxResponseBytes?: number;
  /** How long past `maxAge` an expired set is served while refreshing fails. Default 1 hour. */
  maxStale?: number;
  /** Extra request headers (an API key, say). */
  headers?: Record<string, string>;
  /** The fetch to use; default the global one. */
  fetch?: typeof fetch;
  /** The clock, in ms since the epoch; default Date.now. For tests. */
  now?: () => number;
}

/** An async key resolver backed by a remote JWK Set. */
export interface RemoteJWKSet extends KeyResolver {
  /** The URL the set is fetched from (the only one ever fetched). */
  readonly url: string;
  /** The set in use, once one was fetched. */
  readonly current: JWKSet | undefined;
  /** True while the current set is younger than maxAge. */
  readonly fresh: boolean;
  /** True while a new fetch may not start yet. */
  readonly coolingDown: boolean;
  /** Fetches the set now (or joins the fetch under way) and returns it. */
  reload(): Promise<JWKSet>;
}

/** Defaults of RemoteJWKSetOptions. */
export const REMOTE_JWKS_DEFAULTS = {
  maxAge: 10 * 60_000,
  cooldown: 30_000,
  timeout: 5_000,
  maxResponseBytes: 512 * 1024,
  maxStale: 60 * 60_000,
} as const;

function duration(name: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (typeof chosen !== "number" || !Number.isFinite(chosen) || chosen < 0) {
    throw new JamConfigurationError("ERR_INVALID_ARGUMENT", `${name} must be a non-negative number`);
  }
  return chosen;
}

class RemoteKeySetCache {
  readonly url: string;
  #set: JWKSet | undefined;
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #lastAttempt = Number.NEGATIVE_INFINITY;
  #inflight: Promise<JWKSet> | undefined;
  #lastError: unknown;
  readonly #options: Required<Omit<RemoteJWKSetOptions, "headers" | "fetch" | "now">>;
  readonly #headers: Record<string, string>;
  readonly #fetch: typeof fetch | undefined;
  readonly #now: () => number;

  constructor(url: string | URL, options: RemoteJWKSetOptions) {
    let parsed: URL;
    try {
      parsed = new URL(String(url));
    } catch {
      throw new JamConfigurationError("ERR_INVALID_ARGUMENT", "a remote JWK Set needs an absolute http(s) URL");
    }
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
      throw new JamConfigurationError("ERR_INVALID_ARGUMENT", "a remote JWK Set URL must be http: or https:");
    }
    this.url = parsed.href;
    this.#options = {
      maxAge: duration("maxAge", options.maxAge, REMOTE_JWKS_DEFAULTS.maxAge),
      cooldown: duration("cooldown", options.cooldown, REMOTE_JWKS_DEFAULTS.cooldown),
      timeout: duration("timeout", options.timeout, REMOTE_JWKS_DEFAULTS.timeout),
      maxResponseBytes: duration("maxResponseBytes", options.maxResponseBytes, REMOTE_JWKS_DEFAULTS.maxResponseBytes),
      maxStale: duration("maxStale", options.maxStale, REMOTE_JWKS_DEFAULTS.maxStale),
    };
    this.#headers = { ...options.headers };
    this.#fetch = options.fetch;
    this.#now = options.now ?? Date.now;
  }

  get current(): JWKSet | undefined {
    return this.#set;
  }

  get fresh(): boolean {
    return this.#set !== undefined && this.#now() - this.#fetchedAt < this.#options.maxAge;
  }

  get coolingDown(): boolean {
    return this.#now() - this.#lastAttempt < this.#options.cooldown;
  }

  /** The key for a token: from the cached set, refetched once when it has none that fits. */
  async getKey(header: ProtectedHeader, operation: KeyOperation): Promise<JWK> {
    if (operation !== "verify") {
      throw new JamConfigurationError("ERR_CONFIG", "a remote JWK Set holds public keys: it verifies, never decrypts");
    }
    const set = await this.#usableSet();
    try {
      return selectKey(set, header, operation);
    } catch (error) {
      if (!(error instanceof JamError) || error.code !== "ERR_KEY_NOT_FOUND") throw error;
      // A rotated key: fetch once more, unless one just happened.
      if (this.#inflight === undefined && this.coolingDown) throw error;
      let again: JWKSet;
      try {
        again = await this.reload();
      } catch {
        throw error; // the refetch failed: the token still has no key
      }
      return selectKey(again, header, operation);
    }
  }

  /** Fetches now, or joins the fetch under way. */
  reload(): Promise<JWKSet> {
    this.#inflight ??= this.#startFetch();
    return this.#inflight;
  }

  #startFetch(): Promise<JWKSet> {
    this.#lastAttempt = this.#now();
    return this.#fetchSet().then(
      (set) => {
        this.#set = set;
        this.#fetchedAt = this.#now();
        this.#inflight = undefined;
        return set;
      },
      (error: unknown) => {
        this.#lastError = error;
        this.#inflight = undefined;
        throw error;
      },
    );
  }

  /** The fresh set; or a new one; or, while refreshing fails, the stale one within its bound. */
  async #usableSet(): Promise<JWKSet> {
    if (this.fresh) return this.#set!;
    const stale = this.#set;
    const withinStaleBound = () =>
      stale !== undefined && this.#now() - this.#fetchedAt <= this.#options.maxAge + this.#options.maxStale;
    if (this.#inflight === undefined && this.coolingDown) {
      // A fetch failed a moment ago: do not hammer the server.
      if (withinStaleBound()) return stale!;
      throw this.#unavailable("the last fetch failed and the cooldown has not passed", this.#lastError);
    }
    try {
      return await this.reload();
    } catch (error) {
      if (withinStaleBound()) return stale!;
      throw error;
    }
  }

  #unavailable(why: string, cause?: unknown): JamJWKSUnavailable {
    const detail = cause instanceof Error ? ` (${cause.message})` : "";
    return new JamJWKSUnavailable("ERR_JWKS_UNAVAILABLE", `remote JWK Set ${this.url}: ${why}${detail}`, {
      ...(cause === undefined ? {} : { cause }),
      details: { url: this.url },
    });
  }

  async #fetchSet(): Promise<JWKSet> {
    const fetchFn = this.#fetch ?? globalThis.fetch;
    if (typeof fetchFn !== "function") throw this.#unavailable("this runtime has no fetch");
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#options.timeout);
    try {
      let response: Response;
      try {
        response = await fetchFn(this.url, {
          method: "GET",
          headers: { accept: "application/jwk-set+json, application/json", ...this.#headers },
          signal: controller.signal,
        });
      } catch (error) {
        throw this.#unavailable(controller.signal.aborted ? "timed out" : "the request failed", error);
      }
      if (response.status !== 200) {
        await response.body?.cancel().catch(() => undefined);
        throw this.#unavailable(`HTTP status ${response.status}`);
      }
      const body = await this.#readBody(response, controller);
      return this.#parseSet(body);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The body, refused as soon as it passes the size cap (the stream is cancelled). */
  async #readBody(response: Response, controller: AbortController): Promise<Uint8Array> {
    const cap = this.#options.maxResponseBytes;
    const declared = Number(response.headers.get("content-length") ?? Number.NaN);
    if (declared > cap) {
      await response.body?.cancel().catch(() => undefined);
      throw this.#unavailable(`the response is larger than ${cap} bytes`);
    }
    if (response.body === null) return new Uint8Array(0);
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > cap) {
          controller.abort();
          throw this.#unavailable(`the response is larger than ${cap} bytes`);
        }
        chunks.push(value);
      }
    } catch (error) {
      if (error instanceof JamJWKSUnavailable) throw error;
      throw this.#unavailable(controller.signal.aborted ? "timed out" : "reading the response failed", error);
    }
    const body = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      body.set(chunk, at);
      at += chunk.byteLength;
    }
    return body;
  }

  #parseSet(body: Uint8Array): JWKSet {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
    } catch (error) {
      throw this.#unavailable("the response is not JSON", error);
    }
    const entries = (parsed as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(entries)) throw this.#unavailable('the response is not a JWK Set (no "keys" array)');
    const keys: JWK[] = [];
    for (const entry of entries) {
      let key: JWK;
      try {
        // Keys of types this library does not implement are skipped, as other
        // libraries do: an identity provider may publish more than we use.
        key = JWK.import(entry as JsonWebKeyObject);
      } catch {
        continue;
      }
      keys.push(key);
      if (key.isPrivate) {
        for (const k of keys) k.dispose();
        throw this.#unavailable("the set holds private or symmetric key material; a public JWKS must not");
      }
    }
    if (keys.length === 0) throw this.#unavailable("the set holds no usable key");
    return new JWKSet(keys);
  }
}

/**
 * A remote JWK Set at `url`, as an async key resolver: pass it as the key
 * of a JWT or JWS and verify with `decodeAsync` / `verifyAsync`.
 */
export function createRemoteJWKSet(url: string | URL, options: RemoteJWKSetOptions = {}): RemoteJWKSet {
  const cache = new RemoteKeySetCache(url, options);
  const resolver = (header: ProtectedHeader, operation: KeyOperation) => cache.getKey(header, operation);
  return Object.defineProperties(resolver, {
    url: { value: cache.url, enumerable: true },
    current: { get: () => cache.current, enumerable: true },
    fresh: { get: () => cache.fresh, enumerable: true },
    coolingDown: { get: () => cache.coolingDown, enumerable: true },
    reload: { value: () => cache.reload(), enumerable: true },
    [ASYNC_RESOLVER]: { value: true },
  }) as RemoteJWKSet;
}
