/**
 * JWS: compact signing and verification with one algorithm and one key.
 * The key is parsed once; sign and verify are one call into the core each.
 */
import type { JwsBackend } from "../backend/jws-backend.js";
import { nativeJws } from "../backend/native-jws.js";
import {
  type BackendChoice,
  type BackendName,
  checkBackendChoice,
  type PrimitiveOperation,
  resolveBackend,
} from "../backend/select.js";
import { jamDialectJws, wasmJws } from "../backend/wasm-jws.js";
import { type AsyncJwsBackend, syncAsAsync, webCryptoJws } from "../backend/webcrypto-jws.js";
import { type AsyncBackendChoice, usesWebCrypto } from "../backend/webcrypto-select.js";
import { core, type KeyHandle } from "../core/core.js";
import { callCore, refusalOf } from "../core/errors.js";
import { CORE_DEFAULTS } from "../generated/tables.js";
import { JamConfigurationError, JamJWSVerificationError, JamJWTUnsupportedAlgorithm } from "../errors.js";
import { JWK, JWKSet } from "../jwk/jwk.js";
import type { KeyImportOptions, KeyInput } from "../jwk/key-input.js";
import {
  assertVerificationSet,
  isKeySource,
  type KeySource,
  readProtectedHeader,
  resolveKey,
  resolveKeyAsync,
} from "../jwk/key-selection.js";
import { isJwsAlgorithm, type JwsAlgorithm } from "./algorithms.js";
import { LastHeader, unpack } from "./header.js";
import { compactExtensions } from "./json.js";
import {
  describeValue,
  headerArgument,
  integerOption,
  invalidArgument,
  isRecord,
  jsonOf,
  readOptions,
  stringListOption,
} from "./options.js";
import { compatOf, type Compat } from "../compat/mode.js";
import { decodeUtf8OrNull } from "../util/utf8.js";

/** Default cap on a token's length in bytes (256 KiB). */
export const DEFAULT_MAX_TOKEN_LENGTH = CORE_DEFAULTS.jwsMaxTokenLength;

export interface JWSOptions extends KeyImportOptions {
  alg: JwsAlgorithm;
  /** One key; or, to verify only, a JWKSet or a resolver that picks the key per token. */
  key: KeyInput | JWK | KeySource;
  /** Cap on the length of tokens `verify` accepts. */
  maxTokenLength?: number;
  /** "jam": write Python jam 4.x's forms, read them and the standard ones (always on the wasm backend). */
  compat?: Compat;
  /** Where the primitive runs: "wasm", "native" (node:crypto) or "auto" (the package default). */
  backend?: BackendChoice;
  /** Where signAsync/verifyAsync run: "webcrypto", "sync" or "auto" (docs/webcrypto.md). */
  asyncBackend?: AsyncBackendChoice;
}

export interface JWSVerifyOptions {
  /** Algorithms accepted; default: the instance's `alg` only. */
  algorithms?: readonly string[];
  /** Names of `crit` header parameters the caller understands (`b64`: RFC 7797). */
  crit?: readonly string[];
  /** The payload of a token whose payload segment is empty (detached content). */
  detachedPayload?: Uint8Array | string;
}

export interface VerifiedJWS {
  header: Record<string, unknown>;
  payload: Uint8Array;
}

/** A verified JWS whose payload was read as text (`JWS.verifyToText`). */
export interface VerifiedJWSText {
  header: Record<string, unknown>;
  /** The payload's UTF-8 text; null when the payload is not UTF-8. */
  payloadText: string | null;
}

const utf8 = new TextEncoder();

function jwsBackend(alg: JwsAlgorithm, choice: BackendChoice | undefined, operation: PrimitiveOperation): JwsBackend {
  return resolveBackend(alg, choice === undefined ? undefined : checkBackendChoice(choice), operation) === "native"
    ? nativeJws
    : wasmJws;
}

function verificationError(code: ConstructorParameters<typeof JamJWSVerificationError>[0], message: string) {
  return new JamJWSVerificationError(code, message);
}

/** Validates a caller's allow-list and joins it as the core expects. */
function allowListOf(value: unknown): string {
  const algorithms = stringListOption("algorithms", value)!;
  for (const alg of algorithms) {
    if (!isJwsAlgorithm(alg)) {
      throw new JamJWTUnsupportedAlgorithm("ERR_ALG_UNSUPPORTED", `unsupported JWS alg ${describeValue(alg)}`);
    }
  }
  return algorithms.join(",");
}

