//! JWE against the RFC 7520 cookbook (section 5) and its X25519 companion:
//! every compact vector decrypts with its key, and with the vector's
//! generated values (CEK, IVs, salt, ephemeral key) our primitives produce
//! the published encrypted key, ciphertext and tag byte for byte.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use core::num::NonZeroU32;

use common::{b64, b64_of, code, json, key, secret};
use jam_jose::error::Code;
use jam_jose::jwe::key_management::{aes_gcm_kw, aes_kw, concat_kdf, ecdh_es, pbes2};
use jam_jose::jwe::{self, content, zip, Limits};
use jam_jose::key::Key;
use serde_json::Value;

fn vector(name: &str) -> Value {
    json(&format!("rfc7520/jwe/{name}"))
}

const RSA_OAEP: &str = "5_2.key_encryption_using_rsa-oaep_with_aes-gcm.json";
const PBES2: &str = "5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2.json";
const ECDH_ES_KW: &str = "5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm.json";
const ECDH_ES: &str = "5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2.json";
const DIR: &str = "5_6.direct_encryption_using_aes-gcm.json";
const GCMKW: &str = "5_7.key_wrap_using_aes-gcm_keywrap_with_aes-cbc-hmac-sha2.json";
const KW: &str = "5_8.key_wrap_using_aes-keywrap_with_aes-gcm.json";
const ZIP: &str = "5_9.compressed_content.json";

/// The recipient key of a vector: its JWK, or its PBES2 password.
fn recipient(v: &Value) -> Key {
    match v["input"].get("pwd") {
        Some(pwd) => secret(pwd.as_str().unwrap().as_bytes()),
        None => key(&v["input"]["key"]),
    }
}

/// Decrypts the compact form with the vector's own alg and enc allowed, and
/// checks the plaintext and the protected header.
fn decrypts(v: &Value) {
    let (alg, enc) = (v["input"]["alg"].as_str().unwrap(), v["input"]["enc"].as_str().unwrap());
    let token = v["output"]["compact"].as_str().unwrap();
    let opened = jwe::decrypt(&recipient(v), &[alg], &[enc], token.as_bytes(), &Limits::default())
        .unwrap_or_else(|e| panic!("{}: {e}", v["title"]));
    assert_eq!(opened.plaintext, v["input"]["plaintext"].as_str().unwrap().as_bytes(), "{}", v["title"]);
    assert_eq!(opened.header, b64_of(&v["encrypting_content"]["protected_b64u"]), "{}", v["title"]);
}

/// Encrypts the (compressed, for 5.9) plaintext with the vector's CEK and IV
/// and compares ciphertext and tag.
fn content_matches(v: &Value, cek: &[u8]) {
    let ce = content::find(v["input"]["enc"].as_str().unwrap()).unwrap();
    let plaintext = match v["generated"].get("plaintext_c") {
        Some(compressed) => b64_of(compressed),
        None => v["input"]["plaintext"].as_str().unwrap().as_bytes().to_vec(),
    };
    let iv = b64_of(&v["generated"]["iv"]);
    let aad = v["encrypting_content"]["protected_b64u"].as_str().unwrap().as_bytes();
    let (ciphertext, tag) = ce.encrypt(cek, &iv, aad, &plaintext).unwrap();
    assert_eq!(ciphertext, b64_of(&v["encrypting_content"]["ciphertext"]), "{} ciphertext", v["title"]);
    assert_eq!(tag, b64_of(&v["encrypting_content"]["tag"]), "{} tag", v["title"]);
}

fn oct(v: &Value) -> Vec<u8> {
    b64_of(&v["input"]["key"]["k"])
}

#[test]
fn rfc7520_5_1_rsa1_5_is_refused() {
    let v = vector("5_1.key_encryption_using_rsa_v15_and_aes-hmac-sha2.json");
    let token = v["output"]["compact"].as_str().unwrap().as_bytes();
    let rsa = key(&v["input"]["key"]);
    let limits = Limits::default();
    assert_eq!(code(jwe::decrypt(&rsa, &["RSA1_5"], &["A128CBC-HS256"], token, &limits)), Code::AlgUnsupported);
    assert_eq!(code(jwe::decrypt(&rsa, &["RSA-OAEP"], &["A128CBC-HS256"], token, &limits)), Code::AlgNotAllowed);
}

#[test]
fn rfc7520_5_2_rsa_oaep_with_a256gcm() {
    let v = vector(RSA_OAEP);
    decrypts(&v);
    // OAEP is randomised, so only the content side can be reproduced.
    content_matches(&v, &b64_of(&v["generated"]["cek"]));
}

