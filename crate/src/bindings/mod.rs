//! The only `#[wasm_bindgen]` code. Bytes and strings in, bytes and strings
//! out; a core `Error` becomes a JS `Error` whose message is
//! `"<CODE>|<message>"`, which ts/core/ turns into a typed JamError.
//! One boundary crossing per token operation: verify and decrypt return the
//! protected header and the payload packed into one buffer (see `pack`).

use wasm_bindgen::prelude::*;

use crate::error::Error;
use crate::key::Key;

pub mod jam;
pub mod json;
pub mod jwe;
pub mod jws;
pub mod keys;
pub mod scratch;
pub mod unverified;

/// Converts a core error into the JS error the TypeScript layer decodes.
pub(crate) fn to_js_error(error: Error) -> JsError {
    JsError::new(&format!("{}|{}", error.code.as_str(), error.message))
}

/// The JWE decrypt bounds, as the TypeScript layer passes them (three u32s).
pub(crate) fn limits(max_token_len: u32, p2c_max: u32, zip_max: u32) -> crate::jwe::Limits {
    crate::jwe::Limits { max_token_len: max_token_len as usize, p2c_max, zip_max: zip_max as usize }
}

/// Packs a header and a payload into one buffer: u32 LE header length,
/// header bytes, payload bytes. One copy out of WebAssembly instead of two.
pub(crate) fn pack(header: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + header.len() + payload.len());
    out.extend_from_slice(&(header.len() as u32).to_le_bytes());
    out.extend_from_slice(header);
    out.extend_from_slice(payload);
    out
}

/// A parsed key living in WebAssembly memory. Freed (and its secrets zeroised
/// by their `Zeroizing` wrappers) when JS calls `free()` or the handle is
/// garbage-collected (wasm-bindgen `--weak-refs`).
#[wasm_bindgen]
pub struct KeyHandle {
    key: Key,
    /// HMAC inner/outer states, made at the first HMAC operation (zeroised on drop).
    hmac: core::cell::OnceCell<Option<crate::jws::hmac::Prepared>>,
}

impl KeyHandle {
    pub(crate) fn new(key: Key) -> Self {
        KeyHandle { key, hmac: core::cell::OnceCell::new() }
    }
    pub(crate) fn key(&self) -> &Key {
        &self.key
    }
    /// The prepared HMAC state of a symmetric key for `hash`: made once, for
    /// the first hash the key is used with (a key serves one alg in practice).
    pub(crate) fn hmac_state(&self, hash: crate::hash::Sha2) -> Option<&crate::jws::hmac::Prepared> {
        let prepared = self.hmac.get_or_init(|| match &self.key.material {
            crate::key::Material::Oct(oct) => crate::jws::hmac::Prepared::new(hash, oct).ok(),
            _ => None,
        });
        prepared.as_ref().filter(|p| p.hash() == hash)
    }
}

/// Splits a comma-separated allow-list passed from TypeScript.
pub(crate) fn split_list(list: &str) -> Vec<&str> {
    list.split(',').filter(|s| !s.is_empty()).collect()
}
