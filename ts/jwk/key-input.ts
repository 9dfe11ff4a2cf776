/**
 * Everything a key may be given as, and the one function that turns it into
 * a core key handle. The rules keep key confusion out: a string holding a
 * PEM block (with or without text before it, as OpenSSL's "Bag Attributes")
 * is parsed as PEM and a string that looks like JSON as a JWK (an error if
 * they do not parse, never a fallback to an HMAC secret); any other string
 * is an HMAC/AES secret as its UTF-8 bytes; a Uint8Array is raw secret
 * bytes, never parsed as a key; DER must be asked for with `{ der }`. The
 * core refuses a secret (string or bytes) that is really a PEM, JWK or DER
 * key, so a public key can never become an HMAC secret.
 */
import { core, type KeyHandle } from "../core/core.js";
import { callCore } from "../core/errors.js";
import { JamConfigurationError, JamError } from "../errors.js";
import { keyFromPath, keyFromPathString } from "../compat/key-file.js";

/** A JSON Web Key as a plain object (RFC 7517). */
export interface JsonWebKeyObject {
  kty: string;
  [member: string]: unknown;
}

/** The parts of Node's KeyObject we use, without depending on node:crypto. */
interface KeyObjectLike {
  type: "secret" | "public" | "private";
  export(options?: { format: "jwk" }): unknown;
}

/** A key as callers may pass it. */
export type KeyInput =
  | string
  | Uint8Array
  | JsonWebKeyObject
  | { der: Uint8Array }
  | { path: string }
  | KeyObjectLike
  | { readonly handle: KeyHandle };

/**
 * Bounds on the password-based key derivation of an encrypted PKCS#8 key
 * (PEM `ENCRYPTED PRIVATE KEY` or `{ der }`), checked before any work; a key
 * asking for more is refused with ERR_KDF_LIMIT. Each is an integer from 0
 * to 2^32 - 1; the defaults keep one import under a second.
 */
export interface KdfLimits {
  /** Most PBKDF2 iterations. Default 300 000 (OpenSSL writes 2048). */
  maxPbkdf2Iterations?: number;
  /** Most scrypt memory in bytes, 128 * r * (N + p). Default 32 MiB. */
  maxScryptMemory?: number;
  /** Most scrypt work, N * r * p. Default 2^17 (OpenSSL's N = 2^14, r = 8, p = 1). */
  maxScryptWork?: number;
}

/** Options for importing a key. */
export interface KeyImportOptions {
  /** Passphrase of an encrypted PKCS#8 PEM or DER. */
  password?: string | Uint8Array;
  /**
   * Accept HMAC secrets shorter than the hash output (RFC 7518 3.2), for
   * secrets that came from jam. Never applies to JWK `oct` keys.
   */
  allowShortSecrets?: boolean;
  /** Bounds on an encrypted key's key derivation (see `KdfLimits`). */
  kdfLimits?: KdfLimits;
}

const utf8 = new TextEncoder();

