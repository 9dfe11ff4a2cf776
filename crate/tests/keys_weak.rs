//! Weak and hostile keys are refused at import with a typed error that says
//! why: ROCA moduli, bad RSA exponents and moduli, out-of-range EC scalars,
//! private halves that do not match their public halves, small-order and
//! non-canonical Ed25519 / X25519 points, and encrypted keys whose key
//! derivation is degenerate or too costly. Ed25519 verification refuses
//! small-order R and non-canonical S.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use der::asn1::OctetStringRef;
use der::Encode;
use jam_jose::base64url;
use jam_jose::error::Code;
use jam_jose::key::{generate, parse_der, parse_der_with, parse_jwk, parse_pem, KdfLimits};
use pkcs8::pkcs5::pbes2::{self, Kdf, Pbkdf2Params, Pbkdf2Prf, ScryptParams};
use pkcs8::EncryptedPrivateKeyInfoRef;
use serde_json::Value;

fn data(path: &str) -> String {
    let full = format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn code<T>(result: jam_jose::error::Result<T>) -> Code {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.code,
    }
}

fn message<T>(result: jam_jose::error::Result<T>) -> String {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.message,
    }
}

fn with_member(jwk: &Value, name: &str, value: &[u8]) -> String {
    let mut object = jwk.clone();
    object[name] = Value::String(base64url::encode(value));
    object.to_string()
}

fn member(jwk: &Value, name: &str) -> Vec<u8> {
    base64url::decode(jwk[name].as_str().unwrap().as_bytes()).unwrap()
}

// ---- encrypted PKCS#8: degenerate and costly key derivation ----

/// An encrypted PKCS#8 DER with the given KDF and random "ciphertext": the
/// parameters are refused before any decryption is tried.
fn encrypted_der(kdf: Kdf) -> Vec<u8> {
    encrypted_der_with(kdf, pbes2::EncryptionScheme::Aes256Cbc { iv: [7u8; 16] }, &[0x5a; 64])
}

fn encrypted_der_with(kdf: Kdf, encryption: pbes2::EncryptionScheme, data: &[u8]) -> Vec<u8> {
    let params = pbes2::Parameters { kdf, encryption };
    let info = EncryptedPrivateKeyInfoRef {
        encryption_algorithm: pkcs8::pkcs5::EncryptionScheme::Pbes2(params),
        encrypted_data: OctetStringRef::new(data).unwrap(),
    };
    info.to_der().unwrap()
}

fn scrypt(n: u64, r: u16, p: u16) -> Vec<u8> {
    encrypted_der(Kdf::Scrypt(ScryptParams {
        salt: (&[1u8; 16][..]).try_into().unwrap(),
        cost_parameter: n,
        block_size: r,
        parallelization: p,
        key_length: None,
    }))
}

fn pbkdf2(iterations: u32) -> Vec<u8> {
    encrypted_der(Kdf::Pbkdf2(Pbkdf2Params {
        salt: (&[1u8; 16][..]).try_into().unwrap(),
        iteration_count: iterations,
        key_length: None,
        prf: Pbkdf2Prf::HmacWithSha256,
    }))
}

