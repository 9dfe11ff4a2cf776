//! Key import, export, thumbprints and generation, checked against files
//! made once with the OpenSSL 3.0 CLI (tests/data/keys/) and the RFC 7520
//! JWKs (tests/data/rfc7520/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use jam_jose::error::Code;
use jam_jose::key::{generate, parse_der, parse_jwk, parse_pem, Key, Material};

fn data(path: &str) -> String {
    let full = format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn bytes(path: &str) -> Vec<u8> {
    let full = format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// The password of every encrypted fixture.
const PASSWORD: &[u8] = b"jam-jose-test";

/// Fixture stem and the shape its key has.
const FAMILIES: [(&str, &str); 6] = [
    ("rsa-2048", "RSA-2048"),
    ("ec-P-256", "EC/P-256"),
    ("ec-P-384", "EC/P-384"),
    ("ec-P-521", "EC/P-521"),
    ("ed25519", "OKP/Ed25519"),
    ("x25519", "OKP/X25519"),
];

fn pem_key(file: &str) -> Key {
    parse_pem(&data(&format!("keys/{file}")), Some(PASSWORD)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn der_key(file: &str) -> Key {
    parse_der(&bytes(&format!("keys/{file}")), Some(PASSWORD)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn code<T>(result: jam_jose::error::Result<T>) -> Code {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.code,
    }
}

/// "kty/curve" of a key, to compare in one assertion.
fn shape(key: &Key) -> String {
    match &key.material {
        Material::Oct(_) => "oct".into(),
        Material::Rsa(k) => format!("RSA-{}", k.bits()),
        Material::Ec(k) => format!("EC/{}", k.curve.name()),
        Material::Okp(k) => format!("OKP/{}", k.curve.name()),
    }
}

/// Replaces one member of a JSON object.
fn with_member(json: &str, name: &str, value: serde_json::Value) -> String {
    let mut object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json).unwrap();
    object.insert(name.into(), value);
    serde_json::to_string(&object).unwrap()
}

fn without_member(json: &str, name: &str) -> String {
    let mut object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json).unwrap();
    object.remove(name);
    serde_json::to_string(&object).unwrap()
}

// ---- JWK import (RFC 7517, RFC 7520 section 3) ----

#[test]
fn parses_the_rfc7520_keys_with_their_kid_and_use() {
    let cases = [
        ("rfc7520/3_1.ec_public_key.json", "EC/P-521", false),
        ("rfc7520/3_2.ec_private_key.json", "EC/P-521", true),
        ("rfc7520/3_3.rsa_public_key.json", "RSA-2048", false),
        ("rfc7520/3_4.rsa_private_key.json", "RSA-2048", true),
        ("rfc7520/3_5.symmetric_key_mac_computation.json", "oct", true),
        ("rfc7520/3_6.symmetric_key_encryption.json", "oct", true),
    ];
    for (file, expected, private) in cases {
        let key = parse_jwk(&data(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(shape(&key), expected, "{file}");
        assert_eq!(key.is_private(), private, "{file}");
        assert!(key.kid.is_some(), "{file}");
        assert!(key.usage.use_.is_some(), "{file}");
    }
    let hmac = parse_jwk(&data("rfc7520/3_5.symmetric_key_mac_computation.json")).unwrap();
    assert_eq!(hmac.usage.alg.as_deref(), Some("HS256"));
    match hmac.material {
        Material::Oct(oct) => assert!(!oct.allow_short),
        _ => panic!("oct expected"),
    }
}

#[test]
fn rejects_an_ec_jwk_whose_point_is_off_the_curve() {
    let jwk = data("rfc7520/3_1.ec_public_key.json");
    let object: serde_json::Value = serde_json::from_str(&jwk).unwrap();
    let y = object["y"].as_str().unwrap();
    // Flip the last coordinate bit: still 66 bytes, no longer on P-521.
    let mut bytes = jam_jose::base64url::decode(y.as_bytes()).unwrap();
    *bytes.last_mut().unwrap() ^= 1;
    let bad = with_member(&jwk, "y", jam_jose::base64url::encode(&bytes).into());
    assert_eq!(code(parse_jwk(&bad)), Code::KeyEncoding);
}

#[test]
fn rejects_an_ec_jwk_whose_d_does_not_match_its_point() {
    let private = data("rfc7520/3_2.ec_private_key.json");
    let mut d = [0u8; 66];
    d[65] = 7;
    let bad = with_member(&private, "d", jam_jose::base64url::encode(&d).into());
    assert_eq!(code(parse_jwk(&bad)), Code::KeyMismatch);
}

#[test]
fn rejects_ec_coordinates_of_the_wrong_length() {
    let public = data("rfc7520/3_1.ec_public_key.json");
    let bad = with_member(&public, "x", jam_jose::base64url::encode(&[1u8; 65]).into());
    assert_eq!(code(parse_jwk(&bad)), Code::KeyEncoding);
}

#[test]
fn rejects_members_that_are_not_strict_base64url() {
    let public = data("rfc7520/3_3.rsa_public_key.json");
    assert_eq!(code(parse_jwk(&with_member(&public, "e", "AQAB=".into()))), Code::KeyEncoding);
    assert_eq!(code(parse_jwk(&with_member(&public, "e", "AQ+B".into()))), Code::KeyEncoding);
    let hmac = data("rfc7520/3_5.symmetric_key_mac_computation.json");
    assert_eq!(code(parse_jwk(&with_member(&hmac, "k", "a b".into()))), Code::KeyEncoding);
}

#[test]
fn rejects_missing_members_and_non_json() {
    let public = data("rfc7520/3_3.rsa_public_key.json");
    assert_eq!(code(parse_jwk(&without_member(&public, "n"))), Code::KeyEncoding);
    assert_eq!(code(parse_jwk(&without_member(&public, "kty"))), Code::KeyEncoding);
    assert_eq!(code(parse_jwk("not json")), Code::KeyEncoding);
    assert_eq!(code(parse_jwk("[]")), Code::KeyEncoding);
    assert_eq!(code(parse_jwk(r#"{"kty":"oct","k":5}"#)), Code::KeyEncoding);
}

#[test]
fn rejects_unknown_kty_and_crv_as_key_type() {
    assert_eq!(code(parse_jwk(r#"{"kty":"XYZ"}"#)), Code::KeyType);
    let public = data("rfc7520/3_1.ec_public_key.json");
    assert_eq!(code(parse_jwk(&with_member(&public, "crv", "secp256k1".into()))), Code::KeyType);
    let okp = r#"{"kty":"OKP","crv":"Ed448","x":"AA"}"#;
    assert_eq!(code(parse_jwk(okp)), Code::KeyType);
}

#[test]
fn rejects_an_empty_oct_key_as_too_small() {
    assert_eq!(code(parse_jwk(r#"{"kty":"oct","k":""}"#)), Code::KeyTooSmall);
}

#[test]
fn rejects_an_rsa_jwk_with_other_primes() {
    let private = data("rfc7520/3_4.rsa_private_key.json");
    let bad = with_member(&private, "oth", serde_json::json!([{"r": "AQ", "d": "AQ", "t": "AQ"}]));
    assert_eq!(code(parse_jwk(&bad)), Code::KeyType);
}

#[test]
fn rejects_an_rsa_jwk_with_missing_or_inconsistent_private_members() {
    let private = data("rfc7520/3_4.rsa_private_key.json");
    assert_eq!(code(parse_jwk(&without_member(&private, "qi"))), Code::KeyEncoding);
    let object: serde_json::Value = serde_json::from_str(&private).unwrap();
    // dp and dq swapped: each is well-formed, together they are wrong.
    let swapped = with_member(&with_member(&private, "dp", object["dq"].clone()), "dq", object["dp"].clone());
    assert_eq!(code(parse_jwk(&swapped)), Code::KeyMismatch);
    // A d that is not the inverse of e.
    let bad_d = with_member(&private, "d", object["dp"].clone());
    assert_eq!(code(parse_jwk(&bad_d)), Code::KeyMismatch);
}

#[test]
fn keeps_key_ops_and_refuses_unknown_or_repeated_operations() {
    let hmac = data("rfc7520/3_5.symmetric_key_mac_computation.json");
    let ok = with_member(&hmac, "key_ops", serde_json::json!(["sign", "verify"]));
    assert_eq!(parse_jwk(&ok).unwrap().usage.key_ops.unwrap(), ["sign", "verify"]);
    let unknown = with_member(&hmac, "key_ops", serde_json::json!(["sign", "fly"]));
    assert_eq!(code(parse_jwk(&unknown)), Code::KeyEncoding);
    let twice = with_member(&hmac, "key_ops", serde_json::json!(["sign", "sign"]));
    assert_eq!(code(parse_jwk(&twice)), Code::KeyEncoding);
    let contradicts_use = with_member(&hmac, "key_ops", serde_json::json!(["encrypt"]));
    assert_eq!(code(parse_jwk(&contradicts_use)), Code::KeyEncoding);
    let bad_use = with_member(&hmac, "use", "both".into());
    assert_eq!(code(parse_jwk(&bad_use)), Code::KeyEncoding);
}

#[test]
fn rejects_an_okp_jwk_whose_d_does_not_match_x() {
    // RFC 8037 appendix A.1 and A.2.
    let ed = r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
    let key = parse_jwk(ed).unwrap();
    assert_eq!(shape(&key), "OKP/Ed25519");
    assert!(key.is_private());
    let other_x = with_member(ed, "x", jam_jose::base64url::encode(&[9u8; 32]).into());
    assert_eq!(code(parse_jwk(&other_x)), Code::KeyMismatch);
    let short = with_member(ed, "x", "AAAA".into());
    assert_eq!(code(parse_jwk(&short)), Code::KeyEncoding);
}

// ---- PEM and DER import ----

#[test]
fn parses_every_format_openssl_writes_to_the_right_key() {
    for (stem, expected) in FAMILIES {
        let mut cases = vec![
            (format!("{stem}.pkcs8.pem"), true),
            (format!("{stem}.pkcs8-encrypted.pem"), true),
            (format!("{stem}.spki.pem"), false),
            (format!("{stem}.cert.pem"), false),
        ];
        if stem == "rsa-2048" {
            cases.push((format!("{stem}.pkcs1.pem"), true));
            cases.push((format!("{stem}.pkcs1-public.pem"), false));
        }
        if stem.starts_with("ec-") {
            cases.push((format!("{stem}.sec1.pem"), true));
        }
        for (file, private) in cases {
            let key = pem_key(&file);
            assert_eq!(shape(&key), expected, "{file}");
            assert_eq!(key.is_private(), private, "{file}");
        }
        let mut der_cases = vec![
            (format!("{stem}.pkcs8.der"), true),
            (format!("{stem}.pkcs8-encrypted.der"), true),
            (format!("{stem}.spki.der"), false),
            (format!("{stem}.cert.der"), false),
        ];
        if stem == "rsa-2048" {
            der_cases.push((format!("{stem}.pkcs1.der"), true));
            der_cases.push((format!("{stem}.pkcs1-public.der"), false));
        }
        if stem.starts_with("ec-") {
            der_cases.push((format!("{stem}.sec1.der"), true));
        }
        for (file, private) in der_cases {
            let key = der_key(&file);
            assert_eq!(shape(&key), expected, "{file}");
            assert_eq!(key.is_private(), private, "{file}");
        }
    }
}

#[test]
fn every_form_of_one_key_has_the_same_public_key() {
    for (stem, _) in FAMILIES {
        let reference = pem_key(&format!("{stem}.spki.pem")).to_jwk(false).unwrap();
        for suffix in ["pkcs8.pem", "pkcs8-encrypted.pem", "pkcs8.der", "cert.pem"] {
            let file = format!("{stem}.{suffix}");
            let key = if suffix.ends_with("der") { der_key(&file) } else { pem_key(&file) };
            assert_eq!(key.to_jwk(false).unwrap(), reference, "{file}");
        }
    }
}

#[test]
fn parses_pkcs8_v2_with_its_public_key() {
    let v2 = der_key("ed25519.pkcs8-v2.der");
    assert_eq!(shape(&v2), "OKP/Ed25519");
    assert!(v2.is_private());
    let v1 = pem_key("ed25519.pkcs8.pem");
    assert_eq!(v2.to_jwk(true).unwrap(), v1.to_jwk(true).unwrap());
    assert_eq!(shape(&pem_key("ed25519.pkcs8-v2.pem")), "OKP/Ed25519");
    // RFC 8410 section 10.3: v2 with attributes.
    let rfc = pem_key("rfc8410-ed25519-v2-with-attributes.pem");
    assert!(rfc.is_private());
}

#[test]
fn rejects_pkcs8_v2_whose_public_key_does_not_match() {
    let result = parse_der(&bytes("keys/ed25519.pkcs8-v2-mismatched.der"), None);
    assert_eq!(code(result), Code::KeyMismatch);
}

#[test]
fn reads_the_key_after_the_ec_parameters_block() {
    let key = pem_key("ec-P-256.ecparam.pem");
    assert_eq!(shape(&key), "EC/P-256");
    assert!(key.is_private());
}

#[test]
fn tolerates_whitespace_around_the_pem() {
    let text = format!("\n\n  {}  \n\n", data("keys/ec-P-384.spki.pem"));
    assert_eq!(shape(&parse_pem(&text, None).unwrap()), "EC/P-384");
}

#[test]
fn refuses_a_wrong_or_missing_password_as_key_password() {
    for file in ["rsa-2048.pkcs8-encrypted.pem", "ec-P-256.pkcs8-encrypted.pem", "ed25519.pkcs8-encrypted.pem"] {
        let text = data(&format!("keys/{file}"));
        assert_eq!(code(parse_pem(&text, Some(b"wrong"))), Code::KeyPassword, "{file}");
        assert_eq!(code(parse_pem(&text, None)), Code::KeyPassword, "{file}");
    }
    let der = bytes("keys/x25519.pkcs8-encrypted.der");
    assert_eq!(code(parse_der(&der, Some(b"jam-jose-tesT"))), Code::KeyPassword);
}

#[test]
fn refuses_rsa_1024_as_too_small_and_says_the_size() {
    for file in ["rsa-1024.pkcs8.pem", "rsa-1024.spki.pem", "rsa-1024.pkcs1.pem"] {
        let error = parse_pem(&data(&format!("keys/{file}")), None).err().unwrap();
        assert_eq!(error.code, Code::KeyTooSmall, "{file}");
        assert!(error.message.contains("1024"), "{file}: {}", error.message);
    }
}

#[test]
fn refuses_rsa_above_8192_bits_as_key_type() {
    let mut n = vec![0xffu8; 1026]; // 8208 bits
    n[1025] = 0x01;
    let jwk = format!(r#"{{"kty":"RSA","n":"{}","e":"AQAB"}}"#, jam_jose::base64url::encode(&n));
    let error = parse_jwk(&jwk).err().unwrap();
    assert_eq!(error.code, Code::KeyType);
    assert!(error.message.contains("8208"), "{}", error.message);
}

#[test]
fn verifies_with_rsa_4608_but_refuses_it_as_a_private_key_ring_cannot_sign_with() {
    let public = pem_key("rsa-4608.spki.pem");
    assert_eq!(shape(&public), "RSA-4608");
    let error = parse_pem(&data("keys/rsa-4608.pkcs8.pem"), None).err().unwrap();
    assert_eq!(error.code, Code::KeyType);
    assert!(error.message.contains("4608"), "{}", error.message);
}

#[test]
fn refuses_legacy_openssl_encrypted_pem_and_says_why() {
    let error = parse_pem(&data("keys/rsa-2048.legacy-encrypted.pem"), Some(PASSWORD)).err().unwrap();
    assert_eq!(error.code, Code::KeyEncoding);
    assert!(error.message.contains("Proc-Type"), "{}", error.message);
}

#[test]
fn refuses_unknown_pem_labels_and_non_pem_text() {
    let pem = data("keys/ec-P-256.spki.pem").replace("PUBLIC KEY", "OPENSSH PRIVATE KEY");
    let error = parse_pem(&pem, None).err().unwrap();
    assert_eq!(error.code, Code::KeyEncoding);
    assert!(error.message.contains("OPENSSH PRIVATE KEY"), "{}", error.message);
    assert_eq!(code(parse_pem("hello", None)), Code::KeyEncoding);
    assert_eq!(code(parse_pem("", None)), Code::KeyEncoding);
}

#[test]
fn refuses_a_pem_body_of_the_wrong_structure_for_its_label() {
    let pem = data("keys/ec-P-256.spki.pem").replace("PUBLIC KEY", "PRIVATE KEY");
    assert_eq!(code(parse_pem(&pem, None)), Code::KeyEncoding);
}

#[test]
fn refuses_an_unsupported_curve_as_key_type() {
    assert_eq!(code(parse_pem(&data("keys/ec-secp256k1.pkcs8.pem"), None)), Code::KeyType);
}

#[test]
fn refuses_garbage_and_truncated_der_as_key_encoding() {
    assert_eq!(code(parse_der(b"", None)), Code::KeyEncoding);
    assert_eq!(code(parse_der(b"garbage", None)), Code::KeyEncoding);
    for (stem, _) in FAMILIES {
        for suffix in ["pkcs8.der", "spki.der", "cert.der"] {
            let der = bytes(&format!("keys/{stem}.{suffix}"));
            // Every proper prefix, and the whole with a byte flipped in the middle.
            for cut in [1, der.len() / 2, der.len() - 1] {
                assert_eq!(code(parse_der(&der[..cut], None)), Code::KeyEncoding, "{stem}.{suffix}[..{cut}]");
            }
            let mut extended = der.clone();
            extended.push(0);
            assert_eq!(code(parse_der(&extended, None)), Code::KeyEncoding, "{stem}.{suffix} + 0");
        }
    }
}

#[test]
fn never_panics_on_any_truncation_or_bit_flip() {
    for (stem, _) in FAMILIES {
        for suffix in ["pkcs8.der", "spki.der"] {
            let der = bytes(&format!("keys/{stem}.{suffix}"));
            for cut in 0..der.len() {
                let _ = parse_der(&der[..cut], None);
            }
            for i in 0..der.len().min(200) {
                let mut flipped = der.clone();
                flipped[i] ^= 0x41;
                let _ = parse_der(&flipped, None);
            }
        }
    }
}

// ---- Export and thumbprints ----

#[test]
fn computes_the_rfc7638_section_3_1_thumbprint() {
    let jwk = r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#;
    let key = parse_jwk(jwk).unwrap();
    assert_eq!(key.thumbprint().unwrap(), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
}

#[test]
fn gives_a_private_key_and_its_public_half_one_thumbprint() {
    for (stem, _) in FAMILIES {
        let private = pem_key(&format!("{stem}.pkcs8.pem"));
        let public = pem_key(&format!("{stem}.spki.pem"));
        assert_eq!(private.thumbprint().unwrap(), public.thumbprint().unwrap(), "{stem}");
        assert_eq!(private.public_key().unwrap().thumbprint().unwrap(), public.thumbprint().unwrap());
    }
}

#[test]
fn round_trips_pem_to_jwk_to_key_with_and_without_private_members() {
    for (stem, expected) in FAMILIES {
        let key = pem_key(&format!("{stem}.pkcs8.pem"));
        let private_jwk = key.to_jwk(true).unwrap();
        let back = parse_jwk(&private_jwk).unwrap_or_else(|e| panic!("{stem}: {e}\n{private_jwk}"));
        assert_eq!(shape(&back), expected, "{stem}");
        assert!(back.is_private(), "{stem}");
        assert_eq!(back.to_jwk(true).unwrap(), private_jwk, "{stem}");

        let public_jwk = key.to_jwk(false).unwrap();
        assert!(!public_jwk.contains("\"d\""), "{stem}: {public_jwk}");
        let public = parse_jwk(&public_jwk).unwrap();
        assert!(!public.is_private(), "{stem}");
        assert_eq!(public.thumbprint().unwrap(), key.thumbprint().unwrap(), "{stem}");
    }
}

#[test]
fn round_trips_pem_export_through_import() {
    for (stem, expected) in FAMILIES {
        let key = pem_key(&format!("{stem}.pkcs8.pem"));
        let private_pem = key.to_pem(true).unwrap();
        assert!(private_pem.starts_with("-----BEGIN PRIVATE KEY-----\n"), "{stem}");
        let back = parse_pem(&private_pem, None).unwrap();
        assert_eq!(shape(&back), expected);
        assert_eq!(back.to_jwk(true).unwrap(), key.to_jwk(true).unwrap(), "{stem}");

        let public_pem = key.to_pem(false).unwrap();
        // Our SPKI is byte for byte what OpenSSL wrote.
        assert_eq!(public_pem, data(&format!("keys/{stem}.spki.pem")), "{stem}");
        assert_eq!(key.public_key().unwrap().to_pem(true).unwrap(), public_pem, "{stem}");
    }
    // And our RSA PKCS#8 too (OpenSSL writes the same RFC 8017 structure).
    let rsa = pem_key("rsa-2048.pkcs8.pem");
    assert_eq!(rsa.to_pem(true).unwrap(), data("keys/rsa-2048.pkcs8.pem"));
}

#[test]
fn exports_kid_use_key_ops_and_alg() {
    let hmac = data("rfc7520/3_5.symmetric_key_mac_computation.json");
    let with_ops = with_member(&hmac, "key_ops", serde_json::json!(["sign", "verify"]));
    let jwk: serde_json::Value = serde_json::from_str(&parse_jwk(&with_ops).unwrap().to_jwk(true).unwrap()).unwrap();
    let original: serde_json::Value = serde_json::from_str(&with_ops).unwrap();
    assert_eq!(jwk, original);
}

#[test]
fn refuses_public_or_pem_export_of_an_oct_key() {
    let hmac = parse_jwk(&data("rfc7520/3_6.symmetric_key_encryption.json")).unwrap();
    assert_eq!(code(hmac.to_jwk(false)), Code::KeyType);
    assert_eq!(code(hmac.to_pem(true)), Code::KeyType);
    assert_eq!(code(hmac.public_key()), Code::KeyType);
}

#[test]
fn maps_private_key_ops_to_public_ones_in_the_public_half() {
    let ec = data("rfc7520/3_2.ec_private_key.json");
    let signing = with_member(&without_member(&ec, "use"), "key_ops", serde_json::json!(["sign", "verify"]));
    let public = parse_jwk(&signing).unwrap().public_key().unwrap();
    assert!(!public.is_private());
    assert_eq!(public.usage.key_ops.unwrap(), ["verify"]);
    assert_eq!(public.kid.as_deref(), Some("bilbo.baggins@hobbiton.example"));
}

// ---- Generation ----

#[test]
fn generates_every_spec_and_round_trips_it_through_jwk_and_pem() {
    let specs = [
        ("RSA-2048", "RSA-2048"),
        ("RSA-3072", "RSA-3072"),
        ("RSA-4096", "RSA-4096"),
        ("P-256", "EC/P-256"),
        ("P-384", "EC/P-384"),
        ("P-521", "EC/P-521"),
        ("Ed25519", "OKP/Ed25519"),
        ("X25519", "OKP/X25519"),
    ];
    for (spec, expected) in specs {
        let key = generate(spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
        assert_eq!(shape(&key), expected, "{spec}");
        assert!(key.is_private(), "{spec}");
        let jwk = key.to_jwk(true).unwrap();
        assert_eq!(parse_jwk(&jwk).unwrap().to_jwk(true).unwrap(), jwk, "{spec}");
        let pem = parse_pem(&key.to_pem(true).unwrap(), None).unwrap();
        assert_eq!(pem.thumbprint().unwrap(), key.thumbprint().unwrap(), "{spec}");
    }
}

#[test]
fn generates_oct_keys_of_the_asked_size_and_fresh_each_time() {
    for (spec, len) in [("oct-128", 16), ("oct-192", 24), ("oct-256", 32), ("oct-384", 48), ("oct-512", 64)] {
        let a = generate(spec).unwrap();
        let b = generate(spec).unwrap();
        match (&a.material, &b.material) {
            (Material::Oct(x), Material::Oct(y)) => {
                assert_eq!(x.bytes.len(), len, "{spec}");
                assert!(!x.allow_short);
                assert_ne!(x.bytes.as_slice(), y.bytes.as_slice(), "{spec}");
            }
            _ => panic!("{spec}: oct expected"),
        }
        let jwk = a.to_jwk(true).unwrap();
        assert_eq!(parse_jwk(&jwk).unwrap().thumbprint().unwrap(), a.thumbprint().unwrap());
    }
}

#[test]
fn refuses_an_unknown_generation_spec() {
    for spec in ["RSA-1024", "P-192", "oct-0", "oct-100", "", "ed25519"] {
        assert_eq!(code(generate(spec)), Code::InvalidArgument, "{spec}");
    }
}
