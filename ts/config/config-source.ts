/**
 * Where a configuration comes from: TOML or YAML text, a TOML, YAML or JSON
 * file (Node only; `pyproject.toml` is TOML like any other, its `[jam...]`
 * tables read as jam reads them), or a plain object. Each returns the parsed tree; resolveJamConfig
 * checks it.
 */
import { parse as parseTomlText, TomlError } from "smol-toml";
import { parse as parseYamlText } from "yaml";
import { configError } from "./jam-config.js";
import { nodeFs } from "../runtime/node-builtins.js";

/** Parses TOML text; a syntax error names the line and column. */
export function parseToml(text: string, source = "TOML"): Record<string, unknown> {
  try {
    return parseTomlText(text) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) {
      throw configError(
        "jam",
        `${source} is not valid TOML (line ${e.line}, column ${e.column}): ${e.message.split("\n")[0]}`,
        {
          source,
          line: e.line,
          column: e.column,
        },
        e,
      );
    }
    throw e;
  }
}

/**
 * Parses YAML text (jam reads `.yml`/`.yaml` with PyYAML's safe loader; the
 * `yaml` package's core schema reads the same plain configs). `$VAR`
 * substitution happens later, on the resolved sections, as for TOML.
 */
export function parseYaml(text: string, source = "YAML"): Record<string, unknown> {
  let tree: unknown;
  try {
    tree = parseYamlText(text);
  } catch (e) {
    throw configError("jam", `${source} is not valid YAML: ${(e as Error).message.split("\n")[0]}`, { source }, e);
  }
  if (tree === null || tree === undefined) return {};
  if (typeof tree !== "object" || Array.isArray(tree))
    throw configError("jam", `${source} must hold a mapping`, { source });
  return tree as Record<string, unknown>;
}

/** Parses JSON text into a config tree. */
export function parseJson(text: string, source = "JSON"): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw configError("jam", `${source} is not valid JSON: ${(e as Error).message}`, { source }, e);
  }
}

/**
 * Reads a config file: `.json` as JSON, `.yml`/`.yaml` as YAML, anything
 * else (config.toml, pyproject.toml) as TOML. Synchronous,
 * so `new Jam({ config: "config.toml" })` is ready when it returns; it needs
 * Node's fs, which other runtimes lack (they pass text or an object).
 */
export function readConfigFile(path: string): Record<string, unknown> {
  const fs = nodeFs();
  if (!fs) {
    throw configError("jam", "reading a config file needs Node: pass the TOML text to Jam.fromToml() or an object", {
      file: path,
    });
  }
  let text: string;
  try {
    text = fs.readFileSync(path, "utf8");
  } catch (e) {
    throw configError("jam", `cannot read config file ${path}`, { file: path }, e);
  }
  const lower = path.toLowerCase();
  if (lower.endsWith(".json")) return parseJson(text, path);
  if (lower.endsWith(".yml") || lower.endsWith(".yaml")) return parseYaml(text, path);
  return parseToml(text, path);
}
