/** The public API, shared by every runtime entry (see DESIGN.md). */
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
export { createJweInstance, createJwsInstance } from "./compat/instances.js";
export { KeyChain, MemoryKeyChain, type KeyInfo, type KeyStatus } from "./jwt/keychain.js";
export { FileKeyChain } from "./jwt/keychain-file.js";
export type { Compat } from "./compat/mode.js";
export { createTokenList, isTokenList, MemoryTokenList, JsonTokenList, RedisTokenList, JamJsonTokenList, JAM_LAYOUT, type ListLayout, type ListConfig, type MemoryListConfig, type JsonListConfig, type RedisListConfig } from "./lists/index.js";
export { parseToml, parseYaml, resolveJamConfig, substituteEnv, SECRET_ENV, type JamConfig, type Env } from "./config/index.js";
