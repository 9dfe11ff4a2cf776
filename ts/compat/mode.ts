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

/** The jam dialect's calls (crate/src/bindings/jam.rs). */
const JAM_CALLS: TokenCalls = {
  jwsSign: (key, alg, header, payload) => core().jam_jws_sign(key, alg, header, payload),
  jwsVerify: (key, algs, token, maxLen) => core().jam_jws_verify(key, algs, token, maxLen),
  jweEncrypt: (key, alg, enc, header, plaintext, p2c) => core().jam_jwe_encrypt(key, alg, enc, header, plaintext, p2c),
  jweDecrypt: (key, algs, encs, token, maxLen, p2cMax, zipMax) =>
    core().jam_jwe_decrypt(key, algs, encs, token, maxLen, p2cMax, zipMax),
};

/** The standard calls, unchanged. */
const STANDARD_CALLS: TokenCalls = {
  jwsSign: (key, alg, header, payload) => core().jws_sign(key, alg, header, payload),
  jwsVerify: (key, algs, token, maxLen) => core().jws_verify(key, algs, token, maxLen),
  jweEncrypt: (key, alg, enc, header, plaintext, p2c) => core().jwe_encrypt(key, alg, enc, header, plaintext, p2c),
  jweDecrypt: (key, algs, encs, token, maxLen, p2cMax, zipMax) =>
    core().jwe_decrypt(key, algs, encs, token, maxLen, p2cMax, zipMax),
};

/** The calls for a mode (resolved per call: the core may load after construction). */
export function tokenCalls(compat: Compat | undefined): TokenCalls {
  return compat === "jam" ? JAM_CALLS : STANDARD_CALLS;
}
