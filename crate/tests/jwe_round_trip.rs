//! Every key management algorithm with every content encryption algorithm:
//! what we make, we open; the header carries what the algorithm needs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{b64, p256_jwk, p384_jwk, p521_jwk, rsa_jwk, secret, segments, unrestricted, x25519_jwk, ALGS, ENCS};
use jam_jose::jwe::key_management::{concat_kdf, ecdh_es};
use jam_jose::jwe::{self, content, EncryptOptions, Limits};
use jam_jose::key::Key;
use serde_json::Value;

/// PBES2 at the RFC's minimum keeps the 108-pair sweep fast; the default is
/// tested separately.
fn fast() -> EncryptOptions {
    EncryptOptions { p2c: 1000 }
}

/// The keys that can make `alg` tokens with `enc` (several curves for ECDH-ES).
fn keys_for(alg: &str, enc: &str) -> Vec<Key> {
    let cek_len = content::find(enc).unwrap().cek_len;
    let fill = |n: usize| (0..n).map(|i| i as u8 ^ 0x5a).collect::<Vec<u8>>();
    match alg {
        "dir" => vec![secret(&fill(cek_len))],
        "A128KW" | "A128GCMKW" => vec![secret(&fill(16))],
        "A192KW" | "A192GCMKW" => vec![secret(&fill(24))],
        "A256KW" | "A256GCMKW" => vec![secret(&fill(32))],
        a if a.starts_with("RSA-OAEP") => vec![unrestricted(rsa_jwk())],
        a if a.starts_with("ECDH-ES") => vec![
            unrestricted(p256_jwk()),
            unrestricted(p384_jwk()),
            unrestricted(p521_jwk()),
            unrestricted(x25519_jwk()),
        ],
        a if a.starts_with("PBES2") => vec![secret(b"correct horse battery staple")],
        other => panic!("no key for {other}"),
    }
}

fn header_of(token: &str) -> serde_json::Map<String, Value> {
    serde_json::from_slice(&b64(&segments(token)[0])).unwrap()
}

