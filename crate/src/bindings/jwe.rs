//! JWE encrypt/decrypt and jam's key derivation, for ts/jwe and ts/jwt.

use wasm_bindgen::prelude::*;

use super::{limits, pack, split_list, to_js_error, KeyHandle};
use crate::error::{Code, Error};
use crate::jwe::{self, EncryptOptions};
use crate::key::{Key, Material, OctKey};

/// Encrypts `plaintext` to a compact JWE. `header_json` holds the caller's
/// extra protected-header members (a JSON object, or empty); `p2c` is the
/// PBES2 iteration count (ignored by the other algorithms).
#[wasm_bindgen]
pub fn jwe_encrypt(
    key: &KeyHandle,
    alg: &str,
    enc: &str,
    header_json: &[u8],
    plaintext: &[u8],
    p2c: u32,
) -> Result<String, JsError> {
    jwe::encrypt(key.key(), alg, enc, header_json, plaintext, &EncryptOptions { p2c }).map_err(to_js_error)
}

/// Checks, once at construction time, that `key` can encrypt (or, with
/// `decrypting`, decrypt) with `alg` and `enc`.
#[wasm_bindgen]
pub fn jwe_check_key(key: &KeyHandle, alg: &str, enc: &str, decrypting: bool) -> Result<(), JsError> {
    let management = crate::jwe::key_management::find(alg).map_err(to_js_error)?;
    let content = crate::jwe::content::find(enc).map_err(to_js_error)?;
    management.check_key(key.key(), content, decrypting).map_err(to_js_error)
}

/// Decrypts a compact JWE, accepting only the comma-separated `algs` and
/// `encs`, within the given limits; returns `pack(header, plaintext)`.
#[wasm_bindgen]
pub fn jwe_decrypt(
    key: &KeyHandle,
    algs: &str,
    encs: &str,
    token: &str,
    max_token_len: u32,
    p2c_max: u32,
    zip_max: u32,
) -> Result<Vec<u8>, JsError> {
    let limits = limits(max_token_len, p2c_max, zip_max);
    jwe::decrypt(key.key(), &split_list(algs), &split_list(encs), token.as_bytes(), &limits)
        .map(|opened| pack(&opened.header, &opened.plaintext))
        .map_err(to_js_error)
}

/// `jwe_encrypt` for RSA-OAEP with the CEK and its OAEP encryption made by
/// the native backend from the same key.
#[wasm_bindgen]
pub fn jwe_encrypt_rsa_oaep_wrapped(
    key: &KeyHandle,
    alg: &str,
    enc: &str,
    header_json: &[u8],
    plaintext: &[u8],
    cek: &[u8],
    encrypted_key: &[u8],
) -> Result<String, JsError> {
    jwe::encrypt_rsa_oaep_wrapped(key.key(), alg, enc, header_json, plaintext, cek, encrypted_key).map_err(to_js_error)
}

/// `jwe_encrypt` for ECDH-ES (and +A*KW) to a NIST-curve key with the
/// agreement made by the native backend: its ephemeral public key
/// (uncompressed SEC1) and the shared secret Z.
#[wasm_bindgen]
pub fn jwe_encrypt_ecdh_agreed(
    key: &KeyHandle,
    alg: &str,
    enc: &str,
    header_json: &[u8],
    plaintext: &[u8],
    ephemeral_public: &[u8],
    z: &[u8],
) -> Result<String, JsError> {
    jwe::encrypt_ecdh_agreed(key.key(), alg, enc, header_json, plaintext, ephemeral_public, z).map_err(to_js_error)
}

