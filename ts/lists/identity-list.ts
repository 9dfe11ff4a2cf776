/**
 * The part of a token list every backend shares: tokens become identities
 * (ts/lists/entry.ts), and a backend stores identities. A JWT that can open
 * its JWEs swaps the identify function (`identifyWith`), so a nested or
 * encrypt-only token is listed by what its re-encryption cannot change.
 */
import {
  checkTokens,
  entryLifetimeMs,
  identifyToken,
  type Identify,
  type Lifetime,
  type TokenIdentity,
} from "./entry.js";
import type { ListLayout } from "./jam-layout.js";
import type { ListType } from "./list-config.js";
import type { TokenList } from "./types.js";

/** What every backend's constructor takes besides its own options. */
export interface CommonListOptions {
  type: ListType;
  prefix: string;
  ttl: number | undefined;
  leeway: number;
  /** Another storage layout (jam's, for lists shared with Python jam); default entry.ts's. */
  layout?: ListLayout | undefined;
}

/** A token list that stores identities; the backends implement the three identity operations. */
export abstract class IdentityTokenList implements TokenList {
  readonly type: ListType;
  /** Seconds an entry outlives its token's `exp`. */
  readonly leeway: number;
  protected readonly prefix: string;
  protected readonly ttl: number | undefined;
  /** The storage layout when it is not the default (jam's keys on the token as presented). */
  readonly layout: ListLayout | undefined;
  #identify: Identify;

  constructor(options: CommonListOptions) {
    this.type = options.type;
    this.prefix = options.prefix;
    this.ttl = options.ttl;
    this.leeway = options.leeway;
    this.layout = options.layout;
    this.#identify = options.layout?.identify ?? identifyToken;
  }

  /**
   * Sets how tokens map to identities (JWT does, when it has a JWE). A list
   * in another layout keeps that layout's identity: jam's stores the token
   * as presented, which is what a Python jam service looks up.
   */
  identifyWith(identify: Identify): void {
    if (this.layout === undefined) this.#identify = identify;
  }

  /** The identity this list stores `token` under. */
  identify(token: string): TokenIdentity {
    return this.#identify(checkTokens([token])[0]!);
  }

  async add(token: string): Promise<void> {
    await this.addIdentities([this.identify(token)]);
  }

  async addMany(tokens: readonly string[]): Promise<void> {
    await this.addIdentities(checkTokens(tokens).map((t) => this.#identify(t)));
  }

  async has(token: string): Promise<boolean> {
    return (await this.hasIdentities([this.identify(token)]))[0]!;
  }

  async hasMany(tokens: readonly string[]): Promise<boolean[]> {
    return this.hasIdentities(checkTokens(tokens).map((t) => this.#identify(t)));
  }

  async delete(token: string): Promise<void> {
    await this.deleteIdentities([this.identify(token)]);
  }

  async deleteMany(tokens: readonly string[]): Promise<void> {
    await this.deleteIdentities(checkTokens(tokens).map((t) => this.#identify(t)));
  }

  /** Stores identities (one round trip per backend). */
  abstract addIdentities(identities: readonly TokenIdentity[]): Promise<void>;
  /** Answers, in order, whether each identity is stored. */
  abstract hasIdentities(identities: readonly TokenIdentity[]): Promise<boolean[]>;
  /** Removes identities. */
  abstract deleteIdentities(identities: readonly TokenIdentity[]): Promise<void>;
  abstract close(): Promise<void>;

  /** How long an identity's entry lives (see entryLifetimeMs). */
  protected lifetime(identity: TokenIdentity, nowMs: number): Lifetime {
    if (this.layout !== undefined) return this.layout.lifetimeMs(identity, this.ttl, this.leeway, nowMs);
    return entryLifetimeMs(identity, this.type, this.ttl, this.leeway, nowMs);
  }
}
