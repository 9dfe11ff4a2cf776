/**
 * Protected-header handling shared by JWS and JWE: decoding the header bytes
 * the core returns, and RFC 7515 4.1.11 `crit` processing.
 */
import type { JamError, JamErrorCode } from "../errors.js";
import { decodeUtf8 } from "../util/utf8.js";

/** Default cap on the number of `crit` entries. */
export const MAX_CRIT_ENTRIES = 16;

/**
 * Header names JWS (RFC 7515 4.1), JWE (RFC 7516 4.1) and JWA (RFC 7518
 * 4.6.1, 4.7.1, 4.8.1) define. RFC 7515 4.1.11 and RFC 7516 4.1.13: `crit`
 * must not name them (they are understood by definition); a header that does
 * is refused. One set serves both, JWS and JWE names alike.
 */
export const REGISTERED_HEADER_NAMES: ReadonlySet<string> = new Set([
  "alg",
  "jku",
  "jwk",
  "kid",
  "x5u",
  "x5c",
  "x5t",
  "x5t#S256",
  "typ",
  "cty",
  "crit",
  "enc",
  "zip",
  "epk",
  "apu",
  "apv",
  "iv",
  "tag",
  "p2s",
  "p2c",
]);

/** A u32, little-endian, at `at` of `bytes` (0 past the end). */
export function readU32(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16) | ((bytes[at + 3] ?? 0) << 24)) >>> 0
  );
}

/** Splits the core's packed buffer: u32 LE header length, header, payload. */
export function unpack(packed: Uint8Array): { header: Uint8Array; payload: Uint8Array } {
  const headerLength = readU32(packed, 0);
  return {
    header: packed.subarray(4, 4 + headerLength),
    payload: packed.subarray(4 + headerLength),
  };
}

/**
 * Parses a protected header (already authenticated by the core) and enforces
 * `crit`: every name must be understood by the caller and present.
 */
export function parseHeader(
  bytes: Uint8Array,
  understood: readonly string[],
  makeError: (code: JamErrorCode, message: string) => JamError,
): Record<string, unknown> {
  let header: unknown;
  try {
    header = JSON.parse(decodeUtf8(bytes));
  } catch {
    throw makeError("ERR_HEADER_INVALID", "protected header is not valid UTF-8 JSON");
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    throw makeError("ERR_HEADER_INVALID", "protected header is not a JSON object");
  }
  const record = header as Record<string, unknown>;
  if (!Object.hasOwn(record, "crit")) return record;
  const crit = record["crit"];
  if (!Array.isArray(crit) || crit.length === 0 || crit.length > MAX_CRIT_ENTRIES) {
    throw makeError("ERR_HEADER_INVALID", `crit must be an array of 1 to ${MAX_CRIT_ENTRIES} header names`);
  }
  // A string here would make includes() match substrings: only a list counts.
  const known = Array.isArray(understood) ? understood : [];
  const seen = new Set<string>();
  for (const name of crit) {
    if (typeof name !== "string" || name === "") {
      throw makeError("ERR_HEADER_INVALID", "crit names must be non-empty strings");
    }
    if (seen.has(name)) throw makeError("ERR_HEADER_INVALID", `crit names ${JSON.stringify(name)} twice`);
    seen.add(name);
    if (REGISTERED_HEADER_NAMES.has(name)) {
      throw makeError("ERR_HEADER_INVALID", `crit must not name the registered parameter ${JSON.stringify(name)}`);
    }
    // Own properties only: "toString" is "in" every object.
    if (!Object.hasOwn(record, name)) {
      throw makeError("ERR_HEADER_INVALID", "crit names a parameter absent from the header");
    }
    if (!known.includes(name)) {
      throw makeError("ERR_CRIT_UNSUPPORTED", `critical header parameter ${JSON.stringify(name)} is not understood`);
    }
  }
  return record;
}

/** True when every value of `header` is a string, number, boolean or null (a spread copies it whole). */
function isFlat(header: Record<string, unknown>): boolean {
  for (const name in header) {
    const value = header[name];
    if (typeof value === "object" && value !== null) return false;
  }
  return true;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The last protected header one verifier parsed, kept with its exact bytes:
 * tokens from one issuer repeat the same header, and a copy of the parsed
 * object costs a fraction of decoding and parsing the JSON again. Only flat
 * headers without `crit` are kept, so that each caller gets a whole copy of
 * its own and `crit` is always processed.
 */
export class LastHeader {
  #bytes: Uint8Array = new Uint8Array(0);
  #parsed: Record<string, unknown> | undefined;

  /** `parseHeader`, answered from the last header when the bytes are the same. */
  parse(
    bytes: Uint8Array,
    understood: readonly string[],
    makeError: (code: JamErrorCode, message: string) => JamError,
  ): Record<string, unknown> {
    if (this.#parsed !== undefined && equalBytes(this.#bytes, bytes)) return { ...this.#parsed };
    const header = parseHeader(bytes, understood, makeError);
    if (!Object.hasOwn(header, "crit") && isFlat(header)) {
      this.#bytes = bytes.slice();
      this.#parsed = { ...header };
    }
    return header;
  }
}
