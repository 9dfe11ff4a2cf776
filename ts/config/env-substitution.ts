/**
 * `$VAR`, `${VAR}` and `${VAR:-default}` in configuration strings, as a shell
 * expands them: the default is taken when VAR is unset *or empty* (jam takes it
 * only when unset, which surprises anyone who exported `VAR=`). `$$` is a
 * literal dollar, so secrets and passwords can contain one. A `$` that starts
 * no name (`"5$"`, `"$ "`) is left as it is.
 */
import { JamConfigurationError } from "../errors.js";
import { isPlainObject } from "../util/objects.js";

/** Where variables are looked up: `process.env` in Node, bindings in Workers. */
export type Env = Readonly<Record<string, string | undefined>>;

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;

function missing(name: string, path: string): JamConfigurationError {
  return new JamConfigurationError("ERR_CONFIG", `environment variable ${name} is not set (referenced by ${path})`, {
    details: { path, variable: name },
  });
}

/** Expands the variables in one string; `path` names it in errors. */
export function substituteString(text: string, env: Env, path: string): string {
  if (!text.includes("$")) return text;
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== "$") {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
    } else if (next === "{") {
      const close = text.indexOf("}", i + 2);
      if (close < 0) {
        throw new JamConfigurationError("ERR_CONFIG", `unterminated "\${" in ${path}`, {
          details: { path },
        });
      }
      const inner = text.slice(i + 2, close);
      const m = BRACED.exec(inner);
      if (!m) {
        throw new JamConfigurationError(
          "ERR_CONFIG",
          `unsupported substitution "\${${inner}}" in ${path}: use \${VAR} or \${VAR:-default}`,
          { details: { path } },
        );
      }
      const name = m[1]!;
      const value = env[name];
      if (m[2] !== undefined) out += value === undefined || value === "" ? m[2] : value;
      else if (value === undefined) throw missing(name, path);
      else out += value;
      i = close + 1;
    } else if (next !== undefined && NAME_START.test(next)) {
      let j = i + 1;
      while (j < text.length && NAME_CHAR.test(text[j]!)) j++;
      const name = text.slice(i + 1, j);
      const value = env[name];
      if (value === undefined) throw missing(name, path);
      out += value;
      i = j;
    } else {
      out += "$";
      i++;
    }
  }
  return out;
}

/** Expands every string in a parsed config tree; returns a new tree. */
export function substituteEnv(value: unknown, env: Env, path: string): unknown {
  if (typeof value === "string") return substituteString(value, env, path);
  if (Array.isArray(value)) return value.map((v, k) => substituteEnv(v, env, `${path}[${k}]`));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substituteEnv(v, env, path ? `${path}.${k}` : k);
    return out;
  }
  return value;
}
