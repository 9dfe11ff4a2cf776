//! Helpers shared by the JWE tests: vector files, keys, error codes.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use jam_jose::error::{Code, Result};
use jam_jose::key::{parse_jwk, Key};
use serde_json::Value;

/// A file under tests/data/, as text.
pub fn data(path: &str) -> String {
    let full = format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// A JSON file under tests/data/.
pub fn json(path: &str) -> Value {
    serde_json::from_str(&data(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A key from a JWK value.
pub fn key(jwk: &Value) -> Key {
    parse_jwk(&jwk.to_string()).unwrap_or_else(|e| panic!("JWK refused: {e}"))
}

/// An oct key from raw bytes.
pub fn secret(bytes: &[u8]) -> Key {
    jam_jose::key::from_secret(bytes, false).unwrap()
}

/// The error code of a result that must be an error.
pub fn code<T>(result: Result<T>) -> Code {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.code,
    }
}

pub fn b64(text: &str) -> Vec<u8> {
    jam_jose::base64url::decode(text.as_bytes()).unwrap_or_else(|e| panic!("{text}: {e}"))
}

pub fn b64_of(value: &Value) -> Vec<u8> {
    b64(value.as_str().unwrap_or_else(|| panic!("not a string: {value}")))
}

pub fn hex(text: &str) -> Vec<u8> {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// Every key management and content encryption algorithm, by name.
pub const ALGS: [&str; 18] = [
    "dir",
    "A128KW",
    "A192KW",
    "A256KW",
    "A128GCMKW",
    "A192GCMKW",
    "A256GCMKW",
    "RSA-OAEP",
    "RSA-OAEP-256",
    "RSA-OAEP-384",
    "RSA-OAEP-512",
    "ECDH-ES",
    "ECDH-ES+A128KW",
    "ECDH-ES+A192KW",
    "ECDH-ES+A256KW",
    "PBES2-HS256+A128KW",
    "PBES2-HS384+A192KW",
    "PBES2-HS512+A256KW",
];

pub const ENCS: [&str; 6] = ["A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512", "A128GCM", "A192GCM", "A256GCM"];