/** What `sign` signs: bytes as they are, a string (as UTF-8), an object or array as JSON text. */
function signablePayload(payload: unknown): Uint8Array | string {
  if (payload instanceof Uint8Array || typeof payload === "string") return payload;
  if (isRecord(payload) || Array.isArray(payload)) return jsonOf("payload", payload);
  throw invalidArgument("payload", "must be bytes, a string, or an object to serialise as JSON");
}

/** UTF-8 bytes of a payload `signablePayload` gave. */
function payloadBytes(payload: Uint8Array | string): Uint8Array {
  return typeof payload === "string" ? utf8.encode(payload) : payload;
}

/** True for the header a JWT signs by default, `{ typ: "JWT" }` and nothing else. */
function isJwtTypOnly(header: Record<string, unknown>): boolean {
  if (header["typ"] !== "JWT") return false;
  for (const name in header) if (name !== "typ") return false;
  return true;
}

/** What a verify call checks beyond the token: the allow-list, the understood crit names, RFC 7797. */
interface VerifyPlan {
  readonly allowList: string;
  readonly crit: readonly string[];
  readonly extended: boolean;
}

export class JWS {
  readonly alg: JwsAlgorithm;
  /** Where verify finds its key per token, when the instance has a key set or resolver instead of one key. */
  readonly keySource: KeySource | undefined;
  readonly #key: JWK | undefined;
  readonly maxTokenLength: number;
  /** The compatibility mode, if any. */
  readonly compat: Compat | undefined;
  private readonly signRefusal: JamConfigurationError | undefined;
  private readonly ownsKey: boolean;
  private readonly primitives: JwsBackend;
  /** The backend verify uses: `auto` may keep verification in the core where that measured faster. */
  private readonly verifyPrimitives: JwsBackend;
  private readonly asyncPrimitives: AsyncJwsBackend;
  /** The protected header verify parsed last (see LastHeader). */
  readonly #lastHeader = new LastHeader();
  /** The verify plan of a call without algorithms, crit or detached payload. */
  #defaultPlan: VerifyPlan | undefined;
  /** The JSON of `{ alg, typ: "JWT" }`, made at the first sign that uses it. */
  #jwtHeaderJson: string | undefined;

  constructor(jwsOptions: JWSOptions) {
    if (jwsOptions === undefined) throw invalidArgument("JWS options", "are required: { alg, key }");
    const options = readOptions<JWSOptions>("JWS options", jwsOptions) as JWSOptions;
    if (!isJwsAlgorithm(options.alg)) {
      throw new JamJWTUnsupportedAlgorithm("ERR_ALG_UNSUPPORTED", `unsupported JWS alg ${describeValue(options.alg)}`);
    }
    this.alg = options.alg;
    this.compat = compatOf(options.compat);
    // jam's dialect runs in the core; otherwise the backend the runtime and options choose.
    this.primitives = this.compat === "jam" ? jamDialectJws : jwsBackend(this.alg, options.backend, "sign");
    this.verifyPrimitives = this.compat === "jam" ? jamDialectJws : jwsBackend(this.alg, options.backend, "verify");
    this.asyncPrimitives =
      this.compat !== "jam" && usesWebCrypto(this.alg, this.primitives.name, options.backend, options.asyncBackend)
        ? webCryptoJws(this.primitives)
        : syncAsAsync(this.primitives, this.verifyPrimitives);
    // Checked before the key is parsed: a NaN or negative bound must not
    // turn the length check off, and 2**32 + 100 must not wrap to 100.
    this.maxTokenLength = integerOption("maxTokenLength", options.maxTokenLength, DEFAULT_MAX_TOKEN_LENGTH);
    if (isKeySource(options.key)) {
      if (options.key instanceof JWKSet) assertVerificationSet(options.key);
      this.keySource = options.key;
      this.#key = undefined;
      this.ownsKey = false;
      this.signRefusal = new JamConfigurationError("ERR_CONFIG", "a JWS built on a key set or resolver only verifies");
      return;
    }
    this.keySource = undefined;
    this.ownsKey = !(options.key instanceof JWK);
    this.#key = JWK.import(options.key, options);
    const handle = this.key.handle;
    // Refuse a key that cannot verify with this alg now, not at the first token.
    callCore("key", () => core().jws_check_key(handle, this.alg, false));
    // A public key, or a JWK whose use/key_ops forbid signing, still verifies:
    // remember why it cannot sign and say so at sign(). Anything else (a short
    // secret, say) is wrong for both and refused now.
    this.signRefusal = refusalOf(() => core().jws_check_key(handle, this.alg, true));
  }

