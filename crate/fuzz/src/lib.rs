//! What the fuzz targets share: the keys of the RFC vectors listed in
//! vectors.json (read once per process), and the split of an input into a
//! key selector and the bytes under test.

use std::sync::OnceLock;

use jam_jose::key::{jwk, secret, Key};
use serde_json::Value;

/// Directory of the RFC vectors (crate/tests/data), fixed at compile time.
const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data");
/// The list of vectors, shared with make-corpus.mjs.
const VECTORS: &str = include_str!("../vectors.json");

fn load(family: &str) -> Vec<Key> {
    let vectors: Value = serde_json::from_str(VECTORS).expect("vectors.json is JSON");
    let rows = vectors[family].as_array().expect("vectors.json lists each family");
    rows.iter()
        .map(|row| {
            let file = row["file"].as_str().expect("file");
            let path = format!("{DATA}/{file}");
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let doc: Value = serde_json::from_str(&text).expect("a vector is JSON");
            if let Some(pointer) = row["key"].as_str() {
                let key = doc.pointer(pointer).expect("key pointer");
                jwk::parse_jwk(&key.to_string()).unwrap_or_else(|e| panic!("{file}: {e:?}"))
            } else {
                let pointer = row["password"].as_str().expect("key or password pointer");
                let password = doc.pointer(pointer).and_then(Value::as_str).expect("password");
                secret::from_secret(password.as_bytes(), true).expect("password secret")
            }
        })
        .collect()
}

/// The keys of the JWS vectors, in vectors.json order.
pub fn jws_keys() -> &'static [Key] {
    static KEYS: OnceLock<Vec<Key>> = OnceLock::new();
    KEYS.get_or_init(|| load("jws"))
}

/// The keys of the JWE vectors, in vectors.json order.
pub fn jwe_keys() -> &'static [Key] {
    static KEYS: OnceLock<Vec<Key>> = OnceLock::new();
    KEYS.get_or_init(|| load("jwe"))
}

/// Splits an input into (selector, rest); the selector picks from `n` choices.
pub fn select(data: &[u8], n: usize) -> Option<(usize, &[u8])> {
    let (&first, rest) = data.split_first()?;
    Some((usize::from(first) % n, rest))
}
