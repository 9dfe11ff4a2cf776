//! JWS JSON serialization and RFC 7797: the RFC 7520 4.5-4.8 and RFC 7797
//! vectors (verified, and reproduced byte for byte where the algorithm is
//! deterministic), round trips, and the refusals of RFC 7515 7.2 and RFC 7797.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{code, json, key, p256_jwk, rsa_jwk, secret, unrestricted};
use jam_jose::error::Code;
use jam_jose::jws::extensions::{sign_compact, verify_compact, VerifyOptions};
use jam_jose::jws::json::{sign, verify, Signer, Syntax, VerifiedJson, MAX_SIGNATURES};
use jam_jose::key::Key;
use serde_json::{json, Value};

const ALL: [&str; 5] = ["HS256", "RS256", "ES256", "ES512", "PS256"];

fn opts<'a>(allowed: &'a [&'a str], crit: &'a [&'a str], detached: Option<&'a [u8]>) -> VerifyOptions<'a> {
    VerifyOptions { allowed, crit, max_len: 1 << 20, detached_payload: detached }
}

fn verify_doc(key: &Key, doc: &Value, opts: &VerifyOptions<'_>) -> jam_jose::error::Result<VerifiedJson> {
    verify(key, doc.to_string().as_bytes(), opts)
}

fn b64_json(text: &str) -> Vec<u8> {
    common::b64(text)
}

fn hs_key() -> Key {
    secret(&[7u8; 32])
}

fn hs_signer<'a>(key: &'a Key, protected: &'a [u8], unprotected: &'a [u8]) -> Signer<'a> {
    Signer { key, alg: "HS256", protected, unprotected }
}

#[test]
fn rfc7520_4_5_detached_content_verifies_and_is_reproduced() {
    let v = json("rfc7520/jws-json/4_5.signature_with_detached_content.json");
    let k = key(&v["input"]["key"]);
    let payload = v["input"]["payload"].as_str().unwrap().as_bytes();
    for doc in [&v["output"]["json"], &v["output"]["json_flat"]] {
        let out = verify_doc(&k, doc, &opts(&["HS256"], &[], Some(payload))).unwrap();
        assert_eq!(out.payload, payload);
        // Without the detached payload there is nothing to verify.
        assert_eq!(code(verify_doc(&k, doc, &opts(&["HS256"], &[], None))), Code::TokenMalformed);
        // An empty payload member is detached content too (as jose writes it).
        let mut empty = doc.clone();
        empty["payload"] = json!("");
        assert_eq!(verify_doc(&k, &empty, &opts(&["HS256"], &[], Some(payload))).unwrap().payload, payload);
    }
    let protected = b64_json(v["signing"]["protected_b64u"].as_str().unwrap());
    let flat = sign(&[hs_signer(&k, &protected, b"")], payload, Syntax::Flattened, true).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&flat).unwrap(), v["output"]["json_flat"]);
    let general = sign(&[hs_signer(&k, &protected, b"")], payload, Syntax::General, true).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&general).unwrap(), v["output"]["json"]);
    // The compact form of the same vector, detached too.
    let compact = sign_compact(&k, "HS256", &protected, payload, true).unwrap();
    assert_eq!(compact, v["output"]["compact"].as_str().unwrap());
    let out = verify_compact(&k, compact.as_bytes(), &opts(&["HS256"], &[], Some(payload))).unwrap();
    assert_eq!(out.payload, payload);
}

#[test]
fn rfc7520_4_6_protecting_specific_header_fields_is_reproduced() {
    let v = json("rfc7520/jws-json/4_6.protecting_specific_header_fields.json");
    let k = key(&v["input"]["key"]);
    let payload = v["input"]["payload"].as_str().unwrap().as_bytes();
    for doc in [&v["output"]["json"], &v["output"]["json_flat"]] {
        let out = verify_doc(&k, doc, &opts(&["HS256"], &[], None)).unwrap();
        assert_eq!(out.payload, payload);
        assert_eq!(serde_json::from_slice::<Value>(&out.unprotected).unwrap(), v["signing"]["unprotected"]);
        assert_eq!(serde_json::from_slice::<Value>(&out.protected).unwrap(), v["signing"]["protected"]);
    }
    let protected = b64_json(v["signing"]["protected_b64u"].as_str().unwrap());
    let unprotected = v["signing"]["unprotected"].to_string();
    let flat = sign(&[hs_signer(&k, &protected, unprotected.as_bytes())], payload, Syntax::Flattened, false).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&flat).unwrap(), v["output"]["json_flat"]);
}

