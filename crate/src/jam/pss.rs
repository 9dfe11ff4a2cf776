//! jam's PS256/384/512: RSASSA-PSS with the MAXIMUM salt length
//! (`padding.PSS.MAX_LENGTH` in Python's cryptography, for signing and
//! verifying alike) instead of RFC 7518 3.5's salt = hash length. Done with
//! RustCrypto's `rsa`, whose PSS takes an explicit salt length (ring fixes it
//! at the hash length).

use rsa::pss::Pss;
use rsa::traits::PublicKeyParts;
use sha2::Digest;

use crate::error::{err, Code, Error, Result};
use crate::hash::Sha2 as Hash;
use crate::key::RsaKey;
use crate::random::SystemRng;

/// The largest salt for this key and hash: emLen - hLen - 2, where
/// emLen = ceil((modBits - 1) / 8) (RFC 8017 9.1.1), as cryptography computes it.
pub fn max_salt_len(key: &RsaKey, hash: Hash) -> Option<usize> {
    let em_len = key.bits().checked_sub(1)?.div_ceil(8);
    em_len.checked_sub(hash.output_len() + 2)
}

fn digest(hash: Hash, input: &[u8]) -> Vec<u8> {
    match hash {
        Hash::Sha256 => sha2::Sha256::digest(input).to_vec(),
        Hash::Sha384 => sha2::Sha384::digest(input).to_vec(),
        Hash::Sha512 => sha2::Sha512::digest(input).to_vec(),
    }
}

/// Signs `input` with the maximum salt length (blinded, fresh salt).
pub fn sign(hash: Hash, key: &RsaKey, input: &[u8]) -> Result<Vec<u8>> {
    let Some(private) = &key.private else {
        return err(Code::KeyNotPrivate, "RSA signing needs a private key");
    };
    let salt = max_salt_len(key, hash).ok_or_else(|| Error::new(Code::KeyTooSmall, "RSA key too small for PSS"))?;
    let hashed = digest(hash, input);
    let mut rng = SystemRng;
    match hash {
        Hash::Sha256 => private.key.sign_with_rng(&mut rng, Pss::<sha2::Sha256>::new_with_salt(salt), &hashed),
        Hash::Sha384 => private.key.sign_with_rng(&mut rng, Pss::<sha2::Sha384>::new_with_salt(salt), &hashed),
        Hash::Sha512 => private.key.sign_with_rng(&mut rng, Pss::<sha2::Sha512>::new_with_salt(salt), &hashed),
    }
    .map_err(|_| Error::new(Code::InvalidArgument, "RSA-PSS signing failed"))
}

/// True when `sig` is a PSS signature of `input` with exactly the maximum salt.
pub fn verify(hash: Hash, key: &RsaKey, input: &[u8], sig: &[u8]) -> bool {
    let Some(salt) = max_salt_len(key, hash) else {
        return false;
    };
    if sig.len() != key.public.size() {
        return false;
    }
    let hashed = digest(hash, input);
    match hash {
        Hash::Sha256 => key.public.verify(Pss::<sha2::Sha256>::new_with_salt(salt), &hashed, sig),
        Hash::Sha384 => key.public.verify(Pss::<sha2::Sha384>::new_with_salt(salt), &hashed, sig),
        Hash::Sha512 => key.public.verify(Pss::<sha2::Sha512>::new_with_salt(salt), &hashed, sig),
    }
    .is_ok()
}
