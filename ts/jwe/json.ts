/**
 * JWE JSON serialization (RFC 7516 7.2), general and flattened. The content
 * is encrypted once; each recipient is a `JWE` instance whose key wraps the
 * shared CEK with its own `alg` (all recipients share one `enc`). Every JOSE
 * rule (disjoint headers, `zip` only protected, no `crit`, the recipient cap,
 * strict base64url, one generic decryption error) lives in the Rust core.
 */
import { core } from "../core/core.js";
import { callCore, refusalOf } from "../core/errors.js";
import { JamConfigurationError, JamJWEDecryptionError, JamJWTUnsupportedAlgorithm } from "../errors.js";
import { documentText, headerBytes, headerOf, indexOf, payloadBytes, unpackParts } from "../jws/json.js";
import { isJweAlgorithm, isJweEncryption } from "./algorithms.js";
import type { JWE } from "./jwe.js";

/** Most recipients a document may hold (the core's cap). */
export const MAX_JWE_RECIPIENTS = 16;

/** One recipient entry of a JWE JSON document. */
export interface JweJsonRecipient {
  header?: Record<string, unknown>;
  encrypted_key?: string;
}

/** Members both syntaxes share. */
interface JweJsonCommon {
  protected?: string;
  unprotected?: Record<string, unknown>;
  aad?: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

/** The general syntax. */
export interface GeneralJWE extends JweJsonCommon {
  recipients: JweJsonRecipient[];
}

/** The flattened syntax: one recipient's members at the top level. */
export interface FlattenedJWE extends JweJsonCommon, JweJsonRecipient {}

/** One recipient: a `JWE` (key, alg, enc) and extra members of its header (e.g. `kid`). */
export interface JweJsonRecipientSpec {
  jwe: JWE;
  header?: Record<string, unknown>;
}

export interface JweJsonEncryptOptions {
  /** Extra protected header members; `zip: "DEF"` compresses. `enc` is added. */
  protectedHeader?: Record<string, unknown>;
  /** The shared unprotected header (`unprotected` member). */
  sharedUnprotectedHeader?: Record<string, unknown>;
  /** Additional authenticated data (`aad` member): bytes, or a string as UTF-8. */
  aad?: Uint8Array | string;
}

export interface JweJsonDecryptOptions {
  /** Key management algorithms accepted; default: the instance's `alg`. */
  algorithms?: readonly string[];
  /** Content encryption algorithms accepted; default: the instance's `enc`. */
  encryptions?: readonly string[];
}

export interface DecryptedJsonJWE {
  plaintext: Uint8Array;
  protectedHeader: Record<string, unknown> | undefined;
  /** The `unprotected` member (not integrity protected). */
  sharedUnprotectedHeader: Record<string, unknown> | undefined;
  /** The header of the recipient that decrypted (not integrity protected). */
  unprotectedHeader: Record<string, unknown> | undefined;
  /** The decoded `aad`, when the document has one. */
  additionalAuthenticatedData: Uint8Array | undefined;
  /** Which recipient decrypted (0 for flattened). */
  recipientIndex: number;
}

function encrypt(
  plaintext: Uint8Array | string | object,
  recipients: readonly (JWE | JweJsonRecipientSpec)[],
  flattened: boolean,
  options: JweJsonEncryptOptions,
): string {
  const specs = recipients.map((entry): JweJsonRecipientSpec => ("jwe" in entry ? entry : { jwe: entry }));
  const first = specs[0];
  if (first === undefined) {
    throw new JamConfigurationError("ERR_INVALID_ARGUMENT", "a JWE needs at least one recipient");
  }
  const enc = first.jwe.enc;
  if (specs.some((spec) => spec.jwe.enc !== enc)) {
    throw new JamConfigurationError("ERR_INVALID_ARGUMENT", "every recipient must use the same enc");
  }
  const aad = options.aad === undefined ? undefined : payloadBytes(options.aad);
  const encryptor = callCore(
    "encrypt",
    () =>
      new (core().JweJsonEncryptor)(
        enc,
        headerBytes(options.protectedHeader, "protectedHeader"),
        headerBytes(options.sharedUnprotectedHeader, "sharedUnprotectedHeader"),
        aad,
        flattened,
        first.jwe.p2c,
      ),
  );
  try {
    for (const { jwe, header } of specs) {
      const headerJson = headerBytes(header, "header");
      callCore("encrypt", () => encryptor.add(jwe.handle, jwe.alg, headerJson));
    }
  } catch (error) {
    encryptor.free();
    throw error;
  }
  const bytes = payloadBytes(plaintext);
  // finish() consumes the builder.
  return callCore("encrypt", () => encryptor.finish(bytes));
}

/** Encrypts to every recipient (at most 16) and returns the general JWE JSON document. */
export function encryptGeneralJwe(
  plaintext: Uint8Array | string | object,
  recipients: readonly (JWE | JweJsonRecipientSpec)[],
  options: JweJsonEncryptOptions = {},
): GeneralJWE {
  return JSON.parse(encrypt(plaintext, recipients, false, options)) as GeneralJWE;
}

/** Encrypts to one recipient and returns the flattened JWE JSON document. */
export function encryptFlattenedJwe(
  plaintext: Uint8Array | string | object,
  recipient: JWE | JweJsonRecipientSpec,
  options: JweJsonEncryptOptions = {},
): FlattenedJWE {
  return JSON.parse(encrypt(plaintext, [recipient], true, options)) as FlattenedJWE;
}

function list(values: readonly string[] | undefined, fallback: string, known: (v: unknown) => boolean): string {
  if (values === undefined) return fallback;
  for (const value of values) {
    if (!known(value)) {
      throw new JamJWTUnsupportedAlgorithm("ERR_ALG_UNSUPPORTED", `unsupported JWE algorithm ${JSON.stringify(value)}`);
    }
  }
  return values.join(",");
}

/**
 * Decrypts a JWE JSON document (general or flattened, as text or object)
 * with `jwe`'s key. The recipients whose `alg` is allowed and fits the key
 * are tried in order; every cryptographic failure is the same
 * `ERR_DECRYPTION_FAILED`.
 */
export function decryptJweJson(
  document: GeneralJWE | FlattenedJWE | string | object,
  jwe: JWE,
  options: JweJsonDecryptOptions = {},
): DecryptedJsonJWE {
  const refusal = refusalOf(() => core().jwe_check_key(jwe.handle, jwe.alg, jwe.enc, true));
  if (refusal !== undefined) throw refusal;
  const { maxTokenLength, p2cMax, zipMax } = jwe.limits;
  const text = documentText(
    document,
    maxTokenLength,
    (message) =>
      new JamJWEDecryptionError(message.includes("exceeds") ? "ERR_TOKEN_TOO_LARGE" : "ERR_TOKEN_MALFORMED", message),
  );
  const algs = list(options.algorithms, jwe.alg, isJweAlgorithm);
  const encs = list(options.encryptions, jwe.enc, isJweEncryption);
  const packed = callCore("decrypt", () =>
    core().jwe_decrypt_json(jwe.handle, algs, encs, text, maxTokenLength, p2cMax, zipMax),
  );
  const [protectedHeader, shared, header, aad, plaintext, index, hasAad] = unpackParts(packed, 7);
  return {
    plaintext: plaintext ?? new Uint8Array(0),
    protectedHeader: headerOf(protectedHeader),
    sharedUnprotectedHeader: headerOf(shared),
    unprotectedHeader: headerOf(header),
    additionalAuthenticatedData: hasAad !== undefined && hasAad.length > 0 ? aad : undefined,
    recipientIndex: indexOf(index),
  };
}
