/**
 * Token lists: `createTokenList(config)` builds the configured backend.
 * It is synchronous (a JWT constructor calls it); backends that need I/O
 * (json, redis) load their modules and connect on first use.
 */
import type { TokenList } from "./types.js";
import { resolveListConfig, type ListConfig } from "./list-config.js";
import { MemoryTokenList } from "./memory-list.js";
import { JsonTokenList } from "./json-list.js";
import { RedisTokenList } from "./redis-list.js";
import { JamJsonTokenList } from "./jam-json-list.js";
import { JAM_LAYOUT } from "./jam-layout.js";

export type { TokenList } from "./types.js";
export type {
  ListConfig,
  MemoryListConfig,
  JsonListConfig,
  RedisListConfig,
  ListType,
  ListBackend,
} from "./list-config.js";
export { MemoryTokenList } from "./memory-list.js";
export { JsonTokenList } from "./json-list.js";
export { RedisTokenList } from "./redis-list.js";
export { IdentityTokenList } from "./identity-list.js";
export type { TokenIdentity } from "./entry.js";
export { JamJsonTokenList } from "./jam-json-list.js";
export { JAM_LAYOUT, type ListLayout } from "./jam-layout.js";

/**
 * Builds a token list from its config (camelCase or jam's snake_case keys).
 * Throws JamConfigurationError (details.path) for anything it cannot use.
 * `path` prefixes the key paths in errors.
 */
export function createTokenList(config: ListConfig | Record<string, unknown>, path = "list"): TokenList {
  const c = resolveListConfig(config, path);
  switch (c.backend) {
    case "memory":
      return new MemoryTokenList(c);
    case "json":
      return c.compat === "jam" ? new JamJsonTokenList(c) : new JsonTokenList(c);
    case "redis":
      return new RedisTokenList(c.compat === "jam" ? { ...c, layout: JAM_LAYOUT } : c);
  }
}

/** True for something that already is a TokenList (not a config to build one from). */
export function isTokenList(value: unknown): value is TokenList {
  const v = value as Partial<TokenList> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.add === "function" &&
    typeof v.has === "function" &&
    typeof v.hasMany === "function" &&
    typeof v.delete === "function"
  );
}
