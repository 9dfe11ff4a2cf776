/** The public API, shared by every runtime entry (index.ts, browser.ts, worker.ts; docs/runtimes.md). */
export { ready, tokenFingerprint } from "./core/index.js";
export * from "./errors.js";
export {
  isJweAlgorithm,
  isJweEncryption,
  JWE_ALGORITHMS,
  JWE_ENCRYPTIONS,
  type JweAlgorithm,
  type JweEncryption,
} from "./jwe/algorithms.js";
export { JWE, JWE_DEFAULTS, type JWEOptions, type OpenedJWE } from "./jwe/jwe.js";
export { JWK, JWKSet, type KeySpec } from "./jwk/jwk.js";
export type { JsonWebKeyObject, KeyImportOptions, KeyInput } from "./jwk/key-input.js";
export { JWS_ALGORITHMS, type JwsAlgorithm } from "./jws/algorithms.js";
export { JWS, type JWSOptions, type JWSVerifyOptions, type VerifiedJWS } from "./jws/jws.js";
export type { ClaimOptions } from "./jwt/claims.js";
export type { Logger } from "./jwt/logger.js";
export type { Serializer } from "./jwt/serializer.js";
export {
  createInstance,
  createJwtInstance,
  type DecodedJWT,
  type DecodeOptions,
  type EncodeClaims,
  JWT,
  type JWTOptions,
} from "./jwt/jwt.js";
export type { TokenList } from "./lists/types.js";
export { Jam, type JamOptions } from "./jam.js";
export {
  createTokenList,
  isTokenList,
  MemoryTokenList,
  JsonTokenList,
  RedisTokenList,
  type ListConfig,
  type MemoryListConfig,
  type JsonListConfig,
  type RedisListConfig,
} from "./lists/index.js";
export { parseToml, resolveJamConfig, substituteEnv, SECRET_ENV, type JamConfig, type Env } from "./config/index.js";
