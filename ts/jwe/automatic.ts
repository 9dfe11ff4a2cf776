/**
 * jam's automatic key-management choice for `JWT({ enc })` without a
 * pre-built JWE: RSA key -> RSA-OAEP, EC or X25519 key -> ECDH-ES, a
 * symmetric secret of 32 bytes or more -> A256KW, shorter -> A128KW. For
 * secrets the wrapping key is HKDF-SHA256(secret, salt "jwe-encryption",
 * info "encryption-key"), 32 bytes, of which A128KW takes the first 16 (the
 * derivation runs in the Rust core, crate/src/jwe/jam_kdf.rs).
 */
import { core } from "../core/core.js";
import { callCore } from "../core/errors.js";
import { JamConfigurationError } from "../errors.js";
import { JWK } from "../jwk/jwk.js";
import type { JweAlgorithm, JweEncryption } from "./algorithms.js";
import { JWE, type JWEOptions } from "./jwe.js";

/** The JWE alg jam picks for a key, and the key it uses with it. */
export function automaticChoice(key: JWK): { alg: JweAlgorithm; key: JWK } {
  switch (key.kty) {
    case "RSA":
      return { alg: "RSA-OAEP", key };
    case "EC":
      return { alg: "ECDH-ES", key };
    case "OKP":
      if (key.crv === "X25519") return { alg: "ECDH-ES", key };
      throw new JamConfigurationError(
        "ERR_CONFIG",
        `an ${key.crv ?? "OKP"} key cannot agree keys: give enc with an RSA, EC, X25519 or symmetric key, or a pre-built jwe`,
      );
    case "oct": {
      const long = key.handle.secretLength >= 32;
      const derived = callCore("key", () => core().derive_jam_jwe_key(key.handle, long ? 32 : 16));
      return { alg: long ? "A256KW" : "A128KW", key: JWK.fromHandle(derived) };
    }
    default:
      throw new JamConfigurationError("ERR_CONFIG", `no automatic JWE algorithm for a ${key.kty} key`);
  }
}

/** Builds the JWE jam would build for `enc` and `key`. */
export function automaticJwe(enc: JweEncryption, key: JWK, options: Omit<JWEOptions, "alg" | "enc" | "key"> = {}): JWE {
  const choice = automaticChoice(key);
  return new JWE({ ...options, alg: choice.alg, enc, key: choice.key });
}
