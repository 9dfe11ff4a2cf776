/**
 * Protected-header handling shared by JWS and JWE: decoding the header bytes
 * the core returns, and RFC 7515 4.1.11 `crit` processing.
 */
import type { JamError, JamErrorCode } from "../errors.js";
import { decodeUtf8 } from "../util/utf8.js";

/** Default cap on the number of `crit` entries. */
export const MAX_CRIT_ENTRIES = 16;

/** Splits the core's packed buffer: u32 LE header length, header, payload. */
export function unpack(packed: Uint8Array): { header: Uint8Array; payload: Uint8Array } {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const headerLength = view.getUint32(0, true);
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
  const crit = record["crit"];
  if (crit !== undefined) {
    if (!Array.isArray(crit) || crit.length === 0 || crit.length > MAX_CRIT_ENTRIES) {
      throw makeError("ERR_HEADER_INVALID", "crit must be a non-empty array of header names");
    }
    for (const name of crit) {
      if (typeof name !== "string" || !(name in record)) {
        throw makeError("ERR_HEADER_INVALID", "crit names a parameter absent from the header");
      }
      if (!understood.includes(name)) {
        throw makeError("ERR_CRIT_UNSUPPORTED", `critical header parameter ${JSON.stringify(name)} is not understood`);
      }
    }
  }
  return record;
}
