/**
 * JWT, jam's three modes: signed (`alg`), encrypted (`enc`), and
 * sign-then-encrypt (both: a nested JWT whose outer header has cty "JWT").
 * Crypto is synchronous; lists (I/O) are consulted by `Jam`, not here.
 */
import {
  JamConfigurationError,
  JamJWEDecryptionError,
  JamJWSVerificationError,
  JamJWTUnsupportedAlgorithm,
} from "../errors.js";
import { isJweEncryption, type JweEncryption } from "../jwe/algorithms.js";
import { automaticJwe } from "../jwe/automatic.js";
import { JWE, plaintextBytes } from "../jwe/jwe.js";
import { JWK } from "../jwk/jwk.js";
import type { KdfLimits, KeyInput } from "../jwk/key-input.js";
import { isKeySource, type KeySource } from "../jwk/key-selection.js";
import { isJwsAlgorithm, type JwsAlgorithm } from "../jws/algorithms.js";
import { decodeUtf8 } from "../util/utf8.js";
import { JWS, type JWSVerifyOptions } from "../jws/jws.js";
import {
  describeValue,
  headerArgument,
  invalidArgument,
  isRecord,
  readOptions,
  stringOption,
  stringOrListOption,
} from "../jws/options.js";
import { checkToken, identifyToken, jwsIdentity, plaintextIdentity, type TokenIdentity } from "../lists/entry.js";
import { IdentityTokenList } from "../lists/identity-list.js";
import { createTokenList, isTokenList, type ListConfig } from "../lists/index.js";
import type { TokenList } from "../lists/types.js";
import {
  asClaims,
  type ClaimOptions,
  type ResolvedClaimOptions,
  resolveClaimOptions,
  validateClaims,
} from "./claims.js";
import { compatOf, type Compat } from "../compat/mode.js";
import { type KeyChain, keychainAlg, kidOf } from "./keychain.js";
import { checkJwtTyp, jamClaims, listInMode, nestedCtyOk } from "../compat/jwt-rules.js";
import { silentLogger, type Logger } from "./logger.js";
import { jsonSerializer, type Serializer } from "./serializer.js";
import { VerifiedCache, type VerifiedCacheOptions } from "./verified-cache.js";
import type { BackendChoice } from "../backend/select.js";
import type { AsyncBackendChoice } from "../backend/webcrypto-select.js";

