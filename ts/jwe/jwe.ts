/**
 * JWE: compact encryption and decryption with one `alg`, one `enc` and one
 * key. Decryption never lets the token choose: the instance's alg and enc
 * are the allow-list, checked in the core before any cryptography.
 */
import { core, type KeyHandle } from "../core/core.js";
import { callCore, refusalOf } from "../core/errors.js";
import { JamConfigurationError, JamJWEDecryptionError, JamJWTUnsupportedAlgorithm } from "../errors.js";
import { CORE_DEFAULTS } from "../generated/tables.js";
import { JWK } from "../jwk/jwk.js";
import type { KeyImportOptions, KeyInput } from "../jwk/key-input.js";
import { parseHeader, unpack } from "../jws/header.js";
import { isJweAlgorithm, isJweEncryption, type JweAlgorithm, type JweEncryption } from "./algorithms.js";

/** Defaults for the bounds on untrusted input (all configurable), from the core. */
export const JWE_DEFAULTS = {
  /** Longest token accepted, in bytes. */
  maxTokenLength: CORE_DEFAULTS.jweMaxTokenLength,
  /** Highest PBES2 iteration count accepted on decrypt (checked before work). */
  p2cMax: CORE_DEFAULTS.p2cMax,
  /** Largest decompressed plaintext for zip "DEF", in bytes. */
  zipMax: CORE_DEFAULTS.zipMax,
  /** PBES2 iteration count used when encrypting. */
  p2c: CORE_DEFAULTS.p2c,
} as const;

export interface JWEOptions extends KeyImportOptions {
  alg: JweAlgorithm;
  enc: JweEncryption;
  /** The key; for PBES2 the password (a string is its UTF-8 bytes). */
  key: KeyInput | JWK;
  /** PBES2 iterations when encrypting (at least 1000). */
  p2c?: number;
  maxTokenLength?: number;
  p2cMax?: number;
  zipMax?: number;
}

export interface OpenedJWE {
  header: Record<string, unknown>;
  plaintext: Uint8Array;
}

const utf8 = new TextEncoder();

function decryptionError(code: ConstructorParameters<typeof JamJWEDecryptionError>[0], message: string) {
  return new JamJWEDecryptionError(code, message);
}

function bound(name: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen < 1 || chosen > 0xffff_ffff) {
    throw new JamConfigurationError("ERR_INVALID_ARGUMENT", `${name} must be a positive integer`);
  }
  return chosen;
}

/** Bytes of a plaintext: bytes as is, a string as UTF-8, anything else as JSON. */
export function plaintextBytes(plaintext: Uint8Array | string | object): Uint8Array {
  if (plaintext instanceof Uint8Array) return plaintext;
  return utf8.encode(typeof plaintext === "string" ? plaintext : JSON.stringify(plaintext));
}

export class JWE {
  readonly alg: JweAlgorithm;
  readonly enc: JweEncryption;
  readonly key: JWK;
  private readonly ownsKey: boolean;
  private readonly p2c: number;
  private readonly limits: { maxTokenLength: number; p2cMax: number; zipMax: number };
  private readonly decryptRefusal: JamConfigurationError | undefined;

  constructor(options: JWEOptions) {
    if (!isJweAlgorithm(options.alg)) {
      throw new JamJWTUnsupportedAlgorithm("ERR_ALG_UNSUPPORTED", `unsupported JWE alg ${JSON.stringify(options.alg)}`);
    }
    if (!isJweEncryption(options.enc)) {
      throw new JamJWTUnsupportedAlgorithm("ERR_ALG_UNSUPPORTED", `unsupported JWE enc ${JSON.stringify(options.enc)}`);
    }
    this.alg = options.alg;
    this.enc = options.enc;
    this.p2c = bound("p2c", options.p2c, JWE_DEFAULTS.p2c);
    this.limits = {
      maxTokenLength: bound("maxTokenLength", options.maxTokenLength, JWE_DEFAULTS.maxTokenLength),
      p2cMax: bound("p2cMax", options.p2cMax, JWE_DEFAULTS.p2cMax),
      zipMax: bound("zipMax", options.zipMax, JWE_DEFAULTS.zipMax),
    };
    this.ownsKey = !(options.key instanceof JWK);
    this.key = JWK.import(options.key, options);
    const handle = this.key.handle;
    callCore("key", () => core().jwe_check_key(handle, this.alg, this.enc, false));
    // A public key (or a JWK whose key_ops forbid it) encrypts but cannot
    // decrypt: say so at decrypt(), not now.
    this.decryptRefusal = refusalOf(() => core().jwe_check_key(handle, this.alg, this.enc, true));
  }

  /** The core key handle. */
  get handle(): KeyHandle {
    return this.key.handle;
  }

  /**
   * Encrypts to a compact JWE whose protected header is `header` plus alg,
   * enc and the algorithm's own parameters (which `header` cannot override).
   * `zip: "DEF"` in `header` compresses the plaintext first.
   */
  encrypt(plaintext: Uint8Array | string | object, header: Record<string, unknown> = {}): string {
    const bytes = plaintextBytes(plaintext);
    const headerJson = utf8.encode(JSON.stringify(header));
    return callCore("encrypt", () =>
      core().jwe_encrypt(this.key.handle, this.alg, this.enc, headerJson, bytes, this.p2c),
    );
  }

  /** Decrypts a compact JWE and returns the plaintext bytes. */
  decrypt(token: string): Uint8Array {
    return this.open(token).plaintext;
  }

  /** Decrypts a compact JWE and returns its protected header and plaintext. */
  open(token: string): OpenedJWE {
    if (this.decryptRefusal !== undefined) {
      throw new JamConfigurationError(this.decryptRefusal.code, this.decryptRefusal.message);
    }
    if (typeof token !== "string") {
      throw new JamJWEDecryptionError("ERR_TOKEN_MALFORMED", "a token must be a string");
    }
    if (token.length > this.limits.maxTokenLength) {
      throw new JamJWEDecryptionError("ERR_TOKEN_TOO_LARGE", `token exceeds ${this.limits.maxTokenLength} bytes`);
    }
    const { maxTokenLength, p2cMax, zipMax } = this.limits;
    const packed = callCore("decrypt", () =>
      core().jwe_decrypt(this.key.handle, this.alg, this.enc, token, maxTokenLength, p2cMax, zipMax),
    );
    const { header, payload } = unpack(packed);
    return { header: parseHeader(header, [], decryptionError), plaintext: payload };
  }

  /** Frees the key now, unless it was a JWK the caller passed in. */
  dispose(): void {
    if (this.ownsKey) this.key.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
