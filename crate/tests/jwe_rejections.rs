//! What decrypt and encrypt refuse, and with which code. Cryptographic
//! failures all look the same; limits and parameter checks come first.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use std::time::{Duration, Instant};

use common::{b64, code, json, p256_jwk, p384_jwk, public_half, rsa_jwk, secret, segments, unrestricted, x25519_jwk};
use jam_jose::base64url;
use jam_jose::error::{Code, Error};
use jam_jose::jwe::key_management::aes_kw;
use jam_jose::jwe::{self, content, EncryptOptions, Limits};
use jam_jose::key::Key;
use serde_json::{json, Map, Value};

fn fast() -> EncryptOptions {
    EncryptOptions { p2c: 1000 }
}

fn make(key: &Key, alg: &str, enc: &str) -> String {
    jwe::encrypt(key, alg, enc, b"", b"attack at dawn", &fast()).unwrap()
}

fn open(key: &Key, alg: &str, enc: &str, token: &str) -> jam_jose::error::Result<jwe::Decrypted> {
    jwe::decrypt(key, &[alg], &[enc], token.as_bytes(), &Limits::default())
}

fn failure(key: &Key, alg: &str, enc: &str, token: &str) -> Error {
    match open(key, alg, enc, token) {
        Ok(_) => panic!("{alg} {enc}: expected a failure"),
        Err(e) => e,
    }
}

/// Replaces segment `i` with the base64url of `f(decoded segment)`.
fn tamper(token: &str, i: usize, f: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut parts = segments(token);
    let mut bytes = b64(&parts[i]);
    f(&mut bytes);
    parts[i] = base64url::encode(&bytes);
    parts.join(".")
}

/// Rewrites the protected header (which also breaks the AAD: anything that
/// still reaches the content check fails it).
fn rewrite_header(token: &str, f: impl FnOnce(&mut Map<String, Value>)) -> String {
    tamper(token, 0, |bytes| {
        let mut header: Map<String, Value> = serde_json::from_slice(bytes).unwrap();
        f(&mut header);
        *bytes = serde_json::to_vec(&header).unwrap();
    })
}

/// A `dir` token over a hand-written header, correctly encrypted, for
/// headers `encrypt` would never produce.
fn seal_dir(header: &str, cek: &[u8], enc: &str, plaintext: &[u8]) -> String {
    let protected = base64url::encode(header.as_bytes());
    let iv = vec![3u8; content::find(enc).unwrap().iv_len];
    let (ciphertext, tag) = content::find(enc).unwrap().encrypt(cek, &iv, protected.as_bytes(), plaintext).unwrap();
    format!("{protected}..{}.{}.{}", base64url::encode(&iv), base64url::encode(&ciphertext), base64url::encode(&tag))
}

#[allow(clippy::ptr_arg)] // shaped to fit `tamper`'s closure
fn flip_first_bit(bytes: &mut Vec<u8>) {
    bytes[0] ^= 1;
}

#[test]
fn rejects_a_tampered_tag_ciphertext_or_iv() {
    let key = secret(&[4u8; 16]);
    for enc in ["A128GCM", "A128CBC-HS256", "A192GCM"] {
        let token = make(&key, "A128KW", enc);
        for segment in [2, 3, 4] {
            let bad = tamper(&token, segment, flip_first_bit);
            assert_eq!(failure(&key, "A128KW", enc, &bad).code, Code::DecryptionFailed, "{enc} segment {segment}");
        }
    }
}

#[test]
fn rejects_a_tampered_protected_header() {
    let key = secret(&[4u8; 16]);
    let token = make(&key, "A128KW", "A128CBC-HS256");
    let bad = rewrite_header(&token, |h| {
        h.insert("kid".into(), "mallory".into());
    });
    assert_eq!(failure(&key, "A128KW", "A128CBC-HS256", &bad).code, Code::DecryptionFailed);
}

