//! A fixed workload for instruction-count profiles of the core's JWS paths
//! (valgrind --tool=callgrind; see docs/performance.md):
//! `cargo run --release --example jws_profile -- <hs256-sign|hs256-verify|hs256-verify-packed|prepare-rs256|es256-verify> [iterations]`.
//! hs256-verify-packed is what the wasm binding `jws_verify` runs: the key's
//! prepared HMAC states and the packed answer (hs256-verify makes the HMAC
//! key per call).
//! es256-verify verifies one token `iterations` times with the public half of
//! tests/data/keys/ec-P-256.pkcs8.pem (per-key state is built at the first verify).

// A profiling program: a failure is a bug to see at once, not an error to handle.
#![allow(clippy::expect_used, clippy::panic, clippy::print_stdout)]

use jam_jose::hash::Sha2;
use jam_jose::jam::Dialect;
use jam_jose::jws;
use jam_jose::key;

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "hs256-verify".to_string());
    let iterations: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let header = br#"{"alg":"HS256","typ":"JWT"}"#;
    let payload = br#"{"jti":"0b6f2f4e-7d0c-4c3e-9a53-3f1f0f5d8d11","iat":1764460000,"exp":1764463600,"sub":"user@example.com","iss":"bench","role":"admin","scope":["read","write"]}"#;
    let secret = key::from_secret(&[7u8; 32], false).expect("secret");
    let mut checksum = 0usize;
    match what.as_str() {
        "hs256-sign" => {
            for _ in 0..iterations {
                checksum += jws::sign(&secret, "HS256", header, payload).expect("sign").len();
            }
        }
        "hs256-verify" => {
            let token = jws::sign(&secret, "HS256", header, payload).expect("sign");
            for _ in 0..iterations {
                checksum += jws::verify(&secret, &["HS256"], token.as_bytes(), 1 << 18).expect("verify").payload.len();
            }
        }
        "hs256-verify-packed" => {
            let token = jws::sign(&secret, "HS256", header, payload).expect("sign");
            let key::Material::Oct(oct) = &secret.material else { panic!("not a secret key") };
            let prepared = jws::hmac::Prepared::new(Sha2::Sha256, oct).expect("prepared");
            let mut out = Vec::new();
            for _ in 0..iterations {
                out.clear();
                let token = token.as_bytes();
                jws::compact::verify_packed(
                    Dialect::Standard,
                    &secret,
                    &["HS256"],
                    token,
                    1 << 18,
                    Some(&prepared),
                    &mut out,
                )
                .expect("verify");
                checksum += out.len();
            }
        }
        "prepare-rs256" => {
            let rsa = key::generate("RSA-2048").expect("key");
            let header = br#"{"alg":"RS256","typ":"JWT"}"#;
            let token = jws::sign(&rsa, "RS256", header, payload).expect("sign");
            for _ in 0..iterations {
                checksum += jws::prepare(&rsa, &["RS256"], token.as_bytes(), 1 << 18).expect("prepare").payload.len();
            }
        }
        "es256-verify" => {
            let pem = include_str!("../tests/data/keys/ec-P-256.pkcs8.pem");
            let private = key::parse_pem(pem, None).expect("key");
            let public = private.public_key().expect("public key");
            let header = br#"{"alg":"ES256","typ":"JWT"}"#;
            let token = jws::sign(&private, "ES256", header, payload).expect("sign");
            for _ in 0..iterations {
                checksum += jws::verify(&public, &["ES256"], token.as_bytes(), 1 << 18).expect("verify").payload.len();
            }
        }
        other => panic!("unknown workload {other}"),
    }
    println!("{what}: {iterations} iterations, checksum {checksum}");
}
