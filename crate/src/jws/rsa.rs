//! RS* (PKCS#1 v1.5) and PS* (PSS, salt = hash length) with ring. ring accepts
//! moduli of 2048 to 8192 bits, which is also our import policy.

use ring::rand::SystemRandom;
use ring::signature::{self, RsaEncoding, RsaPublicKeyComponents};

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

fn pkcs1_params(hash: Hash) -> &'static signature::RsaParameters {
    match hash {
        Hash::Sha256 => &signature::RSA_PKCS1_2048_8192_SHA256,
        Hash::Sha384 => &signature::RSA_PKCS1_2048_8192_SHA384,
        Hash::Sha512 => &signature::RSA_PKCS1_2048_8192_SHA512,
    }
}

fn pss_params(hash: Hash) -> &'static signature::RsaParameters {
    match hash {
        Hash::Sha256 => &signature::RSA_PSS_2048_8192_SHA256,
        Hash::Sha384 => &signature::RSA_PSS_2048_8192_SHA384,
        Hash::Sha512 => &signature::RSA_PSS_2048_8192_SHA512,
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

fn verify_with(params: &'static signature::RsaParameters, key: &RsaKey, input: &[u8], sig: &[u8]) -> bool {
    // A private key verifies with its public half; ring's verifier checks the
    // signature length equals the modulus length.
    RsaPublicKeyComponents { n: key.n.as_slice(), e: key.e.as_slice() }.verify(params, input, sig).is_ok()
}

pub fn verify_pkcs1(hash: Hash, key: &RsaKey, input: &[u8], sig: &[u8]) -> bool {
    verify_with(pkcs1_params(hash), key, input, sig)
}

pub fn verify_pss(hash: Hash, key: &RsaKey, input: &[u8], sig: &[u8]) -> bool {
    verify_with(pss_params(hash), key, input, sig)
}
