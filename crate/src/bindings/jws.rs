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
    let prepared = hmac_hash(&[alg]).and_then(|hash| key.hmac_state(hash));
    jws::compact::sign_prepared(crate::jam::Dialect::Standard, key.key(), alg, header_json, payload, prepared)
        .map_err(to_js_error)
}

/// The hash when every allowed alg is HMAC with the same hash.
fn hmac_hash(algs: &[&str]) -> Option<crate::hash::Sha2> {
    let mut found = None;
    for alg in algs {
        let jws::algorithms::Family::Hmac(hash) = jws::lookup(alg).ok()?.family else {
            return None;
        };
        if found.is_some_and(|h| h != hash) {
            return None;
        }
        found = Some(hash);
    }
    found
}

/// Verifies a compact JWS against the comma-separated allow-list `algs`;
/// returns `pack(header, payload)`.
#[wasm_bindgen]
pub fn jws_verify(key: &KeyHandle, algs: &str, token: &str, max_token_len: u32) -> Result<Vec<u8>, JsError> {
    let allowed = split_list(algs);
    let prepared = hmac_hash(&allowed).and_then(|hash| key.hmac_state(hash));
    jws::compact::verify_prepared(
        crate::jam::Dialect::Standard,
        key.key(),
        &allowed,
        token.as_bytes(),
        max_token_len as usize,
        prepared,
    )
    .map(|v| pack(&v.header, &v.payload))
    .map_err(to_js_error)
}

/// Every check of `jws_verify` except the signature primitive, for the
/// native backend. Returns one buffer: u8 index of the token's alg in the
/// algorithm table, u32 LE signing-input length, u32 LE header length,
/// header, u32 LE signature length, signature, payload.
#[wasm_bindgen]
pub fn jws_verify_prepare(key: &KeyHandle, algs: &str, token: &str, max_token_len: u32) -> Result<Vec<u8>, JsError> {
    let allowed = split_list(algs);
    let prepared = jws::prepare(key.key(), &allowed, token.as_bytes(), max_token_len as usize).map_err(to_js_error)?;
    let index = jws::algorithms::ALGORITHMS.iter().position(|a| core::ptr::eq(a, prepared.algorithm)).unwrap_or(0);
    let mut out = Vec::with_capacity(13 + prepared.header.len() + prepared.signature.len() + prepared.payload.len());
    out.push(index as u8);
    out.extend_from_slice(&(prepared.input_len as u32).to_le_bytes());
    out.extend_from_slice(&(prepared.header.len() as u32).to_le_bytes());
    out.extend_from_slice(&prepared.header);
    out.extend_from_slice(&(prepared.signature.len() as u32).to_le_bytes());
    out.extend_from_slice(&prepared.signature);
    out.extend_from_slice(&prepared.payload);
    Ok(out)
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
/// domain-separates the input), and jam's keychain fingerprint of key
/// material (`sha256:<hex>`, ts/jwt/keychain.ts).
#[wasm_bindgen]
pub fn sha256_hex_of_bytes(data: &[u8]) -> String {
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
