/**
 * JWE algorithm names (RFC 7518 sections 4 and 5) for checking config up
 * front. Stand-in until the JWE module's own table lands; then this file
 * re-exports that one.
 */
const ALGS = new Set([
  "RSA-OAEP", "RSA-OAEP-256", "A128KW", "A192KW", "A256KW", "dir",
  "ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW",
  "A128GCMKW", "A192GCMKW", "A256GCMKW",
  "PBES2-HS256+A128KW", "PBES2-HS384+A192KW", "PBES2-HS512+A256KW",
]);
const ENCS = new Set(["A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512", "A128GCM", "A192GCM", "A256GCM"]);

export const isJweAlgorithm = (alg: unknown): alg is string => typeof alg === "string" && ALGS.has(alg);
export const isJweEncryption = (enc: unknown): enc is string => typeof enc === "string" && ENCS.has(enc);
