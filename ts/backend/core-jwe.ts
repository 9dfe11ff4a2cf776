/**
 * The core's JWE hand-off calls, shared by the backends that run a
 * key-management primitive outside it (native-jwe.ts on node:crypto,
 * webcrypto-jwe.ts on crypto.subtle): the core checks the token before the
 * primitive and finishes the decryption after it, and the secret the
 * primitive produced (a CEK, or ECDH's Z) is wiped once the core has it.
 */
import { core, type KeyHandle } from "../core/core.js";
import { callCore } from "../core/errors.js";
import type { JweAlgorithm, JweEncryption } from "../jwe/algorithms.js";
import { unpack } from "../jws/header.js";
import type { JweLimits } from "./jwe-backend.js";
import type { VerifiedParts } from "./jws-backend.js";

/**
 * ECDH-ES to a NIST-curve key: the token made with the agreement the
 * primitive computed (its ephemeral public key, uncompressed SEC1, and Z);
 * Z is wiped.
 */
export function coreEncryptEcdhAgreed(
  handle: KeyHandle,
  alg: JweAlgorithm,
  enc: JweEncryption,
  headerJson: Uint8Array,
  plaintext: Uint8Array,
  ephemeralPublic: Uint8Array,
  z: Uint8Array,
): string {
  try {
    return callCore("encrypt", () =>
      core().jwe_encrypt_ecdh_agreed(handle, alg, enc, headerJson, plaintext, ephemeralPublic, z),
    );
  } finally {
    z.fill(0);
  }
}

/** RSA-OAEP: every check before cryptography; u8 OAEP hash code (1-4: SHA-1, -256, -384, -512), then the encrypted key. */
export function corePrepareRsaOaep(
  handle: KeyHandle,
  alg: JweAlgorithm,
  enc: JweEncryption,
  token: string,
  { maxTokenLength, p2cMax, zipMax }: JweLimits,
): Uint8Array {
  return callCore("decrypt", () =>
    core().jwe_decrypt_prepare_rsa_oaep(handle, alg, enc, token, maxTokenLength, p2cMax, zipMax),
  );
}

/**
 * RSA-OAEP: the decryption finished with the CEK the primitive recovered
 * (undefined when it failed: the core substitutes a random one); the CEK is wiped.
 */
export function coreFinishRsaOaep(
  handle: KeyHandle,
  alg: JweAlgorithm,
  enc: JweEncryption,
  token: string,
  { maxTokenLength, p2cMax, zipMax }: JweLimits,
  cek: Uint8Array | undefined,
): VerifiedParts {
  try {
    return unpack(
      callCore("decrypt", () =>
        core().jwe_decrypt_rsa_oaep_unwrapped(handle, alg, enc, token, maxTokenLength, p2cMax, zipMax, cek),
      ),
    );
  } finally {
    cek?.fill(0);
  }
}

/** ECDH-ES to a NIST-curve key: every check before cryptography, the epk's included; the peer's SEC1 point. */
export function corePrepareEcdh(
  handle: KeyHandle,
  alg: JweAlgorithm,
  enc: JweEncryption,
  token: string,
  { maxTokenLength, p2cMax, zipMax }: JweLimits,
): Uint8Array {
  return callCore("decrypt", () =>
    core().jwe_decrypt_prepare_ecdh(handle, alg, enc, token, maxTokenLength, p2cMax, zipMax),
  );
}

/** ECDH-ES: the decryption finished with the shared secret Z the primitive computed; Z is wiped. */
export function coreFinishEcdh(
  handle: KeyHandle,
  alg: JweAlgorithm,
  enc: JweEncryption,
  token: string,
  { maxTokenLength, p2cMax, zipMax }: JweLimits,
  z: Uint8Array,
): VerifiedParts {
  try {
    return unpack(
      callCore("decrypt", () =>
        core().jwe_decrypt_ecdh_agreed(handle, alg, enc, token, maxTokenLength, p2cMax, zipMax, z),
      ),
    );
  } finally {
    z.fill(0);
  }
}
