/**
 * A token list in this process's memory: for tests, single-process servers
 * and Workers (where it lives as long as the isolate). Lost on restart.
 */
import { entryKey, type TokenIdentity } from "./entry.js";
import { IdentityTokenList, type CommonListOptions } from "./identity-list.js";
import { JamListUnavailable } from "../errors.js";

/** Sweep expired entries once per this many writes, so the map cannot grow without bound. */
const SWEEP_EVERY = 1024;

export type MemoryListOptions = CommonListOptions;

export class MemoryTokenList extends IdentityTokenList {
  /** key -> expiry in epoch ms (Infinity: never). No timers: they would keep a process alive. */
  readonly #entries = new Map<string, number>();
  #writes = 0;
  #closed = false;

  async addIdentities(identities: readonly TokenIdentity[]): Promise<void> {
    this.#open();
    const now = Date.now();
    for (const identity of identities) {
      const life = this.lifetime(identity, now);
      if (life === 0) continue;
      this.#entries.set(entryKey(this.prefix, identity), life === null ? Infinity : now + life);
      if (++this.#writes % SWEEP_EVERY === 0) this.#sweep(now);
    }
  }

  async hasIdentities(identities: readonly TokenIdentity[]): Promise<boolean[]> {
    this.#open();
    const now = Date.now();
    return identities.map((identity) => {
      const key = entryKey(this.prefix, identity);
      const expires = this.#entries.get(key);
      if (expires === undefined) return false;
      if (expires <= now) {
        this.#entries.delete(key);
        return false;
      }
      return true;
    });
  }

  async deleteIdentities(identities: readonly TokenIdentity[]): Promise<void> {
    this.#open();
    for (const identity of identities) this.#entries.delete(entryKey(this.prefix, identity));
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#entries.clear();
  }

  /** The stored keys (`${prefix}:${id}`), for inspection and tests. */
  keys(): string[] {
    this.#sweep(Date.now());
    return [...this.#entries.keys()];
  }

  #sweep(now: number): void {
    for (const [k, exp] of this.#entries) if (exp <= now) this.#entries.delete(k);
  }

  #open(): void {
    if (this.#closed) throw new JamListUnavailable("ERR_LIST_UNAVAILABLE", "the token list is closed");
  }
}
