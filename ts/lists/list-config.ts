/**
 * Token list configuration: what `[jam.jose.jwt.list]` holds, and what
 * `new JWT({ list })` accepts. Keys are camelCase in TypeScript; the
 * snake_case spelling of jam's config (`redis_uri`, `json_path`) is accepted
 * too, so a table parsed from TOML can be passed as it is.
 */
import { JamConfigurationError } from "../errors.js";
import { isPlainObject } from "../util/objects.js";
import { compatOf, type Compat } from "../compat/mode.js";

export type ListType = "black" | "white";
export type ListBackend = "memory" | "json" | "redis";

interface CommonListConfig {
  /** "black" refuses listed tokens; "white" accepts only listed ones. */
  type: ListType;
  /** Key prefix: entries are `${prefix}:${id}` (see ts/lists/entry.ts). Default "jwt_list". */
  prefix?: string;
  /**
   * Seconds a white-list entry lives when the token carries no readable
   * `exp`. A black list keeps such an entry forever (the token never
   * expires, so neither may its revocation).
   */
  ttl?: number;
  /**
   * Seconds an entry outlives its token's `exp`; set it to the largest
   * clockTolerance your decodes use. `Jam` refuses a black-listed token past
   * exp + leeway whatever the decode options. Default 0.
   */
  leeway?: number;
  /** "jam": Python jam's storage layout, to share the list with jam (see jam-layout.ts). */
  compat?: Compat;
}

export interface MemoryListConfig extends CommonListConfig {
  backend: "memory";
}

export interface JsonListConfig extends CommonListConfig {
  backend: "json";
  /** The file that holds the list (Node only). */
  jsonPath: string;
}

export interface RedisListConfig extends CommonListConfig {
  backend: "redis";
  /**
   * `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS); for a
   * cluster, one or more seed nodes.
   */
  redisUri: string | readonly string[];
  /** Talk to a Redis Cluster: `redisUri` names seed nodes. */
  redisCluster?: boolean;
  /**
   * Seconds any list operation may take before it fails with
   * JamListUnavailable (connecting included). Default 2.
   */
  timeout?: number;
}

export type ListConfig = MemoryListConfig | JsonListConfig | RedisListConfig;

/** The validated, defaulted form every backend is built from. */
export type ResolvedListConfig = {
  type: ListType;
  prefix: string;
  ttl: number | undefined;
  leeway: number;
  compat: Compat | undefined;
} & (
  | { backend: "memory" }
  | { backend: "json"; jsonPath: string }
  | { backend: "redis"; redisUri: readonly string[]; redisCluster: boolean; timeout: number }
);

export const DEFAULT_PREFIX = "jwt_list";
export const DEFAULT_REDIS_TIMEOUT_S = 2;

const KEYS: Record<string, string> = {
  type: "type",
  backend: "backend",
  prefix: "prefix",
  ttl: "ttl",
  leeway: "leeway",
  jsonPath: "jsonPath",
  json_path: "jsonPath",
  redisUri: "redisUri",
  redis_uri: "redisUri",
  redisCluster: "redisCluster",
  redis_cluster: "redisCluster",
  timeout: "timeout",
  compat: "compat",
};

const BACKEND_KEYS: Record<ListBackend, readonly string[]> = {
  memory: [],
  json: ["jsonPath"],
  redis: ["redisUri", "redisCluster", "timeout"],
};

function fail(path: string, message: string, extra?: Record<string, unknown>): never {
  throw new JamConfigurationError("ERR_CONFIG", `${path}: ${message}`, { details: { path, ...extra } });
}

function seconds(value: unknown, path: string, allowZero: boolean): number {
  if (typeof value === "bigint") value = Number(value);
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    fail(path, `expected a ${allowZero ? "non-negative" : "positive"} number of seconds`, { value });
  }
  return value;
}

/**
 * Checks and defaults a list config; `path` is where it sits in the config
 * file (for error details), e.g. "jam.jose.jwt.list".
 */
