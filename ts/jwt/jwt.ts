/**
 * JWT, jam's three modes: signed (`alg`), encrypted (`enc`), and
 * sign-then-encrypt (both: a nested JWT whose outer header has cty "JWT").
 * Crypto is synchronous; lists (I/O) are consulted by `Jam`, not here.
 */
import { JamConfigurationError, JamError, JamJWEDecryptionError, JamJWTUnsupportedAlgorithm } from "../errors.js";
import { isJweEncryption, type JweEncryption } from "../jwe/algorithms.js";
import { automaticJwe } from "../jwe/automatic.js";
import { type JWE, plaintextBytes } from "../jwe/jwe.js";
import { JWK } from "../jwk/jwk.js";
import type { KeyInput } from "../jwk/key-input.js";
import type { JwsAlgorithm } from "../jws/algorithms.js";
import { decodeUtf8 } from "../util/utf8.js";
import { JWS, type JWSVerifyOptions } from "../jws/jws.js";
import { createTokenList, isTokenList, type ListConfig } from "../lists/index.js";
import type { TokenList } from "../lists/types.js";
import { asClaims, type ClaimOptions, validateClaims } from "./claims.js";
import { silentLogger, type Logger } from "./logger.js";
import { jsonSerializer, type Serializer } from "./serializer.js";

export interface JWTOptions {
  /** JWS algorithm: signed tokens. */
  alg?: JwsAlgorithm;
  /**
   * JWE content encryption: encrypted tokens (with `alg`: sign, then
   * encrypt). The key-management alg is chosen from the key as jam does
   * (RSA-OAEP, ECDH-ES, or A256KW/A128KW with an HKDF-derived key).
   */
  enc?: JweEncryption;
  /** The key: PEM, JWK, DER, a secret string or bytes (see KeyInput). */
  secretKey?: KeyInput | JWK;
  /** Passphrase of an encrypted private key PEM/DER. */
  password?: string | Uint8Array;
  /** Accept HMAC secrets shorter than the hash (legacy jam secrets). */
  allowShortSecrets?: boolean;
  /** The token list this JWT's tokens are checked against (by `Jam`): a list, or its config. */
  list?: TokenList | ListConfig;
  /** A pre-built JWS; excludes `alg`. */
  jws?: JWS;
  /** A pre-built JWE; excludes `enc`. */
  jwe?: JWE;
  /** Claims (de)serialisation; JSON by default. */
  serializer?: Serializer;
  logger?: Logger;
  /** Cap on token length for decode. */
  maxTokenLength?: number;
}

/** Claims given to `encode`, as in jam: exp and nbf are lifetimes in seconds. */
export interface EncodeClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  /** Lifetime in seconds from now. */
  exp?: number;
  /** Not-before, in seconds from now. */
  nbf?: number;
  /** JWT ID; a UUID v4 when absent. */
  jti?: string;
  /** Extra protected-header members (`alg` cannot be overridden). */
  header?: Record<string, unknown>;
  /** Custom claims, merged last. */
  payload?: Record<string, unknown>;
}

export interface DecodeOptions extends ClaimOptions, JWSVerifyOptions {}

export interface DecodedJWT {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

function lifetime(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new JamConfigurationError("ERR_INVALID_ARGUMENT", `${name} must be a finite number of seconds`);
  }
  return value;
}

export class JWT {
  readonly jws: JWS | undefined;
  readonly jwe: JWE | undefined;
  /** Keys this JWT parsed or derived itself, freed by dispose(). */
  private readonly ownedKeys: JWK[] = [];
  readonly list: TokenList | undefined;
  readonly serializer: Serializer;
  readonly logger: Logger;

