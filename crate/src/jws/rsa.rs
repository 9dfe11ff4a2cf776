//! RS* (PKCS#1 v1.5) and PS* (PSS, salt = hash length). Moduli of 2048 to
//! 8192 bits, which is also our import policy.
//!
//! Signing runs on ring. Verification runs on RustCrypto against the
//! `rsa::PublicKey` built once at import, which keeps the modulus'
//! Montgomery parameters (R^2 mod n and -n^-1 mod 2^w); ring derives them
//! again from the bytes on every verify.
//! - RS*: `crypto-bigint` square-and-multiply over the public exponent's bits
//!   (17 multiplications for e = 65537, about half what the rsa crate's
//!   windowed exponentiation spends), then the encoded message is compared
//!   with the one PKCS#1 v1.5 prescribes (RFC 8017 8.2.2 step 3, encode and
//!   compare) with the library's DigestInfo prefix.
//! - PS*: the rsa crate's PSS verifier with the salt length fixed to the hash
//!   length.
//!
//! docs/performance-wasm.md has the measurements.

use crypto_bigint::modular::BoxedMontyForm;
use crypto_bigint::{MontyForm, MontyMultiplier};
use ring::digest;
use ring::rand::SystemRandom;
use ring::signature::{self, RsaEncoding};
use rsa::pss::Pss;
use rsa::traits::PublicKeyParts;
use rsa::{BoxedUint, Pkcs1v15Sign};

use super::algorithms::Hash;
use crate::error::{err, Code, Result};
use crate::key::RsaKey;

fn pkcs1_encoding(hash: Hash) -> &'static dyn RsaEncoding {
    match hash {
        Hash::Sha256 => &signature::RSA_PKCS1_SHA256,
        Hash::Sha384 => &signature::RSA_PKCS1_SHA384,
        Hash::Sha512 => &signature::RSA_PKCS1_SHA512,
    }
}

fn pss_encoding(hash: Hash) -> &'static dyn RsaEncoding {
    match hash {
        Hash::Sha256 => &signature::RSA_PSS_SHA256,
        Hash::Sha384 => &signature::RSA_PSS_SHA384,
        Hash::Sha512 => &signature::RSA_PSS_SHA512,
    }
}

/// The message digest and the DER `DigestInfo` prefix that precedes it in
/// a PKCS#1 v1.5 encoded message.
fn digest_info(hash: Hash, input: &[u8]) -> (digest::Digest, Pkcs1v15Sign) {
    match hash {
        Hash::Sha256 => (digest::digest(&digest::SHA256, input), Pkcs1v15Sign::new::<sha2::Sha256>()),
        Hash::Sha384 => (digest::digest(&digest::SHA384, input), Pkcs1v15Sign::new::<sha2::Sha384>()),
        Hash::Sha512 => (digest::digest(&digest::SHA512, input), Pkcs1v15Sign::new::<sha2::Sha512>()),
    }
}

fn sign_with(encoding: &'static dyn RsaEncoding, key: &RsaKey, input: &[u8]) -> Result<Vec<u8>> {
    let Some(private) = &key.private else {
        return err(Code::KeyNotPrivate, "RSA signing needs a private key");
    };
    let mut out = vec![0u8; private.signer.public().modulus_len()];
    private
        .signer
        .sign(encoding, &SystemRandom::new(), input, &mut out)
        .map_err(|_| crate::error::Error::new(Code::InvalidArgument, "RSA signing failed"))?;
    Ok(out)
}

pub fn sign_pkcs1(hash: Hash, key: &RsaKey, input: &[u8]) -> Result<Vec<u8>> {
    sign_with(pkcs1_encoding(hash), key, input)
}

pub fn sign_pss(hash: Hash, key: &RsaKey, input: &[u8]) -> Result<Vec<u8>> {
    sign_with(pss_encoding(hash), key, input)
}