/// Every check of `jwe_decrypt` before cryptography, for an RSA-OAEP token
/// the native backend unwraps. Returns u8 OAEP hash (1 = SHA-1, 256, 384 and
/// 512 as 2, 3, 4) followed by the encrypted key.
#[wasm_bindgen]
pub fn jwe_decrypt_prepare_rsa_oaep(
    key: &KeyHandle,
    algs: &str,
    encs: &str,
    token: &str,
    max_token_len: u32,
    p2c_max: u32,
    zip_max: u32,
) -> Result<Vec<u8>, JsError> {
    use crate::jwe::key_management::{rsa_oaep::Hash, Family};
    let limits = limits(max_token_len, p2c_max, zip_max);
    let (km, encrypted_key) =
        jwe::prepare_rsa_oaep_unwrap(key.key(), &split_list(algs), &split_list(encs), token.as_bytes(), &limits)
            .map_err(to_js_error)?;
    let hash = match km.family {
        Family::RsaOaep(Hash::Sha1) => 1u8,
        Family::RsaOaep(Hash::Sha256) => 2,
        Family::RsaOaep(Hash::Sha384) => 3,
        _ => 4,
    };
    let mut out = Vec::with_capacity(1 + encrypted_key.len());
    out.push(hash);
    out.extend_from_slice(&encrypted_key);
    Ok(out)
}

/// Finishes `jwe_decrypt` for an RSA-OAEP token with the CEK the native
/// backend decrypted (`None` when that failed); returns `pack(header, plaintext)`.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn jwe_decrypt_rsa_oaep_unwrapped(
    key: &KeyHandle,
    algs: &str,
    encs: &str,
    token: &str,
    max_token_len: u32,
    p2c_max: u32,
    zip_max: u32,
    cek: Option<Vec<u8>>,
) -> Result<Vec<u8>, JsError> {
    let limits = limits(max_token_len, p2c_max, zip_max);
    jwe::decrypt_rsa_oaep_unwrapped(
        key.key(),
        &split_list(algs),
        &split_list(encs),
        token.as_bytes(),
        &limits,
        cek.as_deref(),
    )
    .map(|opened| pack(&opened.header, &opened.plaintext))
    .map_err(to_js_error)
}

/// Every check of `jwe_decrypt` before cryptography for an ECDH-ES token to
/// a NIST-curve key, `epk` included; returns the peer's SEC1 point.
#[wasm_bindgen]
pub fn jwe_decrypt_prepare_ecdh(
    key: &KeyHandle,
    algs: &str,
    encs: &str,
    token: &str,
    max_token_len: u32,
    p2c_max: u32,
    zip_max: u32,
) -> Result<Vec<u8>, JsError> {
    let limits = limits(max_token_len, p2c_max, zip_max);
    jwe::prepare_ecdh_agreement(key.key(), &split_list(algs), &split_list(encs), token.as_bytes(), &limits)
        .map_err(to_js_error)
}

/// Finishes `jwe_decrypt` for an ECDH-ES token with the shared secret Z the
/// native backend computed; returns `pack(header, plaintext)`.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn jwe_decrypt_ecdh_agreed(
    key: &KeyHandle,
    algs: &str,
    encs: &str,
    token: &str,
    max_token_len: u32,
    p2c_max: u32,
    zip_max: u32,
    z: &[u8],
) -> Result<Vec<u8>, JsError> {
    let limits = limits(max_token_len, p2c_max, zip_max);
    jwe::decrypt_ecdh_agreed(key.key(), &split_list(algs), &split_list(encs), token.as_bytes(), &limits, z)
        .map(|opened| pack(&opened.header, &opened.plaintext))
        .map_err(to_js_error)
}

/// jam's JWE key for a symmetric secret: the first `len` (16 for A128KW, 32
/// for A256KW) bytes of HKDF-SHA256(secret, "jwe-encryption", "encryption-key").
#[wasm_bindgen]
pub fn derive_jam_jwe_key(key: &KeyHandle, len: u32) -> Result<KeyHandle, JsError> {
    let Material::Oct(secret) = &key.key().material else {
        return Err(to_js_error(Error::new(Code::KeyAlgMismatch, "jam's JWE key derivation needs a symmetric secret")));
    };
    if len != 16 && len != 32 {
        return Err(to_js_error(Error::new(Code::InvalidArgument, "the derived key length must be 16 or 32")));
    }
    let derived = jwe::derive_jam_jwe_key(&secret.bytes);
    let bytes = derived
        .get(..len as usize)
        .ok_or_else(|| to_js_error(Error::new(Code::InvalidArgument, "the derived key length must be 16 or 32")))?;
    let oct = OctKey::from_bytes(bytes, false).map_err(to_js_error)?;
    Ok(KeyHandle::new(Key::new(Material::Oct(oct))))
}