  constructor(options: JWTOptions) {
    if (options.alg !== undefined && options.jws !== undefined) {
      throw new JamConfigurationError("ERR_CONFIG", "give either alg or a pre-built jws, not both");
    }
    if (options.enc !== undefined && options.jwe !== undefined) {
      throw new JamConfigurationError("ERR_CONFIG", "give either enc or a pre-built jwe, not both");
    }
    if ([options.alg, options.enc, options.jws, options.jwe].every((o) => o === undefined)) {
      throw new JamConfigurationError("ERR_CONFIG", "a JWT needs alg, enc, jws or jwe");
    }
    if (options.enc !== undefined && !isJweEncryption(options.enc)) {
      throw new JamJWTUnsupportedAlgorithm("ERR_ALG_UNSUPPORTED", `unsupported JWE enc ${JSON.stringify(options.enc)}`);
    }
    this.serializer = options.serializer ?? jsonSerializer;
    this.logger = options.logger ?? silentLogger;
    this.list = options.list === undefined || isTokenList(options.list) ? options.list : createTokenList(options.list);
    const key = this.importKey(options);
    if (key !== undefined && !(options.secretKey instanceof JWK)) this.ownedKeys.push(key);
    this.jws =
      options.jws ??
      (options.alg === undefined || key === undefined
        ? undefined
        : new JWS({
            alg: options.alg,
            key,
            ...(options.maxTokenLength === undefined ? {} : { maxTokenLength: options.maxTokenLength }),
          }));
    this.jwe =
      options.jwe ??
      (options.enc === undefined || key === undefined
        ? undefined
        : automaticJwe(
            options.enc,
            key,
            options.maxTokenLength === undefined ? {} : { maxTokenLength: options.maxTokenLength },
          ));
    // jam's derivation for secrets makes a new key: this JWT owns it too.
    if (options.jwe === undefined && this.jwe !== undefined && this.jwe.key !== key) this.ownedKeys.push(this.jwe.key);
  }

  /** Parses the key once; the JWS and the automatic JWE share it. */
  private importKey(options: JWTOptions): JWK | undefined {
    const needsKey =
      (options.alg !== undefined && options.jws === undefined) ||
      (options.enc !== undefined && options.jwe === undefined);
    if (!needsKey) return undefined;
    if (options.secretKey === undefined) {
      throw new JamConfigurationError("ERR_CONFIG", `${options.alg ?? options.enc} needs a secretKey`);
    }
    if (options.allowShortSecrets === true) {
      this.logger.warn("allowShortSecrets is on: HMAC secrets shorter than the hash output are accepted");
    }
    return JWK.import(options.secretKey, {
      ...(options.password === undefined ? {} : { password: options.password }),
      ...(options.allowShortSecrets === undefined ? {} : { allowShortSecrets: options.allowShortSecrets }),
    });
  }

  /** A fresh UUID v4 for `jti`. */
  get jti(): string {
    return crypto.randomUUID();
  }

  /** The claims jam puts in a token: jti, iat, iss, sub, aud, exp, nbf, then payload. */
  claims(claims: EncodeClaims): Record<string, unknown> {
    const iat = Math.floor(Date.now() / 1000);
    const exp = lifetime("exp", claims.exp);
    const nbf = lifetime("nbf", claims.nbf);
    const out: Record<string, unknown> = { jti: claims.jti ?? this.jti, iat };
    if (claims.iss !== undefined) out["iss"] = claims.iss;
    if (claims.sub !== undefined) out["sub"] = claims.sub;
    if (claims.aud !== undefined) out["aud"] = claims.aud;
    if (exp !== undefined) out["exp"] = iat + exp;
    if (nbf !== undefined) out["nbf"] = iat + nbf;
    return { ...out, ...claims.payload };
  }

  /** Signs a JWT with header `{ alg, typ: "JWT" }` plus `header`. */
  encode(claims: EncodeClaims = {}): string {
    const jws = this.requireJws("encode");
    const body = this.serializer.encode(this.claims(claims));
    const token = jws.sign(body, { typ: "JWT", ...claims.header });
    this.logger.debug("jwt encoded", { alg: jws.alg });
    return token;
  }