#[test]
fn rejects_a_truncated_tag() {
    let key = secret(&[4u8; 32]);
    for enc in ["A256GCM", "A256CBC-HS512"] {
        let token = make(&key, "A256KW", enc);
        for cut in [1, 8] {
            let bad = tamper(&token, 4, |tag| tag.truncate(tag.len() - cut));
            assert_eq!(failure(&key, "A256KW", enc, &bad).code, Code::DecryptionFailed, "{enc} minus {cut}");
        }
        let empty = tamper(&token, 4, Vec::clear);
        assert_eq!(failure(&key, "A256KW", enc, &empty).code, Code::DecryptionFailed, "{enc} without a tag");
    }
}

#[test]
fn rejects_the_wrong_key_and_every_failure_looks_the_same() {
    let alice = json("rfc7518/appendix_c_ecdh_es.json")["alice_ephemeral"].clone();
    let other_rsa = json("rfc7520/3_4.rsa_private_key.json");
    let cases: Vec<(&str, &str, Key, Key)> = vec![
        ("dir", "A128GCM", secret(&[1u8; 16]), secret(&[2u8; 16])),
        ("A128KW", "A128CBC-HS256", secret(&[1u8; 16]), secret(&[2u8; 16])),
        ("A256GCMKW", "A256GCM", secret(&[1u8; 32]), secret(&[2u8; 32])),
        ("RSA-OAEP", "A256GCM", unrestricted(rsa_jwk()), unrestricted(other_rsa.clone())),
        ("RSA-OAEP-256", "A128CBC-HS256", unrestricted(rsa_jwk()), unrestricted(other_rsa)),
        ("ECDH-ES", "A128GCM", unrestricted(p256_jwk()), unrestricted(alice.clone())),
        ("ECDH-ES+A128KW", "A128GCM", unrestricted(p256_jwk()), unrestricted(alice)),
        ("PBES2-HS256+A128KW", "A128GCM", secret(b"right password"), secret(b"wrong password")),
    ];
    let mut errors = Vec::new();
    for (alg, enc, right, wrong) in &cases {
        let token = make(right, alg, enc);
        assert!(open(right, alg, enc, &token).is_ok(), "{alg}");
        errors.push(failure(wrong, alg, enc, &token));
    }
    // Tag, ciphertext and padding failures too.
    let key = secret(&[4u8; 16]);
    let token = make(&key, "A128KW", "A128CBC-HS256");
    errors.push(failure(&key, "A128KW", "A128CBC-HS256", &tamper(&token, 3, flip_first_bit)));
    errors.push(failure(&key, "A128KW", "A128CBC-HS256", &tamper(&token, 1, flip_first_bit)));
    for e in &errors {
        assert_eq!(e, &errors[0], "one code and one message for every cryptographic failure");
    }
    assert_eq!(errors[0].code, Code::DecryptionFailed);
}

#[test]
fn rejects_an_unwrapped_key_of_the_wrong_length() {
    // A well-formed A128KW wrap of a 32-byte key, in a token whose enc needs 16.
    let key = secret(&[6u8; 16]);
    let token = make(&key, "A128KW", "A128GCM");
    let bad = tamper(&token, 1, |wrapped| *wrapped = aes_kw::wrap(&[6u8; 16], &[9u8; 32]).unwrap());
    assert_eq!(failure(&key, "A128KW", "A128GCM", &bad).code, Code::DecryptionFailed);
}

#[test]
fn rejects_alg_or_enc_not_in_the_allow_lists() {
    let key = secret(&[4u8; 16]);
    let token = make(&key, "A128KW", "A128GCM");
    let limits = Limits::default();
    let refused = |algs: &[&str], encs: &[&str]| code(jwe::decrypt(&key, algs, encs, token.as_bytes(), &limits));
    assert_eq!(refused(&["A256KW"], &["A128GCM"]), Code::AlgNotAllowed);
    assert_eq!(refused(&["A128KW"], &["A256GCM"]), Code::AlgNotAllowed);
    assert_eq!(refused(&[], &["A128GCM"]), Code::AlgNotAllowed);
    assert_eq!(refused(&["A128KW"], &[]), Code::AlgNotAllowed);
    // The token cannot talk its way to another algorithm with the same key.
    let as_dir = rewrite_header(&token, |h| {
        h.insert("alg".into(), "dir".into());
    });
    assert_eq!(code(jwe::decrypt(&key, &["A128KW"], &["A128GCM"], as_dir.as_bytes(), &limits)), Code::AlgNotAllowed);
    assert_eq!(
        code(jwe::decrypt(
            &key,
            &["A128KW", "none"],
            &["A128GCM"],
            b"eyJhbGciOiJub25lIiwiZW5jIjoiQTEyOEdDTSJ9....",
            &limits
        )),
        Code::AlgUnsupported
    );
}

