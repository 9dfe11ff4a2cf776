/**
 * Jam: one configured instance of the JOSE tools, as in jam. Built from a
 * config file (Node), TOML text or a plain object; everything it needs is
 * checked and constructed up front, so a bad key or a typo in the list
 * backend fails `new Jam(...)`, not the first request.
 *
 * Methods are async because the token list is I/O. The order in jwtDecode is
 * the point: signature and claims first (pure CPU), the list last, so a
 * forged or expired token costs no round trip to Redis.
 */
import { JamConfigurationError, JamError, JamJWTExpired, JamJWTInBlackList, JamJWTNotInWhiteList } from "./errors.js";
import { readConfigFile, parseToml } from "./config/config-source.js";
import { configError, resolveJamConfig, type JamConfig } from "./config/jam-config.js";
import type { Env } from "./config/env-substitution.js";
import { processEnv } from "./runtime/node-builtins.js";
import { isJweAlgorithm, isJweEncryption } from "./jwe/algorithms.js";
import { JWE } from "./jwe/jwe.js";
import { isJwsAlgorithm } from "./jws/algorithms.js";
import { JWS, type JWSVerifyOptions, type VerifiedJWS } from "./jws/jws.js";
import { JWT, type DecodedJWT, type DecodeOptions, type EncodeClaims } from "./jwt/jwt.js";
import type { Logger } from "./jwt/logger.js";
import { jwsIdentity, type TokenIdentity } from "./lists/entry.js";
import { IdentityTokenList } from "./lists/identity-list.js";
import { JamJsonTokenList } from "./lists/jam-json-list.js";
import { createTokenList } from "./lists/index.js";
import type { TokenList } from "./lists/types.js";

export interface JamOptions {
  /** A TOML or JSON file path (Node only), or the parsed configuration. */
  config: string | Record<string, unknown>;
  /** Variables for `$VAR` substitution and JAM_JWT_SECRET_KEY; default `process.env` (pass bindings in Workers). */
  env?: Env;
  /** Default: debug/info dropped, warnings and errors to the console (deprecations must be seen). */
  logger?: Logger;
}

const nothing = (): void => {};
/** Warnings reach the console unless a logger is given: a deprecation nobody sees is no warning. */
const warningsToConsole: Logger = {
  debug: nothing,
  info: nothing,
  warn: (message, context) => console.warn(`[jam-jose] ${message}`, ...(context ? [context] : [])),
  error: (message, context) => console.error(`[jam-jose] ${message}`, ...(context ? [context] : [])),
};

/**
 * Re-throws a failure to build a JWT/JWS/JWE from config as a
 * JamConfigurationError naming the key that caused it.
 */
function wrapBuildError(error: unknown, section: string, secretPath: string): JamConfigurationError {
  const code = error instanceof JamError ? error.code : undefined;
  let path = section;
  if (code === "ERR_ALG_UNSUPPORTED" || code === "ERR_ALG_NOT_ALLOWED") path = `${section}.alg`;
  else if (code === "ERR_KEY_PASSWORD") path = `${section}.password`;
  else if (code?.startsWith("ERR_KEY_") || code === "ERR_INVALID_ARGUMENT") path = secretPath;
  const message = error instanceof Error ? error.message : String(error);
  return configError(path, message, code === undefined ? undefined : { reason: code }, error);
}

export class Jam {
  /** The checked configuration; private because it holds the secrets. */
  readonly #config: JamConfig;
  /** The JWT built from [jam.jose.jwt], if configured. */
  readonly jwt: JWT | undefined;
  /** The JWS built from [jam.jose.jws], if configured. */
  readonly jws: JWS | undefined;
  /** The JWE built from [jam.jose.jwe], if configured. */
  readonly jwe: JWE | undefined;
  readonly #logger: Logger;

  constructor(options: JamOptions) {
    if (options === null || typeof options !== "object" || options.config === undefined) {
      throw new JamConfigurationError("ERR_CONFIG", "new Jam({ config }) needs a config path or object", {
        details: { path: "config" },
      });
    }
    this.#logger = options.logger ?? warningsToConsole;
    const tree = typeof options.config === "string" ? readConfigFile(options.config) : options.config;
    this.#config = resolveJamConfig(tree, { env: options.env ?? processEnv(), logger: this.#logger });
    this.jwt = this.#buildJwt();
    this.jws = this.#buildJws();
    this.jwe = this.#buildJwe();
  }

