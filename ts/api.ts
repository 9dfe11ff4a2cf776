/** The public API, shared by every runtime entry (index.ts, browser.ts, worker.ts; docs/runtimes.md). */
export { ready, tokenFingerprint } from "./core/index.js";
export {
  type AsyncBackendChoice,
  type AsyncBackendName,
  backend,
  backendAsync,
  type BackendChoice,
  type BackendName,
  type BackendReport,
  type BackendReportWithAsync,
  defaultBackend,
  setDefaultBackend,
} from "./backend/index.js";
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
export {
  decryptJweJson,
  type DecryptedJsonJWE,
  encryptFlattenedJwe,
  encryptGeneralJwe,
  type FlattenedJWE,
  type GeneralJWE,
  type JweJsonDecryptOptions,
  type JweJsonEncryptOptions,
  type JweJsonRecipient,
  type JweJsonRecipientSpec,
  MAX_JWE_RECIPIENTS,
} from "./jwe/json.js";
export { JWK, JWKSet, type JWKSetOptions, type KeySpec } from "./jwk/jwk.js";
export type { KeyOperation, KeyResolver, KeySource, ProtectedHeader } from "./jwk/key-selection.js";
export {
  createRemoteJWKSet,
  REMOTE_JWKS_DEFAULTS,
  type RemoteJWKSet,
  type RemoteJWKSetOptions,
} from "./jwk/remote-key-set.js";
export { decodeProtectedHeader, decodeUnverified, type InspectOptions, type UnverifiedToken } from "./inspect.js";
export type { JsonWebKeyObject, KdfLimits, KeyImportOptions, KeyInput } from "./jwk/key-input.js";
export { JWS_ALGORITHMS, type JwsAlgorithm } from "./jws/algorithms.js";
export { JWS, type JWSOptions, type JWSVerifyOptions, type VerifiedJWS } from "./jws/jws.js";
export {
  type FlattenedJWS,
  type GeneralJWS,
  type JwsJsonSignature,
  type JwsJsonSigner,
  type JwsJsonSignOptions,
  type JwsJsonVerifyOptions,
  MAX_JWS_SIGNATURES,
  signFlattenedJws,
  signGeneralJws,
  type VerifiedJsonJWS,
  verifyJwsJson,
} from "./jws/json.js";
export type { ClaimOptions } from "./jwt/claims.js";
export type { Logger } from "./jwt/logger.js";
export type { Serializer } from "./jwt/serializer.js";
export {
  createInstance,
  createJwtInstance,
  type DecodedJWT,
  type DecodeOptions,
  type DecryptedJWT,
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
export {
  createTokenList,
  isTokenList,
  MemoryTokenList,
  JsonTokenList,
  RedisTokenList,
  JamJsonTokenList,
  JAM_LAYOUT,
  type ListLayout,
  type ListConfig,
  type MemoryListConfig,
  type JsonListConfig,
  type RedisListConfig,
} from "./lists/index.js";
export { IdentityTokenList, type TokenIdentity } from "./lists/index.js";
export {
  parseToml,
  parseYaml,
  resolveJamConfig,
  substituteEnv,
  SECRET_ENV,
  type JamConfig,
  type Env,
} from "./config/index.js";