#[test]
fn refuses_degenerate_scrypt_parameters_without_panicking_a_thousand_times() {
    for _ in 0..1000 {
        assert_eq!(code(parse_der(&scrypt(0, 8, 1), Some(b"pw"))), Code::KeyEncoding);
    }
    for (n, r, p) in [(1, 8, 1), (3, 8, 1), (1 << 14, 0, 1), (1 << 14, 8, 0), (2, u16::MAX, u16::MAX)] {
        assert_eq!(code(parse_der(&scrypt(n, r, p), Some(b"pw"))), Code::KeyEncoding, "N={n} r={r} p={p}");
    }
    // Huge values are a cost refusal, not an allocation.
    for (n, r, p) in [(1 << 62, u16::MAX, 1), (1 << 16, 8, 16), (1 << 20, 8, 1)] {
        assert_eq!(code(parse_der(&scrypt(n, r, p), Some(b"pw"))), Code::KdfLimit, "N={n} r={r} p={p}");
    }
    // The core still works afterwards.
    let key = generate("P-256").unwrap();
    let token = jam_jose::jws::sign(&key, "ES256", br#"{"alg":"ES256"}"#, b"still fine").unwrap();
    assert!(jam_jose::jws::verify(&key, &["ES256"], token.as_bytes(), 1 << 16).is_ok());
}

#[test]
fn refuses_zero_and_too_many_pbkdf2_iterations_before_any_work() {
    assert_eq!(code(parse_der(&pbkdf2(0), Some(b"pw"))), Code::KeyEncoding);
    assert_eq!(code(parse_der(&pbkdf2(1_000_000), Some(b"pw"))), Code::KdfLimit);
    assert!(message(parse_der(&pbkdf2(1_000_000), Some(b"pw"))).contains("maxPbkdf2Iterations"));
    // Within the default cap, the KDF runs and the (random) data is a wrong password.
    assert_eq!(code(parse_der(&pbkdf2(2048), Some(b"pw"))), Code::KeyPassword);
    // The cap is the caller's: lowered, an OpenSSL-default key is refused.
    let strict = KdfLimits { max_pbkdf2_iterations: 1000, ..KdfLimits::default() };
    assert_eq!(code(parse_der_with(&pbkdf2(2048), Some(b"pw"), &strict)), Code::KdfLimit);
    let strict_scrypt = KdfLimits { max_scrypt_memory: 1 << 20, ..KdfLimits::default() };
    assert_eq!(code(parse_der_with(&scrypt(1 << 14, 8, 1), Some(b"pw"), &strict_scrypt)), Code::KdfLimit);
}

#[test]
fn ciphertexts_of_any_length_are_a_password_error_never_a_panic() {
    let kdf = || {
        Kdf::Pbkdf2(Pbkdf2Params {
            salt: (&[1u8; 16][..]).try_into().unwrap(),
            iteration_count: 1,
            key_length: None,
            prf: Pbkdf2Prf::HmacWithSha256,
        })
    };
    for len in 0..48 {
        let data = vec![0xa5u8; len];
        for scheme in [
            pbes2::EncryptionScheme::Aes128Cbc { iv: [1; 16] },
            pbes2::EncryptionScheme::Aes256Cbc { iv: [1; 16] },
            pbes2::EncryptionScheme::Aes128Gcm { nonce: [2; 12] },
            pbes2::EncryptionScheme::Aes256Gcm { nonce: [2; 12] },
        ] {
            let result = parse_der(&encrypted_der_with(kdf(), scheme, &data), Some(b"pw"));
            assert!(matches!(code(result), Code::KeyPassword | Code::KeyEncoding), "{len} bytes");
        }
    }
}

#[test]
fn decrypts_openssl_scrypt_defaults_within_the_default_caps() {
    // N = 2^14, r = 8, p = 1 is what `openssl pkcs8 -scrypt` writes: within
    // the caps, so the KDF runs and the random data is a wrong password.
    assert_eq!(code(parse_der(&scrypt(1 << 14, 8, 1), Some(b"pw"))), Code::KeyPassword);
}

// ---- RSA ----

#[test]
fn refuses_a_modulus_with_the_roca_fingerprint_for_signing_and_verifying() {
    let fixture: Value = serde_json::from_str(&data("keys/roca-2048.json")).unwrap();
    let private = fixture["private_jwk"].to_string();
    let public = fixture["public_jwk"].to_string();
    assert_eq!(code(parse_jwk(&private)), Code::KeyWeak);
    assert_eq!(code(parse_jwk(&public)), Code::KeyWeak);
    assert_eq!(code(parse_pem(fixture["spki_pem"].as_str().unwrap(), None)), Code::KeyWeak);
    assert!(message(parse_jwk(&public)).contains("ROCA"));
    // An ordinary key of the same size is accepted.
    assert!(parse_jwk(&data("rfc7520/3_3.rsa_public_key.json")).is_ok());
}

#[test]
fn refuses_rsa_public_exponents_that_are_even_one_or_out_of_range() {
    let public: Value = serde_json::from_str(&data("rfc7520/3_3.rsa_public_key.json")).unwrap();
    for e in [&[1u8][..], &[2], &[0x01, 0x00, 0x00], &[0x01, 0x00, 0x00, 0x00, 0x01], &[0xff; 9]] {
        let jwk = with_member(&public, "e", e);
        assert_eq!(code(parse_jwk(&jwk)), Code::KeyWeak, "e = {e:?}");
    }
    assert!(message(parse_jwk(&with_member(&public, "e", &[2]))).contains("exponent"));
    assert!(parse_jwk(&with_member(&public, "e", &[3])).is_ok());
    assert!(parse_jwk(&with_member(&public, "e", &[0xff, 0xff, 0xff, 0xff])).is_ok());
}

/// Subtracts a small value from a big-endian integer.
fn minus(n: &[u8], k: u32) -> Vec<u8> {
    let mut out = n.to_vec();
    let mut borrow = k;
    for byte in out.iter_mut().rev() {
        let value = i64::from(*byte) - i64::from(borrow & 0xff);
        borrow >>= 8;
        if value < 0 {
            *byte = (value + 256) as u8;
            borrow += 1;
        } else {
            *byte = value as u8;
        }
    }
    out
}

fn residue(n: &[u8], r: u32) -> u32 {
    n.iter().fold(0u32, |acc, b| ((acc << 8) | u32::from(*b)) % r)
}

#[test]
fn refuses_even_moduli_and_moduli_with_a_small_factor() {
    let public: Value = serde_json::from_str(&data("rfc7520/3_3.rsa_public_key.json")).unwrap();
    let n = member(&public, "n");
    let even = minus(&n, 1);
    assert_eq!(code(parse_jwk(&with_member(&public, "n", &even))), Code::KeyWeak);
    // The largest odd multiple of 3 below n.
    let mut by_three = minus(&n, residue(&n, 3));
    if residue(&by_three, 2) == 0 {
        by_three = minus(&by_three, 3);
    }
    assert_eq!(residue(&by_three, 3), 0);
    assert!(message(parse_jwk(&with_member(&public, "n", &by_three))).contains("divisible by 3"));
    // Tiny moduli stay "too small".
    assert_eq!(code(parse_jwk(&with_member(&public, "n", &n[..128]))), Code::KeyTooSmall);
}

#[test]
fn refuses_an_rsa_jwk_whose_private_part_belongs_to_another_key() {
    let a: Value = serde_json::from_str(&generate("RSA-2048").unwrap().to_jwk(true).unwrap()).unwrap();
    let b: Value = serde_json::from_str(&generate("RSA-2048").unwrap().to_jwk(true).unwrap()).unwrap();
    let mut mixed = b.clone();
    mixed["n"] = a["n"].clone();
    assert_eq!(code(parse_jwk(&mixed.to_string())), Code::KeyMismatch);
}

// ---- EC ----

const P256_ORDER: &str = "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551";

fn hex(text: &str) -> Vec<u8> {
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
}

#[test]
fn refuses_ec_private_scalars_of_zero_or_at_least_the_group_order() {
    let jwk: Value = serde_json::from_str(&generate("P-256").unwrap().to_jwk(true).unwrap()).unwrap();
    let order = hex(P256_ORDER);
    for d in [vec![0u8; 32], order.clone(), minus(&[0xff; 32], 0)] {
        assert_eq!(code(parse_jwk(&with_member(&jwk, "d", &d))), Code::KeyWeak);
    }
    assert!(message(parse_jwk(&with_member(&jwk, "d", &order))).contains("group order"));
}

#[test]
fn refuses_ec_and_okp_jwks_whose_d_belongs_to_another_key() {
    for spec in ["P-256", "P-384", "P-521", "Ed25519", "X25519"] {
        let a: Value = serde_json::from_str(&generate(spec).unwrap().to_jwk(true).unwrap()).unwrap();
        let b: Value = serde_json::from_str(&generate(spec).unwrap().to_jwk(true).unwrap()).unwrap();
        let mut mixed = a.clone();
        mixed["d"] = b["d"].clone();
        assert_eq!(code(parse_jwk(&mixed.to_string())), Code::KeyMismatch, "{spec}");
        assert!(parse_jwk(&a.to_string()).is_ok());
    }
}

// ---- Ed25519 and X25519 ----

fn okp(crv: &str, x: &[u8]) -> String {
    serde_json::json!({ "kty": "OKP", "crv": crv, "x": base64url::encode(x) }).to_string()
}

/// Encodings of the eight small-order Edwards points (and sign-flipped
/// variants of those whose x is not 0), from "Taming the many EdDSAs".
const SMALL_ORDER_ED25519: [&str; 7] = [
    "0100000000000000000000000000000000000000000000000000000000000000",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000080",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
];

#[test]
fn refuses_small_order_non_canonical_and_mixed_order_ed25519_public_keys() {
    for point in SMALL_ORDER_ED25519 {
        assert_eq!(code(parse_jwk(&okp("Ed25519", &hex(point)))), Code::KeyWeak, "{point}");
    }
    // y = p + 1 is a non-canonical encoding of the identity; the identity
    // with the sign bit set is "negative zero".
    let mut y_p_plus_1 = [0xffu8; 32];
    y_p_plus_1[0] = 0xee;
    y_p_plus_1[31] = 0x7f;
    assert_eq!(code(parse_jwk(&okp("Ed25519", &y_p_plus_1))), Code::KeyWeak);
    let mut negative_identity = [0u8; 32];
    negative_identity[0] = 1;
    negative_identity[31] = 0x80;
    assert_eq!(code(parse_jwk(&okp("Ed25519", &negative_identity))), Code::KeyWeak);
    // An honest key plus a point of order 8: on the curve, but not in the
    // prime-order subgroup.
    let honest: Value = serde_json::from_str(&generate("Ed25519").unwrap().to_jwk(false).unwrap()).unwrap();
    let a = curve25519_dalek::edwards::CompressedEdwardsY(member(&honest, "x").try_into().unwrap());
    let t = curve25519_dalek::edwards::CompressedEdwardsY(hex(SMALL_ORDER_ED25519[4]).try_into().unwrap());
    let mixed = (a.decompress().unwrap() + t.decompress().unwrap()).compress();
    assert!(message(parse_jwk(&okp("Ed25519", mixed.as_bytes()))).contains("small-order component"));
    assert!(parse_jwk(&honest.to_string()).is_ok());
}

#[test]
fn refuses_low_order_and_non_canonical_x25519_public_keys() {
    let low_order = [
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    ];
    for u in low_order {
        assert_eq!(code(parse_jwk(&okp("X25519", &hex(u)))), Code::KeyWeak, "{u}");
    }
    let honest: Value = serde_json::from_str(&generate("X25519").unwrap().to_jwk(false).unwrap()).unwrap();
    let mut top_bit = member(&honest, "x");
    top_bit[31] |= 0x80;
    assert_eq!(code(parse_jwk(&okp("X25519", &top_bit))), Code::KeyWeak);
    assert!(parse_jwk(&honest.to_string()).is_ok());
}

/// Replaces the signature of a compact JWS.
fn with_signature(token: &str, signature: &[u8]) -> String {
    let cut = token.rfind('.').unwrap();
    format!("{}.{}", &token[..cut], base64url::encode(signature))
}

#[test]
fn ed25519_verification_refuses_small_order_r_and_non_canonical_s() {
    let key = generate("Ed25519").unwrap();
    let token = jam_jose::jws::sign(&key, "EdDSA", br#"{"alg":"EdDSA"}"#, b"payload").unwrap();
    let verify = |t: &str| jam_jose::jws::verify(&key, &["EdDSA"], t.as_bytes(), 1 << 16).map(|_| ());
    assert!(verify(&token).is_ok());
    let signature = base64url::decode(&token.as_bytes()[token.rfind('.').unwrap() + 1..]).unwrap();
    // R = identity, S = 0: the forgery an identity public key would accept.
    let mut identity_zero = [0u8; 64];
    identity_zero[0] = 1;
    assert_eq!(code(verify(&with_signature(&token, &identity_zero))), Code::SignatureInvalid);
    // Each small-order R with the real S.
    for point in SMALL_ORDER_ED25519 {
        let mut forged = signature.clone();
        forged[..32].copy_from_slice(&hex(point));
        assert_eq!(code(verify(&with_signature(&token, &forged))), Code::SignatureInvalid);
    }
    // S + L: the same scalar, not reduced (malleability).
    let order = hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
    let mut s_plus_l = signature.clone();
    let mut carry = 0u16;
    for i in 0..32 {
        let sum = u16::from(s_plus_l[32 + i]) + u16::from(order[i]) + carry;
        s_plus_l[32 + i] = sum as u8;
        carry = sum >> 8;
    }
    assert_eq!(code(verify(&with_signature(&token, &s_plus_l))), Code::SignatureInvalid);
}