/// RSAVP1 (RFC 8017 5.2.2): s^e mod n as `k` big-endian octets, where `k`
/// is the modulus length; None when the signature is not `k` octets or not
/// below n. Everything here is public (signature, e, n), so the exponent's
/// bits may steer the loop.
fn public_operation(key: &::rsa::PublicKey, sig: &[u8]) -> Option<Vec<u8>> {
    let k = key.size();
    if sig.len() != k {
        return None;
    }
    let s = BoxedUint::from_be_slice(sig, key.n_bits_precision()).ok()?;
    if s >= *key.n().as_ref() {
        return None;
    }
    let params = key.n_params();
    let base = BoxedMontyForm::new(s, params);
    let e = key.e();
    let mut multiplier = <BoxedMontyForm as MontyForm>::Multiplier::from(params);
    let mut acc = base.clone();
    // Left to right over the bits below the top one (e is odd and >= 3).
    for bit in (0..e.bit_width().saturating_sub(1)).rev() {
        multiplier.square_assign(&mut acc);
        if bool::from(e.bit(bit)) {
            multiplier.mul_assign(&mut acc, &base);
        }
    }
    let m = acc.retrieve().to_be_bytes();
    // m < n fits in k octets; the integer's storage may be wider.
    let skip = m.len().checked_sub(k)?;
    if m.get(..skip)?.iter().any(|b| *b != 0) {
        return None;
    }
    m.get(skip..).map(<[u8]>::to_vec)
}

/// EMSA-PKCS1-v1_5 (RFC 8017 9.2): 0x00 0x01 PS 0x00 DigestInfo, PS being
/// at least 8 octets of 0xff; None when `k` leaves no room for them.
fn expected_encoding(hash: Hash, input: &[u8], k: usize) -> Option<Vec<u8>> {
    let (digest, scheme) = digest_info(hash, input);
    let t_len = scheme.prefix.len() + digest.as_ref().len();
    let ps_len = k.checked_sub(t_len + 3).filter(|n| *n >= 8)?;
    let mut em = Vec::with_capacity(k);
    em.extend_from_slice(&[0x00, 0x01]);
    em.resize(2 + ps_len, 0xff);
    em.push(0x00);
    em.extend_from_slice(&scheme.prefix);
    em.extend_from_slice(digest.as_ref());
    Some(em)
}

pub fn verify_pkcs1(hash: Hash, key: &RsaKey, input: &[u8], sig: &[u8]) -> bool {
    // A private key verifies with its public half.
    match (public_operation(&key.public, sig), expected_encoding(hash, input, key.public.size())) {
        (Some(em), Some(expected)) => em == expected,
        _ => false,
    }
}

