/**
 * The JWS algorithm names (RFC 7518 section 3, RFC 8037). The Rust core's
 * table (crate/src/jws/algorithms.rs) is the authority on what each needs;
 * this list gives TypeScript callers a checked type and early errors.
 */
export const JWS_ALGORITHMS = [
  "HS256",
  "HS384",
  "HS512",
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
] as const;

export type JwsAlgorithm = (typeof JWS_ALGORITHMS)[number];

const names: ReadonlySet<string> = new Set(JWS_ALGORITHMS);

/** True when `alg` is a JWS algorithm this library implements. */
export function isJwsAlgorithm(alg: unknown): alg is JwsAlgorithm {
  return typeof alg === "string" && names.has(alg);
}
