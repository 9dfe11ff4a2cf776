/**
 * JWE: compact encryption and decryption with one `alg`, one `enc` and one
 * key. Decryption never lets the token choose: the instance's alg and enc
 * are the allow-list, checked in the core before any cryptography.
 */
import type { JweBackend } from "../backend/jwe-backend.js";
import { nativeJwe } from "../backend/native-jwe.js";
import { type BackendChoice, type BackendName, checkBackendChoice, resolveBackend } from "../backend/select.js";
import { jamDialectJwe, wasmJwe } from "../backend/wasm-jwe.js";
import { type AsyncJweBackend, syncJweAsAsync, webCryptoJwe } from "../backend/webcrypto-jwe.js";
import { type AsyncBackendChoice, usesWebCrypto } from "../backend/webcrypto-select.js";
import { core, type KeyHandle } from "../core/core.js";
import { callCore, refusalOf } from "../core/errors.js";
import { CORE_DEFAULTS } from "../generated/tables.js";
import { JamConfigurationError, JamJWEDecryptionError, JamJWTUnsupportedAlgorithm } from "../errors.js";
import { JWK } from "../jwk/jwk.js";
import type { KeyImportOptions, KeyInput } from "../jwk/key-input.js";
import { isKeySource, type KeySource, readProtectedHeader, resolveKey, resolveKeyAsync } from "../jwk/key-selection.js";
import { parseHeader } from "../jws/header.js";
import {
  describeValue,
  headerArgument,
  integerOption,
  invalidArgument,
  isRecord,
  jsonOf,
  readOptions,
} from "../jws/options.js";
import { compatOf, type Compat } from "../compat/mode.js";
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
  /**
   * The key; for PBES2 the password (a string is its UTF-8 bytes). To
   * decrypt only: a JWKSet or a resolver that picks the key per token.
   */
  key: KeyInput | JWK | KeySource;
  /** PBES2 iterations when encrypting (at least 1000). */
  p2c?: number;
  maxTokenLength?: number;
  p2cMax?: number;
  zipMax?: number;
  /** "jam": write Python jam 4.x's forms, read them and the standard ones (always on the wasm backend). */
  compat?: Compat;
  /** Where the key-management primitive runs: "wasm", "native" (node:crypto) or "auto". */
  backend?: BackendChoice;
  /** Where encryptAsync/decryptAsync run: "webcrypto", "sync" or "auto" (docs/webcrypto.md). */
  asyncBackend?: AsyncBackendChoice;
}

export interface OpenedJWE {
  header: Record<string, unknown>;
  plaintext: Uint8Array;
}

const utf8 = new TextEncoder();

function decryptionError(code: ConstructorParameters<typeof JamJWEDecryptionError>[0], message: string) {
  return new JamJWEDecryptionError(code, message);
}

/** Bytes of a plaintext: bytes as is, a string as UTF-8, an object or array as JSON. */
export function plaintextBytes(plaintext: Uint8Array | string | object): Uint8Array {
  if (plaintext instanceof Uint8Array) return plaintext;
  if (typeof plaintext === "string") return utf8.encode(plaintext);
  if (isRecord(plaintext) || Array.isArray(plaintext)) return utf8.encode(jsonOf("plaintext", plaintext));
  throw invalidArgument("plaintext", "must be bytes, a string, or an object to serialise as JSON");
}

/**
 * Where a JWE's key-management primitive runs: jam's dialect in the core;
 * ECDH-ES natively on NIST curves only (X25519, or a key set's key not yet
 * known, agrees in the core); otherwise as the runtime and options choose.
 */
function jweBackend(
  alg: JweAlgorithm,
  compat: Compat | undefined,
  choice: BackendChoice | undefined,
  kty: string | undefined,
): JweBackend {
  if (compat === "jam") return jamDialectJwe;
  const agreesInCore = alg.startsWith("ECDH-ES") && kty !== "EC";
  return resolveBackend(alg, choice) === "native" && !agreesInCore ? nativeJwe : wasmJwe;
}

export class JWE {
  readonly alg: JweAlgorithm;
  readonly enc: JweEncryption;
  /** Where decrypt finds its key per token, when the instance has a key set or resolver instead of one key. */
  readonly keySource: KeySource | undefined;
  readonly #key: JWK | undefined;
  /** The compatibility mode, if any. */
  readonly compat: Compat | undefined;
  private readonly ownsKey: boolean;
  /** PBES2 iterations used when encrypting. */
  readonly p2c: number;
  /** Bounds on untrusted input when decrypting. */
  readonly limits: { maxTokenLength: number; p2cMax: number; zipMax: number };
  private readonly decryptRefusal: JamConfigurationError | undefined;
  private readonly primitives: JweBackend;
  private readonly asyncPrimitives: AsyncJweBackend;

