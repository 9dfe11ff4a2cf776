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
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
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

/// A JWK value without `use`, `alg` and `kid`, so one key serves every
/// algorithm of its type in the round trips.
pub fn unrestricted(mut jwk: Value) -> Key {
    if let Value::Object(members) = &mut jwk {
        for name in ["use", "alg", "kid", "key_ops"] {
            members.remove(name);
        }
    }
    key(&jwk)
}

/// The same JWK without its private members.
pub fn public_half(mut jwk: Value) -> Key {
    if let Value::Object(members) = &mut jwk {
        for name in ["d", "p", "q", "dp", "dq", "qi"] {
            members.remove(name);
        }
    }
    unrestricted(jwk)
}

/// Test keys, one per family and curve.
pub fn rsa_jwk() -> Value {
    json("rfc7516/a1_rsa_oaep_a256gcm.json")["key"].clone()
}
pub fn p256_jwk() -> Value {
    json("rfc7518/appendix_c_ecdh_es.json")["bob"].clone()
}
pub fn p384_jwk() -> Value {
    json("rfc7520/jwe/5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm.json")["input"]
        ["key"]
        .clone()
}
pub fn p521_jwk() -> Value {
    json("rfc7520/3_2.ec_private_key.json")
}
pub fn x25519_jwk() -> Value {
    json("rfc7520/curve25519/ecdh-es.json")["input"]["key"].clone()
}

/// A token's five segments, to tamper with.
pub fn segments(token: &str) -> Vec<String> {
    let parts: Vec<String> = token.split('.').map(String::from).collect();
    assert_eq!(parts.len(), 5, "{token}");
    parts
}