#[test]
fn rfc7520_4_7_protecting_content_only_is_reproduced() {
    let v = json("rfc7520/jws-json/4_7.protecting_content_only.json");
    let k = key(&v["input"]["key"]);
    let payload = v["input"]["payload"].as_str().unwrap().as_bytes();
    for doc in [&v["output"]["json"], &v["output"]["json_flat"]] {
        let out = verify_doc(&k, doc, &opts(&["HS256"], &[], None)).unwrap();
        assert_eq!(out.payload, payload);
        assert!(out.protected.is_empty());
    }
    let unprotected = v["signing"]["unprotected"].to_string();
    let general = sign(&[hs_signer(&k, b"", unprotected.as_bytes())], payload, Syntax::General, false).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&general).unwrap(), v["output"]["json"]);
}

#[test]
fn rfc7520_4_8_multiple_signatures_verify_with_each_key_and_deterministic_ones_are_reproduced() {
    let v = json("rfc7520/jws-json/4_8.multiple_signatures.json");
    let payload = v["input"]["payload"].as_str().unwrap().as_bytes();
    let doc = &v["output"]["json"];
    for (index, jwk) in v["input"]["key"].as_array().unwrap().iter().enumerate() {
        let k = key(jwk);
        let out = verify_doc(&k, doc, &opts(&ALL, &[], None)).unwrap();
        assert_eq!(out.index, index, "key {index}");
        assert_eq!(out.payload, payload);
    }
    // The RS256 and HS256 signatures are deterministic: signing again gives them.
    let keys: Vec<Key> = v["input"]["key"].as_array().unwrap().iter().map(key).collect();
    let rs_protected = b64_json(v["signing"][0]["protected_b64u"].as_str().unwrap());
    let rs_unprotected = v["signing"][0]["unprotected"].to_string();
    let hs_protected = b64_json(v["signing"][2]["protected_b64u"].as_str().unwrap());
    let signers = [
        Signer { key: &keys[0], alg: "RS256", protected: &rs_protected, unprotected: rs_unprotected.as_bytes() },
        Signer { key: &keys[2], alg: "HS256", protected: &hs_protected, unprotected: b"" },
    ];
    let made: Value = serde_json::from_str(&sign(&signers, payload, Syntax::General, false).unwrap()).unwrap();
    assert_eq!(made["payload"], doc["payload"]);
    assert_eq!(made["signatures"][0], doc["signatures"][0]);
    assert_eq!(made["signatures"][1], doc["signatures"][2]);
}

#[test]
fn rfc7520_4_8_with_only_one_alg_allowed_verifies_only_that_signature() {
    let v = json("rfc7520/jws-json/4_8.multiple_signatures.json");
    let rsa = key(&v["input"]["key"][0]);
    let doc = &v["output"]["json"];
    assert_eq!(code(verify_doc(&rsa, doc, &opts(&["HS256"], &[], None))), Code::AlgNotAllowed);
    assert_eq!(verify_doc(&rsa, doc, &opts(&["RS256"], &[], None)).unwrap().index, 0);
    // A key none of the signatures was made with.
    let other = unrestricted(rsa_jwk());
    assert_eq!(code(verify_doc(&other, doc, &opts(&ALL, &[], None))), Code::SignatureInvalid);
}

#[test]
fn rfc7797_compact_b64_false_is_reproduced_and_needs_b64_understood() {
    let v = json("rfc7520/rfc7797/hmac-sha2_b64_false.json");
    let k = key(&v["input"]["key"]);
    let payload = v["input"]["payload"].as_str().unwrap().as_bytes();
    let compact = v["output"]["compact"].as_str().unwrap();
    let header = b64_json(compact.split('.').next().unwrap());
    assert_eq!(sign_compact(&k, "HS256", &header, payload, false).unwrap(), compact);
    let out = verify_compact(&k, compact.as_bytes(), &opts(&["HS256"], &["b64"], None)).unwrap();
    assert_eq!(out.payload, payload);
    assert_eq!(code(verify_compact(&k, compact.as_bytes(), &opts(&["HS256"], &[], None))), Code::CritUnsupported);
    // The plain compact path never accepts b64.
    assert_eq!(code(jam_jose::jws::verify(&k, &["HS256"], compact.as_bytes(), 1 << 20)), Code::HeaderInvalid);
    for doc in [&v["output"]["json"], &v["output"]["json_flat"]] {
        assert_eq!(verify_doc(&k, doc, &opts(&["HS256"], &["b64"], None)).unwrap().payload, payload);
        assert_eq!(code(verify_doc(&k, doc, &opts(&["HS256"], &[], None))), Code::CritUnsupported);
    }
    let flat = sign(&[hs_signer(&k, &header, b"")], payload, Syntax::Flattened, false).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&flat).unwrap(), v["output"]["json_flat"]);
}

