//! Key import, export, generation and inspection, for ts/jwk and every class
//! that takes a key. A key is parsed once here; JS holds only the handle.

use wasm_bindgen::prelude::*;

use super::{to_js_error, KeyHandle};
use crate::key;

/// Bounds on an encrypted key's key derivation; each absent one is the default.
fn kdf_limits(
    max_pbkdf2_iterations: Option<u32>,
    max_scrypt_memory: Option<u32>,
    max_scrypt_work: Option<u32>,
) -> key::KdfLimits {
    let default = key::KdfLimits::default();
    key::KdfLimits {
        max_pbkdf2_iterations: max_pbkdf2_iterations.unwrap_or(default.max_pbkdf2_iterations),
        max_scrypt_memory: max_scrypt_memory.map_or(default.max_scrypt_memory, u64::from),
        max_scrypt_work: max_scrypt_work.map_or(default.max_scrypt_work, u64::from),
    }
}

/// Imports a PEM key (PKCS#8, encrypted PKCS#8, SPKI, PKCS#1, SEC1, X.509).
/// The `max_*` bounds cap an encrypted key's PBKDF2 / scrypt cost.
#[wasm_bindgen]
pub fn key_from_pem(
    pem: &str,
    password: Option<Vec<u8>>,
    max_pbkdf2_iterations: Option<u32>,
    max_scrypt_memory: Option<u32>,
    max_scrypt_work: Option<u32>,
) -> Result<KeyHandle, JsError> {
    let limits = kdf_limits(max_pbkdf2_iterations, max_scrypt_memory, max_scrypt_work);
    key::parse_pem_with(pem, password.as_deref(), &limits).map(KeyHandle::new).map_err(to_js_error)
}

/// Imports a DER key (the same structures as PEM), with the same bounds.
#[wasm_bindgen]
pub fn key_from_der(
    der: &[u8],
    password: Option<Vec<u8>>,
    max_pbkdf2_iterations: Option<u32>,
    max_scrypt_memory: Option<u32>,
    max_scrypt_work: Option<u32>,
) -> Result<KeyHandle, JsError> {
    let limits = kdf_limits(max_pbkdf2_iterations, max_scrypt_memory, max_scrypt_work);
    key::parse_der_with(der, password.as_deref(), &limits).map(KeyHandle::new).map_err(to_js_error)
}

/// Imports a JWK given as JSON text.
#[wasm_bindgen]
pub fn key_from_jwk(json: &str) -> Result<KeyHandle, JsError> {
    key::parse_jwk(json).map(KeyHandle::new).map_err(to_js_error)
}

/// Imports raw symmetric key bytes (HMAC secret, AES key, PBES2 password).
#[wasm_bindgen]
pub fn key_from_secret(bytes: &[u8], allow_short: bool) -> Result<KeyHandle, JsError> {
    key::from_secret(bytes, allow_short).map(KeyHandle::new).map_err(to_js_error)
}

/// Generates a key: "RSA-2048", "P-256", "Ed25519", "X25519", "oct-256"...
#[wasm_bindgen]
pub fn key_generate(spec: &str) -> Result<KeyHandle, JsError> {
    key::generate(spec).map(KeyHandle::new).map_err(to_js_error)
}

#[wasm_bindgen]
impl KeyHandle {
    /// JWK `kty`: "oct", "RSA", "EC" or "OKP".
    #[wasm_bindgen(getter)]
    pub fn kty(&self) -> String {
        self.key().kty().to_string()
    }

    /// JWK `crv` for EC and OKP keys.
    #[wasm_bindgen(getter)]
    pub fn crv(&self) -> Option<String> {
        match &self.key().material {
            key::Material::Ec(k) => Some(k.curve.name().to_string()),
            key::Material::Okp(k) => Some(k.curve.name().to_string()),
            _ => None,
        }
    }

    /// Length in bytes of a symmetric key; 0 for asymmetric keys.
    #[wasm_bindgen(getter, js_name = secretLength)]
    pub fn secret_length(&self) -> usize {
        match &self.key().material {
            key::Material::Oct(k) => k.bytes.len(),
            _ => 0,
        }
    }

    /// True when the key holds private or symmetric material.
    #[wasm_bindgen(getter, js_name = isPrivate)]
    pub fn is_private(&self) -> bool {
        self.key().is_private()
    }

    /// The JWK `alg` the key is restricted to, if any.
    #[wasm_bindgen(getter)]
    pub fn alg(&self) -> Option<String> {
        self.key().usage.alg.clone()
    }

    /// The JWK `kid`, if any.
    #[wasm_bindgen(getter)]
    pub fn kid(&self) -> Option<String> {
        self.key().kid.clone()
    }

    /// The key as JWK JSON; private members only when asked.
    #[wasm_bindgen(js_name = toJwk)]
    pub fn to_jwk(&self, include_private: bool) -> Result<String, JsError> {
        self.key().to_jwk(include_private).map_err(to_js_error)
    }

    /// The key as PEM: PKCS#8 when private is asked, SPKI otherwise.
    #[wasm_bindgen(js_name = toPem)]
    pub fn to_pem(&self, include_private: bool) -> Result<String, JsError> {
        self.key().to_pem(include_private).map_err(to_js_error)
    }

    /// RFC 7638 SHA-256 thumbprint, base64url.
    pub fn thumbprint(&self) -> Result<String, JsError> {
        self.key().thumbprint().map_err(to_js_error)
    }

    /// A handle to the public half of the key.
    #[wasm_bindgen(js_name = publicKey)]
    pub fn public_key(&self) -> Result<KeyHandle, JsError> {
        self.key().public_key().map(KeyHandle::new).map_err(to_js_error)
    }
}
