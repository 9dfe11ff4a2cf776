/**
 * The native JWE backend: RSA-OAEP's private-key operation (and the public
 * one on encrypt) and the ECDH agreement on the NIST curves (both ways) on
 * node:crypto. The core parses and checks the token first, then takes the
 * CEK back for content decryption; a failed OAEP
 * decryption hands the core no CEK, and it substitutes a random one exactly
 * as the wasm path does (RFC 7516 11.5), so both fail alike at the tag.
 */
import { core, type KeyHandle } from "../core/core.js";
import { callCore } from "../core/errors.js";
import { JWE_CEK_LENGTHS } from "../generated/tables.js";
import type { JweAlgorithm, JweEncryption } from "../jwe/algorithms.js";
import { coreEncryptEcdhAgreed, coreFinishDecrypt, corePrepareDecrypt } from "./core-jwe.js";
import type { JweBackend, JweLimits } from "./jwe-backend.js";
import type { VerifiedParts } from "./jws-backend.js";
import { nodeBuiltins } from "./node-crypto.js";
import { nativeKey } from "./native-keys.js";
import { wasmJwe } from "./wasm-jwe.js";

/** OAEP (and MGF1) hash per alg; the core's prepare call numbers them 1-4. */
const OAEP_HASH: Partial<Record<JweAlgorithm, string>> = {
  "RSA-OAEP": "sha1",
  "RSA-OAEP-256": "sha256",
  "RSA-OAEP-384": "sha384",
  "RSA-OAEP-512": "sha512",
};
const HASH_BY_CODE = ["", "sha1", "sha256", "sha384", "sha512"];

// RSA_PKCS1_OAEP_PADDING from OpenSSL; read from node:crypto when present.
const OAEP_PADDING = 4;

export const nativeJwe: JweBackend = {
  name: "native",
  encrypt(
    handle: KeyHandle,
    alg: JweAlgorithm,
    enc: JweEncryption,
    headerJson: Uint8Array,
    plaintext: Uint8Array,
    p2c: number,
  ): string {
    if (alg.startsWith("ECDH-ES") && handle.kty === "EC") return encryptEcdh(handle, alg, enc, headerJson, plaintext);
    const oaepHash = OAEP_HASH[alg];
    const builtins = nodeBuiltins();
    if (oaepHash === undefined || builtins === null)
      return wasmJwe.encrypt(handle, alg, enc, headerJson, plaintext, p2c);
    const { crypto } = builtins;
    const native = callCore("encrypt", () => nativeKey(handle));
    const cek = crypto.randomBytes(JWE_CEK_LENGTHS[enc]);
    const padding = crypto.constants.RSA_PKCS1_OAEP_PADDING ?? OAEP_PADDING;
    const encryptedKey = crypto.publicEncrypt({ key: native.publicKey, padding, oaepHash }, cek);
    try {
      return callCore("encrypt", () =>
        core().jwe_encrypt_rsa_oaep_wrapped(handle, alg, enc, headerJson, plaintext, cek, encryptedKey),
      );
    } finally {
      cek.fill(0);
    }
  },

  decrypt(handle: KeyHandle, alg: JweAlgorithm, enc: JweEncryption, token: string, limits: JweLimits): VerifiedParts {
    if (alg.startsWith("ECDH-ES") && handle.kty === "EC") return decryptEcdh(handle, alg, enc, token, limits);
    const builtins = nodeBuiltins();
    if (OAEP_HASH[alg] === undefined || builtins === null) return wasmJwe.decrypt(handle, alg, enc, token, limits);
    const { crypto } = builtins;
    const prepared = corePrepareDecrypt("rsa-oaep", handle, alg, enc, token, limits);
    const native = callCore("decrypt", () => nativeKey(handle));
    let cek: Uint8Array | undefined;
    try {
      const padding = crypto.constants.RSA_PKCS1_OAEP_PADDING ?? OAEP_PADDING;
      const privateKey = native.privateKey;
      if (privateKey !== undefined) {
        cek = crypto.privateDecrypt(
          { key: privateKey, padding, oaepHash: HASH_BY_CODE[prepared[0] ?? 0] ?? "" },
          prepared.subarray(1),
        );
      }
    } catch {
      // Any OAEP failure: no CEK; the core substitutes a random one.
      cek = undefined;
    }
    return coreFinishDecrypt("rsa-oaep", handle, alg, enc, token, limits, cek);
  },
};

/**
 * ECDH-ES to a NIST-curve key, sending: OpenSSL makes the ephemeral key and
 * Z with the recipient's point; the core checks the key and header, writes
 * `epk`, and runs the Concat KDF, the key wrap and the content encryption.
 * Z is wiped; the ephemeral scalar lives in OpenSSL's ECDH object until it
 * is collected (node:crypto offers no way to wipe it). X25519 stays in the
 * core.
 */
function encryptEcdh(
  handle: KeyHandle,
  alg: JweAlgorithm,
  enc: JweEncryption,
  headerJson: Uint8Array,
  plaintext: Uint8Array,
): string {
  const builtins = nodeBuiltins();
  const agreement = builtins === null ? undefined : callCore("encrypt", () => nativeKey(handle)).agreement;
  if (builtins === null || agreement === undefined) return wasmJwe.encrypt(handle, alg, enc, headerJson, plaintext, 0);
  const ephemeral = builtins.crypto.createECDH(agreement.curve);
  const ephemeralPublic = ephemeral.generateKeys();
  const z = ephemeral.computeSecret(agreement.publicPoint);
  return coreEncryptEcdhAgreed(handle, alg, enc, headerJson, plaintext, ephemeralPublic, z);
}

/**
 * ECDH-ES to a NIST-curve key: the core checks the token and the epk (type,
 * curve, size, on the curve) and returns the peer point; OpenSSL computes Z;
 * the core runs the Concat KDF, the unwrap and the content decryption.
 * X25519 stays in the core, which refuses small-order points by their
 * all-zero Z.
 */
function decryptEcdh(handle: KeyHandle, alg: JweAlgorithm, enc: JweEncryption, token: string, limits: JweLimits) {
  const builtins = nodeBuiltins();
  if (builtins === null) return wasmJwe.decrypt(handle, alg, enc, token, limits);
  const point = corePrepareDecrypt("ecdh", handle, alg, enc, token, limits);
  const native = callCore("decrypt", () => nativeKey(handle));
  if (native.ecdh === undefined) return wasmJwe.decrypt(handle, alg, enc, token, limits);
  return coreFinishDecrypt("ecdh", handle, alg, enc, token, limits, native.ecdh.computeSecret(point));
}
