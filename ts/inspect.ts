/**
 * Looking inside a compact JWS or JWE without a key. Nothing here is
 * verified: every result carries `untrusted: true`, and the names say so.
 * The parsing is the core's strict one, the same verify uses (segment count,
 * canonical base64url, a JSON object header with unique members and a
 * string alg), so a token that inspects is one verify reads the same way.
 */
import { core } from "./core/core.js";
import { callCore } from "./core/errors.js";
import { unpack } from "./jws/header.js";
import { decodeUtf8 } from "./util/utf8.js";

/** Default cap on the length of an inspected token (1 MiB, as JWE decrypt). */
export const DEFAULT_INSPECT_MAX_LENGTH = 1024 * 1024;

/** Options for reading a token without verifying it. */
export interface InspectOptions {
  /** Longest token read, in bytes. */
  maxTokenLength?: number;
}

/** What a token says about itself, before (and without) any verification. */
export interface UnverifiedToken {
  /** Always true: nothing in here is authenticated. */
  readonly untrusted: true;
  /** "JWS" (three segments) or "JWE" (five). */
  readonly kind: "JWS" | "JWE";
  /** The protected header. */
  readonly header: Record<string, unknown>;
  /** A JWS payload's bytes; undefined for a JWE (its payload is ciphertext). */
  readonly payload: Uint8Array | undefined;
  /** The JWS payload parsed as a JSON object (JWT claims) when it is one. */
  readonly claims: Record<string, unknown> | undefined;
}

function maxLength(options: InspectOptions): number {
  return options.maxTokenLength ?? DEFAULT_INSPECT_MAX_LENGTH;
}

function claimsOf(payload: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(decodeUtf8(payload));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The protected header of a compact JWS or JWE, NOT verified. */
export function decodeProtectedHeader(token: string, options: InspectOptions = {}): Record<string, unknown> {
  const bytes = callCore("key", () => core().token_protected_header(String(token), maxLength(options)));
  return JSON.parse(decodeUtf8(bytes.subarray(1))) as Record<string, unknown>;
}

/** Header and (for a JWS) payload and claims of a compact token, NOT verified. */
export function decodeUnverified(token: string, options: InspectOptions = {}): UnverifiedToken {
  const bytes = callCore("key", () => core().token_decode_unverified(String(token), maxLength(options)));
  const kind = bytes[0] === 0x53 ? "JWS" : "JWE";
  const { header, payload } = unpack(bytes.subarray(1));
  const parsedHeader = JSON.parse(decodeUtf8(header)) as Record<string, unknown>;
  if (kind === "JWE") return { untrusted: true, kind, header: parsedHeader, payload: undefined, claims: undefined };
  return { untrusted: true, kind, header: parsedHeader, payload, claims: claimsOf(payload) };
}
