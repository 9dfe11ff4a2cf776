/**
 * The token list contract. Lists are I/O, so every method is async. Entries
 * are keyed by a SHA-256 of what a re-signer cannot change (a JWS's signing
 * input; see ts/lists/entry.ts), never by the token itself.
 */
export interface TokenList {
  /** "black": listed tokens are refused; "white": only listed tokens pass. */
  readonly type: "black" | "white";
  /**
   * Seconds an entry outlives its token's `exp`. `Jam` refuses a token past
   * exp + leeway when its list is a black list (the entry may be gone);
   * a list without this property counts as 0.
   */
  readonly leeway?: number;
  add(token: string): Promise<void>;
  addMany(tokens: readonly string[]): Promise<void>;
  has(token: string): Promise<boolean>;
  hasMany(tokens: readonly string[]): Promise<boolean[]>;
  delete(token: string): Promise<void>;
  deleteMany(tokens: readonly string[]): Promise<void>;
  /** Releases connections and timers; the list is unusable afterwards. */
  close(): Promise<void>;
}