#[test]
fn rfc7520_5_3_pbes2_hs512_a256kw_with_a128cbc_hs256() {
    let v = vector(PBES2);
    decrypts(&v);
    let cek = b64_of(&v["generated"]["cek"]);
    let p2c = NonZeroU32::new(v["encrypting_key"]["iteration_count"].as_u64().unwrap() as u32).unwrap();
    let kek = pbes2::derive_kek(
        pbes2::Hash::Sha512,
        "PBES2-HS512+A256KW",
        v["input"]["pwd"].as_str().unwrap().as_bytes(),
        &b64_of(&v["encrypting_key"]["salt"]),
        p2c,
        32,
    );
    assert_eq!(aes_kw::wrap(&kek, &cek).unwrap(), b64_of(&v["encrypting_key"]["encrypted_key"]));
    content_matches(&v, &cek);
}

#[test]
fn rfc7520_5_4_ecdh_es_a128kw_with_a128gcm() {
    let v = vector(ECDH_ES_KW);
    decrypts(&v);
    let recipient = key(&v["input"]["key"]);
    let epk = &v["encrypting_key"]["epk"];
    let (z, made_epk) = ecdh_es::sender_agree(&recipient, &b64_of(&epk["d"])).unwrap();
    assert_eq!((&made_epk["x"], &made_epk["y"], &made_epk["crv"]), (&epk["x"], &epk["y"], &epk["crv"]));
    let kek = concat_kdf::derive(&z, b"ECDH-ES+A128KW", b"", b"", 16).unwrap();
    let cek = b64_of(&v["generated"]["cek"]);
    assert_eq!(aes_kw::wrap(&kek, &cek).unwrap(), b64_of(&v["encrypting_key"]["encrypted_key"]));
    content_matches(&v, &cek);
}

#[test]
fn rfc7520_5_5_ecdh_es_with_a128cbc_hs256() {
    let v = vector(ECDH_ES);
    decrypts(&v);
    let recipient = key(&v["input"]["key"]);
    let (z, _) = ecdh_es::sender_agree(&recipient, &b64_of(&v["encrypting_key"]["epk"]["d"])).unwrap();
    // Direct agreement: the KDF output is the CEK, AlgorithmID the enc name.
    let cek = concat_kdf::derive(&z, b"A128CBC-HS256", b"", b"", 32).unwrap();
    assert_eq!(*cek, b64_of(&v["encrypting_key"]["cek"]));
    content_matches(&v, &cek);
}

#[test]
fn rfc7520_5_6_dir_with_a128gcm() {
    let v = vector(DIR);
    decrypts(&v);
    content_matches(&v, &oct(&v));
}

#[test]
fn rfc7520_5_7_a256gcmkw_with_a128cbc_hs256() {
    let v = vector(GCMKW);
    decrypts(&v);
    let cek = b64_of(&v["generated"]["cek"]);
    let (wrapped, tag) = aes_gcm_kw::wrap(&oct(&v), &b64_of(&v["encrypting_key"]["iv"]), &cek).unwrap();
    assert_eq!(wrapped, b64_of(&v["encrypting_key"]["encrypted_key"]));
    assert_eq!(tag.to_vec(), b64_of(&v["encrypting_key"]["tag"]));
    content_matches(&v, &cek);
}

#[test]
fn rfc7520_5_8_a128kw_with_a128gcm() {
    let v = vector(KW);
    decrypts(&v);
    let cek = b64_of(&v["generated"]["cek"]);
    assert_eq!(aes_kw::wrap(&oct(&v), &cek).unwrap(), b64_of(&v["encrypting_key"]["encrypted_key"]));
    content_matches(&v, &cek);
}

#[test]
fn rfc7520_5_9_compressed_content() {
    let v = vector(ZIP);
    decrypts(&v);
    let compressed = b64_of(&v["generated"]["plaintext_c"]);
    let inflated = zip::inflate(&compressed, 1 << 20).unwrap();
    assert_eq!(*inflated, v["input"]["plaintext"].as_str().unwrap().as_bytes());
    let cek = b64_of(&v["generated"]["cek"]);
    assert_eq!(aes_kw::wrap(&oct(&v), &cek).unwrap(), b64_of(&v["encrypting_key"]["encrypted_key"]));
    content_matches(&v, &cek);
}

#[test]
fn curve25519_ecdh_es_with_a128gcm_decrypts() {
    let v = json("rfc7520/curve25519/ecdh-es.json");
    let token = v["output"]["compact"].as_str().unwrap();
    let opened =
        jwe::decrypt(&key(&v["input"]["key"]), &["ECDH-ES"], &["A128GCM"], token.as_bytes(), &Limits::default())
            .unwrap();
    assert_eq!(opened.plaintext, v["input"]["plaintext"].as_str().unwrap().as_bytes());
    assert_eq!(opened.header, b64(v["encrypting_content"]["protected_b64u"].as_str().unwrap()));
}
