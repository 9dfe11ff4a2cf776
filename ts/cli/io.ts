/**
 * What every `jam-jose` command shares: argument parsing (node:util
 * parseArgs, strict), reading a token or payload from an argument or stdin,
 * loading keys from --key FILE / --key-env NAME / --jwks URL, and the usage
 * error that becomes exit code 2.
 */
import { readFileSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import {
  createRemoteJWKSet,
  JWE_ALGORITHMS,
  JWK,
  JWKSet,
  JWS_ALGORITHMS,
  type JweAlgorithm,
  type JwsAlgorithm,
  type RemoteJWKSet,
} from "../index.js";

/** Bad command-line usage: exit code 2 and a one-line message. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Options every command takes. */
export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/** Parsed flags: strings, booleans, or string lists for repeatable flags. */
export type Flags = Record<string, string | boolean | string[] | undefined>;

/** Parses a command's arguments strictly; unknown flags are usage errors. */
export function parse(args: readonly string[], options: OptionSpec): { flags: Flags; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { ...options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: true,
    });
    return { flags: values as Flags, positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split("\n")[0]! : String(error));
  }
}

/** A string flag's value, if given. */
export function text(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === "string" ? value : undefined;
}

/** A repeatable string flag's values. */
export function list(flags: Flags, name: string): string[] {
  const value = flags[name];
  return Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
}

/** A flag holding a number of seconds. */
export function seconds(flags: Flags, name: string): number | undefined {
  const value = text(flags, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number of seconds`);
  return n;
}

/** Everything on stdin (a pipe or a file); a usage error on a terminal. */
export function readStdin(what: string): string {
  if (process.stdin.isTTY) throw new UsageError(`no ${what}: pass it as an argument or on stdin`);
  return readFileSync(0, "utf8");
}

/** The token: the first positional argument, else stdin, trimmed. */
export function tokenInput(positionals: string[]): string {
  if (positionals.length > 1) throw new UsageError("give one token");
  const token = (positionals[0] ?? readStdin("token")).trim();
  if (token === "") throw new UsageError("no token: pass it as an argument or on stdin");
  return token;
}

function readFileText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${what} ${path}${code === undefined ? "" : ` (${code})`}`);
  }
}

