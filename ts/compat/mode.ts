/**
 * The compatibility switch: `compat: "jam"` on JWT, JWS and JWE (TOML
 * `compat = "jam"`) writes the token forms of Python jam 4.x and reads
 * both jam's and the standard ones (crate/src/jam/ holds the cryptography).
 * Absent, everything is RFC 7515/7516/7518 only. In jam's dialect the
 * primitives run in the core (ts/backend/wasm-jws.ts, wasm-jwe.ts): jam's PSS
 * salt and key derivations are not what node:crypto or WebCrypto offer.
 */
import { JamConfigurationError } from "../errors.js";

/** The only compatibility mode there is. */
export type Compat = "jam";

/** Checks a `compat` option; undefined means standard mode. */
export function compatOf(value: unknown, path = "compat"): Compat | undefined {
  if (value === undefined) return undefined;
  if (value !== "jam") {
    throw new JamConfigurationError("ERR_CONFIG", `${path}: must be "jam" (or absent for standard mode)`, {
      details: { path, value },
    });
  }
  return value;
}