  /** The backend this instance's primitive runs on (signing; see `verifyBackend`). */
  get backend(): BackendName {
    return this.primitives.name;
  }

  /** The backend this instance verifies on. */
  get verifyBackend(): BackendName {
    return this.verifyPrimitives.name;
  }

  /** The instance's one key; an error when it verifies with a key set or resolver. */
  get key(): JWK {
    if (this.#key === undefined) {
      throw new JamConfigurationError("ERR_CONFIG", "this JWS verifies with a key set or resolver, not one key");
    }
    return this.#key;
  }

  /** The core key handle (for JWT, which shares the key with JWE). */
  get handle(): KeyHandle {
    return this.key.handle;
  }

  /**
   * Signs `payload` (bytes, a string as UTF-8, or an object as JSON) under a
   * protected header of `{ alg }` plus `header`; `alg` cannot be overridden.
   */
  sign(payload: Uint8Array | string | object, header: Record<string, unknown> = {}): string {
    return this.signPayload(signablePayload(payload), header);
  }

  /** Signs bytes under `{ ...header, alg }`. */
  signBytes(payload: Uint8Array, header: Record<string, unknown> = {}): string {
    // Anything but bytes would reach the core as something else (a string
    // became that many zero bytes): refuse it.
    if (!(payload instanceof Uint8Array)) throw invalidArgument("payload", "must be a Uint8Array");
    return this.signPayload(payload, header);
  }

  /** `sign`, with the primitive on WebCrypto where the async path uses it (docs/webcrypto.md). */
  async signAsync(payload: Uint8Array | string | object, header: Record<string, unknown> = {}): Promise<string> {
    const bytes = payloadBytes(signablePayload(payload));
    const { headerJson, extended } = this.signingHeader(header);
    if (extended) return compactExtensions.sign(this, utf8.encode(headerJson), bytes);
    return this.asyncPrimitives.sign(this.key.handle, this.alg, headerJson, bytes);
  }

  /** Signs a payload (bytes, or text signed as its UTF-8) on the instance's backend. */
  private signPayload(payload: Uint8Array | string, header: Record<string, unknown>): string {
    const { headerJson, extended } = this.signingHeader(header);
    // RFC 7797 changes the signing input: the core checks b64 and crit.
    if (extended) return compactExtensions.sign(this, utf8.encode(headerJson), payloadBytes(payload));
    return this.primitives.sign(this.key.handle, this.alg, headerJson, payload);
  }