#[test]
fn rejects_p2c_over_the_cap_before_any_pbkdf2_work() {
    let key = secret(b"password");
    let token = make(&key, "PBES2-HS512+A256KW", "A128GCM");
    let huge = rewrite_header(&token, |h| {
        h.insert("p2c".into(), u32::MAX.into());
    });
    let started = Instant::now();
    assert_eq!(failure(&key, "PBES2-HS512+A256KW", "A128GCM", &huge).code, Code::P2cLimit);
    // 4 billion iterations would take hours; refusing takes no PBKDF2 at all.
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
    let just_over = rewrite_header(&token, |h| {
        h.insert("p2c".into(), (jwe::DEFAULT_P2C_MAX + 1).into());
    });
    assert_eq!(failure(&key, "PBES2-HS512+A256KW", "A128GCM", &just_over).code, Code::P2cLimit);
    // A lower cap refuses what the default allows.
    let strict = Limits { p2c_max: 999, ..Limits::default() };
    let e = jwe::decrypt(&key, &["PBES2-HS512+A256KW"], &["A128GCM"], token.as_bytes(), &strict);
    assert_eq!(code(e), Code::P2cLimit);
}

#[test]
fn rejects_pbes2_headers_without_a_usable_p2c_or_p2s() {
    let key = secret(b"password");
    let token = make(&key, "PBES2-HS256+A128KW", "A128GCM");
    let edits: Vec<Edit> = vec![
        ("p2c missing", Box::new(|h| drop(h.remove("p2c")))),
        ("p2c zero", Box::new(|h| drop(h.insert("p2c".into(), 0.into())))),
        ("p2c negative", Box::new(|h| drop(h.insert("p2c".into(), (-5).into())))),
        ("p2c fractional", Box::new(|h| drop(h.insert("p2c".into(), json!(1000.5))))),
        ("p2c a string", Box::new(|h| drop(h.insert("p2c".into(), "1000".into())))),
        ("p2s missing", Box::new(|h| drop(h.remove("p2s")))),
        ("p2s short", Box::new(|h| drop(h.insert("p2s".into(), base64url::encode(&[1u8; 7]).into())))),
        ("p2s not base64url", Box::new(|h| drop(h.insert("p2s".into(), "a+b/c=".into())))),
    ];
    for (case, edit) in edits {
        let bad = rewrite_header(&token, |h| edit(h));
        assert_eq!(failure(&key, "PBES2-HS256+A128KW", "A128GCM", &bad).code, Code::HeaderInvalid, "{case}");
    }
}