pub fn verify_pss(hash: Hash, key: &RsaKey, input: &[u8], sig: &[u8]) -> bool {
    // The rsa crate refuses a signature that is not exactly the modulus
    // length or not below n, and a salt of any length but the one given
    // (RFC 7518 3.5: the hash length).
    let salt = hash.output_len();
    let public = &key.public;
    match hash {
        Hash::Sha256 => {
            let digest = digest::digest(&digest::SHA256, input);
            public.verify(Pss::<sha2::Sha256>::new_with_salt(salt), digest.as_ref(), sig).is_ok()
        }
        Hash::Sha384 => {
            let digest = digest::digest(&digest::SHA384, input);
            public.verify(Pss::<sha2::Sha384>::new_with_salt(salt), digest.as_ref(), sig).is_ok()
        }
        Hash::Sha512 => {
            let digest = digest::digest(&digest::SHA512, input);
            public.verify(Pss::<sha2::Sha512>::new_with_salt(salt), digest.as_ref(), sig).is_ok()
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::key::{parse_pem, Material};

    fn key() -> RsaKey {
        let pem = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/keys/rsa-2048.pkcs8.pem"));
        match parse_pem(&pem.unwrap(), None).unwrap().material {
            Material::Rsa(k) => k,
            _ => unreachable!("an RSA key"),
        }
    }

    #[test]
    fn verifies_what_ring_signs_for_each_hash_and_nothing_else() {
        let key = key();
        for hash in [Hash::Sha256, Hash::Sha384, Hash::Sha512] {
            let sig = sign_pkcs1(hash, &key, b"payload").unwrap();
            assert!(verify_pkcs1(hash, &key, b"payload", &sig));
            assert!(!verify_pkcs1(hash, &key, b"payloaD", &sig), "another message");
            let other = if hash == Hash::Sha256 { Hash::Sha384 } else { Hash::Sha256 };
            assert!(!verify_pkcs1(other, &key, b"payload", &sig), "another hash's DigestInfo");
            let mut flipped = sig.clone();
            flipped[100] ^= 1;
            assert!(!verify_pkcs1(hash, &key, b"payload", &flipped), "a flipped bit");
            // A PSS signature is not a PKCS#1 v1.5 one.
            assert!(!verify_pkcs1(hash, &key, b"payload", &sign_pss(hash, &key, b"payload").unwrap()));
        }
    }

    #[test]
    fn pss_verifies_what_ring_signs_and_refuses_other_salt_lengths() {
        let key = key();
        for hash in [Hash::Sha256, Hash::Sha384, Hash::Sha512] {
            let sig = sign_pss(hash, &key, b"payload").unwrap();
            assert!(verify_pss(hash, &key, b"payload", &sig));
            assert!(!verify_pss(hash, &key, b"payloaD", &sig));
            assert!(!verify_pss(hash, &key, b"payload", &sign_pkcs1(hash, &key, b"payload").unwrap()));
        }
        // Salt lengths 0 and 20 made by the rsa crate itself: well-formed PSS,
        // refused because RFC 7518 3.5 fixes the salt to the hash length.
        let private = &key.private.as_ref().unwrap().key;
        let digest = digest::digest(&digest::SHA256, b"payload");
        for salt in [0, 20, 33] {
            let mut rng = crate::random::SystemRng;
            let sig =
                private.sign_with_rng(&mut rng, Pss::<sha2::Sha256>::new_with_salt(salt), digest.as_ref()).unwrap();
            assert!(!verify_pss(Hash::Sha256, &key, b"payload", &sig), "salt {salt}");
        }
        let mut rng = crate::random::SystemRng;
        let good = private.sign_with_rng(&mut rng, Pss::<sha2::Sha256>::new_with_salt(32), digest.as_ref()).unwrap();
        assert!(verify_pss(Hash::Sha256, &key, b"payload", &good), "salt 32 is the one allowed");
    }

    #[test]
    fn refuses_signatures_of_the_wrong_length_or_not_below_the_modulus() {
        let key = key();
        let sig = sign_pkcs1(Hash::Sha256, &key, b"x").unwrap();
        let mut with_zero = vec![0u8];
        with_zero.extend_from_slice(&sig);
        assert!(!verify_pkcs1(Hash::Sha256, &key, b"x", &with_zero), "a leading zero octet");
        assert!(!verify_pkcs1(Hash::Sha256, &key, b"x", &sig[1..]), "one octet short");
        assert!(!verify_pkcs1(Hash::Sha256, &key, b"x", &[]), "empty");
        let n = key.public.n_bytes();
        assert!(!verify_pkcs1(Hash::Sha256, &key, b"x", &n), "s = n");
        assert!(!verify_pkcs1(Hash::Sha256, &key, b"x", &vec![0xff; n.len()]), "s > n");
        assert!(!verify_pkcs1(Hash::Sha256, &key, b"x", &vec![0; n.len()]), "s = 0");
        let pss = sign_pss(Hash::Sha256, &key, b"x").unwrap();
        assert!(!verify_pss(Hash::Sha256, &key, b"x", &pss[1..]), "PSS one octet short");
        assert!(!verify_pss(Hash::Sha256, &key, b"x", &n), "PSS s = n");
    }
}
