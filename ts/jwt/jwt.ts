/**
 * JWT, jam's three modes: signed (`alg`), encrypted (`enc`), and
 * sign-then-encrypt (both: a nested JWT whose outer header has cty "JWT").
 * Crypto is synchronous; lists (I/O) are consulted by `Jam`, not here.
 */
import { JamConfigurationError, JamError } from "../errors.js";
import type { JWK } from "../jwk/jwk.js";
import type { KeyInput } from "../jwk/key-input.js";
import type { JwsAlgorithm } from "../jws/algorithms.js";
import { JWS, type JWSVerifyOptions } from "../jws/jws.js";
import { createTokenList, isTokenList, type ListConfig } from "../lists/index.js";
import type { TokenList } from "../lists/types.js";
import { asClaims, type ClaimOptions, validateClaims } from "./claims.js";
import { silentLogger, type Logger } from "./logger.js";
import { jsonSerializer, type Serializer } from "./serializer.js";

export interface JWTOptions {
  /** JWS algorithm: signed tokens. */
  alg?: JwsAlgorithm;
  /** JWE content encryption: encrypted tokens (with `alg`: sign, then encrypt). */
  enc?: string;
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
  readonly list: TokenList | undefined;
  readonly serializer: Serializer;
  readonly logger: Logger;

  constructor(options: JWTOptions) {
    if (options.alg !== undefined && options.jws !== undefined) {
      throw new JamConfigurationError("ERR_CONFIG", "give either alg or a pre-built jws, not both");
    }
    if (options.alg === undefined && options.jws === undefined && options.enc === undefined) {
      throw new JamConfigurationError("ERR_CONFIG", "a JWT needs alg, enc, jws or jwe");
    }
    this.serializer = options.serializer ?? jsonSerializer;
    this.logger = options.logger ?? silentLogger;
    this.list =
      options.list === undefined || isTokenList(options.list) ? options.list : createTokenList(options.list);
    if (options.jws !== undefined) {
      this.jws = options.jws;
    } else if (options.alg !== undefined) {
      if (options.secretKey === undefined) {
        throw new JamConfigurationError("ERR_CONFIG", `alg ${options.alg} needs a secretKey`);
      }
      if (options.allowShortSecrets === true) {
        this.logger.warn("allowShortSecrets is on: HMAC secrets shorter than the hash output are accepted");
      }
      this.jws = new JWS({
        alg: options.alg,
        key: options.secretKey,
        ...(options.password === undefined ? {} : { password: options.password }),
        ...(options.allowShortSecrets === undefined ? {} : { allowShortSecrets: options.allowShortSecrets }),
        ...(options.maxTokenLength === undefined ? {} : { maxTokenLength: options.maxTokenLength }),
      });
    } else {
      this.jws = undefined;
    }
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

  private requireJws(what: string): JWS {
    if (this.jws === undefined) {
      throw new JamConfigurationError("ERR_CONFIG", `${what} needs a signing algorithm (alg or jws)`);
    }
    return this.jws;
  }
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
