//! JWE JSON serialization: the RFC 7520 5.10-5.13 vectors decrypt to the
//! published plaintext, round trips over several recipients, and the
//! refusals of RFC 7516 7.2 (disjoint headers, zip and crit placement, shape).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{code, json, key, p256_jwk, rsa_jwk, secret, unrestricted, ALGS, ENCS};
use jam_jose::error::Code;
use jam_jose::jwe::json::{decrypt, encrypt, DecryptedJson, Recipient, Shared, Syntax, MAX_RECIPIENTS};
use jam_jose::jwe::{EncryptOptions, Limits};
use jam_jose::key::Key;
use serde_json::{json, Value};

fn open(key: &Key, doc: &Value) -> jam_jose::error::Result<DecryptedJson> {
    decrypt(key, &ALGS, &ENCS, doc.to_string().as_bytes(), &Limits::default())
}

fn vector(name: &str) -> Value {
    json(&format!("rfc7520/jwe-json/{name}.json"))
}

#[test]
fn rfc7520_5_10_to_5_12_decrypt_in_both_syntaxes() {
    for name in [
        "5_10.including_additional_authentication_data",
        "5_11.protecting_specific_header_fields",
        "5_12.protecting_content_only",
    ] {
        let v = vector(name);
        let k = key(&v["input"]["key"]);
        for doc in [&v["output"]["json"], &v["output"]["json_flat"]] {
            let out = open(&k, doc).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(out.plaintext, v["input"]["plaintext"].as_str().unwrap().as_bytes(), "{name}");
            assert_eq!(out.index, 0);
            let aad = v["input"]["aad"].as_str().map(|a| a.as_bytes().to_vec());
            assert_eq!(out.aad, aad, "{name}");
        }
    }
}

#[test]
fn rfc7520_5_11_reports_the_headers_where_they_were() {
    let v = vector("5_11.protecting_specific_header_fields");
    let out = open(&key(&v["input"]["key"]), &v["output"]["json_flat"]).unwrap();
    assert_eq!(serde_json::from_slice::<Value>(&out.protected).unwrap(), json!({"enc": "A128GCM"}));
    assert_eq!(serde_json::from_slice::<Value>(&out.unprotected).unwrap(), v["output"]["json_flat"]["unprotected"]);
}

#[test]
fn rfc7520_5_13_multiple_recipients_each_key_opens_its_own_entry() {
    let v = vector("5_13.encrypting_to_multiple_recipients");
    let doc = &v["output"]["json"];
    let plaintext = v["input"]["plaintext"].as_str().unwrap().as_bytes();
    let keys: Vec<Key> = v["input"]["key"].as_array().unwrap().iter().map(key).collect();
    let ec = open(&keys[1], doc).unwrap();
    assert_eq!((ec.index, ec.plaintext.as_slice()), (1, plaintext));
    assert_eq!(serde_json::from_slice::<Value>(&ec.unprotected).unwrap(), json!({"cty": "text/plain"}));
    let oct = open(&keys[2], doc).unwrap();
    assert_eq!((oct.index, oct.plaintext.as_slice()), (2, plaintext));
    // The RSA recipient uses RSA1_5, which is not on any allow-list we accept.
    assert_eq!(code(open(&keys[0], doc)), Code::AlgNotAllowed);
    // With only A256GCMKW allowed, the EC key has no recipient: the first
    // refusal (RSA1_5 not allowed) is reported.
    let only = decrypt(&keys[1], &["A256GCMKW"], &ENCS, doc.to_string().as_bytes(), &Limits::default());
    assert_eq!(code(only), Code::AlgNotAllowed);
    // Only A256GCMKW allowed and its own key: found.
    let found = decrypt(&keys[2], &["A256GCMKW"], &ENCS, doc.to_string().as_bytes(), &Limits::default());
    assert_eq!(found.unwrap().index, 2);
}

