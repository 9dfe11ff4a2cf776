//! The jam dialect (crate/src/jam/): what it writes opens in the jam dialect
//! and NOT in the standard one (so standard mode keeps refusing jam's forms),
//! and what the standard dialect writes still opens in the jam dialect. The
//! real-jamlib matrix lives in test/jam/ (TypeScript against Python).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{p256_jwk, p384_jwk, p521_jwk, rsa_jwk, secret, unrestricted};
use jam_jose::error::Code;
use jam_jose::jam::Dialect;
use jam_jose::jwe::{self, EncryptOptions, Limits};
use jam_jose::jws;
use jam_jose::key::Key;

const ENCS: [&str; 5] = ["A128GCM", "A256GCM", "A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512"];

fn open(dialect: Dialect, key: &Key, alg: &str, enc: &str, token: &str) -> jam_jose::error::Result<Vec<u8>> {
    jwe::decrypt_in(dialect, key, &[alg], &[enc], token.as_bytes(), &Limits::default()).map(|d| d.plaintext)
}

fn make(dialect: Dialect, key: &Key, alg: &str, enc: &str) -> String {
    jwe::encrypt_in(dialect, key, alg, enc, b"", b"jam says hello", &EncryptOptions { p2c: 1000 }).unwrap()
}

/// Cases whose jam form differs from the RFC's for every enc.
fn differing() -> Vec<(&'static str, Key)> {
    vec![
        ("RSA-OAEP", unrestricted(rsa_jwk())),
        ("ECDH-ES+A128KW", unrestricted(p256_jwk())),
        ("ECDH-ES+A192KW", unrestricted(p384_jwk())),
        ("ECDH-ES+A256KW", unrestricted(p521_jwk())),
        ("PBES2-HS256+A128KW", secret(b"correct horse battery staple")),
        ("PBES2-HS384+A192KW", secret(b"correct horse battery staple")),
        ("PBES2-HS512+A256KW", secret(b"correct horse battery staple")),
    ]
}

#[test]
fn jam_forms_open_in_the_jam_dialect_only() {
    for (alg, key) in differing() {
        for enc in ENCS {
            let token = make(Dialect::Jam, &key, alg, enc);
            assert_eq!(open(Dialect::Jam, &key, alg, enc, &token).unwrap(), b"jam says hello", "{alg} {enc}");
            let refused = open(Dialect::Standard, &key, alg, enc, &token).unwrap_err();
            assert_eq!(refused.code, Code::DecryptionFailed, "{alg} {enc} in standard mode");
        }
    }
}

#[test]
fn jam_cbc_hmac_tag_is_refused_in_standard_mode_even_with_a_standard_alg() {
    let key = secret(&[7u8; 32]);
    for enc in ["A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512"] {
        let token = make(Dialect::Jam, &key, "A256KW", enc);
        assert_eq!(open(Dialect::Jam, &key, "A256KW", enc, &token).unwrap(), b"jam says hello");
        assert_eq!(open(Dialect::Standard, &key, "A256KW", enc, &token).unwrap_err().code, Code::DecryptionFailed);
    }
}

#[test]
fn standard_forms_open_in_the_jam_dialect() {
    for (alg, key) in differing() {
        for enc in ENCS {
            let token = make(Dialect::Standard, &key, alg, enc);
            assert_eq!(open(Dialect::Jam, &key, alg, enc, &token).unwrap(), b"jam says hello", "{alg} {enc}");
        }
    }
}

#[test]
fn jam_dialect_refuses_to_make_what_no_one_can_open() {
    let cases =
        [("ECDH-ES", unrestricted(p256_jwk())), ("A128GCMKW", secret(&[1u8; 16])), ("A256GCMKW", secret(&[1u8; 32]))];
    for (alg, key) in cases {
        let e = jwe::encrypt_in(Dialect::Jam, &key, alg, "A256GCM", b"", b"x", &EncryptOptions::default()).unwrap_err();
        assert_eq!(e.code, Code::AlgUnsupported, "{alg}");
    }
}

#[test]
fn jam_ecdh_es_kw_needs_the_curve_jam_fixes_for_the_alg() {
    let e = jwe::encrypt_in(
        Dialect::Jam,
        &unrestricted(p256_jwk()),
        "ECDH-ES+A256KW",
        "A256GCM",
        b"",
        b"x",
        &EncryptOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.code, Code::KeyAlgMismatch);
}

#[test]
fn jam_dialect_never_offers_rsa1_5() {
    let key = unrestricted(rsa_jwk());
    let e =
        jwe::encrypt_in(Dialect::Jam, &key, "RSA1_5", "A256GCM", b"", b"x", &EncryptOptions::default()).unwrap_err();
    assert_eq!(e.code, Code::AlgUnsupported);
}

#[test]
fn jam_pss_uses_the_maximum_salt_and_standard_mode_refuses_it() {
    let key = unrestricted(rsa_jwk());
    for alg in ["PS256", "PS384", "PS512"] {
        let header = format!(r#"{{"alg":"{alg}"}}"#);
        let token = jws::sign_in(Dialect::Jam, &key, alg, header.as_bytes(), b"{}").unwrap();
        assert!(jws::verify_in(Dialect::Jam, &key, &[alg], token.as_bytes(), 1 << 16).is_ok(), "{alg}");
        let standard = jws::verify_in(Dialect::Standard, &key, &[alg], token.as_bytes(), 1 << 16);
        assert_eq!(standard.unwrap_err().code, Code::SignatureInvalid, "{alg} in standard mode");
        let standard_token = jws::sign(&key, alg, header.as_bytes(), b"{}").unwrap();
        assert!(jws::verify_in(Dialect::Jam, &key, &[alg], standard_token.as_bytes(), 1 << 16).is_ok(), "{alg}");
    }
}

#[test]
fn jam_pss_max_salt_length_matches_cryptography_for_2048_bits() {
    let key = unrestricted(rsa_jwk());
    let Key { material: jam_jose::key::Material::Rsa(rsa), .. } = &key else { panic!("RSA") };
    assert_eq!(jam_jose::jam::pss::max_salt_len(rsa, jam_jose::hash::Sha2::Sha256), Some(256 - 32 - 2));
}
