//! The jam compatibility mode's entry points (`compat: "jam"` in ts/): the
//! same calls as `jws` and `jwe`, in `Dialect::Jam` (crate/src/jam/).

use wasm_bindgen::prelude::*;

use super::{limits, pack, split_list, to_js_error, KeyHandle};
use crate::jam::Dialect;
use crate::jwe::{self, EncryptOptions};
use crate::jws;

/// `jws_sign` writing jam's forms.
#[wasm_bindgen]
pub fn jam_jws_sign(key: &KeyHandle, alg: &str, header_json: &[u8], payload: &[u8]) -> Result<String, JsError> {
    jws::sign_in(Dialect::Jam, key.key(), alg, header_json, payload).map_err(to_js_error)
}

/// `jws_verify` reading jam's forms and the standard ones.
#[wasm_bindgen]
pub fn jam_jws_verify(key: &KeyHandle, algs: &str, token: &str, max_token_len: u32) -> Result<Vec<u8>, JsError> {
    let mut packed = Vec::new();
    let allowed = split_list(algs);
    jws::compact::verify_packed(
        Dialect::Jam,
        key.key(),
        &allowed,
        token.as_bytes(),
        max_token_len as usize,
        None,
        &mut packed,
    )
    .map(|()| packed)
    .map_err(to_js_error)
}

/// `jwe_encrypt` writing jam's forms.
#[wasm_bindgen]
pub fn jam_jwe_encrypt(
    key: &KeyHandle,
    alg: &str,
    enc: &str,
    header_json: &[u8],
    plaintext: &[u8],
    p2c: u32,
) -> Result<String, JsError> {
    jwe::encrypt_in(Dialect::Jam, key.key(), alg, enc, header_json, plaintext, &EncryptOptions { p2c })
        .map_err(to_js_error)
}

/// `jwe_decrypt` reading jam's forms and the standard ones.
#[wasm_bindgen]
pub fn jam_jwe_decrypt(
    key: &KeyHandle,
    algs: &str,
    encs: &str,
    token: &str,
    max_token_len: u32,
    p2c_max: u32,
    zip_max: u32,
) -> Result<Vec<u8>, JsError> {
    let limits = limits(max_token_len, p2c_max, zip_max);
    jwe::decrypt_in(Dialect::Jam, key.key(), &split_list(algs), &split_list(encs), token.as_bytes(), &limits)
        .map(|opened| pack(&opened.header, &opened.plaintext))
        .map_err(to_js_error)
}
