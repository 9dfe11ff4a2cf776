/**
 * Everything a key may be given as, and the one function that turns it into
 * a core key handle. The rules keep key confusion out: a string that looks
 * like PEM is parsed as PEM and a string that looks like JSON as a JWK (an
 * error if they do not parse, never a fallback to an HMAC secret); any other
 * string is an HMAC/AES secret as its UTF-8 bytes; a Uint8Array is raw bytes,
 * never sniffed; DER must be asked for with `{ der }`.
 */
import { core, type KeyHandle } from "../core/core.js";
import { callCore } from "../core/errors.js";
import { JamConfigurationError } from "../errors.js";
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

/** Options for importing a key. */
export interface KeyImportOptions {
  /** Passphrase of an encrypted PKCS#8 PEM or DER. */
  password?: string | Uint8Array;
  /**
   * Accept HMAC secrets shorter than the hash output (RFC 7518 3.2), for
   * secrets that came from jam. Never applies to JWK `oct` keys.
   */
  allowShortSecrets?: boolean;
}

const utf8 = new TextEncoder();

function passwordBytes(password: string | Uint8Array | undefined): Uint8Array | undefined {
  if (password === undefined) return undefined;
  return typeof password === "string" ? utf8.encode(password) : password;
}

function isKeyObject(input: object): input is KeyObjectLike {
  const candidate = input as Partial<KeyObjectLike>;
  return typeof candidate.export === "function" && typeof candidate.type === "string";
}

/** Parses `input` into a new core key handle owned by the caller. */
export function importKeyHandle(input: KeyInput, options: KeyImportOptions = {}): KeyHandle {
  const c = core();
  if (typeof input === "string") {
    const text = input.trim();
    if (text.startsWith("-----BEGIN")) {
      return callCore("key", () => c.key_from_pem(text, passwordBytes(options.password)));
    }
    if (text.startsWith("{")) {
      return callCore("key", () => c.key_from_jwk(text));
    }
    // A path to a key file, as jam takes it (Node only; see compat/key-file.ts).
    const fromFile = keyFromPathString(text);
    if (fromFile !== undefined) return importKeyHandle(fromFile, options);
    return callCore("key", () => c.key_from_secret(utf8.encode(input), options.allowShortSecrets === true));
  }
  if (input instanceof Uint8Array) {
    return callCore("key", () => c.key_from_secret(input, options.allowShortSecrets === true));
  }
  if (typeof input === "object" && input !== null) {
    if ("der" in input && input.der instanceof Uint8Array) {
      const der = input.der;
      return callCore("key", () => c.key_from_der(der, passwordBytes(options.password)));
    }
    if ("path" in input && typeof input.path === "string") {
      return importKeyHandle(keyFromPath(input.path), options);
    }
    if ("kty" in input && typeof input.kty === "string") {
      const json = JSON.stringify(input);
      return callCore("key", () => c.key_from_jwk(json));
    }
    if (isKeyObject(input)) {
      if (input.type === "secret") {
        const bytes = input.export() as Uint8Array;
        return callCore("key", () => c.key_from_secret(bytes, options.allowShortSecrets === true));
      }
      const jwk = JSON.stringify(input.export({ format: "jwk" }));
      return callCore("key", () => c.key_from_jwk(jwk));
    }
  }
  throw new JamConfigurationError(
    "ERR_KEY_ENCODING",
    "unsupported key input: pass a PEM or JWK string, a secret string or Uint8Array, a JWK object, { der }, a KeyObject or a JWK",
  );
}
