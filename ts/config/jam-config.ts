/**
 * The `jam` configuration: parsed TOML or JSON (or a plain object) in, one
 * checked, substituted, typed JamConfig out. Every problem is a
 * JamConfigurationError whose `details.path` names the offending key
 * (`jam.jose.jwt.list.backend`), so a bad deploy fails at start-up, loudly,
 * rather than at the first token.
 *
 * Only the tables this library reads ([jam.jose.*], legacy [jam.jwt]) are
 * checked and substituted: other jam modules' tables may sit in the same file.
 */
import { JamConfigurationError } from "../errors.js";
import { resolveListConfig, type ResolvedListConfig } from "../lists/list-config.js";
import { compatOf, type Compat } from "../compat/mode.js";
import { isPlainObject } from "../util/objects.js";
import { substituteEnv, type Env } from "./env-substitution.js";
import { nodeFs } from "../runtime/node-builtins.js";

/** What configuration warnings go to (console by default). */
export interface ConfigLogger {
  warn(message: string): void;
}

/** A key or secret as configured: text (PEM, JWK JSON, an HMAC secret). */
export type ConfiguredKey = string;

export interface JwtSection {
  /** "jam": Python jam's token forms (and, for the JWT's list, jam's list layout). */
  compat: Compat | undefined;
  alg: string | undefined;
  enc: string | undefined;
  secretKey: ConfiguredKey;
  /** Where the secret came from (a key path, or JAM_JWT_SECRET_KEY), for errors. */
  secretPath: string;
  password: string | undefined;
  allowShortSecrets: boolean;
  list: ResolvedListConfig | undefined;
  /** Where the section sits ("jam.jose.jwt", or "jam.jwt" when legacy). */
  path: string;
}

export interface JwsSection {
  /** "jam": Python jam's token forms (and, for the JWT's list, jam's list layout). */
  compat: Compat | undefined;
  alg: string;
  key: ConfiguredKey;
  password: string | undefined;
  allowShortSecrets: boolean;
  path: string;
}

export interface JweSection {
  /** "jam": Python jam's token forms (and, for the JWT's list, jam's list layout). */
  compat: Compat | undefined;
  alg: string;
  enc: string;
  key: ConfiguredKey;
  password: string | undefined;
  allowShortSecrets: boolean;
  path: string;
}

export interface JamConfig {
  jwt: JwtSection | undefined;
  jws: JwsSection | undefined;
  jwe: JweSection | undefined;
}

export interface ResolveOptions {
  /** Variables for substitution and JAM_JWT_SECRET_KEY; default `process.env`. */
  env: Env;
  logger: ConfigLogger;
  /** Read secrets that name existing files (Node only). Default true. */
  readSecretFiles?: boolean;
}

/** The environment variable that holds the JWT secret when the config has none. */
export const SECRET_ENV = "JAM_JWT_SECRET_KEY";

export function configError(
  path: string,
  message: string,
  extra?: Record<string, unknown>,
  cause?: unknown,
): JamConfigurationError {
  return new JamConfigurationError("ERR_CONFIG", `${path}: ${message}`, {
    details: { path, ...extra },
    ...(cause === undefined ? {} : { cause }),
  });
}

function table(value: unknown, path: string): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) throw configError(path, "expected a table");
  return value;
}

function onlyKeys(section: Record<string, unknown>, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(section)) {
    if (!allowed.includes(key)) {
      throw configError(`${path}.${key}`, `unknown key "${key}" (expected one of: ${allowed.join(", ")})`);
    }
  }
}

