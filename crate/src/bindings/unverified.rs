//! Unverified reading of compact tokens (see `crate::unverified`), for key
//! selection by `kid` and for inspection.

use wasm_bindgen::prelude::*;

use super::{pack, to_js_error};
use crate::unverified::{self, Kind};

fn kind_byte(kind: Kind) -> u8 {
    match kind {
        Kind::Jws => b'S',
        Kind::Jwe => b'E',
    }
}

/// The protected header JSON of a compact JWS or JWE, strictly parsed, not
/// verified; prefixed by one byte: `S` for a JWS, `E` for a JWE.
#[wasm_bindgen]
pub fn token_protected_header(token: &str, max_token_len: u32) -> Result<Vec<u8>, JsError> {
    let (kind, header) = unverified::protected_header(token.as_bytes(), max_token_len as usize).map_err(to_js_error)?;
    let mut out = Vec::with_capacity(1 + header.len());
    out.push(kind_byte(kind));
    out.extend_from_slice(&header);
    Ok(out)
}

/// One kind byte (`S`/`E`) followed by `pack(header, payload)`; a JWE's
/// payload is empty. Nothing is verified.
#[wasm_bindgen]
pub fn token_decode_unverified(token: &str, max_token_len: u32) -> Result<Vec<u8>, JsError> {
    let (kind, header, payload) = unverified::decode(token.as_bytes(), max_token_len as usize).map_err(to_js_error)?;
    let mut out = vec![kind_byte(kind)];
    out.extend_from_slice(&pack(&header, &payload));
    Ok(out)
}
