/**
 * JWK and JWKSet: import and export keys (PEM <-> JWK), RFC 7638
 * thumbprints, and key generation. A JWK wraps one key handle in WebAssembly
 * memory; `dispose()` frees it at once (secrets zeroised), otherwise the
 * garbage collector does.
 */
import { forgetNativeKey } from "../backend/native-keys.js";
import { forgetWebCryptoKeys } from "../backend/webcrypto-keys.js";
import { core, type KeyHandle } from "../core/core.js";
import { callCore } from "../core/errors.js";
import { JamConfigurationError } from "../errors.js";
import { importKeyHandle, type JsonWebKeyObject, type KeyImportOptions, type KeyInput } from "./key-input.js";

/** Key types `JWK.generate` can make. */
export type KeySpec =
  | "RSA-2048"
  | "RSA-3072"
  | "RSA-4096"
  | "P-256"
  | "P-384"
  | "P-521"
  | "Ed25519"
  | "X25519"
  | "oct-128"
  | "oct-192"
  | "oct-256"
  | "oct-384"
  | "oct-512";

/** `{ private: true }` or nothing; anything else is refused. */
function wantsPrivate(options: { private?: boolean } | undefined): boolean {
  if (options === undefined || options === null) return false;
  if (typeof options !== "object" || (options.private !== undefined && typeof options.private !== "boolean")) {
    throw new JamConfigurationError("ERR_INVALID_ARGUMENT", "options must be { private?: boolean }");
  }
  return options.private === true;
}

export class JWK {
  #handle: KeyHandle | undefined;

  private constructor(handle: KeyHandle) {
    this.#handle = handle;
  }

  /**
   * The core key handle. Internal: shared with the classes that use the key.
   * After `dispose()` it throws ERR_KEY_DISPOSED (never a wasm trap).
   */
  get handle(): KeyHandle {
    const handle = this.#handle;
    if (handle === undefined || (handle as unknown as { __wbg_ptr: number }).__wbg_ptr === 0) {
      throw new JamConfigurationError("ERR_KEY_DISPOSED", "this key was disposed; import it again");
    }
    return handle;
  }

  /** Imports a key from any supported input (PEM, JWK, DER, secret...). */
  static import(input: KeyInput, options?: KeyImportOptions): JWK {
    if (input instanceof JWK) return input;
    return new JWK(importKeyHandle(input, options));
  }

  /** Wraps a handle the core just made (derived or generated keys). */
  static fromHandle(handle: KeyHandle): JWK {
    return new JWK(handle);
  }

  /** Generates a fresh key with the runtime's secure random source. */
  static generate(spec: KeySpec): JWK {
    return new JWK(callCore("key", () => core().key_generate(spec)));
  }

  /** "oct", "RSA", "EC" or "OKP". */
  get kty(): string {
    const handle = this.handle;
    return callCore("key", () => handle.kty);
  }
  /** The curve of EC and OKP keys. */
  get crv(): string | undefined {
    const handle = this.handle;
    return callCore("key", () => handle.crv);
  }
  /** Whether the key holds private (or symmetric) material. */
  get isPrivate(): boolean {
    const handle = this.handle;
    return callCore("key", () => handle.isPrivate);
  }
  /** The JWK `kid`, if any. */
  get kid(): string | undefined {
    const handle = this.handle;
    return callCore("key", () => handle.kid);
  }
  /** The JWK `alg` the key is restricted to, if any. */
  get alg(): string | undefined {
    const handle = this.handle;
    return callCore("key", () => handle.alg);
  }

  /** The key as a JWK object; private members only with `{ private: true }`. */
  export(options?: { private?: boolean }): JsonWebKeyObject {
    const include = wantsPrivate(options);
    const json = callCore("key", () => this.handle.toJwk(include));
    return JSON.parse(json) as JsonWebKeyObject;
  }

  /** The public JWK (what JSON.stringify shows: never private members). */
  toJSON(): JsonWebKeyObject {
    return this.export();
  }

  /** PEM: PKCS#8 with `{ private: true }`, else SPKI. */
  toPem(options?: { private?: boolean }): string {
    const include = wantsPrivate(options);
    return callCore("key", () => this.handle.toPem(include));
  }

  /** RFC 7638 SHA-256 thumbprint, base64url. */
  thumbprint(): string {
    const handle = this.handle;
    return callCore("key", () => handle.thumbprint());
  }

  /** The public half as a new JWK. */
  publicKey(): JWK {
    const handle = this.handle;
    return new JWK(callCore("key", () => handle.publicKey()));
  }

  /**
   * Frees the key in WebAssembly memory now (secrets zeroised). Using the
   * JWK afterwards throws ERR_KEY_DISPOSED; disposing twice does nothing.
   */
  dispose(): void {
    const handle = this.#handle;
    this.#handle = undefined;
    if (handle !== undefined && (handle as unknown as { __wbg_ptr: number }).__wbg_ptr !== 0) {
      forgetNativeKey(handle);
      forgetWebCryptoKeys(handle);
      handle.free();
    }
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}

/** Options of a JWK Set. */
export interface JWKSetOptions {
  /**
   * Let verification use a set holding both symmetric and asymmetric keys
   * (refused by default: a public JWKS must never hold a secret).
   */
  allowMixed?: boolean;
}

/** A JWK Set (RFC 7517 section 5). */
export class JWKSet {
  readonly keys: readonly JWK[];
  /** Whether verification may use this set although it mixes symmetric and asymmetric keys. */
  readonly allowMixed: boolean;

  constructor(keys: readonly JWK[], options: JWKSetOptions = {}) {
    this.keys = keys;
    this.allowMixed = options.allowMixed === true;
  }

  /**
   * Imports `{ keys: [...] }` (an object or its JSON text). Each entry must
   * be a JWK object: a string entry is refused, never taken as a secret.
   */
  static import(set: { keys: JsonWebKeyObject[] } | string, options: JWKSetOptions = {}): JWKSet {
    let parsed: unknown = set;
    if (typeof set === "string") {
      try {
        parsed = JSON.parse(set);
      } catch (error) {
        throw new JamConfigurationError("ERR_KEY_ENCODING", "a JWK Set's JSON text does not parse", { cause: error });
      }
    }
    const keys = typeof parsed === "object" && parsed !== null ? (parsed as { keys?: unknown }).keys : undefined;
    if (!Array.isArray(keys)) {
      throw new JamConfigurationError("ERR_KEY_ENCODING", 'a JWK Set must be an object with a "keys" array');
    }
    const imported: JWK[] = [];
    try {
      keys.forEach((entry: unknown, i) => {
        if (typeof entry !== "object" || entry === null || Array.isArray(entry) || entry instanceof Uint8Array) {
          throw new JamConfigurationError("ERR_KEY_ENCODING", `JWK Set entry ${i} is not a JWK object`);
        }
        if (typeof (entry as { kty?: unknown }).kty !== "string") {
          throw new JamConfigurationError("ERR_KEY_ENCODING", `JWK Set entry ${i} has no string "kty"`);
        }
        imported.push(JWK.import(entry as JsonWebKeyObject));
      });
    } catch (error) {
      // Free what was imported before the bad entry.
      for (const key of imported) key.dispose();
      throw error;
    }
    return new JWKSet(imported, options);
  }

  /** The key with this `kid`, if any. */
  get(kid: string): JWK | undefined {
    return this.keys.find((k) => k.kid === kid);
  }

  toJSON(): { keys: JsonWebKeyObject[] } {
    return { keys: this.keys.map((k) => k.export()) };
  }
}