export interface JWTOptions {
  /** JWS algorithm: signed tokens. */
  alg?: JwsAlgorithm;
  /**
   * JWE content encryption: encrypted tokens (with `alg`: sign, then
   * encrypt). The key-management alg is chosen from the key as jam does
   * (RSA-OAEP, ECDH-ES, or A256KW/A128KW with an HKDF-derived key).
   */
  enc?: JweEncryption;
  /**
   * The key: PEM, JWK, DER, a secret string or bytes (see KeyInput). To
   * verify only: a JWKSet, a resolver, or a remote JWK Set (`decodeAsync`).
   */
  secretKey?: KeyInput | JWK | KeySource;
  /** Passphrase of an encrypted private key PEM/DER. */
  password?: string | Uint8Array;
  /** Accept HMAC secrets shorter than the hash (legacy jam secrets). */
  allowShortSecrets?: boolean;
  /** Bounds on an encrypted private key's key derivation (see KdfLimits). */
  kdfLimits?: KdfLimits;
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
  /** "jam": write Python jam 4.x's token forms, read them and the standard ones. */
  compat?: Compat;
  /** jam's keychain: its current key signs (with its kid), retired keys verify; needs `alg`. */
  keychain?: KeyChain;
  /**
   * Opt-in cache of verified tokens (off by default): a repeated token skips
   * the signature check; claims (exp/nbf against the clock, iss, aud...)
   * are still validated on every decode. Cached results are frozen.
   */
  cache?: VerifiedCacheOptions;
  /** Backend of the JWS and JWE this JWT builds: "wasm", "native" or "auto" (see `backend()`). */
  backend?: BackendChoice;
  /** Where the async methods run their primitive: "webcrypto", "sync" or "auto" (docs/webcrypto.md). */
  asyncBackend?: AsyncBackendChoice;
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

export interface DecodeOptions extends ClaimOptions, JWSVerifyOptions {
  /**
   * Require header typ "JWT" (as jam does) when no `typ` option is given.
   * Default true; false accepts any or no typ.
   */
  requireTyp?: boolean;
  /** Consult the token list (`Jam.jwtDecode`; jam's `check_list`). Default true. */
  checkList?: boolean;
}

export interface DecodedJWT {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/** What a decrypt yields, with the identity a token list keeps it under. */
export interface DecryptedJWT {
  payload: unknown;
  identity: TokenIdentity;
  /** What a list of your own (not an IdentityTokenList) is given: a nested token's inner JWS, else the token. */
  listToken: string;
}

function lifetime(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw invalidArgument(name, "must be a finite number of seconds");
  }
  return value;
}

function checkLogger(logger: unknown): Logger | undefined {
  if (logger === undefined) return undefined;
  const l = logger as Partial<Record<keyof Logger, unknown>> | null;
  const methods = ["debug", "info", "warn", "error"] as const;
  if (typeof l !== "object" || l === null || !methods.every((m) => typeof l[m] === "function")) {
    throw invalidArgument("logger", "must have debug, info, warn and error methods");
  }
  return logger as Logger;
}

function checkSerializer(serializer: unknown): Serializer | undefined {
  if (serializer === undefined) return undefined;
  const s = serializer as Partial<Record<keyof Serializer, unknown>> | null;
  if (typeof s !== "object" || s === null || typeof s.encode !== "function" || typeof s.decode !== "function") {
    throw invalidArgument("serializer", "must have encode and decode methods");
  }
  return serializer as Serializer;
}

/** `cachedDecode`'s answer when the cache does not serve a decode (shared: it is only read). */
const NOT_CACHED: { hit?: DecodedJWT; key?: string } = Object.freeze({});

/** The header a JWT is signed under when the caller adds nothing (JWS copies it, never changes it). */
const JWT_HEADER: Readonly<Record<string, unknown>> = Object.freeze({ typ: "JWT" });

/** Segments of a compact token (dots plus one), counted without splitting it. */
function segmentCount(token: string): number {
  let n = 1;
  for (let i = token.indexOf("."); i !== -1; i = token.indexOf(".", i + 1)) n++;
  return n;
}

export class JWT {
  readonly jws: JWS | undefined;
  readonly jwe: JWE | undefined;
  /** Set once dispose() freed keys this JWT's JWS/JWE use: they must not reach the core again. */
  private disposed = false;
  /** Keys this JWT parsed or derived itself, freed by dispose(). */
  private readonly ownedKeys: JWK[] = [];
  readonly list: TokenList | undefined;
  readonly serializer: Serializer;
  readonly logger: Logger;
  /** The compatibility mode, if any. */
  readonly compat: Compat | undefined;
  /** The keychain that signs and verifies instead of one key, if given. */
  readonly keychain: KeyChain | undefined;
  private readonly keychainAlg: JwsAlgorithm | undefined;
  /** The verified-token cache, when `cache` was given. */
  readonly cache: VerifiedCache | undefined;