/// A named header edit.
type Edit = (&'static str, Box<dyn Fn(&mut Map<String, Value>)>);

fn with_epk(token: &str, epk: Value) -> String {
    rewrite_header(token, |h| {
        h.insert("epk".into(), epk);
    })
}

#[test]
fn rejects_an_epk_off_the_curve() {
    let key = unrestricted(p256_jwk());
    let token = make(&key, "ECDH-ES", "A128GCM");
    let header: Map<String, Value> = serde_json::from_slice(&b64(&segments(&token)[0])).unwrap();
    let mut epk = header["epk"].clone();
    let mut y = b64(epk["y"].as_str().unwrap());
    y[31] ^= 1;
    epk["y"] = base64url::encode(&y).into();
    assert_eq!(failure(&key, "ECDH-ES", "A128GCM", &with_epk(&token, epk.clone())).code, Code::EpkInvalid);
    // A coordinate of the wrong length, or missing, is no better.
    epk["y"] = base64url::encode(&y[1..]).into();
    assert_eq!(failure(&key, "ECDH-ES", "A128GCM", &with_epk(&token, epk.clone())).code, Code::EpkInvalid);
    epk.as_object_mut().unwrap().remove("y");
    assert_eq!(failure(&key, "ECDH-ES", "A128GCM", &with_epk(&token, epk)).code, Code::EpkInvalid);
    // The point at infinity has no affine coordinates; (0, 0) is not on P-256.
    let zero = base64url::encode(&[0u8; 32]);
    let origin = json!({"kty": "EC", "crv": "P-256", "x": zero, "y": zero});
    assert_eq!(failure(&key, "ECDH-ES", "A128GCM", &with_epk(&token, origin)).code, Code::EpkInvalid);
}

#[test]
fn rejects_an_epk_on_another_curve_or_of_another_type() {
    let p256 = unrestricted(p256_jwk());
    let token = make(&p256, "ECDH-ES+A128KW", "A128GCM");
    let p384_point = {
        let jwk = p384_jwk();
        json!({"kty": "EC", "crv": "P-384", "x": jwk["x"], "y": jwk["y"]})
    };
    let x25519_point = json!({"kty": "OKP", "crv": "X25519", "x": x25519_jwk()["x"]});
    for epk in
        [p384_point.clone(), x25519_point.clone(), json!("not an object"), json!({"kty": "EC", "x": "AA", "y": "AA"})]
    {
        assert_eq!(
            failure(&p256, "ECDH-ES+A128KW", "A128GCM", &with_epk(&token, epk.clone())).code,
            Code::EpkInvalid,
            "{epk}"
        );
    }
    // And the other way round: an EC point against an X25519 key.
    let x25519 = unrestricted(x25519_jwk());
    let token = make(&x25519, "ECDH-ES", "A128GCM");
    assert_eq!(failure(&x25519, "ECDH-ES", "A128GCM", &with_epk(&token, p384_point)).code, Code::EpkInvalid);
    let missing = rewrite_header(&token, |h| drop(h.remove("epk")));
    assert_eq!(failure(&x25519, "ECDH-ES", "A128GCM", &missing).code, Code::HeaderInvalid);
}

#[test]
fn rejects_an_x25519_epk_of_small_order() {
    let key = unrestricted(x25519_jwk());
    let token = make(&key, "ECDH-ES", "A128GCM");
    let mut one = [0u8; 32];
    one[0] = 1;
    for point in [[0u8; 32], one] {
        let epk = json!({"kty": "OKP", "crv": "X25519", "x": base64url::encode(&point)});
        assert_eq!(failure(&key, "ECDH-ES", "A128GCM", &with_epk(&token, epk)).code, Code::EpkInvalid);
    }
}

#[test]
fn rejects_a_zip_bomb_at_the_cap() {
    let key = secret(&[8u8; 16]);
    let bomb = vec![0u8; 8 << 20];
    let token = jwe::encrypt(&key, "A128KW", "A128GCM", br#"{"zip":"DEF"}"#, &bomb, &fast()).unwrap();
    assert!(token.len() < 64 << 10, "8 MiB of zeros compress to {} bytes", token.len());
    assert_eq!(failure(&key, "A128KW", "A128GCM", &token).code, Code::ZipLimit);
    let roomy = Limits { zip_max: 8 << 20, ..Limits::default() };
    let opened = jwe::decrypt(&key, &["A128KW"], &["A128GCM"], token.as_bytes(), &roomy).unwrap();
    assert_eq!(opened.plaintext.len(), 8 << 20);
}

#[test]
fn rejects_crit_and_unknown_zip() {
    let cek = [5u8; 16];
    let key = secret(&cek);
    let with_crit = seal_dir(r#"{"alg":"dir","enc":"A128GCM","crit":["exp"],"exp":1}"#, &cek, "A128GCM", b"x");
    assert_eq!(failure(&key, "dir", "A128GCM", &with_crit).code, Code::HeaderInvalid);
    let empty_crit = seal_dir(r#"{"alg":"dir","enc":"A128GCM","crit":[]}"#, &cek, "A128GCM", b"x");
    assert_eq!(failure(&key, "dir", "A128GCM", &empty_crit).code, Code::HeaderInvalid);
    let zlib = seal_dir(r#"{"alg":"dir","enc":"A128GCM","zip":"GZIP"}"#, &cek, "A128GCM", b"x");
    assert_eq!(failure(&key, "dir", "A128GCM", &zlib).code, Code::HeaderInvalid);
    // The same token without crit opens: the refusal was for crit alone.
    let plain = seal_dir(r#"{"alg":"dir","enc":"A128GCM"}"#, &cek, "A128GCM", b"x");
    assert_eq!(open(&key, "dir", "A128GCM", &plain).unwrap().plaintext, b"x");
}

#[test]
fn rejects_malformed_tokens() {
    let cek = [5u8; 16];
    let key = secret(&cek);
    let good = seal_dir(r#"{"alg":"dir","enc":"A128GCM"}"#, &cek, "A128GCM", b"x");
    let parts = segments(&good);
    let cases: Vec<(String, Code)> = vec![
        (parts[..4].join("."), Code::TokenMalformed),
        (format!("{good}."), Code::TokenMalformed),
        (format!("{good}.AAAA"), Code::TokenMalformed),
        (String::new(), Code::TokenMalformed),
        (format!("{}.A+/=.{}", parts[0], parts[2..].join(".")), Code::Base64),
        (format!("{}=.{}", parts[0], parts[1..].join(".")), Code::Base64),
        (seal_dir("[1,2]", &cek, "A128GCM", b"x"), Code::HeaderInvalid),
        (seal_dir("not json", &cek, "A128GCM", b"x"), Code::HeaderInvalid),
        (seal_dir(r#"{"alg":"dir","alg":"dir","enc":"A128GCM"}"#, &cek, "A128GCM", b"x"), Code::HeaderInvalid),
        (seal_dir(r#"{"alg":"dir"}"#, &cek, "A128GCM", b"x"), Code::HeaderInvalid),
        (seal_dir(r#"{"alg":"dir","enc":7}"#, &cek, "A128GCM", b"x"), Code::HeaderInvalid),
        (format!("{}.AAAA.{}", parts[0], parts[2..].join(".")), Code::TokenMalformed),
    ];
    for (token, expected) in cases {
        assert_eq!(failure(&key, "dir", "A128GCM", &token).code, expected, "{token}");
    }
    let small = Limits { max_token_len: good.len() - 1, ..Limits::default() };
    assert_eq!(code(jwe::decrypt(&key, &["dir"], &["A128GCM"], good.as_bytes(), &small)), Code::TokenTooLarge);
}

#[test]
fn rejects_gcmkw_headers_without_a_proper_iv_or_tag() {
    let key = secret(&[3u8; 16]);
    let token = make(&key, "A128GCMKW", "A128GCM");
    let edits: Vec<Edit> = vec![
        ("no iv", Box::new(|h| drop(h.remove("iv")))),
        ("no tag", Box::new(|h| drop(h.remove("tag")))),
        ("short iv", Box::new(|h| drop(h.insert("iv".into(), base64url::encode(&[0u8; 8]).into())))),
        ("short tag", Box::new(|h| drop(h.insert("tag".into(), base64url::encode(&[0u8; 12]).into())))),
    ];
    for (case, edit) in edits {
        let bad = rewrite_header(&token, |h| edit(h));
        assert_eq!(failure(&key, "A128GCMKW", "A128GCM", &bad).code, Code::HeaderInvalid, "{case}");
    }
    let wrong_tag = rewrite_header(&token, |h| drop(h.insert("tag".into(), base64url::encode(&[0u8; 16]).into())));
    assert_eq!(failure(&key, "A128GCMKW", "A128GCM", &wrong_tag).code, Code::DecryptionFailed);
}

#[test]
fn refuses_to_decrypt_with_a_public_key() {
    for (jwk, alg) in [(rsa_jwk(), "RSA-OAEP"), (p256_jwk(), "ECDH-ES"), (x25519_jwk(), "ECDH-ES+A256KW")] {
        let public = public_half(jwk);
        let token = make(&public, alg, "A256GCM");
        assert_eq!(failure(&public, alg, "A256GCM", &token).code, Code::KeyNotPrivate, "{alg}");
    }
}

#[test]
fn refuses_keys_that_do_not_fit_the_algorithm() {
    // RFC 8037's Ed25519 key: it signs, it cannot agree keys.
    let ed25519 = unrestricted(json("rfc7520/curve25519/jws.json")["input"]["key"].clone());
    let cases: Vec<(Key, &str, &str)> = vec![
        (unrestricted(rsa_jwk()), "A128KW", "A128GCM"),
        (secret(&[1u8; 32]), "A128KW", "A128GCM"),
        (secret(&[1u8; 16]), "A256GCMKW", "A128GCM"),
        (secret(&[1u8; 16]), "dir", "A256GCM"),
        (secret(&[1u8; 16]), "dir", "A128CBC-HS256"),
        (secret(&[1u8; 32]), "ECDH-ES", "A128GCM"),
        (ed25519, "ECDH-ES", "A128GCM"),
        (unrestricted(p256_jwk()), "RSA-OAEP", "A128GCM"),
        (unrestricted(p256_jwk()), "PBES2-HS256+A128KW", "A128GCM"),
    ];
    for (key, alg, enc) in cases {
        let made = jwe::encrypt(&key, alg, enc, b"", b"x", &fast());
        assert_eq!(code(made), Code::KeyAlgMismatch, "{alg} {enc}");
    }
}

#[test]
fn refuses_a_key_whose_jwk_use_is_sig() {
    let mut jwk = p256_jwk();
    jwk["use"] = "sig".into();
    let key = common::key(&jwk);
    assert_eq!(code(jwe::encrypt(&key, "ECDH-ES", "A128GCM", b"", b"x", &fast())), Code::KeyUsage);
}

#[test]
fn refuses_header_members_the_library_sets() {
    let key = secret(&[1u8; 16]);
    for member in ["alg", "enc", "epk", "iv", "tag", "p2s", "p2c", "crit"] {
        let extra = format!(r#"{{"{member}":"x"}}"#);
        let made = jwe::encrypt(&key, "A128KW", "A128GCM", extra.as_bytes(), b"x", &fast());
        assert_eq!(code(made), Code::HeaderInvalid, "{member}");
    }
    for extra in [&b"[]"[..], b"\"text\"", b"{", br#"{"zip":"GZIP"}"#, br#"{"kid":1,"kid":2}"#] {
        let made = jwe::encrypt(&key, "A128KW", "A128GCM", extra, b"x", &fast());
        assert_eq!(code(made), Code::HeaderInvalid, "{}", String::from_utf8_lossy(extra));
    }
    let bad_apu =
        jwe::encrypt(&unrestricted(p256_jwk()), "ECDH-ES", "A128GCM", br#"{"apu":"not base64!"}"#, b"x", &fast());
    assert_eq!(code(bad_apu), Code::HeaderInvalid);
}

#[test]
fn refuses_unknown_algorithms_and_too_few_pbes2_iterations() {
    let key = secret(&[1u8; 16]);
    assert_eq!(code(jwe::encrypt(&key, "A128KW", "A128CTR", b"", b"x", &fast())), Code::AlgUnsupported);
    assert_eq!(code(jwe::encrypt(&key, "none", "A128GCM", b"", b"x", &fast())), Code::AlgUnsupported);
    let few = EncryptOptions { p2c: 999 };
    assert_eq!(code(jwe::encrypt(&key, "PBES2-HS256+A128KW", "A128GCM", b"", b"x", &few)), Code::InvalidArgument);
}
