/**
 * JWK and JWKSet: import and export keys (PEM <-> JWK), RFC 7638
 * thumbprints, and key generation. A JWK wraps one key handle in WebAssembly
 * memory; `dispose()` frees it at once (secrets zeroised), otherwise the
 * garbage collector does.
 */
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

export class JWK {
  /** The core key handle. Internal: shared with the classes that use the key. */
  readonly handle: KeyHandle;

  private constructor(handle: KeyHandle) {
    this.handle = handle;
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
    return this.handle.kty;
  }
  /** The curve of EC and OKP keys. */
  get crv(): string | undefined {
    return this.handle.crv;
  }
  /** Whether the key holds private (or symmetric) material. */
  get isPrivate(): boolean {
    return this.handle.isPrivate;
  }
  get kid(): string | undefined {
    return this.handle.kid;
  }
  get alg(): string | undefined {
    return this.handle.alg;
  }

  /** The key as a JWK object; private members only with `{ private: true }`. */
  export(options: { private?: boolean } = {}): JsonWebKeyObject {
    const json = callCore("key", () => this.handle.toJwk(options.private === true));
    return JSON.parse(json) as JsonWebKeyObject;
  }

  /** The public JWK (what JSON.stringify shows: never private members). */
  toJSON(): JsonWebKeyObject {
    return this.export();
  }

  /** PEM: PKCS#8 with `{ private: true }`, else SPKI. */
  toPem(options: { private?: boolean } = {}): string {
    return callCore("key", () => this.handle.toPem(options.private === true));
  }

  /** RFC 7638 SHA-256 thumbprint, base64url. */
  thumbprint(): string {
    return callCore("key", () => this.handle.thumbprint());
  }

  /** The public half as a new JWK. */
  publicKey(): JWK {
    return new JWK(callCore("key", () => this.handle.publicKey()));
  }

  /** Frees the key in WebAssembly memory now; the JWK is unusable after. */
  dispose(): void {
    this.handle.free();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}

/** A JWK Set (RFC 7517 section 5). */
export class JWKSet {
  readonly keys: readonly JWK[];

  constructor(keys: readonly JWK[]) {
    this.keys = keys;
  }

  /** Imports `{ keys: [...] }` (an object or its JSON text). */
  static import(set: { keys: JsonWebKeyObject[] } | string): JWKSet {
    const parsed = typeof set === "string" ? (JSON.parse(set) as unknown) : set;
    const keys = (parsed as { keys?: unknown }).keys;
    if (!Array.isArray(keys)) {
      throw new JamConfigurationError("ERR_KEY_ENCODING", 'a JWK Set needs a "keys" array');
    }
    return new JWKSet(keys.map((k) => JWK.import(k as JsonWebKeyObject)));
  }

  /** The key with this `kid`, if any. */
  get(kid: string): JWK | undefined {
    return this.keys.find((k) => k.kid === kid);
  }

  toJSON(): { keys: JsonWebKeyObject[] } {
    return { keys: this.keys.map((k) => k.export()) };
  }
}