  constructor(jwtOptions: JWTOptions) {
    if (jwtOptions === undefined) throw invalidArgument("JWT options", "are required: { alg, enc, secretKey, ... }");
    const options = readOptions<JWTOptions>("JWT options", jwtOptions) as JWTOptions;
    if (options.alg !== undefined && options.jws !== undefined) {
      throw new JamConfigurationError("ERR_CONFIG", "give either alg or a pre-built jws, not both");
    }
    if (options.enc !== undefined && options.jwe !== undefined) {
      throw new JamConfigurationError("ERR_CONFIG", "give either enc or a pre-built jwe, not both");
    }
    if ([options.alg, options.enc, options.jws, options.jwe].every((o) => o === undefined)) {
      throw new JamConfigurationError("ERR_CONFIG", "a JWT needs alg, enc, jws or jwe");
    }
    if (options.jws !== undefined && !(options.jws instanceof JWS)) throw invalidArgument("jws", "must be a JWS");
    if (options.jwe !== undefined && !(options.jwe instanceof JWE)) throw invalidArgument("jwe", "must be a JWE");
    if (options.alg !== undefined && !isJwsAlgorithm(options.alg)) {
      throw new JamJWTUnsupportedAlgorithm("ERR_ALG_UNSUPPORTED", `unsupported JWS alg ${describeValue(options.alg)}`);
    }
    if (options.enc !== undefined && !isJweEncryption(options.enc)) {
      throw new JamJWTUnsupportedAlgorithm("ERR_ALG_UNSUPPORTED", `unsupported JWE enc ${describeValue(options.enc)}`);
    }
    this.serializer = checkSerializer(options.serializer) ?? jsonSerializer;
    this.logger = checkLogger(options.logger) ?? silentLogger;
    if (options.list !== undefined && !isTokenList(options.list) && !isRecord(options.list)) {
      throw invalidArgument("list", "must be a token list or a list configuration");
    }
    this.cache = options.cache === undefined ? undefined : new VerifiedCache(options.cache);
    this.compat = compatOf(options.compat);
    this.keychain = options.keychain;
    this.keychainAlg = options.keychain === undefined ? undefined : keychainAlg(options.alg);
    const key = this.importKey(options);
    if (key instanceof JWK && !(options.secretKey instanceof JWK)) this.ownedKeys.push(key);
    this.jws =
      options.jws ??
      (options.alg === undefined || key === undefined || options.keychain !== undefined
        ? undefined
        : new JWS({
            alg: options.alg,
            key,
            ...(this.compat === undefined ? {} : { compat: this.compat }),
            ...(options.maxTokenLength === undefined ? {} : { maxTokenLength: options.maxTokenLength }),
            ...(options.backend === undefined ? {} : { backend: options.backend }),
            ...(options.asyncBackend === undefined ? {} : { asyncBackend: options.asyncBackend }),
          }));
    this.jwe =
      options.jwe ??
      (options.enc === undefined || key === undefined
        ? undefined
        : automaticJwe(options.enc, oneKey(key), {
            ...(options.maxTokenLength === undefined ? {} : { maxTokenLength: options.maxTokenLength }),
            ...(this.compat === undefined ? {} : { compat: this.compat }),
            ...(options.backend === undefined ? {} : { backend: options.backend }),
            ...(options.asyncBackend === undefined ? {} : { asyncBackend: options.asyncBackend }),
          }));
    // jam's derivation for secrets makes a new key: this JWT owns it too.
    if (options.jwe === undefined && this.jwe !== undefined && this.jwe.key !== key) this.ownedKeys.push(this.jwe.key);
    if (this.jwe !== undefined && this.jws === undefined && this.jwe.key.kty !== "oct") {
      this.logger.warn(
        `encrypt-only JWT with a public-key (${this.jwe.key.kty}) key: anyone holding the public key can make a ` +
          "token that decrypts, so a decrypted token proves nothing about its sender; set alg to sign tokens too",
        { enc: this.jwe.enc, alg: this.jwe.alg },
      );
    }
    this.list =
      options.list === undefined || isTokenList(options.list)
        ? options.list
        : createTokenList(listInMode(options.list, this.compat));
    // A list on its own cannot open a JWE, so it would key one on its
    // ciphertext, which anyone holding the public key can remake: let it
    // look inside through this JWT instead.
    if (this.jwe !== undefined && this.list instanceof IdentityTokenList) {
      this.list.identifyWith((token) => this.identify(token));
    }
  }

  /** Parses the key once; the JWS and the automatic JWE share it. */
  private importKey(options: JWTOptions): JWK | KeySource | undefined {
    const signs = options.alg !== undefined && options.jws === undefined && options.keychain === undefined;
    const needsKey = signs || (options.enc !== undefined && options.jwe === undefined);
    if (!needsKey) return undefined;
    if (options.secretKey === undefined) {
      throw new JamConfigurationError("ERR_CONFIG", `${options.alg ?? options.enc} needs a secretKey`);
    }
    if (isKeySource(options.secretKey)) return options.secretKey;
    if (options.allowShortSecrets === true) {
      this.logger.warn("allowShortSecrets is on: HMAC secrets shorter than the hash output are accepted");
    }
    return JWK.import(options.secretKey, {
      ...(options.password === undefined ? {} : { password: options.password }),
      ...(options.allowShortSecrets === undefined ? {} : { allowShortSecrets: options.allowShortSecrets }),
      ...(options.kdfLimits === undefined ? {} : { kdfLimits: options.kdfLimits }),
    });
  }

  /** A fresh UUID v4 for `jti`. */
  get jti(): string {
    return crypto.randomUUID();
  }