  /** Checks a sign call and builds its protected header: `alg` first (as jam writes it), never the caller's. */
  private signingHeader(header: Record<string, unknown>): { headerJson: string; extended: boolean } {
    if (this.signRefusal !== undefined) {
      throw new JamConfigurationError(this.signRefusal.code, this.signRefusal.message);
    }
    const given = headerArgument("header", header);
    // A JWT's default header: the same JSON every time, made once.
    if (isJwtTypOnly(given)) {
      this.#jwtHeaderJson ??= jsonOf("header", { alg: this.alg, typ: "JWT" });
      return { headerJson: this.#jwtHeaderJson, extended: false };
    }
    const protectedHeader: Record<string, unknown> = { alg: this.alg, ...given };
    protectedHeader["alg"] = this.alg;
    return { headerJson: jsonOf("header", protectedHeader), extended: "b64" in protectedHeader };
  }

  /**
   * Verifies a compact JWS. The token's `alg` must be on the allow-list and
   * fit the key; `crit` names must be understood.
   */
  verify(token: string, verifyOptions: JWSVerifyOptions = {}): VerifiedJWS {
    const { header, payload } = this.verifyInPlace(token, verifyOptions);
    return { header, payload: payload.slice() };
  }

  /**
   * `verify` for a JWT's decode: the payload as its UTF-8 text (null when it
   * is not UTF-8), decoded where the core left it, without a copy.
   * @internal
   */
  verifyToText(token: string, verifyOptions: JWSVerifyOptions = {}): VerifiedJWSText {
    const { header, payload } = this.verifyInPlace(token, verifyOptions);
    return { header, payloadText: decodeUtf8OrNull(payload) };
  }

  /** `verify` with the payload possibly in the core's memory (see `VerifiedParts`): read it at once. */
  private verifyInPlace(token: string, verifyOptions: JWSVerifyOptions): VerifiedJWS {
    const options = readOptions<JWSVerifyOptions>("verify options", verifyOptions);
    this.checkToken(token);
    const key =
      this.keySource === undefined ? this.key : resolveKey(this.keySource, this.headerOf(token, options), "verify");
    return this.verifyWith(key, token, options);
  }

  /**
   * As `verify`, for any key source, asynchronous ones (a remote JWK Set)
   * included, with the primitive on WebCrypto where the async path uses it
   * (docs/webcrypto.md): the same checks and refusals.
   */
  async verifyAsync(token: string, verifyOptions: JWSVerifyOptions = {}): Promise<VerifiedJWS> {
    const options = readOptions<JWSVerifyOptions>("verify options", verifyOptions);
    this.checkToken(token);
    const key =
      this.keySource === undefined
        ? this.key
        : await resolveKeyAsync(this.keySource, this.headerOf(token, options), "verify");
    const { allowList, crit, extended } = this.verifyPlan(options);
    const { header, payload } = extended
      ? unpack(compactExtensions.verify(this, key, token, options))
      : await this.asyncPrimitives.verify(key.handle, allowList, token, this.maxTokenLength);
    return { header: this.#lastHeader.parse(header, crit, verificationError), payload };
  }

  /** The unverified protected header, its alg already held to the allow-list (before any key is looked up). */
  private headerOf(token: string, options: JWSVerifyOptions): Record<string, unknown> {
    const header = readProtectedHeader(token, this.maxTokenLength, "verify");
    const alg = header["alg"] as string;
    if (!(options.algorithms ?? [this.alg]).includes(alg)) {
      throw new JamJWTUnsupportedAlgorithm("ERR_ALG_NOT_ALLOWED", `alg ${JSON.stringify(alg)} is not allowed here`);
    }
    return header;
  }

  private checkToken(token: string): void {
    if (typeof token !== "string") {
      throw new JamJWSVerificationError("ERR_TOKEN_MALFORMED", "a token must be a string");
    }
    if (token.length > this.maxTokenLength) {
      throw new JamJWSVerificationError("ERR_TOKEN_TOO_LARGE", `token exceeds ${this.maxTokenLength} bytes`);
    }
  }

  /** The allow-list, the understood crit names, and whether RFC 7797 (b64, detached) applies. */
  private verifyPlan(options: JWSVerifyOptions): VerifyPlan {
    // The common case (the instance's own alg, no crit, no detached payload) is one plan, made once.
    if (options.algorithms === undefined && options.crit === undefined && options.detachedPayload === undefined) {
      this.#defaultPlan ??= Object.freeze({ allowList: this.alg, crit: Object.freeze([]), extended: false });
      return this.#defaultPlan;
    }
    const allowList = options.algorithms === undefined ? this.alg : allowListOf(options.algorithms);
    const crit = stringListOption("crit", options.crit) ?? [];
    return { allowList, crit, extended: options.detachedPayload !== undefined || crit.includes("b64") };
  }

  private verifyWith(key: JWK, token: string, options: JWSVerifyOptions): VerifiedJWS {
    const { allowList, crit, extended } = this.verifyPlan(options);
    const { header, payload } = extended
      ? unpack(compactExtensions.verify(this, key, token, options))
      : this.verifyPrimitives.verify(key.handle, allowList, token, this.maxTokenLength);
    return { header: this.#lastHeader.parse(header, crit, verificationError), payload };
  }

  /** The backend signAsync/verifyAsync try first ("webcrypto"), or the sync one they use. */
  get asyncBackend(): AsyncJwsBackend["name"] {
    return this.asyncPrimitives.name;
  }

  /** Frees the key now, unless it was a JWK the caller passed in. */
  dispose(): void {
    if (this.ownsKey) this.#key?.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