function optString(section: Record<string, unknown>, key: string, path: string): string | undefined {
  const v = section[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw configError(`${path}.${key}`, "expected a string", { value: typeof v });
  if (v === "") throw configError(`${path}.${key}`, "is empty");
  return v;
}

function reqString(section: Record<string, unknown>, key: string, path: string): string {
  const v = optString(section, key, path);
  if (v === undefined) throw configError(`${path}.${key}`, `is required`);
  return v;
}

function optBool(section: Record<string, unknown>, key: string, path: string): boolean {
  const v = section[key];
  if (v === undefined) return false;
  if (typeof v !== "boolean") throw configError(`${path}.${key}`, "expected true or false");
  return v;
}

/**
 * A secret or key that names an existing file is read from it (as jam does),
 * e.g. `secret = "/run/secrets/jwt_key"`. Only in Node; elsewhere the value
 * is the key itself. One trailing newline is dropped: files written by
 * `echo` or editors end in one, and it is never part of an intended secret.
 */
function readKeyFile(value: string, path: string, enabled: boolean): string {
  if (!enabled || value.length > 4096 || value.includes("\n") || value.startsWith("{")) return value;
  const fs = nodeFs();
  if (!fs) return value;
  let isFile = false;
  try {
    isFile = fs.statSync(value).isFile();
  } catch {
    return value; // not a path to anything: the value is the key itself
  }
  if (!isFile) return value;
  try {
    return fs.readFileSync(value, "utf8").replace(/\r?\n$/, "");
  } catch (e) {
    throw configError(path, `cannot read key file ${value}`, { file: value }, e);
  }
}

/**
 * Finds the `jam` table: a whole document (`{ jam: { jose: ... } }`) or the
 * `jam` table itself (`{ jose: ... }`).
 */
function jamTable(tree: unknown): Record<string, unknown> {
  if (!isPlainObject(tree)) throw configError("jam", "configuration must be a table / object");
  if (tree.jam !== undefined) return table(tree.jam, "jam")!;
  if (tree.jose !== undefined || tree.jwt !== undefined) return tree;
  throw configError("jam", "no [jam] table (expected [jam.jose.jwt], [jam.jose.jws] or [jam.jose.jwe])");
}

/** Checks and resolves a parsed configuration. */
export function resolveJamConfig(tree: unknown, options: ResolveOptions): JamConfig {
  const jam = jamTable(tree);
  const readFiles = options.readSecretFiles ?? true;
  const jose = table(jam.jose, "jam.jose");
  if (jose) onlyKeys(jose, "jam.jose", ["jwt", "jws", "jwe"]);

  let jwtRaw = table(jose?.jwt, "jam.jose.jwt");
  let jwtPath = "jam.jose.jwt";
  const legacy = table(jam.jwt, "jam.jwt");
  if (legacy) {
    if (jwtRaw) throw configError("jam.jwt", "both [jam.jwt] and [jam.jose.jwt] are present: keep [jam.jose.jwt]");
    options.logger.warn("[jam.jwt] is deprecated: rename the section to [jam.jose.jwt]");
    jwtRaw = legacy;
    jwtPath = "jam.jwt";
  }
  const jwsRaw = table(jose?.jws, "jam.jose.jws");
  const jweRaw = table(jose?.jwe, "jam.jose.jwe");
  if (!jwtRaw && !jwsRaw && !jweRaw) {
    throw configError("jam.jose", "no [jam.jose.jwt], [jam.jose.jws] or [jam.jose.jwe] section");
  }

  return {
    jwt:
      jwtRaw &&
      jwtSection(
        substituteEnv(jwtRaw, options.env, jwtPath) as Record<string, unknown>,
        jwtPath,
        options.env,
        readFiles,
      ),
    jws: jwsRaw && jwsSection(substituteEnv(jwsRaw, options.env, "jam.jose.jws") as Record<string, unknown>, readFiles),
    jwe: jweRaw && jweSection(substituteEnv(jweRaw, options.env, "jam.jose.jwe") as Record<string, unknown>, readFiles),
  };
}

function jwtSection(s: Record<string, unknown>, path: string, env: Env, readFiles: boolean): JwtSection {
  onlyKeys(s, path, ["alg", "enc", "secret", "secret_key", "password", "allow_short_secrets", "list", "compat"]);
  const compat = compatOf(s.compat, `${path}.compat`);
  const alg = optString(s, "alg", path);
  const enc = optString(s, "enc", path);
  if (alg === undefined && enc === undefined) throw configError(`${path}.alg`, "alg or enc (or both) is required");
  if (s.secret !== undefined && s.secret_key !== undefined) {
    throw configError(`${path}.secret_key`, "give secret or secret_key, not both");
  }
  const secretName = s.secret_key !== undefined ? "secret_key" : "secret";
  let secret = optString(s, secretName, path);
  let secretPath = `${path}.${secretName}`;
  if (secret === undefined) {
    const fromEnv = env[SECRET_ENV];
    if (fromEnv === undefined || fromEnv === "") {
      throw configError(`${path}.secret`, `no secret configured and ${SECRET_ENV} is not set`, {
        variable: SECRET_ENV,
      });
    }
    secret = fromEnv;
    secretPath = SECRET_ENV;
  }
  const resolved = s.list === undefined ? undefined : resolveListConfig(s.list, `${path}.list`);
  // A jam-compatible JWT shares its list with jam too, unless the list says otherwise.
  const list = resolved && resolved.compat === undefined && compat !== undefined ? { ...resolved, compat } : resolved;
  return {
    compat,
    alg,
    enc,
    secretKey: readKeyFile(secret, secretPath, readFiles),
    secretPath,
    password: optString(s, "password", path),
    allowShortSecrets: optBool(s, "allow_short_secrets", path),
    list,
    path,
  };
}

function jwsSection(s: Record<string, unknown>, readFiles: boolean): JwsSection {
  const path = "jam.jose.jws";
  onlyKeys(s, path, ["alg", "key", "password", "allow_short_secrets", "compat"]);
  return {
    compat: compatOf(s.compat, `${path}.compat`),
    alg: reqString(s, "alg", path),
    key: readKeyFile(reqString(s, "key", path), `${path}.key`, readFiles),
    password: optString(s, "password", path),
    allowShortSecrets: optBool(s, "allow_short_secrets", path),
    path,
  };
}

function jweSection(s: Record<string, unknown>, readFiles: boolean): JweSection {
  const path = "jam.jose.jwe";
  onlyKeys(s, path, ["alg", "enc", "key", "password", "allow_short_secrets", "compat"]);
  return {
    compat: compatOf(s.compat, `${path}.compat`),
    alg: reqString(s, "alg", path),
    enc: reqString(s, "enc", path),
    key: readKeyFile(reqString(s, "key", path), `${path}.key`, readFiles),
    password: optString(s, "password", path),
    allowShortSecrets: optBool(s, "allow_short_secrets", path),
    path,
  };
}
