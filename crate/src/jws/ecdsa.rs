//! ES256 signing with ring; ES256 verification with ring for a key's first
//! few verifies and then with the key's precomputed table (p256_table.rs);
//! ES384 and ES512 with RustCrypto's p384 and p521 (ring
//! has no P-521, and on wasm32 p384 signs about 3.5x and verifies about
//! 1.9x faster than ring; docs/performance-wasm.md). Signatures are JOSE's
//! fixed-length r || s; a signature of any other length, or with r or s
//! outside [1, n-1], is refused.

use ring::rand::SystemRandom;

use super::p256_table;
use crate::error::{err, Code, Error, Result};
use crate::key::{Curve, EcKey, EcSigner};

fn signing_failed() -> Error {
    Error::new(Code::InvalidArgument, "ECDSA signing failed")
}

pub fn sign(key: &EcKey, input: &[u8]) -> Result<Vec<u8>> {
    use p384::ecdsa::signature::Signer;
    match &key.signer {
        Some(EcSigner::Ring(pair)) => {
            pair.sign(&SystemRandom::new(), input).map(|s| s.as_ref().to_vec()).map_err(|_| signing_failed())
        }
        Some(EcSigner::P384(signing_key)) => {
            let sig: p384::ecdsa::Signature = signing_key.try_sign(input).map_err(|_| signing_failed())?;
            Ok(sig.to_bytes().to_vec())
        }
        Some(EcSigner::P521(signing_key)) => {
            let sig: p521::ecdsa::Signature = signing_key.try_sign(input).map_err(|_| signing_failed())?;
            Ok(sig.to_bytes().to_vec())
        }
        None => err(Code::KeyNotPrivate, "ECDSA signing needs a private key"),
    }
}

pub fn verify(key: &EcKey, input: &[u8], sig: &[u8]) -> bool {
    if sig.len() != 2 * key.curve.size() {
        return false;
    }
    match key.curve {
        // A key's first verifies go to ring; then the key's table is built
        // and p256_table verifies (docs/performance-wasm.md). Both take
        // exactly r || s with r, s in [1, n-1] and accept high S.
        Curve::P256 => match key.verify_cache.table(&key.public) {
            Some(table) => p256_table::verify(table, input, sig),
            None => ring::signature::UnparsedPublicKey::new(&ring::signature::ECDSA_P256_SHA256_FIXED, &key.public)
                .verify(input, sig)
                .is_ok(),
        },
        Curve::P384 => verify_p384(&key.public, input, sig),
        Curve::P521 => verify_p521(&key.public, input, sig),
    }
}

fn verify_p384(public: &[u8], input: &[u8], sig: &[u8]) -> bool {
    use p384::ecdsa::signature::Verifier;
    // Signature::from_slice refuses r or s equal to zero or not below n.
    let (Ok(verifying_key), Ok(signature)) =
        (p384::ecdsa::VerifyingKey::from_sec1_bytes(public), p384::ecdsa::Signature::from_slice(sig))
    else {
        return false;
    };
    verifying_key.verify(input, &signature).is_ok()
}

fn verify_p521(public: &[u8], input: &[u8], sig: &[u8]) -> bool {
    use p521::ecdsa::signature::Verifier;
    // Signature::from_slice refuses r or s equal to zero or not below n.
    let (Ok(verifying_key), Ok(signature)) =
        (p521::ecdsa::VerifyingKey::from_sec1_bytes(public), p521::ecdsa::Signature::from_slice(sig))
    else {
        return false;
    };
    verifying_key.verify(input, &signature).is_ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::key::{parse_pem, Material};
    use ring::signature::{self, UnparsedPublicKey};

    fn key(curve: &str) -> EcKey {
        let path = format!("{}/tests/data/keys/ec-{curve}.pkcs8.pem", env!("CARGO_MANIFEST_DIR"));
        match parse_pem(&std::fs::read_to_string(path).unwrap(), None).unwrap().material {
            Material::Ec(k) => k,
            _ => unreachable!("an EC key"),
        }
    }

    #[test]
    fn p256_verdicts_do_not_change_when_the_key_switches_from_ring_to_its_table() {
        let private = key("P-256");
        let public = EcKey::from_public_point(Curve::P256, &private.public).unwrap();
        let sig = sign(&private, b"payload").unwrap();
        let mut tampered = sig.clone();
        tampered[40] ^= 4;
        for round in 0..2 * super::p256_table::BUILD_AFTER {
            // Three verifies per round reach the cache (a 63-byte signature
            // is refused before); the one after BUILD_AFTER builds the table.
            let calls = 3 * round;
            assert_eq!(public.verify_cache.is_built(), calls > super::p256_table::BUILD_AFTER, "round {round}");
            assert!(verify(&public, b"payload", &sig));
            assert!(!verify(&public, b"payloaD", &sig));
            assert!(!verify(&public, b"payload", &tampered));
            assert!(!verify(&public, b"payload", &sig[..63]));
        }
        assert!(public.verify_cache.is_built());
        // The private key's own verify goes through the same path.
        assert!(verify(&private, b"payload", &sig));
    }

    #[test]
    fn p384_signs_fixed_length_r_s_that_ring_accepts() {
        let key = key("P-384");
        let sig = sign(&key, b"payload").unwrap();
        assert_eq!(sig.len(), 96);
        // The other implementation agrees, so the switch changed no format.
        let ring_verdict =
            UnparsedPublicKey::new(&signature::ECDSA_P384_SHA384_FIXED, &key.public).verify(b"payload", &sig);
        assert!(ring_verdict.is_ok());
        assert!(verify(&key, b"payload", &sig));
        assert!(!verify(&key, b"payloaD", &sig));
    }

    #[test]
    fn p384_refuses_r_or_s_outside_1_to_n_minus_1_and_other_lengths() {
        let key = key("P-384");
        let sig = sign(&key, b"m").unwrap();
        // n of P-384, big-endian.
        let n = crate::base64url::decode(b"________________________________x2NNgfQ3Ld9YGg2ySLCneuzsGWrMxSlz").unwrap();
        assert_eq!(n.len(), 48);
        for (r, s) in
            [(&[0u8; 48][..], &sig[48..]), (&sig[..48], &[0u8; 48][..]), (&n[..], &sig[48..]), (&sig[..48], &n[..])]
        {
            assert!(!verify(&key, b"m", &[r, s].concat()));
        }
        assert!(!verify(&key, b"m", &sig[..95]));
        let mut der_like = vec![0x30];
        der_like.extend_from_slice(&sig);
        assert!(!verify(&key, b"m", &der_like));
    }
}