#[test]
fn rfc7797_b64_false_without_crit_is_refused() {
    let v = json("rfc7520/rfc7797/4.2.hmac-sha2_b64_false.json");
    let k = key(&v["input"]["key"]);
    for doc in [&v["output"]["json"], &v["output"]["json_flat"]] {
        assert_eq!(code(verify_doc(&k, doc, &opts(&["HS256"], &["b64"], None))), Code::HeaderInvalid);
    }
    let header = br#"{"alg":"HS256","b64":false}"#;
    assert_eq!(code(sign_compact(&k, "HS256", header, b"x", false)), Code::HeaderInvalid);
    assert_eq!(code(sign(&[hs_signer(&k, header, b"")], b"x", Syntax::General, false)), Code::HeaderInvalid);
}

#[test]
fn unencoded_compact_payloads_may_not_hold_a_dot_unless_detached() {
    let k = hs_key();
    let header = br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#;
    assert_eq!(code(sign_compact(&k, "HS256", header, b"$.02", false)), Code::InvalidArgument);
    let token = sign_compact(&k, "HS256", header, b"$.02", true).unwrap();
    let out = verify_compact(&k, token.as_bytes(), &opts(&["HS256"], &["b64"], Some(b"$.02"))).unwrap();
    assert_eq!(out.payload, b"$.02");
    // A different detached payload does not verify.
    let wrong = verify_compact(&k, token.as_bytes(), &opts(&["HS256"], &["b64"], Some(b"$.03")));
    assert_eq!(code(wrong), Code::SignatureInvalid);
}

