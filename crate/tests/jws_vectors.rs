//! JWS conformance: RFC 7515 Appendix A.1, the RFC 7520 cookbook signatures
//! (section 4) and RFC 8037's Ed25519 example, plus rejections that every
//! verifier must make.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use jam_jose::error::Code;
use jam_jose::jws;
use jam_jose::key::{self, Key};
use serde_json::Value;

fn vector(path: &str) -> Value {
    let text = std::fs::read_to_string(format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn jwk(v: &Value) -> Key {
    key::parse_jwk(&v["input"]["key"].to_string()).unwrap()
}

fn compact(v: &Value) -> String {
    v["output"]["compact"].as_str().unwrap().to_string()
}

/// Signs the vector's header and payload and checks the exact token
/// (deterministic algorithms only), then verifies the published token.
fn check(path: &str, reproducible: bool) {
    let v = vector(path);
    let key = jwk(&v);
    let alg = v["input"]["alg"].as_str().unwrap();
    let token = compact(&v);
    let verified = jws::verify(&key, &[alg], token.as_bytes(), 1 << 20).unwrap();
    assert_eq!(verified.payload, v["input"]["payload"].as_str().unwrap().as_bytes(), "{path}");
    let header: Value = serde_json::from_slice(&verified.header).unwrap();
    assert_eq!(header, v["signing"]["protected"], "{path}");
    if reproducible {
        let header_b64 = v["signing"]["protected_b64u"].as_str().unwrap();
        let header_json = jam_jose::base64url::decode(header_b64.as_bytes()).unwrap();
        let ours = jws::sign(&key, alg, &header_json, v["input"]["payload"].as_str().unwrap().as_bytes()).unwrap();
        assert_eq!(ours, token, "{path}");
    } else {
        // Signatures the RFC made with a random salt or nonce: ours must verify
        // and cannot repeat the published bytes (PS384 salts at random; ES512
        // through p521 derives its nonce per RFC 6979, so two of ours are equal).
        let ours = jws::sign(&key, alg, &verified.header, &verified.payload).unwrap();
        jws::verify(&key, &[alg], ours.as_bytes(), 1 << 20).unwrap();
        assert_ne!(ours, token, "{path}: our signature repeated the published one");
    }
}

#[test]
fn rfc7520_4_1_rs256_is_reproduced_exactly() {
    check("rfc7520/jws/4_1.rsa_v15_signature.json", true);
}

#[test]
fn rfc7520_4_2_ps384_verifies() {
    check("rfc7520/jws/4_2.rsa-pss_signature.json", false);
}

#[test]
fn rfc7520_4_3_es512_verifies() {
    check("rfc7520/jws/4_3.ecdsa_signature.json", false);
}

#[test]
fn rfc7520_4_4_hs256_is_reproduced_exactly() {
    check("rfc7520/jws/4_4.hmac-sha2_integrity_protection.json", true);
}

#[test]
fn rfc8037_ed25519_is_reproduced_exactly() {
    check("rfc8037/ed25519_jws.json", true);
}

const RFC7515_A1_KEY: &str =
    r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#;
const RFC7515_A1_TOKEN: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

#[test]
fn rfc7515_a1_hs256_verifies() {
    let key = key::parse_jwk(RFC7515_A1_KEY).unwrap();
    let verified = jws::verify(&key, &["HS256"], RFC7515_A1_TOKEN.as_bytes(), 1 << 20).unwrap();
    assert!(verified.payload.starts_with(b"{\"iss\":\"joe\""));
}

fn code(result: jam_jose::error::Result<jws::Verified>) -> Code {
    result.unwrap_err().code
}

#[test]
fn rejects_what_every_verifier_must() {
    let key = key::parse_jwk(RFC7515_A1_KEY).unwrap();
    let token = RFC7515_A1_TOKEN;
    let (head, rest) = token.split_once('.').unwrap();
    let (payload, signature) = rest.split_once('.').unwrap();

    // Tampered payload and signature.
    let tampered = format!("{head}.{}.{signature}", payload.replacen('e', "f", 1));
    assert_eq!(code(jws::verify(&key, &["HS256"], tampered.as_bytes(), 4096)), Code::SignatureInvalid);
    let mut sig = signature.to_string();
    sig.replace_range(0..1, if sig.starts_with('A') { "B" } else { "A" });
    let tampered = format!("{head}.{payload}.{sig}");
    assert_eq!(code(jws::verify(&key, &["HS256"], tampered.as_bytes(), 4096)), Code::SignatureInvalid);

    // Wrong segment counts, empty parts, bad base64url, oversize.
    for bad in ["", ".", "..", "a.b", "a.b.c.d", &format!("{head}.{payload}."), &format!(".{payload}.{signature}")] {
        assert_eq!(code(jws::verify(&key, &["HS256"], bad.as_bytes(), 4096)), Code::TokenMalformed, "{bad:?}");
    }
    let padded = format!("{head}.{payload}.{signature}=");
    assert_eq!(code(jws::verify(&key, &["HS256"], padded.as_bytes(), 4096)), Code::Base64);
    assert_eq!(code(jws::verify(&key, &["HS256"], token.as_bytes(), 100)), Code::TokenTooLarge);

    // The allow-list decides, not the token.
    assert_eq!(code(jws::verify(&key, &["HS512"], token.as_bytes(), 4096)), Code::AlgNotAllowed);
    assert_eq!(code(jws::verify(&key, &[], token.as_bytes(), 4096)), Code::AlgNotAllowed);

    // alg none, even when the caller lists it.
    let none_head = jam_jose::base64url::encode(br#"{"alg":"none"}"#);
    let none = format!("{none_head}.{payload}.{signature}");
    assert_eq!(code(jws::verify(&key, &["none", "HS256"], none.as_bytes(), 4096)), Code::AlgNotAllowed);

    // A header that is not a JSON object with a string alg.
    for header in [&b"[]"[..], b"{\"alg\":1}", b"{}", b"not json", b"{\"alg\":\"HS256\",\"b64\":false}"] {
        let bad = format!("{}.{payload}.{signature}", jam_jose::base64url::encode(header));
        assert_eq!(code(jws::verify(&key, &["HS256"], bad.as_bytes(), 4096)), Code::HeaderInvalid);
    }
}

#[test]
fn refuses_key_confusion_between_families() {
    // An RSA public key is never an HMAC secret; an HS256 token does not
    // verify with it even if HS256 is allowed.
    let v = vector("rfc7520/jws/4_1.rsa_v15_signature.json");
    let rsa = jwk(&v);
    let hs = key::parse_jwk(RFC7515_A1_KEY).unwrap();
    assert_eq!(code(jws::verify(&rsa, &["HS256"], RFC7515_A1_TOKEN.as_bytes(), 4096)), Code::KeyAlgMismatch);
    assert_eq!(jws::sign(&hs, "RS256", b"{}", b"x").unwrap_err().code, Code::KeyAlgMismatch);
    // An ES512 key is not an ES256 key.
    let ec = jwk(&vector("rfc7520/jws/4_3.ecdsa_signature.json"));
    assert_eq!(jws::sign(&ec, "ES256", b"{}", b"x").unwrap_err().code, Code::KeyAlgMismatch);
}

#[test]
fn refuses_short_hmac_secrets_unless_allowed() {
    let short = key::from_secret(b"0123456789abcdef", false).unwrap();
    assert_eq!(jws::sign(&short, "HS256", b"{}", b"x").unwrap_err().code, Code::KeyTooSmall);
    let legacy = key::from_secret(b"0123456789abcdef", true).unwrap();
    let token = jws::sign(&legacy, "HS256", br#"{"alg":"HS256"}"#, b"x").unwrap();
    jws::verify(&legacy, &["HS256"], token.as_bytes(), 4096).unwrap();
    let long = key::from_secret(&[7u8; 48], false).unwrap();
    assert_eq!(jws::sign(&long, "HS512", b"{}", b"x").unwrap_err().code, Code::KeyTooSmall);
    assert!(jws::sign(&long, "HS384", br#"{"alg":"HS384"}"#, b"x").is_ok());
}

#[test]
fn ecdsa_signatures_must_have_the_exact_length() {
    let ec = jwk(&vector("rfc7520/jws/4_3.ecdsa_signature.json"));
    let token = jws::sign(&ec, "ES512", br#"{"alg":"ES512"}"#, b"payload").unwrap();
    let (input, signature) = token.rsplit_once('.').unwrap();
    let mut sig = jam_jose::base64url::decode(signature.as_bytes()).unwrap();
    assert_eq!(sig.len(), 132);
    sig.push(0);
    let longer = format!("{input}.{}", jam_jose::base64url::encode(&sig));
    assert_eq!(code(jws::verify(&ec, &["ES512"], longer.as_bytes(), 4096)), Code::SignatureInvalid);
    // r = 0 is outside [1, n-1].
    let zero = format!("{input}.{}", jam_jose::base64url::encode(&[0u8; 132]));
    assert_eq!(code(jws::verify(&ec, &["ES512"], zero.as_bytes(), 4096)), Code::SignatureInvalid);
}

#[test]
fn unverified_payload_reads_only_well_formed_compact_jws() {
    let v = vector("rfc7520/jws/4_4.hmac-sha2_integrity_protection.json");
    let payload = jws::unverified_payload(compact(&v).as_bytes()).unwrap();
    assert_eq!(payload, v["input"]["payload"].as_str().unwrap().as_bytes());
    for bad in ["a.b", "a.b.c.d.e", "a.Zm9=.c"] {
        assert!(jws::unverified_payload(bad.as_bytes()).is_err(), "{bad}");
    }
}