export function resolveListConfig(raw: unknown, path = "list"): ResolvedListConfig {
  if (!isPlainObject(raw)) fail(path, "expected a table / object");
  let given: Array<[string, unknown]>;
  try {
    given = Object.entries(raw);
  } catch (error) {
    throw new JamConfigurationError("ERR_CONFIG", `${path}: could not be read`, { details: { path }, cause: error });
  }
  const cfg: Record<string, unknown> = {};
  for (const [key, value] of given) {
    const name = KEYS[key];
    if (name === undefined) fail(`${path}.${key}`, `unknown list option "${key}"`);
    if (name in cfg) fail(`${path}.${key}`, `"${key}" given twice (camelCase and snake_case)`);
    cfg[name] = value;
  }
  const type = cfg.type;
  if (type !== "black" && type !== "white") fail(`${path}.type`, `must be "black" or "white"`, { value: type });
  const backend = cfg.backend;
  if (backend !== "memory" && backend !== "json" && backend !== "redis") {
    fail(`${path}.backend`, `must be "memory", "json" or "redis"`, { value: backend });
  }
  for (const key of Object.keys(cfg)) {
    const owner = (Object.keys(BACKEND_KEYS) as ListBackend[]).find((b) => BACKEND_KEYS[b].includes(key));
    if (owner !== undefined && owner !== backend) fail(`${path}.${key}`, `only applies to the ${owner} backend`);
  }
  const prefix = cfg.prefix ?? DEFAULT_PREFIX;
  if (typeof prefix !== "string" || prefix === "") fail(`${path}.prefix`, "must be a non-empty string");
  const ttl = cfg.ttl === undefined ? undefined : seconds(cfg.ttl, `${path}.ttl`, false);
  const leeway = cfg.leeway === undefined ? 0 : seconds(cfg.leeway, `${path}.leeway`, true);
  const compat = compatOf(cfg.compat, `${path}.compat`);
  const common = { type: type as ListType, prefix, ttl, leeway, compat };

  if (backend === "memory") return { ...common, backend };
  if (backend === "json") {
    const jsonPath = cfg.jsonPath;
    if (typeof jsonPath !== "string" || jsonPath === "") fail(`${path}.json_path`, "the json backend needs json_path");
    return { ...common, backend, jsonPath };
  }
  const redisCluster = cfg.redisCluster ?? false;
  if (typeof redisCluster !== "boolean") fail(`${path}.redis_cluster`, "must be true or false");
  const timeout = cfg.timeout === undefined ? DEFAULT_REDIS_TIMEOUT_S : seconds(cfg.timeout, `${path}.timeout`, false);
  const uris = typeof cfg.redisUri === "string" ? [cfg.redisUri] : cfg.redisUri;
  if (!Array.isArray(uris) || uris.length === 0) fail(`${path}.redis_uri`, "the redis backend needs redis_uri");
  if (uris.length > 1 && !redisCluster) fail(`${path}.redis_uri`, "several URIs need redis_cluster = true");
  uris.forEach((u, i) => {
    parseRedisUri(u, uris.length > 1 ? `${path}.redis_uri[${i}]` : `${path}.redis_uri`, redisCluster);
  });
  return { ...common, backend, redisUri: uris as string[], redisCluster, timeout };
}

/** One Redis endpoint, as the client wants it. */
export interface RedisEndpoint {
  host: string;
  port: number;
  db: number;
  tls: boolean;
  username: string | undefined;
  password: string | undefined;
}

/**
 * Parses `redis://` / `rediss://` URIs strictly: a typo here would otherwise
 * surface as a connection that never comes up, and every decode failing.
 */
export function parseRedisUri(uri: unknown, path: string, cluster = false): RedisEndpoint {
  if (typeof uri !== "string") fail(path, "expected a redis:// URI string");
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    fail(path, `malformed Redis URI`, { value: redact(uri) });
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    fail(path, `Redis URI must start with redis:// or rediss://`, { value: redact(uri) });
  }
  if (url.hostname === "") fail(path, "Redis URI has no host", { value: redact(uri) });
  if (url.search !== "" || url.hash !== "") fail(path, "Redis URI takes no query or fragment", { value: redact(uri) });
  const port = url.port === "" ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, "");
  if (dbText !== "" && !/^\d+$/.test(dbText)) fail(path, `Redis database must be a number, got "${dbText}"`);
  const db = dbText === "" ? 0 : Number(dbText);
  if (cluster && db !== 0) fail(path, "a Redis Cluster has only database 0");
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  return {
    host,
    port,
    db,
    tls: url.protocol === "rediss:",
    username: url.username === "" ? undefined : decodeURIComponent(url.username),
    password: url.password === "" ? undefined : decodeURIComponent(url.password),
  };
}

/** The URI without its password, for error details. */
function redact(uri: string): string {
  return uri.replace(/\/\/([^@/]*):[^@/]*@/, "//$1:***@");
}
