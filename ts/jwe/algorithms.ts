/**
 * JWE algorithm names: key management (`alg`, RFC 7518 section 4 and RFC 8037)
 * and content encryption (`enc`, RFC 7518 section 5), generated from the Rust
 * tables (crate/src/jwe/key_management/mod.rs, content/mod.rs) into
 * ts/generated/tables.ts; the core is the authority on what each needs.
 * RSA1_5 is deliberately absent: PKCS#1 v1.5 decryption is a padding oracle
 * (Bleichenbacher), and RFC 7516 11.5's mitigations are easy to get wrong;
 * RSA-OAEP does the same job safely.
 */
import { JWE_ALGORITHMS, JWE_ENCRYPTIONS } from "../generated/tables.js";

export { JWE_ALGORITHMS, JWE_ENCRYPTIONS };

export type JweAlgorithm = (typeof JWE_ALGORITHMS)[number];
export type JweEncryption = (typeof JWE_ENCRYPTIONS)[number];

const algs: ReadonlySet<string> = new Set(JWE_ALGORITHMS);
const encs: ReadonlySet<string> = new Set(JWE_ENCRYPTIONS);

/** True when `alg` is a JWE key management algorithm this library implements. */
export function isJweAlgorithm(alg: unknown): alg is JweAlgorithm {
  return typeof alg === "string" && algs.has(alg);
}

/** True when `enc` is a JWE content encryption algorithm this library implements. */
export function isJweEncryption(enc: unknown): enc is JweEncryption {
  return typeof enc === "string" && encs.has(enc);
}
