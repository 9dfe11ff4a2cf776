/**
 * JWE algorithm names: key management (`alg`, RFC 7518 section 4 and RFC 8037)
 * and content encryption (`enc`, RFC 7518 section 5). The Rust tables
 * (crate/src/jwe/key_management/mod.rs, content/mod.rs) are the authority on
 * what each needs. RSA1_5 is deliberately absent: PKCS#1 v1.5 decryption is a
 * padding oracle (Bleichenbacher), and RFC 7516 11.5's mitigations are easy
 * to get wrong; RSA-OAEP does the same job safely.
 */
export const JWE_ALGORITHMS = [
  "dir",
  "A128KW",
  "A192KW",
  "A256KW",
  "A128GCMKW",
  "A192GCMKW",
  "A256GCMKW",
  "RSA-OAEP",
  "RSA-OAEP-256",
  "RSA-OAEP-384",
  "RSA-OAEP-512",
  "ECDH-ES",
  "ECDH-ES+A128KW",
  "ECDH-ES+A192KW",
  "ECDH-ES+A256KW",
  "PBES2-HS256+A128KW",
  "PBES2-HS384+A192KW",
  "PBES2-HS512+A256KW",
] as const;

export const JWE_ENCRYPTIONS = [
  "A128GCM",
  "A192GCM",
  "A256GCM",
  "A128CBC-HS256",
  "A192CBC-HS384",
  "A256CBC-HS512",
] as const;

export type JweAlgorithm = (typeof JWE_ALGORITHMS)[number];
export type JweEncryption = (typeof JWE_ENCRYPTIONS)[number];

const algs: ReadonlySet<string> = new Set(JWE_ALGORITHMS);
const encs: ReadonlySet<string> = new Set(JWE_ENCRYPTIONS);

export function isJweAlgorithm(alg: unknown): alg is JweAlgorithm {
  return typeof alg === "string" && algs.has(alg);
}

export function isJweEncryption(enc: unknown): enc is JweEncryption {
  return typeof enc === "string" && encs.has(enc);
}