#[test]
fn every_alg_with_every_enc_round_trips() {
    let plaintext = "A payload. With dots. And UTF-8: ünïcödé".as_bytes();
    let mut pairs = 0;
    for alg in ALGS {
        for enc in ENCS {
            for key in keys_for(alg, enc) {
                let token = jwe::encrypt(&key, alg, enc, br#"{"kid":"k1"}"#, plaintext, &fast())
                    .unwrap_or_else(|e| panic!("{alg} {enc}: {e}"));
                let opened = jwe::decrypt(&key, &[alg], &[enc], token.as_bytes(), &Limits::default())
                    .unwrap_or_else(|e| panic!("{alg} {enc}: {e}"));
                assert_eq!(opened.plaintext, plaintext, "{alg} {enc}");
                let header = header_of(&token);
                assert_eq!((header["alg"].as_str(), header["enc"].as_str()), (Some(alg), Some(enc)));
                assert_eq!(header["kid"], "k1");
                assert_eq!(opened.header, b64(&segments(&token)[0]));
                let direct = alg == "dir" || alg == "ECDH-ES";
                assert_eq!(segments(&token)[1].is_empty(), direct, "{alg}: encrypted key presence");
                pairs += 1;
            }
        }
    }
    assert_eq!(pairs, (ALGS.len() - 4 + 4 * 4) * ENCS.len());
}

#[test]
fn each_algorithm_puts_its_own_parameters_in_the_header() {
    let expect = [
        ("A128GCMKW", &["iv", "tag"][..]),
        ("ECDH-ES", &["epk"][..]),
        ("ECDH-ES+A256KW", &["epk"][..]),
        ("PBES2-HS256+A128KW", &["p2s", "p2c"][..]),
    ];
    for (alg, members) in expect {
        let key = &keys_for(alg, "A128GCM")[0];
        let token = jwe::encrypt(key, alg, "A128GCM", b"", b"x", &fast()).unwrap();
        let header = header_of(&token);
        for member in members {
            assert!(header.contains_key(*member), "{alg} header lacks {member}");
        }
    }
    let key = &keys_for("A128GCMKW", "A128GCM")[0];
    let header = header_of(&jwe::encrypt(key, "A128GCMKW", "A128GCM", b"", b"x", &fast()).unwrap());
    assert_eq!(b64(header["iv"].as_str().unwrap()).len(), 12);
    assert_eq!(b64(header["tag"].as_str().unwrap()).len(), 16);
}

#[test]
fn pbes2_uses_a_16_byte_salt_and_the_default_count() {
    let key = secret(b"a password");
    let token = jwe::encrypt(&key, "PBES2-HS256+A128KW", "A128GCM", b"", b"x", &EncryptOptions::default()).unwrap();
    let header = header_of(&token);
    assert_eq!(b64(header["p2s"].as_str().unwrap()).len(), 16);
    assert_eq!(header["p2c"], jwe::DEFAULT_P2C);
    // Our own tokens open with default limits (the decrypt below proves it).
    let opened =
        jwe::decrypt(&key, &["PBES2-HS256+A128KW"], &["A128GCM"], token.as_bytes(), &Limits::default()).unwrap();
    assert_eq!(opened.plaintext, b"x");
}

#[test]
fn ecdh_es_epk_is_on_the_recipient_curve_and_apu_apv_feed_the_kdf() {
    for (jwk, kty, crv) in [(p256_jwk(), "EC", "P-256"), (p521_jwk(), "EC", "P-521"), (x25519_jwk(), "OKP", "X25519")] {
        let key = unrestricted(jwk);
        let extra = br#"{"apu":"QWxpY2U","apv":"Qm9i"}"#;
        let token = jwe::encrypt(&key, "ECDH-ES", "A256GCM", extra, b"agreed", &fast()).unwrap();
        let header = header_of(&token);
        assert_eq!((header["epk"]["kty"].as_str(), header["epk"]["crv"].as_str()), (Some(kty), Some(crv)));
        assert!(header["epk"].get("d").is_none(), "the ephemeral secret must never be published");
        assert_eq!(header["apu"], "QWxpY2U");
        let opened = jwe::decrypt(&key, &["ECDH-ES"], &["A256GCM"], token.as_bytes(), &Limits::default()).unwrap();
        assert_eq!(opened.plaintext, b"agreed");
        // Re-derive the CEK by hand with apu "Alice" and apv "Bob": it opens
        // the content, so encrypt fed them to the KDF.
        let z = ecdh_es::recipient_agree(&key, &header["epk"]).unwrap();
        let cek = concat_kdf::derive(&z, b"A256GCM", b"Alice", b"Bob", 32).unwrap();
        let parts = segments(&token);
        let ce = content::find("A256GCM").unwrap();
        let plaintext =
            ce.decrypt(&cek, &b64(&parts[2]), parts[0].as_bytes(), &b64(&parts[3]), &b64(&parts[4])).unwrap();
        assert_eq!(*plaintext, b"agreed");
    }
}

#[test]
fn ecdh_es_encrypts_to_a_public_key() {
    let private = unrestricted(p256_jwk());
    let public = common::public_half(p256_jwk());
    let token = jwe::encrypt(&public, "ECDH-ES+A128KW", "A128GCM", b"", b"to bob", &fast()).unwrap();
    let opened =
        jwe::decrypt(&private, &["ECDH-ES+A128KW"], &["A128GCM"], token.as_bytes(), &Limits::default()).unwrap();
    assert_eq!(opened.plaintext, b"to bob");
}

#[test]
fn rsa_oaep_encrypts_to_a_public_key() {
    let token = jwe::encrypt(&common::public_half(rsa_jwk()), "RSA-OAEP-256", "A256GCM", b"", b"to the owner", &fast())
        .unwrap();
    let opened =
        jwe::decrypt(&unrestricted(rsa_jwk()), &["RSA-OAEP-256"], &["A256GCM"], token.as_bytes(), &Limits::default())
            .unwrap();
    assert_eq!(opened.plaintext, b"to the owner");
}

#[test]
fn zip_def_compresses_before_encrypting() {
    let key = secret(&[7u8; 16]);
    let plaintext = "repetitive ".repeat(1000);
    let zipped = jwe::encrypt(&key, "A128KW", "A128GCM", br#"{"zip":"DEF"}"#, plaintext.as_bytes(), &fast()).unwrap();
    let plain = jwe::encrypt(&key, "A128KW", "A128GCM", b"", plaintext.as_bytes(), &fast()).unwrap();
    assert!(zipped.len() * 10 < plain.len(), "compressed {} vs {}", zipped.len(), plain.len());
    assert_eq!(header_of(&zipped)["zip"], "DEF");
    let opened = jwe::decrypt(&key, &["A128KW"], &["A128GCM"], zipped.as_bytes(), &Limits::default()).unwrap();
    assert_eq!(opened.plaintext, plaintext.as_bytes());
}

#[test]
fn empty_plaintext_and_empty_extra_header_round_trip() {
    let key = secret(&[1u8; 32]);
    for enc in ENCS {
        let token = jwe::encrypt(&key, "A256KW", enc, b"", b"", &fast()).unwrap();
        let opened = jwe::decrypt(&key, &["A256KW"], &[enc], token.as_bytes(), &Limits::default()).unwrap();
        assert!(opened.plaintext.is_empty(), "{enc}");
    }
}

#[test]
fn jam_derived_keys_drive_a128kw_and_a256kw() {
    let derived = jwe::derive_jam_jwe_key(b"a jam secret");
    for (alg, len) in [("A128KW", 16), ("A256KW", 32)] {
        let key = secret(&derived[..len]);
        let token = jwe::encrypt(&key, alg, "A256GCM", b"", b"jam", &fast()).unwrap();
        let opened = jwe::decrypt(&key, &[alg], &["A256GCM"], token.as_bytes(), &Limits::default()).unwrap();
        assert_eq!(opened.plaintext, b"jam");
    }
}

#[test]
fn tokens_are_fresh_each_time() {
    let key = secret(&[9u8; 16]);
    let a = jwe::encrypt(&key, "A128KW", "A128GCM", b"", b"same", &fast()).unwrap();
    let b = jwe::encrypt(&key, "A128KW", "A128GCM", b"", b"same", &fast()).unwrap();
    let (a, b) = (segments(&a), segments(&b));
    assert_ne!(a[1], b[1], "CEK must be fresh");
    assert_ne!(a[2], b[2], "IV must be fresh");
}

/// The sender's agreement made outside the core (the native backend's
/// node:crypto ECDH): RFC 7518 Appendix C's keys, Alice's ephemeral key as
/// the point and Z computed from Bob's side, opens with Bob's key and carries
/// Alice's public key as `epk`.
#[test]
fn an_ecdh_agreement_made_outside_the_core_opens_with_the_recipient_key() {
    let vector = common::json("rfc7518/appendix_c_ecdh_es.json");
    let bob = common::key(&vector["bob"]);
    let alice = &vector["alice_ephemeral"];
    let alice_public = serde_json::json!({ "kty": "EC", "crv": "P-256", "x": alice["x"], "y": alice["y"] });
    let z = ecdh_es::recipient_agree(&bob, &alice_public).unwrap();
    let point = [vec![4u8], b64(alice["x"].as_str().unwrap()), b64(alice["y"].as_str().unwrap())].concat();
    let header = br#"{"apu":"QWxpY2U","apv":"Qm9i"}"#;
    for alg in ["ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A256KW"] {
        let token = jwe::encrypt_ecdh_agreed(&bob, alg, "A128GCM", header, b"agreed elsewhere", &point, &z).unwrap();
        let opened = jwe::decrypt(&bob, &[alg], &["A128GCM"], token.as_bytes(), &Limits::default()).unwrap();
        assert_eq!(opened.plaintext, b"agreed elsewhere", "{alg}");
        let written = header_of(&token);
        assert_eq!(written["epk"], alice_public, "{alg}");
        assert_eq!((written["alg"].as_str(), written["apu"].as_str()), (Some(alg), Some("QWxpY2U")));
    }
}

#[test]
fn an_agreement_made_outside_the_core_is_refused_when_it_cannot_be_right() {
    use common::code;
    use jam_jose::error::Code;
    let bob = common::key(&common::json("rfc7518/appendix_c_ecdh_es.json")["bob"]);
    let point = [vec![4u8], vec![7u8; 64]].concat();
    let encrypt = |key: &Key, alg: &str, point: &[u8], z: &[u8]| {
        jwe::encrypt_ecdh_agreed(key, alg, "A128GCM", b"", b"x", point, z)
    };
    // Z must have the curve's size; the point must be uncompressed SEC1 of it.
    assert_eq!(code(encrypt(&bob, "ECDH-ES", &point, &[1u8; 31])), Code::InvalidArgument);
    assert_eq!(code(encrypt(&bob, "ECDH-ES", &point[..33], &[1u8; 32])), Code::EncryptionFailed);
    let mut compressed = point.clone();
    compressed[0] = 2;
    assert_eq!(code(encrypt(&bob, "ECDH-ES", &compressed, &[1u8; 32])), Code::EncryptionFailed);
    // Only ECDH-ES takes an agreement, and only to a NIST-curve key.
    assert!(encrypt(&bob, "A128KW", &point, &[1u8; 32]).is_err());
    let x25519 = unrestricted(x25519_jwk());
    assert_eq!(code(encrypt(&x25519, "ECDH-ES", &[9u8; 32], &[1u8; 32])), Code::InvalidArgument);
}
