/**
 * A token list in this process's memory: for tests, single-process servers
 * and Workers (where it lives as long as the isolate). Lost on restart.
 */
import type { TokenList } from "./types.js";
import type { ListType } from "./list-config.js";
import { entryKey, entryLifetimeMs } from "./entry.js";
import { JamListUnavailable } from "../errors.js";

/** Sweep expired entries once per this many writes, so the map cannot grow without bound. */
const SWEEP_EVERY = 1024;

export interface MemoryListOptions {
  type: ListType;
  prefix: string;
  ttl: number | undefined;
  leeway: number;
}

export class MemoryTokenList implements TokenList {
  readonly type: ListType;
  readonly #prefix: string;
  readonly #ttl: number | undefined;
  readonly #leeway: number;
  /** key -> expiry in epoch ms (Infinity: never). No timers: they would keep a process alive. */
  readonly #entries = new Map<string, number>();
  #writes = 0;
  #closed = false;

  constructor(options: MemoryListOptions) {
    this.type = options.type;
    this.#prefix = options.prefix;
    this.#ttl = options.ttl;
    this.#leeway = options.leeway;
  }

  async add(token: string): Promise<void> {
    this.#addSync(token);
  }

  async addMany(tokens: readonly string[]): Promise<void> {
    for (const t of tokens) this.#addSync(t);
  }

  async has(token: string): Promise<boolean> {
    return this.#hasSync(token);
  }

  async hasMany(tokens: readonly string[]): Promise<boolean[]> {
    return tokens.map((t) => this.#hasSync(t));
  }

  async delete(token: string): Promise<void> {
    this.#open();
    this.#entries.delete(entryKey(this.#prefix, token));
  }

  async deleteMany(tokens: readonly string[]): Promise<void> {
    this.#open();
    for (const t of tokens) this.#entries.delete(entryKey(this.#prefix, t));
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#entries.clear();
  }

  /** The stored keys (fingerprints), for inspection and tests. */
  keys(): string[] {
    this.#sweep(Date.now());
    return [...this.#entries.keys()];
  }

  #addSync(token: string): void {
    this.#open();
    const now = Date.now();
    const life = entryLifetimeMs(token, this.#ttl, this.#leeway, now);
    if (life === 0) return;
    this.#entries.set(entryKey(this.#prefix, token), life === null ? Infinity : now + life);
    if (++this.#writes % SWEEP_EVERY === 0) this.#sweep(now);
  }

  #hasSync(token: string): boolean {
    this.#open();
    const key = entryKey(this.#prefix, token);
    const expires = this.#entries.get(key);
    if (expires === undefined) return false;
    if (expires <= Date.now()) {
      this.#entries.delete(key);
      return false;
    }
    return true;
  }

  #sweep(now: number): void {
    for (const [k, exp] of this.#entries) if (exp <= now) this.#entries.delete(k);
  }

  #open(): void {
    if (this.#closed) throw new JamListUnavailable("ERR_LIST_UNAVAILABLE", "the token list is closed");
  }
}
