//! EdDSA with Ed25519 (RFC 8037) using ring.

use ring::signature::{self, UnparsedPublicKey};

use crate::error::{err, Code, Result};
use crate::key::OkpKey;

pub fn sign(key: &OkpKey, input: &[u8]) -> Result<Vec<u8>> {
    match &key.signer {
        Some(pair) => Ok(pair.sign(input).as_ref().to_vec()),
        None => err(Code::KeyNotPrivate, "EdDSA signing needs a private key"),
    }
}

pub fn verify(key: &OkpKey, input: &[u8], sig: &[u8]) -> bool {
    UnparsedPublicKey::new(&signature::ED25519, &key.public).verify(input, sig).is_ok()
}
