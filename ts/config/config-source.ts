/**
 * Where a configuration comes from: TOML text, a TOML or JSON file (Node
 * only), or a plain object. Each returns the parsed tree; resolveJamConfig
 * checks it.
 */
import { parse as parseTomlText, TomlError } from "smol-toml";
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

/** Parses JSON text into a config tree. */
export function parseJson(text: string, source = "JSON"): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw configError("jam", `${source} is not valid JSON: ${(e as Error).message}`, { source }, e);
  }
}

/**
 * Reads a config file: `.json` as JSON, anything else as TOML. Synchronous,
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
  return path.toLowerCase().endsWith(".json") ? parseJson(text, path) : parseToml(text, path);
}
