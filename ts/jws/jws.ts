/**
 * JWS: compact signing and verification with one algorithm and one key.
 * The key is parsed once; sign and verify are one call into the core each.
 */
import { core, type KeyHandle } from "../core/core.js";
import { callCore, refusalOf } from "../core/errors.js";
import { JamConfigurationError, JamJWSVerificationError, JamJWTUnsupportedAlgorithm } from "../errors.js";
import { CORE_DEFAULTS } from "../generated/tables.js";
import { JWK } from "../jwk/jwk.js";
import type { KeyImportOptions, KeyInput } from "../jwk/key-input.js";
import { isJwsAlgorithm, type JwsAlgorithm } from "./algorithms.js";
import { parseHeader, unpack } from "./header.js";

/** Default cap on a token's length in bytes (256 KiB). */
export const DEFAULT_MAX_TOKEN_LENGTH = CORE_DEFAULTS.jwsMaxTokenLength;

export interface JWSOptions extends KeyImportOptions {
  alg: JwsAlgorithm;
  key: KeyInput | JWK;
  /** Cap on the length of tokens `verify` accepts. */
  maxTokenLength?: number;
}

export interface JWSVerifyOptions {
  /** Algorithms accepted; default: the instance's `alg` only. */
  algorithms?: readonly string[];
  /** Names of `crit` header parameters the caller understands. */
  crit?: readonly string[];
}

export interface VerifiedJWS {
  header: Record<string, unknown>;
  payload: Uint8Array;
}

const utf8 = new TextEncoder();

function verificationError(code: ConstructorParameters<typeof JamJWSVerificationError>[0], message: string) {
  return new JamJWSVerificationError(code, message);
}

/** Validates a caller's allow-list and joins it as the core expects. */
function allowListOf(algorithms: readonly string[]): string {
  for (const alg of algorithms) {
    if (!isJwsAlgorithm(alg)) {
      throw new JamJWTUnsupportedAlgorithm("ERR_ALG_UNSUPPORTED", `unsupported JWS alg ${JSON.stringify(alg)}`);
    }
  }
  return algorithms.join(",");
}

export class JWS {
  readonly alg: JwsAlgorithm;
  readonly key: JWK;
  readonly maxTokenLength: number;
  private readonly signRefusal: JamConfigurationError | undefined;
  private readonly ownsKey: boolean;

  constructor(options: JWSOptions) {
    if (!isJwsAlgorithm(options.alg)) {
      throw new JamJWTUnsupportedAlgorithm("ERR_ALG_UNSUPPORTED", `unsupported JWS alg ${JSON.stringify(options.alg)}`);
    }
    this.alg = options.alg;
    this.ownsKey = !(options.key instanceof JWK);
    this.key = JWK.import(options.key, options);
    this.maxTokenLength = options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
    const handle = this.key.handle;
    // Refuse a key that cannot verify with this alg now, not at the first token.
    callCore("key", () => core().jws_check_key(handle, this.alg, false));
    // A public key, or a JWK whose use/key_ops forbid signing, still verifies:
    // remember why it cannot sign and say so at sign(). Anything else (a short
    // secret, say) is wrong for both and refused now.
    this.signRefusal = refusalOf(() => core().jws_check_key(handle, this.alg, true));
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
    if (this.signRefusal !== undefined) {
      throw new JamConfigurationError(this.signRefusal.code, this.signRefusal.message);
    }
    const bytes =
      payload instanceof Uint8Array
        ? payload
        : utf8.encode(typeof payload === "string" ? payload : JSON.stringify(payload));
    return this.signBytes(bytes, header);
  }

  /** Signs bytes under `{ ...header, alg }`. */
  signBytes(payload: Uint8Array, header: Record<string, unknown>): string {
    // alg first (as jam writes it), and never the caller's.
    const protectedHeader: Record<string, unknown> = { alg: this.alg, ...header };
    protectedHeader["alg"] = this.alg;
    const headerJson = utf8.encode(JSON.stringify(protectedHeader));
    return callCore("sign", () => core().jws_sign(this.key.handle, this.alg, headerJson, payload));
  }

  /**
   * Verifies a compact JWS. The token's `alg` must be on the allow-list and
   * fit the key; `crit` names must be understood.
   */
  verify(token: string, options: JWSVerifyOptions = {}): VerifiedJWS {
    if (typeof token !== "string") {
      throw new JamJWSVerificationError("ERR_TOKEN_MALFORMED", "a token must be a string");
    }
    if (token.length > this.maxTokenLength) {
      throw new JamJWSVerificationError("ERR_TOKEN_TOO_LARGE", `token exceeds ${this.maxTokenLength} bytes`);
    }
    // The common case (the instance's own alg) needs no list building per token.
    const allowList = options.algorithms === undefined ? this.alg : allowListOf(options.algorithms);
    const packed = callCore("verify", () => core().jws_verify(this.key.handle, allowList, token, this.maxTokenLength));
    const { header, payload } = unpack(packed);
    return { header: parseHeader(header, options.crit ?? [], verificationError), payload };
  }

  /** Frees the key now, unless it was a JWK the caller passed in. */
  dispose(): void {
    if (this.ownsKey) this.key.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
