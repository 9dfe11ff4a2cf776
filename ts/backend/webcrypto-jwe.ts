/**
 * The WebCrypto JWE backend (async): the key-management primitive on
 * crypto.subtle, every JOSE rule in the core, through the same core calls
 * the native backend uses.
 * - RSA-OAEP decrypt: the core parses and checks the token and hands over the
 *   encrypted key; subtle.decrypt unwraps it; the core decrypts the content.
 *   A failed unwrap hands the core no CEK and it substitutes a random one
 *   (RFC 7516 11.5), so the token fails at the tag exactly as on wasm.
 * - RSA-OAEP encrypt: a random CEK, subtle.encrypt wraps it, the core builds
 *   the token around both.
 * - ECDH-ES decrypt to a P-256/384/521 key: the core checks the token and the
 *   epk (type, curve, size, on the curve) and returns the peer point;
 *   subtle.deriveBits computes Z; the core runs the Concat KDF, the unwrap
 *   and the content decryption.
 * Everything else (ECDH-ES encrypt, X25519, AES key wrap, dir, PBES2) runs
 * on the instance's sync backend.
 */
import { core, type KeyHandle } from "../core/core.js";
import { callCore } from "../core/errors.js";
import { JamError, JamJWEDecryptionError } from "../errors.js";
import { JWE_CEK_LENGTHS } from "../generated/tables.js";
import type { JweAlgorithm, JweEncryption } from "../jwe/algorithms.js";
import { coreFinishDecrypt, corePrepareDecrypt } from "./core-jwe.js";
import type { JweBackend, JweLimits } from "./jwe-backend.js";
import type { VerifiedParts } from "./jws-backend.js";
import { webCryptoKey } from "./webcrypto-keys.js";
import { subtle } from "./webcrypto-subtle.js";

/** A JWE backend whose operations return promises. */
export interface AsyncJweBackend {
  readonly name: "webcrypto" | JweBackend["name"];
  encrypt(
    handle: KeyHandle,
    alg: JweAlgorithm,
    enc: JweEncryption,
    headerJson: Uint8Array,
    plaintext: Uint8Array,
    p2c: number,
  ): Promise<string>;
  decrypt(
    handle: KeyHandle,
    alg: JweAlgorithm,
    enc: JweEncryption,
    token: string,
    limits: JweLimits,
  ): Promise<VerifiedParts>;
}

/** OAEP (and MGF1) hash per alg. */
const OAEP_HASH: Partial<Record<JweAlgorithm, string>> = {
  "RSA-OAEP": "SHA-1",
  "RSA-OAEP-256": "SHA-256",
  "RSA-OAEP-384": "SHA-384",
  "RSA-OAEP-512": "SHA-512",
};

/** Bits of Z per curve (P-521's 66 bytes are 528 bits). */
const Z_BITS: Record<string, number> = { "P-256": 256, "P-384": 384, "P-521": 528 };

function oaepKey(handle: KeyHandle, alg: JweAlgorithm, hash: string, decrypting: boolean) {
  return webCryptoKey(handle, {
    id: `${alg}:${decrypting ? "private" : "public"}`,
    algorithm: { name: "RSA-OAEP", hash },
    usage: decrypting ? "decrypt" : "encrypt",
    private: decrypting,
  });
}

/** A WebCrypto JWE backend falling back to `sync` where WebCrypto does not run the alg. */
export function webCryptoJwe(sync: JweBackend): AsyncJweBackend {
  return {
    name: "webcrypto",
    async encrypt(handle, alg, enc, headerJson, plaintext, p2c) {
      const hash = OAEP_HASH[alg];
      const api = subtle();
      const key = hash === undefined || api === null ? null : await oaepKey(handle, alg, hash, false);
      if (key === null || api === null) return sync.encrypt(handle, alg, enc, headerJson, plaintext, p2c);
      const cek = crypto.getRandomValues(new Uint8Array(JWE_CEK_LENGTHS[enc]));
      try {
        let encryptedKey: Uint8Array;
        try {
          encryptedKey = new Uint8Array(await api.encrypt({ name: "RSA-OAEP" }, key, cek));
        } catch (error) {
          throw new JamError("ERR_ENCRYPTION_FAILED", "WebCrypto RSA-OAEP encryption failed", { cause: error });
        }
        return callCore("encrypt", () =>
          core().jwe_encrypt_rsa_oaep_wrapped(handle, alg, enc, headerJson, plaintext, cek, encryptedKey),
        );
      } finally {
        cek.fill(0);
      }
    },

    async decrypt(handle, alg, enc, token, limits) {
      const api = subtle();
      if (api !== null && alg.startsWith("ECDH-ES") && handle.kty === "EC") {
        return decryptEcdh(api, sync, handle, alg, enc, token, limits);
      }
      const hash = OAEP_HASH[alg];
      const key = hash === undefined || api === null ? null : await oaepKey(handle, alg, hash, true);
      if (key === null || api === null) return sync.decrypt(handle, alg, enc, token, limits);
      const prepared = corePrepareDecrypt("rsa-oaep", handle, alg, enc, token, limits);
      let cek: Uint8Array | undefined;
      try {
        const encryptedKey = prepared.subarray(1) as Uint8Array<ArrayBuffer>;
        cek = new Uint8Array(await api.decrypt({ name: "RSA-OAEP" }, key, encryptedKey));
      } catch {
        // Any OAEP failure: no CEK; the core substitutes a random one.
        cek = undefined;
      }
      return coreFinishDecrypt("rsa-oaep", handle, alg, enc, token, limits, cek);
    },
  };
}

async function decryptEcdh(
  api: SubtleCrypto,
  sync: JweBackend,
  handle: KeyHandle,
  alg: JweAlgorithm,
  enc: JweEncryption,
  token: string,
  limits: JweLimits,
): Promise<VerifiedParts> {
  const namedCurve = handle.crv ?? "";
  const bits = Z_BITS[namedCurve];
  const privateKey =
    bits === undefined
      ? null
      : await webCryptoKey(handle, {
          id: "ECDH:private",
          algorithm: { name: "ECDH", namedCurve },
          usage: "deriveBits",
          private: true,
        });
  if (privateKey === null || bits === undefined) return sync.decrypt(handle, alg, enc, token, limits);
  const point = corePrepareDecrypt("ecdh", handle, alg, enc, token, limits);
  let z: Uint8Array;
  try {
    const peer = await api.importKey("raw", point as Uint8Array<ArrayBuffer>, { name: "ECDH", namedCurve }, false, []);
    const params: EcdhKeyDeriveParams = { name: "ECDH", public: peer };
    z = new Uint8Array(await api.deriveBits(params, privateKey, bits));
  } catch (error) {
    // The core already refused points off the curve; WebCrypto failing to
    // agree is then a runtime fault, reported as the epk it could not take.
    const message = "WebCrypto could not agree on the ephemeral key";
    throw new JamJWEDecryptionError("ERR_EPK_INVALID", message, { cause: error });
  }
  return coreFinishDecrypt("ecdh", handle, alg, enc, token, limits, z);
}

/** The sync backend behind the async interface. */
export function syncJweAsAsync(sync: JweBackend): AsyncJweBackend {
  return {
    name: sync.name,
    encrypt: async (handle, alg, enc, headerJson, plaintext, p2c) =>
      sync.encrypt(handle, alg, enc, headerJson, plaintext, p2c),
    decrypt: async (handle, alg, enc, token, limits) => sync.decrypt(handle, alg, enc, token, limits),
  };
}
