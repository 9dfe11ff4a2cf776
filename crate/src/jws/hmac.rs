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

/// An HMAC key prepared once per key handle: RustCrypto's `Hmac` keeps the
/// inner and outer hash states (the two key-block compressions ring's
/// `hmac::Key::new` redoes per call), and zeroises them on drop, as key
/// handles promise for secrets.
pub enum Prepared {
    Sha256(::hmac::Hmac<sha2::Sha256>),
    Sha384(::hmac::Hmac<sha2::Sha384>),
    Sha512(::hmac::Hmac<sha2::Sha512>),
}

impl Prepared {
    /// Prepares `key` for HMAC with `hash`.
    pub fn new(hash: Hash, key: &OctKey) -> Result<Self> {
        use ::hmac::digest::KeyInit;
        let invalid = |_| crate::error::Error::new(Code::KeyEncoding, "invalid HMAC key");
        Ok(match hash {
            Hash::Sha256 => Prepared::Sha256(::hmac::Hmac::new_from_slice(&key.bytes).map_err(invalid)?),
            Hash::Sha384 => Prepared::Sha384(::hmac::Hmac::new_from_slice(&key.bytes).map_err(invalid)?),
            Hash::Sha512 => Prepared::Sha512(::hmac::Hmac::new_from_slice(&key.bytes).map_err(invalid)?),
        })
    }

    /// The hash this key was prepared for.
    pub fn hash(&self) -> Hash {
        match self {
            Prepared::Sha256(_) => Hash::Sha256,
            Prepared::Sha384(_) => Hash::Sha384,
            Prepared::Sha512(_) => Hash::Sha512,
        }
    }

    /// The MAC of `input`.
    pub fn sign(&self, input: &[u8]) -> Vec<u8> {
        use ::hmac::Mac;
        match self {
            Prepared::Sha256(mac) => mac.clone().chain_update(input).finalize().into_bytes().to_vec(),
            Prepared::Sha384(mac) => mac.clone().chain_update(input).finalize().into_bytes().to_vec(),
            Prepared::Sha512(mac) => mac.clone().chain_update(input).finalize().into_bytes().to_vec(),
        }
    }

    /// Checks `signature` against the MAC of `input` in constant time.
    pub fn verify(&self, input: &[u8], signature: &[u8]) -> bool {
        use ::hmac::Mac;
        match self {
            Prepared::Sha256(mac) => mac.clone().chain_update(input).verify_slice(signature).is_ok(),
            Prepared::Sha384(mac) => mac.clone().chain_update(input).verify_slice(signature).is_ok(),
            Prepared::Sha512(mac) => mac.clone().chain_update(input).verify_slice(signature).is_ok(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn prepared_keys_agree_with_ring() {
        let key = OctKey { bytes: zeroize::Zeroizing::new(vec![7u8; 64]), allow_short: false };
        for hash in [Hash::Sha256, Hash::Sha384, Hash::Sha512] {
            let prepared = Prepared::new(hash, &key).unwrap();
            for input in [&b""[..], b"a.b", &[0x5au8; 300][..]] {
                let ours = prepared.sign(input);
                assert_eq!(ours, sign(hash, &key, input));
                assert!(prepared.verify(input, &ours));
                let mut wrong = ours.clone();
                wrong[0] ^= 1;
                assert!(!prepared.verify(input, &wrong));
                assert!(!prepared.verify(input, &ours[1..]));
            }
        }
    }
}
