//! The JWS and JWE JSON serializations and RFC 7797 compact tokens, for
//! ts/jws/json.ts and ts/jwe/json.ts. Documents with several signatures or
//! recipients are built one key per call (a builder object), so that no key
//! handle is consumed or retained by the core.

use wasm_bindgen::prelude::*;

use super::{limits, pack, split_list, to_js_error, KeyHandle};
use crate::jwe::json::{self as jwe_json, EncryptBuilder, Recipient, Shared};
use crate::jwe::EncryptOptions;
use crate::jws::extensions::{self, VerifyOptions};
use crate::jws::json::{self as jws_json, SignBuilder, Signer};

/// Packs several byte strings: for each, its u32 LE length then its bytes.
fn pack_parts(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(parts.iter().map(|p| p.len() + 4).sum());
    for part in parts {
        out.extend_from_slice(&(part.len() as u32).to_le_bytes());
        out.extend_from_slice(part);
    }
    out
}

/// Builds a JWS JSON document, one signature per `add`.
#[wasm_bindgen]
pub struct JwsJsonSigner {
    builder: SignBuilder,
}

#[wasm_bindgen]
impl JwsJsonSigner {
    /// A document for `payload`: flattened or general, payload left out when `detached`.
    #[wasm_bindgen(constructor)]
    pub fn new(payload: &[u8], flattened: bool, detached: bool) -> JwsJsonSigner {
        let syntax = if flattened { jws_json::Syntax::Flattened } else { jws_json::Syntax::General };
        JwsJsonSigner { builder: SignBuilder::new(payload, syntax, detached) }
    }

    /// Adds a signature by `key` with `alg` under the given headers (JSON objects or empty).
    pub fn add(&mut self, key: &KeyHandle, alg: &str, protected: &[u8], unprotected: &[u8]) -> Result<(), JsError> {
        self.builder.add(&Signer { key: key.key(), alg, protected, unprotected }).map_err(to_js_error)
    }

    /// The document as JSON text.
    pub fn finish(self) -> Result<String, JsError> {
        self.builder.finish().map_err(to_js_error)
    }
}

/// Verifies a JWS JSON document; returns `pack_parts([protected, unprotected,
/// payload, index as u32 LE])`.
#[wasm_bindgen]
pub fn jws_verify_json(
    key: &KeyHandle,
    algs: &str,
    crit: &str,
    document: &str,
    max_len: u32,
    detached_payload: Option<Vec<u8>>,
) -> Result<Vec<u8>, JsError> {
    with_verify_options(algs, crit, max_len, detached_payload.as_deref(), |opts| {
        jws_json::verify(key.key(), document.as_bytes(), opts)
            .map(|v| pack_parts(&[&v.protected, &v.unprotected, &v.payload, &(v.index as u32).to_le_bytes()]))
    })
}

/// Runs `verify` with the `VerifyOptions` the verify bindings receive as flat
/// arguments (comma-separated lists, a u32 bound).
fn with_verify_options<T>(
    algs: &str,
    crit: &str,
    max_len: u32,
    detached_payload: Option<&[u8]>,
    verify: impl FnOnce(&VerifyOptions) -> crate::error::Result<T>,
) -> Result<T, JsError> {
    let allowed = split_list(algs);
    let crit = split_list(crit);
    let opts = VerifyOptions { allowed: &allowed, crit: &crit, max_len: max_len as usize, detached_payload };
    verify(&opts).map_err(to_js_error)
}

/// Signs a compact JWS whose header may use `b64` (listed in `crit`), or
/// whose payload is left out (`detached`).
#[wasm_bindgen]
pub fn jws_sign_compact_ext(
    key: &KeyHandle,
    alg: &str,
    header_json: &[u8],
    payload: &[u8],
    detached: bool,
) -> Result<String, JsError> {
    extensions::sign_compact(key.key(), alg, header_json, payload, detached).map_err(to_js_error)
}

/// Verifies a compact JWS with `b64` understood when `crit` lists it, or a
/// detached payload; returns `pack(header, payload)`.
#[wasm_bindgen]
pub fn jws_verify_compact_ext(
    key: &KeyHandle,
    algs: &str,
    crit: &str,
    token: &str,
    max_len: u32,
    detached_payload: Option<Vec<u8>>,
) -> Result<Vec<u8>, JsError> {
    with_verify_options(algs, crit, max_len, detached_payload.as_deref(), |opts| {
        extensions::verify_compact(key.key(), token.as_bytes(), opts).map(|v| pack(&v.header, &v.payload))
    })
}

/// Builds a JWE JSON document, one recipient per `add`.
#[wasm_bindgen]
pub struct JweJsonEncryptor {
    builder: EncryptBuilder,
}

#[wasm_bindgen]
impl JweJsonEncryptor {
    /// What the recipients share: `enc`, extra protected members, the shared
    /// unprotected header (JSON objects or empty), `aad`, the syntax and the
    /// PBES2 iteration count.
    #[wasm_bindgen(constructor)]
    pub fn new(
        enc: &str,
        protected: &[u8],
        unprotected: &[u8],
        aad: Option<Vec<u8>>,
        flattened: bool,
        p2c: u32,
    ) -> Result<JweJsonEncryptor, JsError> {
        let syntax = if flattened { jwe_json::Syntax::Flattened } else { jwe_json::Syntax::General };
        let shared = Shared { enc, protected, unprotected, aad: aad.as_deref(), syntax };
        EncryptBuilder::new(&shared, &EncryptOptions { p2c })
            .map(|builder| JweJsonEncryptor { builder })
            .map_err(to_js_error)
    }

    /// Adds a recipient: `key`, `alg`, and its header's extra members.
    pub fn add(&mut self, key: &KeyHandle, alg: &str, header: &[u8]) -> Result<(), JsError> {
        self.builder.add(&Recipient { key: key.key(), alg, header }).map_err(to_js_error)
    }

    /// Encrypts `plaintext`; returns the document as JSON text.
    pub fn finish(self, plaintext: &[u8]) -> Result<String, JsError> {
        self.builder.finish(plaintext).map_err(to_js_error)
    }
}

/// Opens a JWE JSON document; returns `pack_parts([protected, unprotected,
/// recipient header, aad, plaintext, index as u32 LE, [1] when aad is present])`.
#[wasm_bindgen]
pub fn jwe_decrypt_json(
    key: &KeyHandle,
    algs: &str,
    encs: &str,
    document: &str,
    max_len: u32,
    p2c_max: u32,
    zip_max: u32,
) -> Result<Vec<u8>, JsError> {
    let limits = limits(max_len, p2c_max, zip_max);
    jwe_json::decrypt(key.key(), &split_list(algs), &split_list(encs), document.as_bytes(), &limits)
        .map(|d| {
            let index = (d.index as u32).to_le_bytes();
            let has_aad: &[u8] = if d.aad.is_some() { &[1] } else { &[] };
            let aad = d.aad.as_deref().unwrap_or_default();
            pack_parts(&[&d.protected, &d.unprotected, &d.header, aad, &d.plaintext, &index, has_aad])
        })
        .map_err(to_js_error)
}