  /** The claims jam puts in a token: jti, iat, iss, sub, aud, exp, nbf, then payload. */
  claims(encodeClaims: EncodeClaims): Record<string, unknown> {
    const claims = readOptions<EncodeClaims>("claims", encodeClaims);
    const iat = Math.floor(Date.now() / 1000);
    const exp = lifetime("exp", claims.exp);
    const nbf = lifetime("nbf", claims.nbf);
    const jti = stringOption("jti", claims.jti);
    const iss = stringOption("iss", claims.iss);
    const sub = stringOption("sub", claims.sub);
    const aud = stringOrListOption("aud", claims.aud);
    const payload = headerArgument("payload", claims.payload);
    const out: Record<string, unknown> = { jti: jti ?? this.jti, iat };
    if (iss !== undefined) out["iss"] = iss;
    if (sub !== undefined) out["sub"] = sub;
    if (aud !== undefined) out["aud"] = typeof claims.aud === "string" ? claims.aud : aud;
    if (exp !== undefined) out["exp"] = iat + exp;
    if (nbf !== undefined) out["nbf"] = iat + nbf;
    return jamClaims(out, claims.exp, payload);
  }

  /** Signs a JWT with header `{ alg, typ: "JWT" }` plus `header`. */
  encode(claims: EncodeClaims = {}): string {
    const { jws, body, header } = this.signingPlan("encode", claims);
    const token = jws.sign(body, header);
    this.logger.debug("jwt encoded", { alg: jws.alg });
    return token;
  }

  /** `encode` with the signature made on the async path (docs/webcrypto.md). */
  async encodeAsync(claims: EncodeClaims = {}): Promise<string> {
    const { jws, body, header } = this.signingPlan("encodeAsync", claims);
    const token = await jws.signAsync(body, header);
    this.logger.debug("jwt encoded", { alg: jws.alg });
    return token;
  }

  /** The JWS (the keychain's current key, or the instance's), the claims' bytes and the header to sign. */
  private signingPlan(
    operation: string,
    claims: EncodeClaims,
  ): { jws: JWS; body: string | Uint8Array; header: Record<string, unknown> } {
    const signing = this.keychain
      ? this.keychain.signer(this.keychainAlg!, this.compat)
      : { kid: undefined, jws: this.requireJws(operation) };
    const given = readOptions<EncodeClaims>("claims", claims).header;
    const body = this.serialize(this.claims(claims));
    if (given === undefined && signing.kid === undefined) return { jws: signing.jws, body, header: JWT_HEADER };
    const header = headerArgument("header", given);
    const kid = signing.kid === undefined ? {} : { kid: signing.kid };
    return { jws: signing.jws, body, header: { typ: "JWT", ...header, ...kid } };
  }

  /** Verifies the signature, then validates the claims. */
  decode(token: string, options: DecodeOptions = {}): DecodedJWT {
    // Options first, so a bad one fails whatever the token.
    const claimOptions = resolveClaimOptions(options);
    const jws = this.verifierOf(token);
    const cached = this.cachedDecode(jws, token, options, claimOptions);
    if (cached.hit !== undefined) return cached.hit;
    if (this.serializer === jsonSerializer) {
      // JSON is read as text: the payload is decoded where the core left it, with no copy.
      const { header, payloadText } = jws.verifyToText(token, options);
      return this.finishDecode(header, payloadText, options, claimOptions, cached.key);
    }
    const { header, payload } = jws.verify(token, options);
    return this.finishDecode(header, payload, options, claimOptions, cached.key);
  }

  /**
   * `decode` on the async path: the signature on WebCrypto where it runs
   * there (docs/webcrypto.md), and any key source, remote JWK Sets and other
   * async resolvers included. The same checks and refusals.
   */
  async decodeAsync(token: string, options: DecodeOptions = {}): Promise<DecodedJWT> {
    const claimOptions = resolveClaimOptions(options);
    const jws = this.verifierOf(token);
    const cached = this.cachedDecode(jws, token, options, claimOptions);
    if (cached.hit !== undefined) return cached.hit;
    const { header, payload } = await jws.verifyAsync(token, options);
    return this.finishDecode(header, payload, options, claimOptions, cached.key);
  }

