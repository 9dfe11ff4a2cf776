/**
 * The compatibility switch: `compat: "jam"` on JWT, JWS and JWE (TOML
 * `compat = "jam"`) writes the token forms of Python jam 4.x and reads
 * both jam's and the standard ones (crate/src/jam/ holds the cryptography).
 * Absent, everything is RFC 7515/7516/7518 only.
 */
import { core, type KeyHandle } from "../core/core.js";
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

/** The core's JWS and JWE calls for a mode: the jam dialect's or the standard ones. */
export interface TokenCalls {
  jwsSign(key: KeyHandle, alg: string, header: Uint8Array, payload: Uint8Array): string;
  jwsVerify(key: KeyHandle, algs: string, token: string, maxLen: number): Uint8Array;
  jweEncrypt(key: KeyHandle, alg: string, enc: string, header: Uint8Array, plaintext: Uint8Array, p2c: number): string;
  jweDecrypt(
    key: KeyHandle,
    algs: string,
    encs: string,
    token: string,
    maxLen: number,
    p2cMax: number,
    zipMax: number,
  ): Uint8Array;
}

/** Resolves the calls at use time (the core may load after construction). */
export function tokenCalls(compat: Compat | undefined): TokenCalls {
  if (compat === "jam") {
    return {
      jwsSign: (...a) => core().jam_jws_sign(...a),
      jwsVerify: (...a) => core().jam_jws_verify(...a),
      jweEncrypt: (...a) => core().jam_jwe_encrypt(...a),
      jweDecrypt: (...a) => core().jam_jwe_decrypt(...a),
    };
  }
  return {
    jwsSign: (...a) => core().jws_sign(...a),
    jwsVerify: (...a) => core().jws_verify(...a),
    jweEncrypt: (...a) => core().jwe_encrypt(...a),
    jweDecrypt: (...a) => core().jwe_decrypt(...a),
  };
}