fn shared<'a>(syntax: Syntax, aad: Option<&'a [u8]>) -> Shared<'a> {
    Shared { enc: "A256GCM", protected: br#"{"zip":"DEF"}"#, unprotected: br#"{"cty":"text/plain"}"#, aad, syntax }
}

#[test]
fn general_round_trip_to_four_recipients_each_decrypts() {
    let rsa = unrestricted(rsa_jwk());
    let ec = unrestricted(p256_jwk());
    let oct = secret(&[9u8; 16]);
    let pwd = secret(b"correct horse battery staple");
    let recipients = [
        Recipient { key: &rsa, alg: "RSA-OAEP-256", header: br#"{"kid":"rsa"}"# },
        Recipient { key: &ec, alg: "ECDH-ES+A128KW", header: b"" },
        Recipient { key: &oct, alg: "A128GCMKW", header: br#"{"kid":"oct"}"# },
        Recipient { key: &pwd, alg: "PBES2-HS256+A128KW", header: b"" },
    ];
    let text = b"many recipients, one ciphertext".repeat(10);
    let doc =
        encrypt(&recipients, &shared(Syntax::General, Some(b"extra")), &text, &EncryptOptions::default()).unwrap();
    let value: Value = serde_json::from_str(&doc).unwrap();
    assert_eq!(value["recipients"].as_array().unwrap().len(), 4);
    assert_eq!(value["recipients"][1]["header"]["alg"], "ECDH-ES+A128KW");
    assert!(value["recipients"][1]["header"]["epk"].is_object());
    for (index, k) in [&rsa, &ec, &oct, &pwd].into_iter().enumerate() {
        let out = open(k, &value).unwrap();
        assert_eq!((out.index, out.plaintext.as_slice(), out.aad.as_deref()), (index, &text[..], Some(&b"extra"[..])));
    }
    // The aad is authenticated: changing it fails for every recipient.
    let mut tampered = value.clone();
    tampered["aad"] = json!("ZXh0cmE_");
    assert_eq!(code(open(&oct, &tampered)), Code::DecryptionFailed);
    let mut tampered = value.clone();
    tampered["unprotected"] = json!({"cty": "other"});
    assert_eq!(open(&oct, &tampered).unwrap().plaintext, text, "the unprotected header is not authenticated");
    let mut tampered = value;
    tampered["ciphertext"] = json!("AAAA");
    assert_eq!(code(open(&oct, &tampered)), Code::DecryptionFailed);
}

#[test]
fn flattened_round_trip_with_a_direct_mode() {
    let ec = unrestricted(p256_jwk());
    let recipients = [Recipient { key: &ec, alg: "ECDH-ES", header: b"" }];
    let doc = encrypt(&recipients, &shared(Syntax::Flattened, None), b"hi", &EncryptOptions::default()).unwrap();
    let value: Value = serde_json::from_str(&doc).unwrap();
    assert!(value.get("recipients").is_none() && value.get("encrypted_key").is_none());
    assert_eq!(open(&ec, &value).unwrap().plaintext, b"hi");
}

#[test]
fn a_direct_mode_cannot_share_the_cek_with_other_recipients() {
    let ec = unrestricted(p256_jwk());
    let oct = secret(&[9u8; 32]);
    for recipients in [
        [Recipient { key: &oct, alg: "A256KW", header: b"" }, Recipient { key: &oct, alg: "dir", header: b"" }],
        [Recipient { key: &oct, alg: "A256KW", header: b"" }, Recipient { key: &ec, alg: "ECDH-ES", header: b"" }],
    ] {
        let made = encrypt(&recipients, &shared(Syntax::General, None), b"x", &EncryptOptions::default());
        assert_eq!(code(made), Code::InvalidArgument);
    }
}

fn sample() -> (Key, Value) {
    let oct = secret(&[9u8; 16]);
    let recipients = [Recipient { key: &oct, alg: "A128KW", header: br#"{"kid":"a"}"# }];
    let doc = encrypt(&recipients, &shared(Syntax::General, None), b"x", &EncryptOptions::default()).unwrap();
    (oct, serde_json::from_str(&doc).unwrap())
}

fn b64(text: &str) -> String {
    jam_jose::base64url::encode(text.as_bytes())
}

#[test]
fn refuses_header_names_in_two_places() {
    let (k, doc) = sample();
    let mut overlap = doc.clone();
    overlap["unprotected"] = json!({"kid": "b"});
    assert_eq!(code(open(&k, &overlap)), Code::HeaderInvalid);
    let mut overlap = doc;
    overlap["unprotected"] = json!({"enc": "A256GCM"});
    assert_eq!(code(open(&k, &overlap)), Code::HeaderInvalid);
    let oct = secret(&[9u8; 16]);
    let shared = Shared { unprotected: br#"{"kid":"x"}"#, ..shared(Syntax::General, None) };
    let recipients = [Recipient { key: &oct, alg: "A128KW", header: br#"{"kid":"y"}"# }];
    assert_eq!(code(encrypt(&recipients, &shared, b"x", &EncryptOptions::default())), Code::HeaderInvalid);
}

#[test]
fn refuses_zip_and_crit_outside_the_protected_header_and_crit_anywhere() {
    let (k, doc) = sample();
    let mut zip = doc.clone();
    zip["unprotected"] = json!({"zip": "DEF"});
    zip["protected"] = json!(b64(r#"{"enc":"A256GCM"}"#));
    assert_eq!(code(open(&k, &zip)), Code::HeaderInvalid);
    let mut crit = doc.clone();
    crit["recipients"][0]["header"]["crit"] = json!(["x"]);
    assert_eq!(code(open(&k, &crit)), Code::HeaderInvalid);
    let oct = secret(&[9u8; 16]);
    let recipients = [Recipient { key: &oct, alg: "A128KW", header: br#"{"zip":"DEF"}"# }];
    let made = encrypt(&recipients, &shared(Syntax::General, None), b"x", &EncryptOptions::default());
    assert_eq!(code(made), Code::HeaderInvalid);
    let recipients = [Recipient { key: &oct, alg: "A128KW", header: br#"{"crit":["x"],"x":1}"# }];
    let made = encrypt(&recipients, &shared(Syntax::General, None), b"x", &EncryptOptions::default());
    assert_eq!(code(made), Code::HeaderInvalid);
}

#[test]
fn refuses_recipients_that_disagree_on_enc_and_encs_not_allowed() {
    let (k, doc) = sample();
    let mut two = doc.clone();
    let entry = two["recipients"][0].clone();
    two["protected"] = json!(b64(r#"{"zip":"DEF"}"#));
    let mut other = entry.clone();
    other["header"]["enc"] = json!("A128GCM");
    let mut first = entry;
    first["header"]["enc"] = json!("A256GCM");
    two["recipients"] = json!([first, other]);
    assert_eq!(code(open(&k, &two)), Code::HeaderInvalid);
    let only = decrypt(&k, &ALGS, &["A128GCM"], doc.to_string().as_bytes(), &Limits::default());
    assert_eq!(code(only), Code::AlgNotAllowed);
}

#[test]
fn refuses_malformed_documents() {
    let (k, doc) = sample();
    type Edit = Box<dyn Fn(&mut Value)>;
    let edits: Vec<(&str, Edit, Code)> = vec![
        ("no iv", Box::new(|d| drop(d.as_object_mut().unwrap().remove("iv"))), Code::TokenMalformed),
        ("no ciphertext", Box::new(|d| drop(d.as_object_mut().unwrap().remove("ciphertext"))), Code::TokenMalformed),
        ("recipients empty", Box::new(|d| d["recipients"] = json!([])), Code::TokenMalformed),
        ("recipients object", Box::new(|d| d["recipients"] = json!({})), Code::TokenMalformed),
        ("recipient not object", Box::new(|d| d["recipients"] = json!(["x"])), Code::TokenMalformed),
        ("header not object", Box::new(|d| d["recipients"][0]["header"] = json!("x")), Code::TokenMalformed),
        ("encrypted_key number", Box::new(|d| d["recipients"][0]["encrypted_key"] = json!(1)), Code::TokenMalformed),
        ("flattened beside general", Box::new(|d| d["header"] = json!({})), Code::TokenMalformed),
        ("padded base64", Box::new(|d| d["iv"] = json!("AAAAAAAAAAAAAAAA==")), Code::Base64),
        ("protected not json", Box::new(|d| d["protected"] = json!(b64("nope"))), Code::HeaderInvalid),
        ("unprotected array", Box::new(|d| d["unprotected"] = json!([])), Code::TokenMalformed),
        ("aad not string", Box::new(|d| d["aad"] = json!(5)), Code::TokenMalformed),
        (
            "no alg",
            Box::new(|d| drop(d["recipients"][0]["header"].as_object_mut().unwrap().remove("alg"))),
            Code::HeaderInvalid,
        ),
    ];
    for (name, edit, expected) in edits {
        let mut bad = doc.clone();
        edit(&mut bad);
        assert_eq!(code(open(&k, &bad)), expected, "{name}");
    }
    for text in ["[]", "{", "1", r#"{"protected":"eyJ9","protected":"eyJ9"}"#] {
        assert_eq!(
            code(decrypt(&k, &ALGS, &ENCS, text.as_bytes(), &Limits::default())),
            Code::TokenMalformed,
            "{text}"
        );
    }
    let nested_duplicate = doc.to_string().replacen(r#""kid":"a""#, r#""kid":"a","kid":"b""#, 1);
    assert_eq!(code(decrypt(&k, &ALGS, &ENCS, nested_duplicate.as_bytes(), &Limits::default())), Code::TokenMalformed);
}

#[test]
fn refuses_too_many_recipients_and_oversized_documents() {
    let (k, doc) = sample();
    let mut many = doc.clone();
    many["recipients"] = json!(vec![doc["recipients"][0].clone(); MAX_RECIPIENTS + 1]);
    assert_eq!(code(open(&k, &many)), Code::TokenTooLarge);
    let recipients: Vec<Recipient> =
        (0..=MAX_RECIPIENTS).map(|_| Recipient { key: &k, alg: "A128KW", header: b"" }).collect();
    let made = encrypt(&recipients, &shared(Syntax::General, None), b"x", &EncryptOptions::default());
    assert_eq!(code(made), Code::InvalidArgument);
    let two = [Recipient { key: &k, alg: "A128KW", header: b"" }, Recipient { key: &k, alg: "A128KW", header: b"" }];
    let made = encrypt(&two, &shared(Syntax::Flattened, None), b"x", &EncryptOptions::default());
    assert_eq!(code(made), Code::InvalidArgument);
    let small = Limits { max_token_len: 20, ..Limits::default() };
    assert_eq!(code(decrypt(&k, &ALGS, &ENCS, doc.to_string().as_bytes(), &small)), Code::TokenTooLarge);
    // Sixteen recipients, the last one ours: still found.
    let other = secret(&[1u8; 16]);
    let mut recipients: Vec<Recipient> =
        (0..MAX_RECIPIENTS - 1).map(|_| Recipient { key: &other, alg: "A128KW", header: b"" }).collect();
    recipients.push(Recipient { key: &k, alg: "A128KW", header: b"" });
    let doc = encrypt(&recipients, &shared(Syntax::General, None), b"last", &EncryptOptions::default()).unwrap();
    let out = decrypt(&k, &ALGS, &ENCS, doc.as_bytes(), &Limits::default()).unwrap();
    assert_eq!((out.index, out.plaintext.as_slice()), (MAX_RECIPIENTS - 1, &b"last"[..]));
}