  constructor(jweOptions: JWEOptions) {
    if (jweOptions === undefined) throw invalidArgument("JWE options", "are required: { alg, enc, key }");
    const options = readOptions<JWEOptions>("JWE options", jweOptions) as JWEOptions;
    if (!isJweAlgorithm(options.alg)) {
      throw new JamJWTUnsupportedAlgorithm("ERR_ALG_UNSUPPORTED", `unsupported JWE alg ${describeValue(options.alg)}`);
    }
    if (!isJweEncryption(options.enc)) {
      throw new JamJWTUnsupportedAlgorithm("ERR_ALG_UNSUPPORTED", `unsupported JWE enc ${describeValue(options.enc)}`);
    }
    this.alg = options.alg;
    this.enc = options.enc;
    this.compat = compatOf(options.compat);
    this.p2c = integerOption("p2c", options.p2c, JWE_DEFAULTS.p2c);
    this.limits = {
      maxTokenLength: integerOption("maxTokenLength", options.maxTokenLength, JWE_DEFAULTS.maxTokenLength),
      p2cMax: integerOption("p2cMax", options.p2cMax, JWE_DEFAULTS.p2cMax),
      zipMax: integerOption("zipMax", options.zipMax, JWE_DEFAULTS.zipMax),
    };
    const choice = options.backend === undefined ? undefined : checkBackendChoice(options.backend);
    if (isKeySource(options.key)) {
      this.keySource = options.key;
      this.#key = undefined;
      this.ownsKey = false;
      this.decryptRefusal = undefined;
      this.primitives = jweBackend(this.alg, this.compat, choice, undefined);
      this.asyncPrimitives = this.asyncBackendFor(choice, options.asyncBackend);
      return;
    }
    this.keySource = undefined;
    this.ownsKey = !(options.key instanceof JWK);
    this.#key = JWK.import(options.key, options);
    const handle = this.key.handle;
    callCore("key", () => core().jwe_check_key(handle, this.alg, this.enc, false));
    // A public key (or a JWK whose key_ops forbid it) encrypts but cannot
    // decrypt: say so at decrypt(), not now.
    this.decryptRefusal = refusalOf(() => core().jwe_check_key(handle, this.alg, this.enc, true));
    this.primitives = jweBackend(this.alg, this.compat, choice, this.key.kty);
    this.asyncPrimitives = this.asyncBackendFor(choice, options.asyncBackend);
  }

  /** WebCrypto for the async path where it has the algorithm (never in jam's dialect), else the sync backend. */
  private asyncBackendFor(
    choice: BackendChoice | undefined,
    asyncChoice: AsyncBackendChoice | undefined,
  ): AsyncJweBackend {
    return this.compat !== "jam" && usesWebCrypto(this.alg, this.primitives.name, choice, asyncChoice)
      ? webCryptoJwe(this.primitives)
      : syncJweAsAsync(this.primitives);
  }

  /** The backend this instance's key-management primitive runs on. */
  get backend(): BackendName {
    return this.primitives.name;
  }

  /** The instance's one key; an error when it decrypts with a key set or resolver. */
  get key(): JWK {
    if (this.#key === undefined) {
      throw new JamConfigurationError("ERR_CONFIG", "this JWE decrypts with a key set or resolver, not one key");
    }
    return this.#key;
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
    const headerJson = utf8.encode(jsonOf("header", headerArgument("header", header)));
    return this.primitives.encrypt(this.key.handle, this.alg, this.enc, headerJson, bytes, this.p2c);
  }

  /** Decrypts a compact JWE and returns the plaintext bytes. */
  decrypt(token: string): Uint8Array {
    return this.open(token).plaintext;
  }

  /** Decrypts a compact JWE and returns its protected header and plaintext. */
  open(token: string): OpenedJWE {
    this.checkToken(token);
    const key = this.keySource === undefined ? this.key : resolveKey(this.keySource, this.headerOf(token), "decrypt");
    return this.openWith(key, token);
  }

  private checkToken(token: string): void {
    if (this.decryptRefusal !== undefined) {
      throw new JamConfigurationError(this.decryptRefusal.code, this.decryptRefusal.message);
    }
    if (typeof token !== "string") {
      throw new JamJWEDecryptionError("ERR_TOKEN_MALFORMED", "a token must be a string");
    }
    if (token.length > this.limits.maxTokenLength) {
      throw new JamJWEDecryptionError("ERR_TOKEN_TOO_LARGE", `token exceeds ${this.limits.maxTokenLength} bytes`);
    }
  }

  /** The unverified protected header, its alg and enc held to the instance's (before any key is looked up). */
  private headerOf(token: string): Record<string, unknown> {
    const header = readProtectedHeader(token, this.limits.maxTokenLength, "decrypt");
    if (header["alg"] !== this.alg || header["enc"] !== this.enc) {
      throw new JamJWTUnsupportedAlgorithm("ERR_ALG_NOT_ALLOWED", "the token's alg or enc is not allowed here");
    }
    return header;
  }

  private openWith(key: JWK, token: string): OpenedJWE {
    const { header, payload } = this.primitives.decrypt(key.handle, this.alg, this.enc, token, this.limits);
    return { header: parseHeader(header, [], decryptionError), plaintext: payload };
  }

  /** The backend encryptAsync/decryptAsync try first ("webcrypto"), or the sync one they use. */
  get asyncBackend(): AsyncJweBackend["name"] {
    return this.asyncPrimitives.name;
  }

  /** `encrypt`, with the key management on WebCrypto where the async path uses it (docs/webcrypto.md). */
  async encryptAsync(plaintext: Uint8Array | string | object, header: Record<string, unknown> = {}): Promise<string> {
    const bytes = plaintextBytes(plaintext);
    const headerJson = utf8.encode(jsonOf("header", headerArgument("header", header)));
    return this.asyncPrimitives.encrypt(this.key.handle, this.alg, this.enc, headerJson, bytes, this.p2c);
  }

  /** `decrypt` on the async path. */
  async decryptAsync(token: string): Promise<Uint8Array> {
    return (await this.openAsync(token)).plaintext;
  }

  /** `open` on the async path, for any key source (asynchronous resolvers included): the same checks and refusals. */
  async openAsync(token: string): Promise<OpenedJWE> {
    this.checkToken(token);
    const key =
      this.keySource === undefined ? this.key : await resolveKeyAsync(this.keySource, this.headerOf(token), "decrypt");
    const { header, payload } = await this.asyncPrimitives.decrypt(key.handle, this.alg, this.enc, token, this.limits);
    return { header: parseHeader(header, [], decryptionError), plaintext: payload };
  }

  /** Frees the key now, unless it was a JWK the caller passed in. */
  dispose(): void {
    if (this.ownsKey) this.#key?.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
