/**
 * The token list contract. Lists are I/O, so every method is async. Entries
 * are keyed by the SHA-256 fingerprint of the whole token, never the token.
 */
export interface TokenList {
  /** "black": listed tokens are refused; "white": only listed tokens pass. */
  readonly type: "black" | "white";
  add(token: string): Promise<void>;
  addMany(tokens: readonly string[]): Promise<void>;
  has(token: string): Promise<boolean>;
  hasMany(tokens: readonly string[]): Promise<boolean[]>;
  delete(token: string): Promise<void>;
  deleteMany(tokens: readonly string[]): Promise<void>;
  /** Releases connections and timers; the list is unusable afterwards. */
  close(): Promise<void>;
}
