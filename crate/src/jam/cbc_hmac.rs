//! jam's A128CBC-HS256 / A192CBC-HS384 / A256CBC-HS512. The key split (MAC
//! key first), AES-CBC and PKCS#7 are RFC 7518 5.2's, but the MAC input is
//! AAD || IV || ciphertext || AL || IVL || CL: after RFC 7518's AL (the AAD
//! length in bits, 64-bit big-endian) jam appends the IV and ciphertext
//! lengths in bits the same way. The tag is still the first half of the HMAC.
//!
//! Reading checks both MAC inputs in constant time and accepts the token if
//! either matches; then the standard module decrypts.

use ring::hmac;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::hash::Sha2 as Hash;
use crate::jwe::content::aes_cbc_hmac;
use crate::jwe::decryption_failed;

/// Length in bits of `bytes`, 64-bit big-endian.
fn bits(len: usize) -> Option<[u8; 8]> {
    Some(u64::try_from(len).ok()?.checked_mul(8)?.to_be_bytes())
}

/// The full HMAC over `parts`, or None when a length overflows.
fn hmac_of(hash: Hash, mac_key: &[u8], parts: &[&[u8]]) -> hmac::Tag {
    let key = hmac::Key::new(hash.hmac(), mac_key);
    let mut ctx = hmac::Context::with_key(&key);
    for part in parts {
        ctx.update(part);
    }
    ctx.sign()
}

/// jam's tag and the RFC 7518 tag for the same inputs (each `half` bytes).
fn tags(hash: Hash, key: &[u8], iv: &[u8], aad: &[u8], ciphertext: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let half = hash.output_len() / 2;
    let mac_key = key.get(..half)?;
    let (al, ivl, cl) = (bits(aad.len())?, bits(iv.len())?, bits(ciphertext.len())?);
    let jam = hmac_of(hash, mac_key, &[aad, iv, ciphertext, &al, &ivl, &cl]);
    let standard = hmac_of(hash, mac_key, &[aad, iv, ciphertext, &al]);
    Some((jam.as_ref().get(..half)?.to_vec(), standard.as_ref().get(..half)?.to_vec()))
}

/// Encrypts as jam does: the standard ciphertext with jam's tag.
pub fn encrypt(hash: Hash, key: &[u8], iv: &[u8], aad: &[u8], plaintext: &[u8]) -> Result<(Vec<u8>, Vec<u8>)> {
    let (ciphertext, _) = aes_cbc_hmac::encrypt(hash, key, iv, aad, plaintext)?;
    let (jam, _) = tags(hash, key, iv, aad, &ciphertext)
        .ok_or_else(|| Error::new(crate::error::Code::EncryptionFailed, "CBC-HMAC input too long"))?;
    Ok((ciphertext, jam))
}

/// Accepts jam's tag or the standard one (both compared in constant time),
/// then decrypts. Every failure is the generic `DecryptionFailed`.
pub fn decrypt(
    hash: Hash,
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    let (jam, standard) = tags(hash, key, iv, aad, ciphertext).ok_or_else(decryption_failed)?;
    if jam.len() != tag.len() {
        return Err(decryption_failed());
    }
    let jam_ok = bool::from(jam.ct_eq(tag));
    let standard_ok = bool::from(standard.ct_eq(tag));
    if !(jam_ok || standard_ok) {
        return Err(decryption_failed());
    }
    // The tag is authentic in one of the two forms: the standard module
    // re-checks the standard tag and decrypts.
    aes_cbc_hmac::decrypt(hash, key, iv, aad, ciphertext, &standard)
}