  /** Verifies the signature, then validates the claims. */
  decode(token: string, options: DecodeOptions = {}): DecodedJWT {
    const jws = this.requireJws("decode");
    const { header, payload } = jws.verify(token, options);
    let parsed: unknown;
    try {
      parsed = this.serializer.decode(payload);
    } catch (error) {
      throw new JamError("ERR_PAYLOAD_INVALID", "JWT payload could not be decoded", { cause: error });
    }
    const claims = asClaims(parsed);
    validateClaims(header, claims, options);
    return { header, payload: claims };
  }

  /**
   * Encrypts `payload` (an object as the claims, a string, or bytes). With a
   * signing algorithm too, it signs first and encrypts the JWS: a nested JWT
   * whose outer header carries cty "JWT". `header` joins the JWE header.
   */
  encrypt(payload: Record<string, unknown> | string | Uint8Array, header: Record<string, unknown> = {}): string {
    const jwe = this.requireJwe("encrypt");
    const body = isClaims(payload) ? this.serializer.encode(payload) : payload;
    if (this.jws === undefined) {
      return jwe.encrypt(plaintextBytes(body), header);
    }
    const inner = this.jws.sign(body, { typ: "JWT" });
    const token = jwe.encrypt(inner, { ...header, cty: "JWT" });
    this.logger.debug("jwt signed and encrypted", { alg: this.jws.alg, enc: jwe.enc });
    return token;
  }

  /**
   * Decrypts (and, for nested JWTs, verifies the inner JWS and validates its
   * claims with the same options as decode). Returns the payload: parsed
   * JSON when it is JSON, else the text.
   */
  decrypt(token: string, options: DecodeOptions = {}): unknown {
    const jwe = this.requireJwe("decrypt");
    const { header, plaintext } = jwe.open(token);
    if (this.jws !== undefined) {
      const cty = header["cty"];
      if (typeof cty !== "string" || cty.toUpperCase() !== "JWT") {
        throw new JamJWEDecryptionError("ERR_HEADER_INVALID", 'a nested JWT needs cty "JWT" in the JWE header');
      }
      return this.decode(decodeUtf8(plaintext), options).payload;
    }
    const value = this.parsePayload(plaintext);
    if (isClaims(value)) validateClaims(header, value, options);
    return value;
  }

  /** JSON where the plaintext is JSON (through the serializer), else text. */
  private parsePayload(plaintext: Uint8Array): unknown {
    try {
      return this.serializer.decode(plaintext);
    } catch {
      try {
        return decodeUtf8(plaintext);
      } catch (error) {
        throw new JamJWEDecryptionError("ERR_PAYLOAD_INVALID", "plaintext is neither JSON nor UTF-8 text", {
          cause: error,
        });
      }
    }
  }

  /** Frees the keys this JWT parsed (not pre-built instances' keys). */
  dispose(): void {
    for (const key of this.ownedKeys.splice(0)) key.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  private requireJwe(what: string): JWE {
    if (this.jwe === undefined) {
      throw new JamConfigurationError("ERR_CONFIG", `${what} needs an encryption algorithm (enc or jwe)`);
    }
    return this.jwe;
  }

  private requireJws(what: string): JWS {
    if (this.jws === undefined) {
      throw new JamConfigurationError("ERR_CONFIG", `${what} needs a signing algorithm (alg or jws)`);
    }
    return this.jws;
  }
}

function isClaims(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** jam's factory: `secret` and `secretKey` are synonyms. */
export function createJwtInstance(
  options: Omit<JWTOptions, "secretKey"> & { secret?: KeyInput | JWK; secretKey?: KeyInput | JWK },
): JWT {
  const { secret, ...rest } = options;
  if (secret !== undefined && rest.secretKey !== undefined) {
    throw new JamConfigurationError("ERR_CONFIG", "give secret or secretKey, not both");
  }
  return new JWT({ ...rest, ...(secret === undefined ? {} : { secretKey: secret }) });
}

/** Alias of createJwtInstance, as in jam. */
export const createInstance = createJwtInstance;