  /**
   * The cache's answer for `token`: a hit (whose typ and claims are checked
   * again: only the signature is skipped), or the key to store the result
   * under. The cache serves only decodes with the instance's own key,
   * allow-list and no crit names or detached payload, the case its entries
   * were verified under; a keychain's keys can be revoked, so it has none.
   */
  private cachedDecode(
    jws: JWS,
    token: string,
    options: DecodeOptions,
    claimOptions: ResolvedClaimOptions,
  ): { hit?: DecodedJWT; key?: string } {
    const usable =
      options.algorithms === undefined &&
      options.crit === undefined &&
      options.detachedPayload === undefined &&
      this.keychain === undefined;
    const cache = usable ? this.cache : undefined;
    if (cache === undefined || typeof token !== "string" || token.length > jws.maxTokenLength) return NOT_CACHED;
    const key = cache.keyOf(token);
    const hit = cache.get(key);
    if (hit === undefined) return { key };
    this.checkClaims(
      hit.header as Record<string, unknown>,
      hit.payload as Record<string, unknown>,
      options,
      claimOptions,
    );
    return { hit: hit as DecodedJWT };
  }

  /** Validates a verified token's claims and caches it when asked. */
  private finishDecode(
    header: Record<string, unknown>,
    payload: Uint8Array | string | null,
    options: DecodeOptions,
    claimOptions: ResolvedClaimOptions,
    cacheKey: string | undefined,
  ): DecodedJWT {
    const claims = this.claimsOf(header, payload, options, claimOptions);
    if (this.cache !== undefined && cacheKey !== undefined)
      return this.cache.set(cacheKey, header, claims) as DecodedJWT;
    return { header, payload: claims };
  }

  /** The JWS that verifies `token`: the keychain's key for its kid, or the instance's. */
  private verifierOf(token: string): JWS {
    return this.keychain
      ? this.keychain.verifier(kidOf(token), this.keychainAlg!, this.compat)
      : this.requireJws("decode");
  }

  /** Decodes and validates the claims of a verified token. */
  private claimsOf(
    header: Record<string, unknown>,
    payload: Uint8Array | string | null,
    options: DecodeOptions,
    claimOptions: ResolvedClaimOptions,
  ): Record<string, unknown> {
    const claims = asClaims(this.deserialize(payload, "JWT payload"));
    this.checkClaims(header, claims, options, claimOptions);
    return claims;
  }

  /** The header's typ (jam requires "JWT"; an explicit typ option replaces that rule) and the claims. */
  private checkClaims(
    header: Record<string, unknown>,
    claims: Record<string, unknown>,
    options: DecodeOptions,
    claimOptions: ResolvedClaimOptions,
  ): void {
    if (options.requireTyp !== false && options.typ === undefined) checkJwtTyp(header);
    validateClaims(header, claims, claimOptions);
  }

  /**
   * Encrypts `payload` (an object as the claims, a string, or bytes). With a
   * signing algorithm too, it signs first and encrypts the JWS: a nested JWT
   * whose outer header carries cty "JWT". `header` joins the JWE header.
   */
  encrypt(payload: Record<string, unknown> | string | Uint8Array, header: Record<string, unknown> = {}): string {
    const { jwe, body, outer, inner } = this.encryptionPlan("encrypt", payload, header);
    if (this.jws === undefined || inner === undefined) return jwe.encrypt(body, outer);
    const token = jwe.encrypt(this.jws.sign(body, inner), outer);
    this.logger.debug("jwt signed and encrypted", { alg: this.jws.alg, enc: jwe.enc });
    return token;
  }

  /** `encrypt` with the signature and the key management on the async path (docs/webcrypto.md). */
  async encryptAsync(
    payload: Record<string, unknown> | string | Uint8Array,
    header: Record<string, unknown> = {},
  ): Promise<string> {
    const { jwe, body, outer, inner } = this.encryptionPlan("encryptAsync", payload, header);
    if (this.jws === undefined || inner === undefined) return jwe.encryptAsync(body, outer);
    const token = await jwe.encryptAsync(await this.jws.signAsync(body, inner), outer);
    this.logger.debug("jwt signed and encrypted", { alg: this.jws.alg, enc: jwe.enc });
    return token;
  }

