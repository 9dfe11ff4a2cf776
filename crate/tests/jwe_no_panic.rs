//! Untrusted input never panics (a panic poisons the WebAssembly instance):
//! tokens of every algorithm, mutated thousands of ways, only ever give
//! `Ok` or a typed error.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{p256_jwk, rsa_jwk, secret, segments, unrestricted, x25519_jwk};
use jam_jose::base64url;
use jam_jose::jwe::{self, EncryptOptions, Limits};
use jam_jose::key::Key;

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

/// One random edit of a decoded segment: flip, truncate, extend or replace.
fn mutate(rng: &mut Prng, bytes: &mut Vec<u8>) {
    match rng.below(5) {
        0 if !bytes.is_empty() => {
            let i = rng.below(bytes.len());
            bytes[i] ^= 1 << rng.below(8);
        }
        1 => bytes.truncate(rng.below(bytes.len() + 1)),
        2 => bytes.extend((0..rng.below(300)).map(|_| rng.next() as u8)),
        3 => *bytes = (0..rng.below(600)).map(|_| rng.next() as u8).collect(),
        _ => bytes.clear(),
    }
}

/// Header edits that keep it JSON but change the values that steer the
/// algorithms (sizes, types, curves).
fn mutate_header(rng: &mut Prng, header: &mut serde_json::Map<String, serde_json::Value>) {
    let names = ["alg", "enc", "epk", "iv", "tag", "p2s", "p2c", "zip", "apu", "apv"];
    let name = names[rng.below(names.len())];
    let values = [
        serde_json::json!(null),
        serde_json::json!(""),
        serde_json::json!(0),
        serde_json::json!(-1),
        serde_json::json!(1e300),
        serde_json::json!(u64::MAX),
        serde_json::json!("AAAA"),
        serde_json::json!({"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"}),
        serde_json::json!({"kty": "OKP", "crv": "X25519", "x": base64url::encode(&[0xff; 32])}),
        serde_json::json!([1, 2, 3]),
        serde_json::json!(base64url::encode(&[7u8; 40])),
    ];
    header.insert(name.into(), values[rng.below(values.len())].clone());
}

#[test]
fn mutated_tokens_never_panic() {
    let cases: Vec<(&str, &str, Key)> = vec![
        ("dir", "A128CBC-HS256", secret(&[1u8; 32])),
        ("A128KW", "A128GCM", secret(&[1u8; 16])),
        ("A192GCMKW", "A192GCM", secret(&[1u8; 24])),
        ("RSA-OAEP-256", "A256GCM", unrestricted(rsa_jwk())),
        ("ECDH-ES", "A256CBC-HS512", unrestricted(p256_jwk())),
        ("ECDH-ES+A128KW", "A128GCM", unrestricted(x25519_jwk())),
        ("PBES2-HS256+A128KW", "A128GCM", secret(b"pw")),
    ];
    let limits = Limits { p2c_max: 2000, ..Limits::default() };
    let algs: Vec<&str> = common::ALGS.to_vec();
    let encs: Vec<&str> = common::ENCS.to_vec();
    let mut rng = Prng(0x9e37_79b9_7f4a_7c15);
    let mut refused = 0;
    for (alg, enc, key) in &cases {
        let token =
            jwe::encrypt(key, alg, enc, br#"{"zip":"DEF"}"#, b"payload", &EncryptOptions { p2c: 1000 }).unwrap();
        for _ in 0..300 {
            let mut parts = segments(&token);
            if rng.below(3) == 0 {
                let mut header: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_slice(&base64url::decode(parts[0].as_bytes()).unwrap()).unwrap();
                mutate_header(&mut rng, &mut header);
                parts[0] = base64url::encode(&serde_json::to_vec(&header).unwrap());
            } else {
                let i = rng.below(5);
                let mut bytes = base64url::decode(parts[i].as_bytes()).unwrap();
                mutate(&mut rng, &mut bytes);
                parts[i] = base64url::encode(&bytes);
            }
            // No panic, no hang; and a mutated token never opens to other
            // bytes than the original plaintext (a mutation may change nothing
            // that is authenticated, e.g. re-insert a header member as it was).
            match jwe::decrypt(key, &algs, &encs, parts.join(".").as_bytes(), &limits) {
                Ok(opened) => assert_eq!(opened.plaintext, b"payload", "{alg} {enc}"),
                Err(_) => refused += 1,
            }
        }
    }
    // Most mutations touch authenticated bytes: far more than half are refused.
    assert!(refused > cases.len() * 300 * 3 / 4, "only {refused} of {} mutated tokens were refused", cases.len() * 300);
}

#[test]
fn arbitrary_bytes_never_panic() {
    let key = secret(&[1u8; 16]);
    let mut rng = Prng(42);
    for _ in 0..2000 {
        let len = rng.below(200);
        let bytes: Vec<u8> = (0..len)
            .map(|_| match rng.below(4) {
                0 => b'.',
                1 => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[rng.below(64)],
                _ => rng.next() as u8,
            })
            .collect();
        let _ = jwe::decrypt(&key, &common::ALGS, &common::ENCS, &bytes, &Limits::default());
        let _ = jwe::encrypt(&key, "A128KW", "A128GCM", &bytes, &bytes, &EncryptOptions::default());
    }
}
