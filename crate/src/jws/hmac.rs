//! HS256/384/512 with ring's HMAC; verification is ring's constant-time check.

use ring::hmac;

use super::algorithms::Hash;
use crate::error::{err, Code, Result};
use crate::key::OctKey;

/// RFC 7518 3.2: the key must be at least as long as the hash output, unless
/// the key was explicitly marked as a legacy short secret.
pub fn check_key_length(hash: Hash, key: &OctKey) -> Result<()> {
    if key.bytes.is_empty() {
        return err(Code::KeyTooSmall, "an empty HMAC secret is never accepted");
    }
    if key.bytes.len() < hash.output_len() && !key.allow_short {
        return err(
            Code::KeyTooSmall,
            format!("HMAC secret has {} bytes; this algorithm needs at least {}", key.bytes.len(), hash.output_len()),
        );
    }
    Ok(())
}

pub fn sign(hash: Hash, key: &OctKey, input: &[u8]) -> Vec<u8> {
    let key = hmac::Key::new(hash.hmac(), &key.bytes);
    hmac::sign(&key, input).as_ref().to_vec()
}

pub fn verify(hash: Hash, key: &OctKey, input: &[u8], signature: &[u8]) -> bool {
    let key = hmac::Key::new(hash.hmac(), &key.bytes);
    hmac::verify(&key, input, signature).is_ok()
}