  /** The JWE, the plaintext (or the inner JWS's payload), and the outer and inner headers. */
  private encryptionPlan(
    operation: string,
    payload: unknown,
    header: Record<string, unknown>,
  ): { jwe: JWE; body: string | Uint8Array; outer: Record<string, unknown>; inner?: Record<string, unknown> } {
    const jwe = this.requireJwe(operation);
    const outer = headerArgument("header", header);
    if (!isClaims(payload) && typeof payload !== "string" && !(payload instanceof Uint8Array)) {
      throw invalidArgument("payload", "must be claims (an object), a string or bytes");
    }
    const body = isClaims(payload) ? this.serialize(payload) : payload;
    if (this.jws === undefined) return { jwe, body: plaintextBytes(body), outer };
    // jam's nested tokens carry the caller's header inside and out, and no cty.
    return this.compat === "jam"
      ? { jwe, body, outer, inner: { typ: "JWT", ...outer } }
      : { jwe, body, outer: { ...outer, cty: "JWT" }, inner: { typ: "JWT" } };
  }

  /**
   * Decrypts (and, for nested JWTs, verifies the inner JWS and validates its
   * claims with the same options as decode). Returns the payload: parsed
   * JSON when it is JSON, else the text.
   */
  decrypt(token: string, options: DecodeOptions = {}): unknown {
    return this.decryptAndIdentify(token, options).payload;
  }

  /**
   * `decrypt`, also returning the identity a token list keeps the token
   * under (see `identify`): `Jam` checks its list with it without
   * decrypting twice.
   */
  decryptAndIdentify(token: string, options: DecodeOptions = {}): DecryptedJWT {
    const jwe = this.requireJwe("decrypt");
    const claimOptions = resolveClaimOptions(options);
    const opened = jwe.open(token);
    const inner = this.innerOf(opened.header, opened.plaintext);
    if (inner === undefined) return this.encryptedResult(token, opened.header, opened.plaintext, claimOptions);
    const { header, payload } = this.jws!.verify(inner, options);
    return this.nestedResult(inner, header, payload, claimOptions);
  }

  /** `decrypt` on the async path (docs/webcrypto.md): the same checks and refusals. */
  async decryptAsync(token: string, options: DecodeOptions = {}): Promise<unknown> {
    return (await this.decryptAndIdentifyAsync(token, options)).payload;
  }

  /** `decryptAndIdentify` on the async path. */
  async decryptAndIdentifyAsync(token: string, options: DecodeOptions = {}): Promise<DecryptedJWT> {
    const jwe = this.requireJwe("decryptAsync");
    const claimOptions = resolveClaimOptions(options);
    const opened = await jwe.openAsync(token);
    const inner = this.innerOf(opened.header, opened.plaintext);
    if (inner === undefined) return this.encryptedResult(token, opened.header, opened.plaintext, claimOptions);
    const { header, payload } = await this.jws!.verifyAsync(inner, options);
    return this.nestedResult(inner, header, payload, claimOptions);
  }

  /** The inner JWS of a nested token (after the cty rule), or undefined when this JWT only encrypts. */
  private innerOf(header: Record<string, unknown>, plaintext: Uint8Array): string | undefined {
    if (this.jws === undefined) return undefined;
    if (!nestedCtyOk(header["cty"], this.compat)) {
      throw new JamJWEDecryptionError("ERR_HEADER_INVALID", 'a nested JWT needs cty "JWT" in the JWE header');
    }
    return innerToken(plaintext);
  }

  /** A nested token's verified inner claims, validated, and its identity (the inner JWS). */
  private nestedResult(
    inner: string,
    header: Record<string, unknown>,
    payload: Uint8Array,
    claimOptions: ResolvedClaimOptions,
  ): DecryptedJWT {
    const claims = asClaims(this.deserialize(payload, "JWT payload"));
    validateClaims(header, claims, claimOptions);
    return { payload: claims, identity: jwsIdentity(inner, claims), listToken: inner };
  }

  /** An encrypt-only token's payload (claims validated when it is claims) and its identity. */
  private encryptedResult(
    token: string,
    header: Record<string, unknown>,
    plaintext: Uint8Array,
    claimOptions: ResolvedClaimOptions,
  ): DecryptedJWT {
    const value = this.parsePayload(plaintext);
    if (isClaims(value)) validateClaims(header, value, claimOptions);
    return { payload: value, identity: plaintextIdentity(plaintext, value), listToken: token };
  }