#[test]
fn general_round_trip_with_three_key_types_verifies_with_each() {
    let rsa = unrestricted(rsa_jwk());
    let ec = unrestricted(p256_jwk());
    let hs = hs_key();
    let signers = [
        Signer { key: &rsa, alg: "RS256", protected: br#"{"alg":"RS256"}"#, unprotected: br#"{"kid":"r"}"# },
        Signer { key: &ec, alg: "ES256", protected: b"", unprotected: br#"{"alg":"ES256","kid":"e"}"# },
        Signer { key: &hs, alg: "HS256", protected: br#"{"alg":"HS256","kid":"h"}"#, unprotected: b"" },
    ];
    let doc = sign(&signers, b"hello", Syntax::General, false).unwrap();
    for (index, k) in [&rsa, &ec, &hs].into_iter().enumerate() {
        let out = verify(k, doc.as_bytes(), &opts(&ALL, &[], None)).unwrap();
        assert_eq!((out.index, out.payload.as_slice()), (index, &b"hello"[..]));
    }
}

#[test]
fn a_tampered_first_signature_falls_through_to_a_valid_second_one() {
    let hs = hs_key();
    let doc = sign(
        &[hs_signer(&hs, br#"{"alg":"HS256","kid":"1"}"#, b""), hs_signer(&hs, br#"{"alg":"HS256","kid":"2"}"#, b"")],
        b"data",
        Syntax::General,
        false,
    )
    .unwrap();
    let mut value: Value = serde_json::from_str(&doc).unwrap();
    value["signatures"][0]["signature"] = json!(jam_jose::base64url::encode(&[0u8; 32]));
    assert_eq!(verify_doc(&hs, &value, &opts(&["HS256"], &[], None)).unwrap().index, 1);
    value["signatures"][1]["signature"] = json!(jam_jose::base64url::encode(&[1u8; 32]));
    assert_eq!(code(verify_doc(&hs, &value, &opts(&["HS256"], &[], None))), Code::SignatureInvalid);
    // A tampered payload fails every signature.
    let mut value: Value = serde_json::from_str(&doc).unwrap();
    value["payload"] = json!("ZGF0YQB");
    assert_eq!(code(verify_doc(&hs, &value, &opts(&["HS256"], &[], None))), Code::SignatureInvalid);
}

fn flat_ok() -> Value {
    let doc = sign(&[hs_signer(&hs_key(), br#"{"alg":"HS256"}"#, br#"{"kid":"k"}"#)], b"p", Syntax::Flattened, false);
    serde_json::from_str(&doc.unwrap()).unwrap()
}

#[test]
fn refuses_overlapping_protected_and_unprotected_names() {
    let k = hs_key();
    let signer = hs_signer(&k, br#"{"alg":"HS256","kid":"a"}"#, br#"{"kid":"b"}"#);
    assert_eq!(code(sign(&[signer], b"p", Syntax::General, false)), Code::HeaderInvalid);
    let mut doc = flat_ok();
    doc["header"] = json!({"alg": "HS256"});
    assert_eq!(code(verify_doc(&k, &doc, &opts(&["HS256"], &[], None))), Code::HeaderInvalid);
}

#[test]
fn refuses_crit_and_b64_outside_the_protected_header() {
    let k = hs_key();
    let mut doc = flat_ok();
    doc["header"] = json!({"kid": "k", "crit": ["exp"], "exp": 1});
    assert_eq!(code(verify_doc(&k, &doc, &opts(&["HS256"], &["exp"], None))), Code::HeaderInvalid);
    let mut doc = flat_ok();
    doc["header"] = json!({"kid": "k", "b64": true});
    assert_eq!(code(verify_doc(&k, &doc, &opts(&["HS256"], &["b64"], None))), Code::HeaderInvalid);
    let signer = hs_signer(&k, br#"{"alg":"HS256"}"#, br#"{"crit":["x"],"x":1}"#);
    assert_eq!(code(sign(&[signer], b"p", Syntax::General, false)), Code::HeaderInvalid);
}

#[test]
fn refuses_crit_lists_that_break_the_rules() {
    let k = hs_key();
    for (header, understood, expected) in [
        (r#"{"alg":"HS256","crit":[]}"#, &["x"][..], Code::HeaderInvalid),
        (r#"{"alg":"HS256","crit":"x","x":1}"#, &["x"], Code::HeaderInvalid),
        (r#"{"alg":"HS256","crit":["x"]}"#, &["x"], Code::HeaderInvalid),
        (r#"{"alg":"HS256","crit":["x","x"],"x":1}"#, &["x"], Code::HeaderInvalid),
        (r#"{"alg":"HS256","crit":["kid"],"kid":"k"}"#, &["kid"], Code::HeaderInvalid),
        (r#"{"alg":"HS256","crit":["x"],"x":1}"#, &[], Code::CritUnsupported),
        (r#"{"alg":"HS256","b64":"false","crit":["b64"]}"#, &["b64"], Code::HeaderInvalid),
    ] {
        let protected = jam_jose::base64url::encode(header.as_bytes());
        let doc = json!({"payload": "cA", "protected": protected, "signature": "AAAA"});
        assert_eq!(code(verify_doc(&k, &doc, &opts(&["HS256"], understood, None))), expected, "{header}");
    }
}

#[test]
fn refuses_different_b64_values_across_signatures() {
    let k = hs_key();
    let signers = [
        hs_signer(&k, br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#, b""),
        hs_signer(&k, br#"{"alg":"HS256"}"#, b""),
    ];
    assert_eq!(code(sign(&signers, b"p", Syntax::General, false)), Code::HeaderInvalid);
}

#[test]
fn refuses_malformed_documents() {
    let k = hs_key();
    let ok = flat_ok();
    let sig = ok["signature"].clone();
    let prot = ok["protected"].clone();
    let cases: Vec<(String, Code)> = vec![
        ("[]".into(), Code::TokenMalformed),
        ("\"x\"".into(), Code::TokenMalformed),
        ("{".into(), Code::TokenMalformed),
        (json!({"payload": "cA", "signatures": {}}).to_string(), Code::TokenMalformed),
        (json!({"payload": "cA", "signatures": []}).to_string(), Code::TokenMalformed),
        (json!({"payload": "cA", "signatures": [1]}).to_string(), Code::TokenMalformed),
        (json!({"payload": "cA", "signatures": [{"protected": prot}]}).to_string(), Code::TokenMalformed),
        (json!({"payload": "cA", "signatures": [{"signature": sig}]}).to_string(), Code::TokenMalformed),
        (
            json!({"payload": "cA", "signatures": [{"protected": prot, "signature": 5}]}).to_string(),
            Code::TokenMalformed,
        ),
        (json!({"payload": 1, "protected": prot, "signature": sig}).to_string(), Code::TokenMalformed),
        (
            json!({"payload": "cA", "protected": prot, "signature": sig, "signatures": []}).to_string(),
            Code::TokenMalformed,
        ),
        (json!({"payload": "cA", "protected": "e30=", "signature": sig}).to_string(), Code::Base64),
        (
            json!({"payload": "cA", "protected": jam_jose::base64url::encode(b"not json"), "signature": sig})
                .to_string(),
            Code::HeaderInvalid,
        ),
        (json!({"payload": "cA", "protected": prot, "header": [], "signature": sig}).to_string(), Code::TokenMalformed),
        (json!({"payload": "cA", "protected": prot, "signature": "a+b/"}).to_string(), Code::Base64),
        (
            json!({"payload": "cA", "protected": jam_jose::base64url::encode(br#"{"kid":"k"}"#), "signature": sig})
                .to_string(),
            Code::HeaderInvalid,
        ),
        (
            format!(r#"{{"payload":"cA","protected":{prot},"signature":{sig},"header":{{"kid":"a","kid":"b"}}}}"#),
            Code::TokenMalformed,
        ),
        (format!(r#"{{"payload":"cA","payload":"cB","protected":{prot},"signature":{sig}}}"#), Code::TokenMalformed),
    ];
    for (doc, expected) in cases {
        assert_eq!(code(verify(&k, doc.as_bytes(), &opts(&["HS256"], &[], None))), expected, "{doc}");
    }
}

#[test]
fn refuses_too_many_signatures_and_oversized_documents() {
    let k = hs_key();
    let ok = flat_ok();
    let entry = json!({"protected": ok["protected"], "signature": ok["signature"]});
    let doc = json!({"payload": "cA", "signatures": vec![entry; MAX_SIGNATURES + 1]});
    assert_eq!(code(verify_doc(&k, &doc, &opts(&["HS256"], &[], None))), Code::TokenTooLarge);
    let signers: Vec<Signer> = (0..=MAX_SIGNATURES).map(|_| hs_signer(&k, br#"{"alg":"HS256"}"#, b"")).collect();
    assert_eq!(code(sign(&signers, b"p", Syntax::General, false)), Code::InvalidArgument);
    let two = [hs_signer(&k, br#"{"alg":"HS256"}"#, b""), hs_signer(&k, br#"{"alg":"HS256"}"#, b"")];
    assert_eq!(code(sign(&two, b"p", Syntax::Flattened, false)), Code::InvalidArgument);
    let small = VerifyOptions { max_len: 10, ..opts(&["HS256"], &[], None) };
    assert_eq!(code(verify_doc(&k, &ok, &small)), Code::TokenTooLarge);
}

#[test]
fn refuses_none_unlisted_algs_and_a_detached_payload_beside_an_attached_one() {
    let k = hs_key();
    let ok = flat_ok();
    assert_eq!(code(verify_doc(&k, &ok, &opts(&["HS384"], &[], None))), Code::AlgNotAllowed);
    let none =
        json!({"payload": "cA", "protected": jam_jose::base64url::encode(br#"{"alg":"none"}"#), "signature": ""});
    assert_eq!(code(verify_doc(&k, &none, &opts(&["HS256", "none"], &[], None))), Code::AlgNotAllowed);
    assert_eq!(code(verify_doc(&k, &ok, &opts(&["HS256"], &[], Some(b"p")))), Code::TokenMalformed);
    assert_eq!(verify_doc(&k, &ok, &opts(&["HS256"], &[], None)).unwrap().payload, b"p");
    let signer = hs_signer(&k, br#"{"alg":"HS384"}"#, b"");
    assert_eq!(code(sign(&[signer], b"p", Syntax::General, false)), Code::HeaderInvalid);
}
