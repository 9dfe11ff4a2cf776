//! Untrusted JSON documents never panic (a panic poisons the WebAssembly
//! instance): JWS and JWE JSON documents and RFC 7797 compact tokens, mutated
//! thousands of ways, deeply nested or made of random bytes, only ever give
//! `Ok` or a typed error.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{p256_jwk, rsa_jwk, secret, unrestricted, ALGS, ENCS};
use jam_jose::base64url;
use jam_jose::jwe::json::{self as jwe_json, Recipient, Shared};
use jam_jose::jwe::{EncryptOptions, Limits};
use jam_jose::jws::extensions::{sign_compact, verify_compact, VerifyOptions};
use jam_jose::jws::json::{self as jws_json, Signer};
use serde_json::{json, Value};

/// xorshift64*: deterministic, so a failure reproduces.
struct Prng(u64);

impl Prng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn random_value(rng: &mut Prng) -> Value {
    let choices = [
        json!(null),
        json!(true),
        json!(""),
        json!(-1),
        json!(1e300),
        json!(u64::MAX),
        json!("AAAA"),
        json!("a.b"),
        json!([]),
        json!([1, "x"]),
        json!({}),
        json!({"alg": "HS256"}),
        json!(["b64"]),
        json!(base64url::encode(br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#)),
        json!(base64url::encode(br#"{"enc":"A128GCM","zip":"DEF"}"#)),
        json!(base64url::encode(&[7u8; 40])),
        json!({"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"}),
    ];
    choices[rng.below(choices.len())].clone()
}

/// One random edit somewhere in the document: replace, remove or add a
/// member, at the top level or one level down.
fn mutate(rng: &mut Prng, doc: &mut Value) {
    let names = [
        "payload",
        "signatures",
        "protected",
        "header",
        "signature",
        "recipients",
        "unprotected",
        "encrypted_key",
        "aad",
        "iv",
        "ciphertext",
        "tag",
        "alg",
        "enc",
        "crit",
        "b64",
        "zip",
        "epk",
        "p2c",
        "kid",
    ];
    let target = match rng.below(3) {
        0 => doc,
        _ => {
            let Value::Object(members) = doc else { return };
            let keys: Vec<String> = members.keys().cloned().collect();
            if keys.is_empty() {
                return;
            }
            let child = members.get_mut(&keys[rng.below(keys.len())]).unwrap();
            match child {
                Value::Array(items) if !items.is_empty() => {
                    let i = rng.below(items.len());
                    &mut items[i]
                }
                other => other,
            }
        }
    };
    let name = names[rng.below(names.len())];
    match (rng.below(3), target) {
        (0, Value::Object(members)) => drop(members.remove(name)),
        (_, Value::Object(members)) => drop(members.insert(name.into(), random_value(rng))),
        (_, other) => *other = random_value(rng),
    }
}

#[test]
fn mutated_jws_json_documents_never_panic() {
    let hs = secret(&[3u8; 32]);
    let ec = unrestricted(p256_jwk());
    let signers = [
        Signer { key: &hs, alg: "HS256", protected: br#"{"alg":"HS256"}"#, unprotected: br#"{"kid":"h"}"# },
        Signer { key: &ec, alg: "ES256", protected: b"", unprotected: br#"{"alg":"ES256"}"# },
    ];
    let general = jws_json::sign(&signers, b"payload", jws_json::Syntax::General, false).unwrap();
    let flat = jws_json::sign(&signers[..1], b"payload", jws_json::Syntax::Flattened, false).unwrap();
    let opts = VerifyOptions { allowed: &["HS256", "ES256"], crit: &["b64"], max_len: 1 << 20, detached_payload: None };
    let mut rng = Prng(0x9e37_79b9_7f4a_7c15);
    let mut outcomes = 0;
    for doc in [&general, &flat] {
        let original: Value = serde_json::from_str(doc).unwrap();
        for _ in 0..1000 {
            let mut value = original.clone();
            for _ in 0..=rng.below(3) {
                mutate(&mut rng, &mut value);
            }
            for key in [&hs, &ec] {
                let _ = jws_json::verify(key, value.to_string().as_bytes(), &opts);
            }
            outcomes += 1;
        }
    }
    assert_eq!(outcomes, 2000);
}

#[test]
fn mutated_jwe_json_documents_never_panic() {
    let oct = secret(&[1u8; 16]);
    let ec = unrestricted(p256_jwk());
    let rsa = unrestricted(rsa_jwk());
    let recipients = [
        Recipient { key: &oct, alg: "A128KW", header: br#"{"kid":"o"}"# },
        Recipient { key: &ec, alg: "ECDH-ES+A128KW", header: b"" },
        Recipient { key: &rsa, alg: "RSA-OAEP", header: b"" },
    ];
    let shared = Shared {
        enc: "A128GCM",
        protected: br#"{"zip":"DEF"}"#,
        unprotected: br#"{"cty":"x"}"#,
        aad: Some(b"aad"),
        syntax: jwe_json::Syntax::General,
    };
    let doc = jwe_json::encrypt(&recipients, &shared, b"payload", &EncryptOptions::default()).unwrap();
    let original: Value = serde_json::from_str(&doc).unwrap();
    let limits = Limits { p2c_max: 2000, ..Limits::default() };
    let mut rng = Prng(7);
    let mut outcomes = 0;
    for _ in 0..600 {
        let mut value = original.clone();
        for _ in 0..=rng.below(3) {
            mutate(&mut rng, &mut value);
        }
        for key in [&oct, &ec] {
            let _ = jwe_json::decrypt(key, &ALGS, &ENCS, value.to_string().as_bytes(), &limits);
        }
        outcomes += 1;
    }
    assert_eq!(outcomes, 600);
}

#[test]
fn deep_nesting_and_random_bytes_never_panic() {
    let key = secret(&[1u8; 32]);
    let opts = VerifyOptions { allowed: &["HS256"], crit: &["b64"], max_len: 1 << 20, detached_payload: None };
    for depth in [10, 200, 100_000] {
        for (open, close) in [("[", "]"), (r#"{"a":"#, "}")] {
            let text = format!(r#"{{"payload":"","header":{}1{}}}"#, open.repeat(depth), close.repeat(depth));
            assert!(jws_json::verify(&key, text.as_bytes(), &opts).is_err());
            assert!(jwe_json::decrypt(&key, &ALGS, &ENCS, text.as_bytes(), &Limits::default()).is_err());
        }
    }
    let mut rng = Prng(42);
    let alphabet = br#"{}[]":,.01abAZ-_ "#;
    for _ in 0..3000 {
        let len = rng.below(200);
        let bytes: Vec<u8> = (0..len)
            .map(|_| if rng.below(2) == 0 { alphabet[rng.below(alphabet.len())] } else { rng.next() as u8 })
            .collect();
        let _ = jws_json::verify(&key, &bytes, &opts);
        let _ = jwe_json::decrypt(&key, &ALGS, &ENCS, &bytes, &Limits::default());
        let _ = verify_compact(&key, &bytes, &opts);
        let _ = sign_compact(&key, "HS256", &bytes, &bytes, rng.below(2) == 0);
    }
}