  /** A Jam from TOML text: for runtimes without files (browsers, Workers) and for tests. */
  static fromToml(text: string, options: Omit<JamOptions, "config"> = {}): Jam {
    if (typeof text !== "string") {
      throw new JamConfigurationError("ERR_INVALID_ARGUMENT", "Jam.fromToml takes TOML text (a string)", {
        details: { option: "text" },
      });
    }
    return new Jam({ ...options, config: parseToml(text) });
  }

  /** The configured token list ([jam.jose.jwt.list]), or undefined. */
  get jwtList(): TokenList | undefined {
    return this.jwt?.list;
  }

  /** Issues a signed JWT; on a white list, the token is listed before it is returned. */
  async jwtEncode(claims: EncodeClaims = {}): Promise<string> {
    const token = await this.#requireJwt("jwtEncode").encodeAsync(claims);
    await this.#issued(token);
    return token;
  }

  /**
   * Verifies the signature, validates the claims, then consults the list:
   * JamJWTInBlackList / JamJWTNotInWhiteList, or JamListUnavailable when the
   * list cannot answer (the token is never accepted unchecked).
   */
  async jwtDecode(token: string, options: DecodeOptions = {}): Promise<DecodedJWT> {
    const decoded = await this.#requireJwt("jwtDecode").decodeAsync(token, options);
    if (this.jwtList && options.checkList !== false) await this.#checkList(jwsIdentity(token, decoded.payload), token);
    return decoded;
  }

  /** Encrypts (enc only) or signs then encrypts (alg and enc); white-listed like jwtEncode. */
  async jwtEncrypt(
    payload: Record<string, unknown> | string | Uint8Array,
    header?: Record<string, unknown>,
  ): Promise<string> {
    const token = await this.#jwtEncryption("jwtEncrypt").encryptAsync(payload, header);
    await this.#issued(token);
    return token;
  }

  /**
   * Decrypts (and, nested, verifies and validates) a token, then consults the
   * list as jwtDecode does. Returns the payload.
   */
  async jwtDecrypt(token: string, options: DecodeOptions = {}): Promise<unknown> {
    const decrypted = await this.#jwtEncryption("jwtDecrypt").decryptAndIdentifyAsync(token, options);
    const { payload, identity, listToken } = decrypted;
    // jam's layout looks up the token as presented, as a Python jam service does.
    if (options.checkList !== false) await this.#checkList(identity, inJamLayout(this.jwtList) ? token : listToken);
    return payload;
  }

  /** Signs with [jam.jose.jws]. */
  async jwsSign(payload: Uint8Array | string | object, header?: Record<string, unknown>): Promise<string> {
    return this.#requireJws().signAsync(payload, header);
  }

  /** Verifies with [jam.jose.jws]; the payload is bytes. */
  async jwsVerify(token: string, options?: JWSVerifyOptions): Promise<VerifiedJWS> {
    return this.#requireJws().verifyAsync(token, options);
  }

  /** Encrypts with [jam.jose.jwe]. */
  async jweEncrypt(plaintext: Uint8Array | string | object, header?: Record<string, unknown>): Promise<string> {
    return this.#requireJwe().encryptAsync(plaintext, header);
  }

  /** Decrypts with [jam.jose.jwe]; the plaintext is bytes. */
  async jweDecrypt(token: string): Promise<Uint8Array> {
    return this.#requireJwe().decryptAsync(token);
  }

  /** Closes the token list's connections. */
  async close(): Promise<void> {
    await this.jwtList?.close();
  }

