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

const indexes: ReadonlyMap<string, number> = new Map(JWS_ALGORITHMS.map((alg, index) => [alg, index]));

/** The algorithm's position in the table, which is how the core's scratch calls name it. */
export function jwsAlgorithmIndex(alg: JwsAlgorithm): number {
  return indexes.get(alg) ?? -1;
}

/**
 * A comma-separated allow-list as the core's bit set (bit i: the table's
 * algorithm i). A name outside the table sets no bit: it can only narrow the
 * list, never widen it.
 */
export function allowListBits(allowList: string): number {
  // A verifier passes the same list each time (its own alg, usually): answer it from the last call.
  if (allowList === lastList) return lastBits;
  let bits = 0;
  for (const name of allowList.split(",")) {
    const index = indexes.get(name);
    if (index !== undefined) bits |= 1 << index;
  }
  lastList = allowList;
  lastBits = bits >>> 0;
  return lastBits;
}

let lastList = "";
let lastBits = 0;
