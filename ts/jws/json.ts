/**
 * JWS JSON serialization (RFC 7515 7.2), general and flattened, with RFC
 * 7797 unencoded payloads. Each signature is made by a `JWS` instance (its
 * key and alg); every JOSE rule (disjoint headers, `crit`, `b64`, caps on
 * signatures and size, strict base64url) is enforced in the Rust core.
 */
import { core } from "../core/core.js";
import { callCore } from "../core/errors.js";
import { JamConfigurationError, JamJWSVerificationError, JamJWTUnsupportedAlgorithm } from "../errors.js";
import type { JWK } from "../jwk/jwk.js";
import { isJwsAlgorithm } from "./algorithms.js";
import { decodeUtf8 } from "../util/utf8.js";
import type { JWS } from "./jws.js";

/** Most signatures a document may hold (the core's cap). */
export const MAX_JWS_SIGNATURES = 16;

/** One signature of a JWS JSON document. */
export interface JwsJsonSignature {
  protected?: string;
  header?: Record<string, unknown>;
  signature: string;
}

/** The general syntax: `payload` is absent when the content is detached. */
export interface GeneralJWS {
  payload?: string;
  signatures: JwsJsonSignature[];
}

/** The flattened syntax: one signature's members at the top level. */
export interface FlattenedJWS extends JwsJsonSignature {
  payload?: string;
}

/**
 * One signer: a `JWS` (key and alg) and the headers of its signature. `alg`
 * goes into the protected header, unless `unprotectedHeader` names it.
 */
export interface JwsJsonSigner {
  jws: JWS;
  protectedHeader?: Record<string, unknown>;
  unprotectedHeader?: Record<string, unknown>;
}

export interface JwsJsonSignOptions {
  /** Leave the payload out of the document (RFC 7515 appendix F). */
  detached?: boolean;
}

export interface JwsJsonVerifyOptions {
  /** Algorithms accepted; default: the instance's `alg` only. */
  algorithms?: readonly string[];
  /** Critical header names understood; list `b64` to accept RFC 7797 payloads. */
  crit?: readonly string[];
  /** The payload of a document that carries none (detached content). */
  detachedPayload?: Uint8Array | string;
}

export interface VerifiedJsonJWS {
  payload: Uint8Array;
  /** The protected header of the signature that verified, if it has one. */
  protectedHeader: Record<string, unknown> | undefined;
  /** Its unprotected header, if it has one (not integrity protected). */
  unprotectedHeader: Record<string, unknown> | undefined;
  /** Which signature verified (0 for flattened). */
  signatureIndex: number;
}

const utf8 = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** Bytes of a payload: bytes as is, a string as UTF-8, anything else as JSON. */
export function payloadBytes(payload: Uint8Array | string | object): Uint8Array {
  if (payload instanceof Uint8Array) return payload;
  return utf8.encode(typeof payload === "string" ? payload : JSON.stringify(payload));
}

/** A caller's header as JSON bytes, or empty for none. */
export function headerBytes(header: Record<string, unknown> | undefined, what: string): Uint8Array {
  if (header === undefined) return EMPTY;
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    throw new JamConfigurationError("ERR_INVALID_ARGUMENT", `${what} must be an object`);
  }
  return Object.keys(header).length === 0 ? EMPTY : utf8.encode(JSON.stringify(header));
}

