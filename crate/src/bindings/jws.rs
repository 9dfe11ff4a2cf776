//! JWS sign/verify, the token fingerprint and token-list keys, for ts/jws,
//! ts/jwt and ts/lists.

use wasm_bindgen::prelude::*;

use super::{pack, split_list, to_js_error, KeyHandle};
use crate::jws;
use crate::key::Op;

/// Signs `payload` under the protected header `header_json` (which the caller
/// built with the same `alg`); returns the compact JWS.
#[wasm_bindgen]
pub fn jws_sign(key: &KeyHandle, alg: &str, header_json: &[u8], payload: &[u8]) -> Result<String, JsError> {
    jws::sign(key.key(), alg, header_json, payload).map_err(to_js_error)
}

/// Verifies a compact JWS against the comma-separated allow-list `algs`;
/// returns `pack(header, payload)`.
#[wasm_bindgen]
pub fn jws_verify(key: &KeyHandle, algs: &str, token: &str, max_token_len: u32) -> Result<Vec<u8>, JsError> {
    let allowed = split_list(algs);
    jws::verify(key.key(), &allowed, token.as_bytes(), max_token_len as usize)
        .map(|v| pack(&v.header, &v.payload))
        .map_err(to_js_error)
}

/// The payload bytes of a compact JWS, not verified (see
/// `jws::unverified_payload`); `None` for anything that is not one.
#[wasm_bindgen]
pub fn jws_unverified_payload(token: &str) -> Option<Vec<u8>> {
    jws::unverified_payload(token.as_bytes()).ok()
}

/// Checks, once at construction time, that `key` can `sign` (or verify) with
/// `alg`, so configuration errors surface before the first token.
#[wasm_bindgen]
pub fn jws_check_key(key: &KeyHandle, alg: &str, sign: bool) -> Result<(), JsError> {
    let algorithm = jws::lookup(alg).map_err(to_js_error)?;
    algorithm.check_key(key.key(), if sign { Op::Sign } else { Op::Verify }).map_err(to_js_error)
}

/// Hex SHA-256 of the whole token.
#[wasm_bindgen]
pub fn token_fingerprint(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// The key under which token lists store a token: hex SHA-256 of a compact
/// JWS's signing input (see `jws::signing_input`: what a re-signer cannot
/// change), else of the whole token.
#[wasm_bindgen]
pub fn token_list_key(token: &str) -> String {
    let bytes = token.as_bytes();
    sha256_hex(jws::signing_input(bytes).unwrap_or(bytes))
}

/// Hex SHA-256 of bytes: the list key of what a JWE carries (ts/lists/entry.ts
/// domain-separates the input).
#[wasm_bindgen]
pub fn list_key_of_bytes(data: &[u8]) -> String {
    sha256_hex(data)
}

fn sha256_hex(data: &[u8]) -> String {
    use core::fmt::Write;
    let digest = ring::digest::digest(&ring::digest::SHA256, data);
    let mut out = String::with_capacity(64);
    for byte in digest.as_ref() {
        // Writing to a String cannot fail.
        let _ = write!(out, "{byte:02x}");
    }
    out
}
