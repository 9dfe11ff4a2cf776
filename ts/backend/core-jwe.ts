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

/**
 * The key-management primitive a decryption hands off: RSA-OAEP (the secret
 * it returns is the CEK) or ECDH-ES to a NIST-curve key (the secret is Z).
 */
export type HandOff = "rsa-oaep" | "ecdh";

/** The core's calls on either side of each primitive (same arguments, secret last). */
const CALLS = {
  "rsa-oaep": { prepare: "jwe_decrypt_prepare_rsa_oaep", finish: "jwe_decrypt_rsa_oaep_unwrapped" },
  ecdh: { prepare: "jwe_decrypt_prepare_ecdh", finish: "jwe_decrypt_ecdh_agreed" },
} as const;

/**
 * Every check of a decryption before cryptography (the epk's included for
 * ECDH-ES). RSA-OAEP: u8 OAEP hash code (1-4: SHA-1, -256, -384, -512), then
 * the encrypted key; ECDH-ES: the peer's SEC1 point.
 */
export function corePrepareDecrypt(
  handOff: HandOff,
  handle: KeyHandle,
  alg: JweAlgorithm,
  enc: JweEncryption,
  token: string,
  { maxTokenLength, p2cMax, zipMax }: JweLimits,
): Uint8Array {
  return callCore("decrypt", () =>
    core()[CALLS[handOff].prepare](handle, alg, enc, token, maxTokenLength, p2cMax, zipMax),
  );
}

/**
 * The decryption finished with the secret the primitive produced, which is
 * wiped. An RSA-OAEP CEK is undefined when the primitive failed: the core
 * then substitutes a random one (RFC 7516 11.5).
 */
export function coreFinishDecrypt(
  handOff: HandOff,
  handle: KeyHandle,
  alg: JweAlgorithm,
  enc: JweEncryption,
  token: string,
  { maxTokenLength, p2cMax, zipMax }: JweLimits,
  secret: Uint8Array | undefined,
): VerifiedParts {
  // The cast: undefined comes only with RSA-OAEP, whose finish call takes it.
  try {
    return unpack(
      callCore("decrypt", () =>
        core()[CALLS[handOff].finish](handle, alg, enc, token, maxTokenLength, p2cMax, zipMax, secret as Uint8Array),
      ),
    );
  } finally {
    secret?.fill(0);
  }
}