function refuse(message: string, code: "ERR_KEY_ENCODING" | "ERR_INVALID_ARGUMENT" = "ERR_KEY_ENCODING"): never {
  throw new JamConfigurationError(code, message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** The checked import options, in the form the core takes. */
interface CoreOptions {
  password: Uint8Array | undefined;
  allowShort: boolean;
  limits: [number | undefined, number | undefined, number | undefined];
}

function limit(limits: KdfLimits, name: keyof KdfLimits): number | undefined {
  const value = limits[name];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    refuse(`kdfLimits.${name} must be an integer from 0 to 2^32 - 1`, "ERR_INVALID_ARGUMENT");
  }
  return value;
}

function coreOptions(options: KeyImportOptions | undefined): CoreOptions {
  if (options === undefined || options === null) {
    return { password: undefined, allowShort: false, limits: [undefined, undefined, undefined] };
  }
  if (!isObject(options)) refuse("key import options must be an object", "ERR_INVALID_ARGUMENT");
  const { password, allowShortSecrets, kdfLimits } = options;
  if (password !== undefined && typeof password !== "string" && !(password instanceof Uint8Array)) {
    refuse("password must be a string or a Uint8Array", "ERR_INVALID_ARGUMENT");
  }
  if (allowShortSecrets !== undefined && typeof allowShortSecrets !== "boolean") {
    refuse("allowShortSecrets must be a boolean", "ERR_INVALID_ARGUMENT");
  }
  if (kdfLimits !== undefined && !isObject(kdfLimits)) refuse("kdfLimits must be an object", "ERR_INVALID_ARGUMENT");
  const limits = kdfLimits ?? {};
  return {
    password: typeof password === "string" ? utf8.encode(password) : password,
    allowShort: allowShortSecrets === true,
    limits: [limit(limits, "maxPbkdf2Iterations"), limit(limits, "maxScryptMemory"), limit(limits, "maxScryptWork")],
  };
}

function isKeyObject(input: object): input is KeyObjectLike {
  const candidate = input as Partial<KeyObjectLike>;
  return typeof candidate.export === "function" && typeof candidate.type === "string";
}

/** Imports a JWK object; its JSON text is what the core reads. */
function fromJwkObject(jwk: unknown, what: string): KeyHandle {
  if (!isObject(jwk) || Array.isArray(jwk) || typeof jwk["kty"] !== "string") {
    refuse(`${what} is not a JWK object with a string "kty"`);
  }
  let json: string;
  try {
    json = JSON.stringify(jwk);
  } catch (error) {
    throw new JamConfigurationError("ERR_KEY_ENCODING", `${what} cannot be written as JSON`, { cause: error });
  }
  return callCore("key", () => core().key_from_jwk(json));
}

function fromKeyObject(input: KeyObjectLike, options: CoreOptions): KeyHandle {
  if (input.type === "secret") {
    const bytes = input.export();
    // A string here would be written into wasm memory as zero bytes.
    if (!(bytes instanceof Uint8Array)) refuse("a secret KeyObject's export() did not return bytes");
    return callCore("key", () => core().key_from_secret(bytes, options.allowShort));
  }
  if (input.type !== "public" && input.type !== "private") refuse(`unsupported KeyObject type ${String(input.type)}`);
  return fromJwkObject(input.export({ format: "jwk" }), "a KeyObject's JWK export");
}

function fromObject(input: object, options: CoreOptions): KeyHandle | undefined {
  if ("der" in input) {
    const der = input.der;
    if (!(der instanceof Uint8Array)) refuse("{ der } must hold a Uint8Array");
    return callCore("key", () => core().key_from_der(der, options.password, ...options.limits));
  }
  if ("kty" in input) return fromJwkObject(input, "the key");
  if (isKeyObject(input)) return fromKeyObject(input, options);
  return undefined;
}

/** Parses `input` into a new core key handle owned by the caller. */
export function importKeyHandle(input: KeyInput, options?: KeyImportOptions): KeyHandle {
  const c = core();
  const checked = coreOptions(options);
  if (typeof input === "string") {
    // A PEM block anywhere: OpenSSL writes "Bag Attributes" and other text
    // before it, which it ignores, and so do we.
    if (input.includes("-----BEGIN")) {
      return callCore("key", () => c.key_from_pem(input, checked.password, ...checked.limits));
    }
    const text = input.trim();
    if (text.startsWith("{")) {
      return callCore("key", () => c.key_from_jwk(text));
    }
    // A path to a key file, as jam takes it (Node only; see compat/key-file.ts).
    const fromFile = keyFromPathString(text);
    if (fromFile !== undefined) return importKeyHandle(fromFile, options);
    return callCore("key", () => c.key_from_secret(utf8.encode(input), checked.allowShort));
  }
  if (input instanceof Uint8Array) {
    return callCore("key", () => c.key_from_secret(input, checked.allowShort));
  }
  if (isObject(input)) {
    if ("path" in input && typeof input.path === "string") return importKeyHandle(keyFromPath(input.path), options);
    let handle: KeyHandle | undefined;
    try {
      handle = fromObject(input, checked);
    } catch (error) {
      if (error instanceof JamError) throw error;
      // A getter or export() that threw, a BigInt member: not a key.
      throw new JamConfigurationError("ERR_KEY_ENCODING", "reading the key input failed", { cause: error });
    }
    if (handle !== undefined) return handle;
  }
  return refuse(
    "unsupported key input: pass a PEM or JWK string, a secret string or Uint8Array, a JWK object, { der }, " +
      "a KeyObject or a JWK",
  );
}
