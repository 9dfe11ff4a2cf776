/**
 * Keys given as a path to a file, as jam takes them (Node only). jam reads
 * any string that names an existing file (`os.path.isfile(key)`) and uses
 * its stripped text. A secret that happens to name a file would then be
 * swapped for that file's (maybe public) content, so here a bare string is
 * only taken for a path when it also LOOKS like one: no whitespace, and it
 * starts with "/", "./" or "../", or ends in a key-file extension (.pem,
 * .key, .crt, .pub, .der, .jwk, .json). `{ path }` says so explicitly.
 * PEM text and JWK JSON are never looked up as paths.
 */
import { JamConfigurationError } from "../errors.js";
import { nodeFs } from "../runtime/node-builtins.js";

const EXTENSIONS = /\.(pem|key|crt|pub|der|jwk|json)$/i;

/** True when `text` reads as a file path rather than a secret. */
export function looksLikeKeyPath(text: string): boolean {
  if (text.length === 0 || text.length > 4096 || /\s/.test(text)) return false;
  return /^(\/|\.\.?\/)/.test(text) || EXTENSIONS.test(text);
}

/**
 * What a key file holds: PEM or JWK text, a secret (its stripped text as
 * bytes, never looked up as a path again), or DER bytes (a .der file).
 */
export type KeyFileContent = string | Uint8Array | { der: Uint8Array };

function read(path: string, explicit: boolean): KeyFileContent | undefined {
  const fs = nodeFs();
  if (!fs) {
    if (!explicit) return undefined;
    throw new JamConfigurationError("ERR_KEY_ENCODING", `a key file (${path}) can only be read in Node`);
  }
  let isFile = false;
  try {
    isFile = fs.statSync(path).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) {
    if (!explicit) return undefined;
    throw new JamConfigurationError("ERR_KEY_ENCODING", `key file ${path} does not exist or is not a file`, {
      details: { file: path },
    });
  }
  try {
    if (/\.der$/i.test(path)) return { der: new Uint8Array(fs.readFileSync(path)) };
    const text = fs.readFileSync(path, "utf8").trim();
    return text.startsWith("-----BEGIN") || text.startsWith("{") ? text : new TextEncoder().encode(text);
  } catch (e) {
    throw new JamConfigurationError("ERR_KEY_ENCODING", `cannot read key file ${path}`, {
      cause: e,
      details: { file: path },
    });
  }
}

/** The content of the key file a string names, or undefined when it names none (then it is a secret). */
export function keyFromPathString(text: string): KeyFileContent | undefined {
  return looksLikeKeyPath(text) ? read(text, false) : undefined;
}

/** The content of an explicitly given key file (`{ path }`); errors when it cannot be read. */
export function keyFromPath(path: string): KeyFileContent {
  return read(path, true)!;
}
