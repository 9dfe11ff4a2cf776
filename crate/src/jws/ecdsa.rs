//! ES256/ES384 with ring, ES512 (P-521) with RustCrypto's p521 since ring has
//! no P-521. Signatures are JOSE's fixed-length r || s; a signature of any
//! other length, or with r or s outside [1, n-1], is refused.

use ring::rand::SystemRandom;
use ring::signature::{self, UnparsedPublicKey};

use crate::error::{err, Code, Result};
use crate::key::{Curve, EcKey, EcSigner};

pub fn sign(key: &EcKey, input: &[u8]) -> Result<Vec<u8>> {
    match &key.signer {
        Some(EcSigner::Ring(pair)) => pair
            .sign(&SystemRandom::new(), input)
            .map(|s| s.as_ref().to_vec())
            .map_err(|_| crate::error::Error::new(Code::InvalidArgument, "ECDSA signing failed")),
        Some(EcSigner::P521(signing_key)) => {
            use p521::ecdsa::signature::Signer;
            let sig: p521::ecdsa::Signature = signing_key
                .try_sign(input)
                .map_err(|_| crate::error::Error::new(Code::InvalidArgument, "ECDSA signing failed"))?;
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
        Curve::P256 => {
            UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, &key.public).verify(input, sig).is_ok()
        }
        Curve::P384 => {
            UnparsedPublicKey::new(&signature::ECDSA_P384_SHA384_FIXED, &key.public).verify(input, sig).is_ok()
        }
        Curve::P521 => verify_p521(&key.public, input, sig),
    }
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
