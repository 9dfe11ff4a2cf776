/**
 * The wasm JWE backends: the Rust core does everything, one crossing per
 * operation, in the standard dialect or in Python jam's (compat: "jam").
 */
import { core, type KeyHandle } from "../core/core.js";
import { callCore } from "../core/errors.js";
import type { JweAlgorithm, JweEncryption } from "../jwe/algorithms.js";
import { unpack } from "../jws/header.js";
import type { JweBackend, JweLimits } from "./jwe-backend.js";
import type { VerifiedParts } from "./jws-backend.js";

export const wasmJwe: JweBackend = {
  name: "wasm",
  encrypt(
    handle: KeyHandle,
    alg: JweAlgorithm,
    enc: JweEncryption,
    headerJson: Uint8Array,
    plaintext: Uint8Array,
    p2c: number,
  ): string {
    return callCore("encrypt", () => core().jwe_encrypt(handle, alg, enc, headerJson, plaintext, p2c));
  },
  decrypt(handle: KeyHandle, alg: JweAlgorithm, enc: JweEncryption, token: string, limits: JweLimits): VerifiedParts {
    const { maxTokenLength, p2cMax, zipMax } = limits;
    return unpack(
      callCore("decrypt", () => core().jwe_decrypt(handle, alg, enc, token, maxTokenLength, p2cMax, zipMax)),
    );
  },
};

/** The wasm backend in jam's dialect (crate/src/jam/): writes jam's forms, reads them and the standard ones. */
export const jamDialectJwe: JweBackend = {
  name: "wasm",
  encrypt(
    handle: KeyHandle,
    alg: JweAlgorithm,
    enc: JweEncryption,
    headerJson: Uint8Array,
    plaintext: Uint8Array,
    p2c: number,
  ): string {
    return callCore("encrypt", () => core().jam_jwe_encrypt(handle, alg, enc, headerJson, plaintext, p2c));
  },
  decrypt(handle: KeyHandle, alg: JweAlgorithm, enc: JweEncryption, token: string, limits: JweLimits): VerifiedParts {
    const { maxTokenLength, p2cMax, zipMax } = limits;
    return unpack(
      callCore("decrypt", () => core().jam_jwe_decrypt(handle, alg, enc, token, maxTokenLength, p2cMax, zipMax)),
    );
  },
};
