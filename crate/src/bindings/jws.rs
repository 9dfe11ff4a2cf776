//! JWS sign/verify, the token fingerprint and token-list keys, for ts/jws,
//! ts/jwt and ts/lists.

use wasm_bindgen::prelude::*;

use super::scratch::with_scratch;
use super::{to_js_error, KeyHandle};
use crate::error::{Code, Error, Result as CoreResult};
use crate::jam::Dialect;
use crate::jws;
use crate::key::Op;

/// The algorithm at `index` in the algorithm table (the order
/// ts/generated/tables.ts mirrors as `JWS_ALGORITHMS`).
fn algorithm_at(index: u32) -> CoreResult<&'static jws::algorithms::JwsAlgorithm> {
    jws::algorithms::ALGORITHMS
        .get(index as usize)
        .ok_or_else(|| Error::new(Code::InvalidArgument, "no JWS algorithm at that index"))
}

/// The allow-list a bit set names: bit i is the table's algorithm i.
fn allowed_names(allowed: u32) -> Vec<&'static str> {
    jws::algorithms::ALGORITHMS
        .iter()
        .enumerate()
        .filter(|(index, _)| allowed & (1u32 << index) != 0)
        .map(|(_, algorithm)| algorithm.name)
        .collect()
}

/// Signs: the input region holds the protected header JSON (which the caller
/// built with the same alg, `header_len` bytes) followed by the payload
/// (`payload_len` bytes); the output region receives the compact JWS.
#[wasm_bindgen]
pub fn jws_sign(key: &KeyHandle, alg_index: u32, header_len: u32, payload_len: u32) -> Result<u32, JsError> {
    let total = header_len
        .checked_add(payload_len)
        .ok_or_else(|| to_js_error(Error::new(Code::InvalidArgument, "input too large")))?;
    with_scratch(total, |input, out| {
        let (header_json, payload) = input
            .split_at_checked(header_len as usize)
            .ok_or_else(|| Error::new(Code::InvalidArgument, "header longer than the input"))?;
        let algorithm = algorithm_at(alg_index)?;
        let prepared = hmac_hash(&[algorithm.name]).and_then(|hash| key.hmac_state(hash));
        let token =
            jws::compact::sign_prepared(Dialect::Standard, key.key(), algorithm.name, header_json, payload, prepared)?;
        out.extend_from_slice(token.as_bytes());
        Ok(())
    })
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

/// Verifies the compact JWS in the input region (`token_len` bytes) against
/// the allow-list bit set `allowed`; the output region receives
/// `pack(header, payload)`.
#[wasm_bindgen]
pub fn jws_verify(key: &KeyHandle, allowed: u32, token_len: u32, max_token_len: u32) -> Result<u32, JsError> {
    with_scratch(token_len, |token, out| {
        let allowed = allowed_names(allowed);
        let prepared = hmac_hash(&allowed).and_then(|hash| key.hmac_state(hash));
        jws::compact::verify_packed(
            Dialect::Standard,
            key.key(),
            &allowed,
            token,
            max_token_len as usize,
            prepared,
            out,
        )
    })
}

/// Every check of `jws_verify` except the signature primitive, for the
/// native and WebCrypto backends, on the token in the input region. The
/// output region receives what `jws::compact::prepare_packed` writes.
#[wasm_bindgen]
pub fn jws_verify_prepare(key: &KeyHandle, allowed: u32, token_len: u32, max_token_len: u32) -> Result<u32, JsError> {
    with_scratch(token_len, |token, out| {
        jws::compact::prepare_packed(key.key(), &allowed_names(allowed), token, max_token_len as usize, out)
    })
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