  async #issued(token: string): Promise<void> {
    const list = this.jwtList;
    if (list?.type === "white") await list.add(token);
  }

  /**
   * Asks the list about a verified token. On a black list, a token past
   * exp + the list's leeway is refused first, whatever the decode options
   * (validateClaims: false, a clockTolerance above leeway, an earlier
   * currentDate): its entry may be gone by then, so the list can no longer
   * say it was not revoked.
   */
  async #checkList(identity: TokenIdentity, token: string): Promise<void> {
    const list = this.jwtList;
    if (!list) return;
    if (list.type === "black" && identity.exp !== undefined) {
      const leeway = typeof list.leeway === "number" && Number.isFinite(list.leeway) ? list.leeway : 0;
      if (Date.now() >= (identity.exp + leeway) * 1000) {
        throw new JamJWTExpired(
          "ERR_JWT_EXPIRED",
          "token is past exp + the black list's leeway, after which its revocation is no longer kept",
          { details: { claim: "exp", reason: "past_list_retention" } },
        );
      }
    }
    // The verified identity, unless the list keys tokens its own way (jam's layout, a list of the caller's).
    const listed =
      list instanceof IdentityTokenList && !inJamLayout(list)
        ? (await list.hasIdentities([identity]))[0]!
        : await list.has(token);
    if (list.type === "black" && listed) {
      throw new JamJWTInBlackList("ERR_JWT_IN_BLACK_LIST", "the token has been revoked (it is on the black list)");
    }
    if (list.type === "white" && !listed) {
      throw new JamJWTNotInWhiteList("ERR_JWT_NOT_IN_WHITE_LIST", "the token is not on the white list");
    }
  }

  #buildJwt(): JWT | undefined {
    const s = this.#config.jwt;
    if (!s) return undefined;
    if (s.alg !== undefined && !isJwsAlgorithm(s.alg)) {
      throw configError(`${s.path}.alg`, `unknown JWS algorithm "${s.alg}"`, { value: s.alg });
    }
    if (s.enc !== undefined && !isJweEncryption(s.enc)) {
      throw configError(`${s.path}.enc`, `unknown JWE content encryption "${s.enc}"`, { value: s.enc });
    }
    const list = s.list === undefined ? undefined : createTokenList(s.list, `${s.path}.list`);
    try {
      return new JWT({
        ...(s.alg === undefined ? {} : { alg: s.alg }),
        ...(s.enc === undefined ? {} : { enc: s.enc }),
        secretKey: s.secretKey,
        ...(s.password === undefined ? {} : { password: s.password }),
        ...(s.allowShortSecrets ? { allowShortSecrets: true } : {}),
        ...(list === undefined ? {} : { list }),
        ...(s.compat === undefined ? {} : { compat: s.compat }),
        logger: this.#logger,
      });
    } catch (e) {
      void list?.close();
      throw wrapBuildError(e, s.path, s.secretPath);
    }
  }

  #buildJws(): JWS | undefined {
    const s = this.#config.jws;
    if (!s) return undefined;
    if (!isJwsAlgorithm(s.alg))
      throw configError(`${s.path}.alg`, `unknown JWS algorithm "${s.alg}"`, { value: s.alg });
    try {
      return new JWS({
        alg: s.alg,
        key: s.key,
        ...(s.password === undefined ? {} : { password: s.password }),
        ...(s.allowShortSecrets ? { allowShortSecrets: true } : {}),
        ...(s.compat === undefined ? {} : { compat: s.compat }),
      });
    } catch (e) {
      throw wrapBuildError(e, s.path, `${s.path}.key`);
    }
  }

  #buildJwe(): JWE | undefined {
    const s = this.#config.jwe;
    if (!s) return undefined;
    if (!isJweAlgorithm(s.alg))
      throw configError(`${s.path}.alg`, `unknown JWE key management algorithm "${s.alg}"`, { value: s.alg });
    if (!isJweEncryption(s.enc))
      throw configError(`${s.path}.enc`, `unknown JWE content encryption "${s.enc}"`, { value: s.enc });
    try {
      return new JWE({
        alg: s.alg,
        enc: s.enc,
        key: s.key,
        ...(s.password === undefined ? {} : { password: s.password }),
        ...(s.allowShortSecrets ? { allowShortSecrets: true } : {}),
        ...(s.compat === undefined ? {} : { compat: s.compat }),
      });
    } catch (e) {
      throw wrapBuildError(e, s.path, `${s.path}.key`);
    }
  }

  #requireJwt(method: string): JWT {
    if (!this.jwt)
      throw new JamConfigurationError("ERR_CONFIG", `${method} needs a [jam.jose.jwt] section`, {
        details: { path: "jam.jose.jwt" },
      });
    return this.jwt;
  }

  #jwtEncryption(method: string): JWT {
    const jwt = this.#requireJwt(method);
    if (jwt.jwe === undefined) {
      throw new JamConfigurationError("ERR_CONFIG", `${method} needs enc in [jam.jose.jwt]`, {
        details: { path: `${this.#config.jwt?.path ?? "jam.jose.jwt"}.enc` },
      });
    }
    return jwt;
  }

  #requireJws(): JWS {
    if (!this.jws)
      throw new JamConfigurationError("ERR_CONFIG", "jwsSign/jwsVerify need a [jam.jose.jws] section", {
        details: { path: "jam.jose.jws" },
      });
    return this.jws;
  }

  #requireJwe(): JWE {
    if (!this.jwe)
      throw new JamConfigurationError("ERR_CONFIG", "jweEncrypt/jweDecrypt need a [jam.jose.jwe] section", {
        details: { path: "jam.jose.jwe" },
      });
    return this.jwe;
  }
}

/** True for a list in Python jam's layout, which keys tokens as presented (see lists/jam-layout.ts). */
function inJamLayout(list: TokenList | undefined): boolean {
  return list instanceof JamJsonTokenList || (list instanceof IdentityTokenList && list.layout !== undefined);
}
