//! RSAES-OAEP key encryption (RFC 7518 4.3, RFC 8017 7.1). `RSA-OAEP` is
//! SHA-1 with MGF1-SHA-1 (jam used SHA-256 here, which no other library
//! reads); `RSA-OAEP-256/-384/-512` use that SHA-2 for both. Labels are empty.
//!
//! RSA1_5 (PKCS#1 v1.5) is deliberately absent: its padding check is a
//! Bleichenbacher oracle, and the countermeasures (RFC 7516 11.5) are fragile.

use zeroize::Zeroizing;

use crate::error::{err, Code, Error, Result};
use crate::jwe::decryption_failed;
use crate::key::RsaKey;
use crate::random::SystemRng;

/// The hash of an `RSA-OAEP*` algorithm, used for OAEP and MGF1 alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

/// RFC 7518 4.3: "A key of size 2048 bits or larger MUST be used".
const MIN_BITS: usize = 2048;

fn check_size(key: &RsaKey) -> Result<()> {
    if key.bits() < MIN_BITS {
        return err(Code::KeyTooSmall, format!("RSA-OAEP needs a key of at least {MIN_BITS} bits"));
    }
    Ok(())
}

/// Encrypts `cek` to the public key.
pub fn encrypt(key: &RsaKey, hash: Hash, cek: &[u8]) -> Result<Vec<u8>> {
    check_size(key)?;
    let public = &key.public;
    let mut rng = SystemRng;
    match hash {
        Hash::Sha1 => public.oaep_encrypt_with_rng::<sha1::Sha1, _>(&mut rng, cek),
        Hash::Sha256 => public.oaep_encrypt_with_rng::<sha2::Sha256, _>(&mut rng, cek),
        Hash::Sha384 => public.oaep_encrypt_with_rng::<sha2::Sha384, _>(&mut rng, cek),
        Hash::Sha512 => public.oaep_encrypt_with_rng::<sha2::Sha512, _>(&mut rng, cek),
    }
    .map_err(|_| Error::new(Code::EncryptionFailed, "RSA-OAEP encryption failed"))
}

/// Decrypts the encrypted key with the private key (blinded with fresh
/// randomness). A public key alone is `KeyNotPrivate`; every cryptographic
/// failure is the generic `DecryptionFailed`.
pub fn decrypt(key: &RsaKey, hash: Hash, encrypted_key: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    check_size(key)?;
    let Some(private) = &key.private else {
        return err(Code::KeyNotPrivate, "RSA-OAEP decryption needs a private key");
    };
    let private = &private.key;
    let mut rng = SystemRng;
    match hash {
        Hash::Sha1 => private.oaep_decrypt_with_rng::<sha1::Sha1, _>(&mut rng, encrypted_key),
        Hash::Sha256 => private.oaep_decrypt_with_rng::<sha2::Sha256, _>(&mut rng, encrypted_key),
        Hash::Sha384 => private.oaep_decrypt_with_rng::<sha2::Sha384, _>(&mut rng, encrypted_key),
        Hash::Sha512 => private.oaep_decrypt_with_rng::<sha2::Sha512, _>(&mut rng, encrypted_key),
    }
    .map(Zeroizing::new)
    .map_err(|_| decryption_failed())
}
