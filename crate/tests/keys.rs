//! Key import, export, thumbprints and generation, checked against files
//! made once with the OpenSSL 3.0 CLI (tests/data/keys/) and the RFC 7520
//! JWKs (tests/data/rfc7520/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use jam_jose::error::Code;
use jam_jose::key::{parse_jwk, Key, Material};

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
    assert_eq!(code(parse_jwk(&bad)), Code::KeyEncoding);
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
    let swapped = with_member(
        &with_member(&private, "dp", object["dq"].clone()),
        "dq",
        object["dp"].clone(),
    );
    assert_eq!(code(parse_jwk(&swapped)), Code::KeyEncoding);
    // A d that is not the inverse of e.
    let bad_d = with_member(&private, "d", object["dp"].clone());
    assert_eq!(code(parse_jwk(&bad_d)), Code::KeyEncoding);
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
    assert_eq!(code(parse_jwk(&other_x)), Code::KeyEncoding);
    let short = with_member(ed, "x", "AAAA".into());
    assert_eq!(code(parse_jwk(&short)), Code::KeyEncoding);
}
