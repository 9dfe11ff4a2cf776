//! JWE against the worked examples of RFC 7516 (Appendix A), RFC 7518
//! (Appendices B and C), RFC 8037 (A.6) and jam's own key derivation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{b64, code, hex, json, key};
use jam_jose::error::Code;
use jam_jose::jwe::content;
use jam_jose::jwe::key_management::{concat_kdf, ecdh_es};
use jam_jose::jwe::{self, Limits};

fn open(vector: &str, alg: &str, enc: &str) -> jwe::Decrypted {
    let v = json(vector);
    let token = v["compact"].as_str().unwrap();
    jwe::decrypt(&key(&v["key"]), &[alg], &[enc], token.as_bytes(), &Limits::default()).unwrap()
}

#[test]
fn rfc7516_a1_rsa_oaep_with_a256gcm_decrypts() {
    let v = json("rfc7516/a1_rsa_oaep_a256gcm.json");
    let opened = open("rfc7516/a1_rsa_oaep_a256gcm.json", "RSA-OAEP", "A256GCM");
    assert_eq!(opened.plaintext, v["plaintext"].as_str().unwrap().as_bytes());
    assert_eq!(opened.header, br#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#);
}

#[test]
fn rfc7516_a2_rsa1_5_is_refused_before_any_cryptography() {
    let a2 = json("rfc7516/a2_rsa1_5_a128cbc_hs256.json");
    let token = a2["compact"].as_str().unwrap().as_bytes();
    // Any RSA key will do: the token is refused on its alg alone.
    let rsa = key(&json("rfc7516/a1_rsa_oaep_a256gcm.json")["key"]);
    let limits = Limits::default();
    // Not in the allow-list: not allowed.
    assert_eq!(code(jwe::decrypt(&rsa, &["RSA-OAEP"], &["A128CBC-HS256"], token, &limits)), Code::AlgNotAllowed);
    // Even when a caller lists it: not supported (a padding oracle).
    assert_eq!(code(jwe::decrypt(&rsa, &["RSA1_5"], &["A128CBC-HS256"], token, &limits)), Code::AlgUnsupported);
    // And we never make such tokens.
    let made = jwe::encrypt(&rsa, "RSA1_5", "A128CBC-HS256", b"", b"x", &Default::default());
    assert_eq!(code(made), Code::AlgUnsupported);
}

#[test]
fn rfc7516_a3_a128kw_with_a128cbc_hs256_decrypts() {
    let opened = open("rfc7516/a3_a128kw_a128cbc_hs256.json", "A128KW", "A128CBC-HS256");
    assert_eq!(opened.plaintext, b"Live long and prosper.");
}

#[test]
fn rfc7518_appendix_b_cbc_hmac_gives_the_exact_ciphertext_and_tag() {
    let v = json("rfc7518/appendix_b_cbc_hmac.json");
    for case in v["cases"].as_array().unwrap() {
        let enc = content::find(case["enc"].as_str().unwrap()).unwrap();
        let field = |name: &str| hex(case[name].as_str().unwrap());
        let (ciphertext, tag) = enc.encrypt(&field("key"), &field("iv"), &field("aad"), &field("plaintext")).unwrap();
        assert_eq!(ciphertext, field("ciphertext"), "{} ciphertext", enc.name);
        assert_eq!(tag, field("tag"), "{} tag", enc.name);
        let plaintext = enc.decrypt(&field("key"), &field("iv"), &field("aad"), &ciphertext, &tag).unwrap();
        assert_eq!(*plaintext, field("plaintext"), "{} round trip", enc.name);
    }
}

#[test]
fn rfc7518_appendix_c_ecdh_es_derives_the_published_key() {
    let v = json("rfc7518/appendix_c_ecdh_es.json");
    let bob = key(&v["bob"]);
    let alice_d = b64(v["alice_ephemeral"]["d"].as_str().unwrap());
    // The sender's side: Alice's ephemeral scalar against Bob's public key.
    let (z, epk) = ecdh_es::sender_agree(&bob, &alice_d).unwrap();
    assert_eq!(epk["x"], v["alice_ephemeral"]["x"]);
    assert_eq!(epk["y"], v["alice_ephemeral"]["y"]);
    let derived = concat_kdf::derive(&z, b"A128GCM", b"Alice", b"Bob", 16).unwrap();
    assert_eq!(*derived, b64(v["derived_key"].as_str().unwrap()));
    // The recipient's side computes the same Z from the epk.
    let z_bob = ecdh_es::recipient_agree(&bob, &epk).unwrap();
    assert_eq!(*z_bob, *z);
}

#[test]
fn rfc8037_a6_x25519_ecdh_es_shared_secret() {
    // RFC 8037 A.6: Bob's X25519 key and the ephemeral secret
    // 77076d0a...2c2a give Z = 4a5d9d5b...1742.
    let bob = key(&json("rfc7520/curve25519/ecdh-es.json")["input"]["key"]);
    let ephemeral = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    let (z, epk) = ecdh_es::sender_agree(&bob, &ephemeral).unwrap();
    assert_eq!(*z, hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"));
    assert_eq!(epk["x"], "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo");
    assert_eq!(epk["crv"], "X25519");
}

#[test]
fn jam_kdf_matches_an_independent_hkdf_sha256() {
    // Expected values computed outside this crate with Python's stdlib, RFC
    // 5869 written out by hand:
    //   python3 -c "import hmac,hashlib
    //   def hkdf(ikm,salt,info,L):
    //       prk=hmac.new(salt,ikm,hashlib.sha256).digest(); t=b'';okm=b'';i=1
    //       while len(okm)<L:
    //           t=hmac.new(prk,t+info+bytes([i]),hashlib.sha256).digest(); okm+=t; i+=1
    //       return okm[:L]
    //   print(hkdf(b'my-jam-secret',b'jwe-encryption',b'encryption-key',32).hex())"
    let cases: [(&[u8], &str); 2] = [
        (b"my-jam-secret", "623ad49d1f4383a0c116fc5a74b60f00351ea49f333636f4dbf7fd7c3ee3fdab"),
        (b"0123456789abcdef0123456789abcdef", "5d98f11044eb1b618e9a2bf84b868733083d75c90a776144dc7b3cf90b4bb401"),
    ];
    for (secret, expected) in cases {
        assert_eq!(jwe::derive_jam_jwe_key(secret).to_vec(), hex(expected));
    }
}