/** A JSON object from a file ("-" for stdin). */
export function jsonObjectFile(path: string, what: string): Record<string, unknown> {
  const source = path === "-" ? readStdin(what) : readFileText(path, what);
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    throw new UsageError(`${what} ${path} is not JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(`${what} ${path} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** `--claim name=value` pairs; a value that parses as JSON is taken as JSON. */
export function claimPairs(flags: Flags): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of list(flags, "claim")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--claim takes name=value, not ${JSON.stringify(pair)}`);
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // not JSON: the text itself
    }
    out[pair.slice(0, eq)] = value;
  }
  return out;
}

/** Key flags shared by the commands that take a key. */
export const KEY_OPTIONS: OptionSpec = {
  key: { type: "string" },
  "key-env": { type: "string" },
  password: { type: "string" },
  "password-env": { type: "string" },
};

/** The password from --password or --password-env, if any. */
export function password(flags: Flags): string | undefined {
  const env = text(flags, "password-env");
  if (env !== undefined) {
    const value = process.env[env];
    if (value === undefined) throw new UsageError(`environment variable ${env} is not set`);
    return value;
  }
  return text(flags, "password");
}

/** What a key flag names: one key, or a JWK Set. */
export type LoadedKey =
  | { kind: "key"; key: JWK }
  | { kind: "set"; set: JWKSet }
  | { kind: "remote"; set: RemoteJWKSet };

/** The text of --key FILE or --key-env NAME, if either is given. */
function keyText(flags: Flags): string | undefined {
  const file = text(flags, "key");
  const env = text(flags, "key-env");
  if (file !== undefined && env !== undefined) throw new UsageError("give --key or --key-env, not both");
  if (env !== undefined) {
    const value = process.env[env];
    if (value === undefined || value === "") throw new UsageError(`environment variable ${env} is not set`);
    return value;
  }
  if (file === undefined) return undefined;
  // A secret file's final newline is not part of the secret.
  return readFileText(file, "key file").replace(/\r?\n$/, "");
}

/** Loads the key a command needs; `allowSets` for verify and decrypt. */
export function loadKey(flags: Flags, allowSets: { remote: boolean; local: boolean }): LoadedKey {
  const jwks = text(flags, "jwks");
  const source = keyText(flags);
  if (jwks !== undefined) {
    if (!allowSets.remote) throw new UsageError("--jwks only verifies");
    if (source !== undefined) throw new UsageError("give --key, --key-env or --jwks, only one");
    return { kind: "remote", set: createRemoteJWKSet(jwks) };
  }
  if (source === undefined) {
    throw new UsageError(`missing key: give --key FILE or --key-env NAME${allowSets.remote ? " or --jwks URL" : ""}`);
  }
  if (source.trimStart().startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(source);
    } catch {
      throw new UsageError("the key is neither PEM nor valid JSON");
    }
    if (Array.isArray((parsed as { keys?: unknown }).keys)) {
      if (!allowSets.local) throw new UsageError("this command needs one key, not a JWK Set");
      return { kind: "set", set: JWKSet.import(source) };
    }
  }
  const pass = password(flags);
  return { kind: "key", key: JWK.import(source, pass === undefined ? {} : { password: pass }) };
}

/** The JWS algorithms a key's type can verify (its JWK alg alone, when it has one). */
export function jwsAlgorithmsFor(key: JWK): JwsAlgorithm[] {
  if (key.alg !== undefined) return JWS_ALGORITHMS.filter((a) => a === key.alg);
  switch (key.kty) {
    case "RSA":
      return JWS_ALGORITHMS.filter((a) => a.startsWith("RS") || a.startsWith("PS"));
    case "EC":
      return [({ "P-256": "ES256", "P-384": "ES384", "P-521": "ES512" } as const)[key.crv as "P-256"] ?? "ES256"];
    case "OKP":
      return key.crv === "Ed25519" ? ["EdDSA"] : [];
    default:
      return ["HS256", "HS384", "HS512"];
  }
}

/** The JWS alg a command uses: --alg, else the key's (RS256, ES256..., EdDSA, HS256). */
export function jwsAlgorithm(flags: Flags, key: JWK): JwsAlgorithm {
  const given = list(flags, "alg");
  if (given.length > 0) {
    const alg = given[0]!;
    if (!(JWS_ALGORITHMS as readonly string[]).includes(alg)) throw new UsageError(`unknown JWS alg ${alg}`);
    return alg as JwsAlgorithm;
  }
  const alg = jwsAlgorithmsFor(key)[0];
  if (alg === undefined)
    throw new UsageError(`a ${key.kty} ${key.crv ?? ""} key cannot sign; give --alg`.replace("  ", " "));
  return alg;
}

/** The JWE alg: --alg, else one the key's type implies. */
export function jweAlgorithm(flags: Flags, key: JWK | undefined, usesPassword: boolean): JweAlgorithm {
  const given = text(flags, "alg");
  if (given !== undefined) {
    if (!(JWE_ALGORITHMS as readonly string[]).includes(given)) throw new UsageError(`unknown JWE alg ${given}`);
    return given as JweAlgorithm;
  }
  if (usesPassword) return "PBES2-HS256+A128KW";
  if (key === undefined) throw new UsageError("give --alg");
  if (key.alg !== undefined && (JWE_ALGORITHMS as readonly string[]).includes(key.alg)) return key.alg as JweAlgorithm;
  if (key.kty === "RSA") return "RSA-OAEP-256";
  if (key.kty === "EC" || key.crv === "X25519") return "ECDH-ES+A256KW";
  if (key.kty === "oct") {
    const length = key.handle.secretLength;
    if (length === 16) return "A128KW";
    if (length === 24) return "A192KW";
    if (length === 32) return "A256KW";
  }
  throw new UsageError("no default JWE alg for this key; give --alg");
}

/** Pretty JSON for stdout. */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Claims JSON as text; a payload that is not JSON stays text. */
export function payloadText(bytes: Uint8Array): string {
  const textValue = new TextDecoder().decode(bytes);
  try {
    return json(JSON.parse(textValue));
  } catch {
    return textValue.endsWith("\n") ? textValue : `${textValue}\n`;
  }
}