/** Splits the core's packed parts: for each, a u32 LE length and its bytes. */
export function unpackParts(packed: Uint8Array, count: number): Uint8Array[] {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const length = view.getUint32(offset, true);
    parts.push(packed.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return parts;
}

/** A header the core returned (already checked), or undefined when empty. */
export function headerOf(bytes: Uint8Array | undefined): Record<string, unknown> | undefined {
  if (bytes === undefined || bytes.length === 0) return undefined;
  return JSON.parse(decodeUtf8(bytes)) as Record<string, unknown>;
}

/** The index packed as 4 LE bytes. */
export function indexOf(bytes: Uint8Array | undefined): number {
  return bytes === undefined ? 0 : new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
}

/** A document given as text or as an object, as text for the core. */
export function documentText(document: unknown, maxLength: number, makeError: (message: string) => Error): string {
  const text = typeof document === "string" ? document : JSON.stringify(document);
  if (typeof text !== "string") throw makeError("a JSON document must be a string or an object");
  if (text.length > maxLength) throw makeError(`the document exceeds ${maxLength} bytes`);
  return text;
}

function allowList(algorithms: readonly string[] | undefined, fallback: string): string {
  if (algorithms === undefined) return fallback;
  for (const alg of algorithms) {
    if (!isJwsAlgorithm(alg)) {
      throw new JamJWTUnsupportedAlgorithm("ERR_ALG_UNSUPPORTED", `unsupported JWS alg ${JSON.stringify(alg)}`);
    }
  }
  return algorithms.join(",");
}

function critList(crit: readonly string[] | undefined): string {
  for (const name of crit ?? []) {
    if (typeof name !== "string" || name.length === 0 || name.includes(",")) {
      throw new JamConfigurationError("ERR_INVALID_ARGUMENT", "crit names must be non-empty strings without ','");
    }
  }
  return (crit ?? []).join(",");
}

function sign(
  payload: Uint8Array | string | object,
  signers: readonly (JWS | JwsJsonSigner)[],
  flattened: boolean,
  options: JwsJsonSignOptions,
): string {
  const signer = new (core().JwsJsonSigner)(payloadBytes(payload), flattened, options.detached === true);
  try {
    for (const entry of signers) {
      const spec: JwsJsonSigner = "jws" in entry ? entry : { jws: entry };
      const { jws } = spec;
      headerBytes(spec.protectedHeader, "protectedHeader");
      // alg is protected unless the caller put it in the unprotected header.
      const unprotectedAlg = spec.unprotectedHeader !== undefined && "alg" in spec.unprotectedHeader;
      // alg first, as in compact tokens, and never the caller's.
      const protectedHeader = unprotectedAlg ? spec.protectedHeader : { alg: jws.alg, ...spec.protectedHeader };
      if (!unprotectedAlg && protectedHeader !== undefined) protectedHeader["alg"] = jws.alg;
      const protectedJson = headerBytes(protectedHeader, "protectedHeader");
      const unprotectedJson = headerBytes(spec.unprotectedHeader, "unprotectedHeader");
      callCore("sign", () => signer.add(jws.handle, jws.alg, protectedJson, unprotectedJson));
    }
  } catch (error) {
    signer.free();
    throw error;
  }
  // finish() consumes the builder.
  return callCore("sign", () => signer.finish());
}

/**
 * Signs `payload` with every signer and returns the general JWS JSON document
 * (at most 16 signatures). For RFC 7797, give a signer the protected header
 * `{ b64: false, crit: ["b64"] }` (every signer must agree on `b64`).
 */
export function signGeneralJws(
  payload: Uint8Array | string | object,
  signers: readonly (JWS | JwsJsonSigner)[],
  options: JwsJsonSignOptions = {},
): GeneralJWS {
  if (!Array.isArray(signers) || signers.length === 0) {
    throw new JamConfigurationError("ERR_INVALID_ARGUMENT", "signGeneralJws needs at least one signer");
  }
  return JSON.parse(sign(payload, signers, false, options)) as GeneralJWS;
}

/** Signs `payload` with one signer and returns the flattened JWS JSON document. */
export function signFlattenedJws(
  payload: Uint8Array | string | object,
  signer: JWS | JwsJsonSigner,
  options: JwsJsonSignOptions = {},
): FlattenedJWS {
  return JSON.parse(sign(payload, [signer], true, options)) as FlattenedJWS;
}

/**
 * Verifies a JWS JSON document (general or flattened, as text or object)
 * with `jws`'s key. The signatures are tried in order; the first made with
 * an allowed alg that verifies is returned. Any malformed part of the
 * document (a header name in both headers, `crit` outside the protected
 * header or not understood, `b64` without `crit`) refuses the whole JWS.
 */
export function verifyJwsJson(
  document: GeneralJWS | FlattenedJWS | string | object,
  jws: JWS,
  options: JwsJsonVerifyOptions = {},
): VerifiedJsonJWS {
  const text = documentText(
    document,
    jws.maxTokenLength,
    (message) =>
      new JamJWSVerificationError(message.includes("exceeds") ? "ERR_TOKEN_TOO_LARGE" : "ERR_TOKEN_MALFORMED", message),
  );
  const algs = allowList(options.algorithms, jws.alg);
  const crit = critList(options.crit);
  const detached = options.detachedPayload === undefined ? undefined : payloadBytes(options.detachedPayload);
  const packed = callCore("verify", () =>
    core().jws_verify_json(jws.handle, algs, crit, text, jws.maxTokenLength, detached),
  );
  const [protectedHeader, unprotectedHeader, payload, index] = unpackParts(packed, 4);
  return {
    payload: payload ?? EMPTY,
    protectedHeader: headerOf(protectedHeader),
    unprotectedHeader: headerOf(unprotectedHeader),
    signatureIndex: indexOf(index),
  };
}

/** Used by JWS for compact tokens with `b64` or a detached payload. */
export const compactExtensions = {
  sign(jws: JWS, headerJson: Uint8Array, payload: Uint8Array): string {
    return callCore("sign", () => core().jws_sign_compact_ext(jws.handle, jws.alg, headerJson, payload, false));
  },
  verify(
    jws: JWS,
    key: JWK,
    token: string,
    options: { algorithms?: readonly string[]; crit?: readonly string[]; detachedPayload?: Uint8Array | string },
  ): Uint8Array {
    const algs = allowList(options.algorithms, jws.alg);
    const crit = critList(options.crit);
    const detached = options.detachedPayload === undefined ? undefined : payloadBytes(options.detachedPayload);
    return callCore("verify", () =>
      core().jws_verify_compact_ext(key.handle, algs, crit, token, jws.maxTokenLength, detached),
    );
  },
};
