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

/** The core's JWE calls in one dialect (the glue functions are looked up per call: the core loads later). */
function coreJwe(dialect: "standard" | "jam"): JweBackend {
  return {
    name: "wasm",
    encrypt(
      handle: KeyHandle,
      alg: JweAlgorithm,
      enc: JweEncryption,
      headerJson: Uint8Array,
      plaintext: Uint8Array,
      p2c: number,
    ): string {
      return callCore("encrypt", () => {
        const encrypt = dialect === "jam" ? core().jam_jwe_encrypt : core().jwe_encrypt;
        return encrypt(handle, alg, enc, headerJson, plaintext, p2c);
      });
    },
    decrypt(handle: KeyHandle, alg: JweAlgorithm, enc: JweEncryption, token: string, limits: JweLimits): VerifiedParts {
      const { maxTokenLength, p2cMax, zipMax } = limits;
      return unpack(
        callCore("decrypt", () => {
          const decrypt = dialect === "jam" ? core().jam_jwe_decrypt : core().jwe_decrypt;
          return decrypt(handle, alg, enc, token, maxTokenLength, p2cMax, zipMax);
        }),
      );
    },
  };
}

export const wasmJwe: JweBackend = coreJwe("standard");

/** The wasm backend in jam's dialect (crate/src/jam/): writes jam's forms, reads them and the standard ones. */
export const jamDialectJwe: JweBackend = coreJwe("jam");