  /**
   * The identity a token list keeps `token` under: a JWS by its signing
   * input; with a JWE this JWT can open, a nested token by its inner JWS, and
   * an encrypt-only token by its `jti`, else its plaintext (what a
   * re-encryption cannot change). A JWE this JWT cannot open is keyed whole.
   * Nothing is verified: this only names the entry.
   */
  identify(token: string): TokenIdentity {
    checkToken(token);
    this.checkLive("identify");
    if (this.jwe === undefined || segmentCount(token) !== 5) return identifyToken(token);
    let plaintext: Uint8Array;
    try {
      plaintext = this.jwe.open(token).plaintext;
    } catch {
      return identifyToken(token);
    }
    if (this.jws !== undefined) {
      try {
        return identifyToken(innerToken(plaintext));
      } catch {
        return identifyToken(token);
      }
    }
    let value: unknown;
    try {
      value = this.serializer.decode(plaintext);
    } catch {
      value = undefined;
    }
    return plaintextIdentity(plaintext, value);
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

  /** Claims to bytes through the serializer; its failure (a BigInt, a cycle) is a typed error. */
  private serialize(claims: Record<string, unknown>): string | Uint8Array {
    let body: unknown;
    try {
      body = this.serializer.encode(claims);
    } catch (error) {
      throw invalidArgument("claims", "cannot be serialised", error);
    }
    if (typeof body !== "string" && !(body instanceof Uint8Array)) {
      throw invalidArgument("serializer", "encode must return a string or bytes");
    }
    return body;
  }

  /**
   * Bytes to claims through the serializer, or the text the default JSON
   * serializer reads (null: not UTF-8); a payload that is not JSON (or not
   * UTF-8) is a typed error.
   */
  private deserialize(payload: Uint8Array | string | null, what: string): unknown {
    try {
      if (payload instanceof Uint8Array) return this.serializer.decode(payload);
      if (payload === null) throw new TypeError("the payload is not UTF-8");
      return JSON.parse(payload) as unknown;
    } catch (error) {
      throw new JamJWSVerificationError("ERR_PAYLOAD_INVALID", `${what} could not be decoded`, { cause: error });
    }
  }

  /** Frees the keys this JWT parsed (not pre-built instances' keys). */
  dispose(): void {
    if (this.ownedKeys.length > 0) this.disposed = true;
    for (const key of this.ownedKeys.splice(0)) key.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  private checkLive(what: string): void {
    if (this.disposed) throw new JamConfigurationError("ERR_CONFIG", `${what}: this JWT was disposed`);
  }

  private requireJwe(what: string): JWE {
    this.checkLive(what);
    if (this.jwe === undefined) {
      throw new JamConfigurationError("ERR_CONFIG", `${what} needs an encryption algorithm (enc or jwe)`);
    }
    return this.jwe;
  }

  private requireJws(what: string): JWS {
    this.checkLive(what);
    if (this.jws === undefined) {
      throw new JamConfigurationError("ERR_CONFIG", `${what} needs a signing algorithm (alg or jws)`);
    }
    return this.jws;
  }
}

/** The one key an automatic JWE is built on; a key set cannot choose jam's JWE algorithm. */
function oneKey(key: JWK | KeySource): JWK {
  if (!(key instanceof JWK)) {
    throw new JamConfigurationError(
      "ERR_CONFIG",
      "enc needs one key; to decrypt with a key set, pass a JWE built on it",
    );
  }
  return key;
}

function isClaims(value: unknown): value is Record<string, unknown> {
  return isRecord(value);
}

/** The inner JWS of a nested JWT: UTF-8 text, or a typed decryption error (never a TypeError). */
function innerToken(plaintext: Uint8Array): string {
  try {
    return decodeUtf8(plaintext);
  } catch (error) {
    throw new JamJWEDecryptionError("ERR_PAYLOAD_INVALID", "the nested JWT is not UTF-8 text", { cause: error });
  }
}

/** jam's factory: `secret` and `secretKey` are synonyms. */
export function createJwtInstance(
  options: Omit<JWTOptions, "secretKey"> & { secret?: KeyInput | JWK; secretKey?: KeyInput | JWK },
): JWT {
  if (options === undefined) throw invalidArgument("JWT options", "are required: { alg, enc, secret, ... }");
  const { secret, ...rest } = readOptions<JWTOptions & { secret?: KeyInput | JWK }>("JWT options", options);
  if (secret !== undefined && rest.secretKey !== undefined) {
    throw new JamConfigurationError("ERR_CONFIG", "give secret or secretKey, not both");
  }
  return new JWT({ ...rest, ...(secret === undefined ? {} : { secretKey: secret }) });
}

/** Alias of createJwtInstance, as in jam. */
export const createInstance = createJwtInstance;
