/**
 * The JWS algorithm names (RFC 7518 section 3, RFC 8037), generated from the
 * Rust core's table (crate/src/jws/algorithms.rs) into ts/generated/tables.ts:
 * the core is the authority on what each needs; this list gives TypeScript
 * callers a checked type and early errors.
 */
import { JWS_ALGORITHMS } from "../generated/tables.js";

export { JWS_ALGORITHMS };

export type JwsAlgorithm = (typeof JWS_ALGORITHMS)[number];

const names: ReadonlySet<string> = new Set(JWS_ALGORITHMS);

/** True when `alg` is a JWS algorithm this library implements. */
export function isJwsAlgorithm(alg: unknown): alg is JwsAlgorithm {
  return typeof alg === "string" && names.has(alg);
}
