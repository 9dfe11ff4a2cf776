//! AES-GCM (RFC 7518 5.3 for content, 4.7 for key wrapping): 96-bit IV,
//! 128-bit tag. ring for AES-128 and AES-256 (hardware AES where there is
//! some, constant-time fallbacks otherwise); RustCrypto's aes-gcm for
//! AES-192, which ring does not offer.

use aes_gcm::aead::consts::U12;
use aes_gcm::aead::{AeadInOut, KeyInit};
use ring::aead::{Aad, LessSafeKey, Nonce, Tag, UnboundKey, AES_128_GCM, AES_256_GCM};
use zeroize::Zeroizing;

use crate::error::{err, Code, Result};
use crate::jwe::decryption_failed;

/// IV length in bytes (96 bits, the only length JOSE uses).
pub const IV_LEN: usize = 12;
/// Tag length in bytes (128 bits).
pub const TAG_LEN: usize = 16;

type Aes192Gcm = aes_gcm::AesGcm<aes_gcm::aes::Aes192, U12>;

fn ring_key(key: &[u8]) -> Option<LessSafeKey> {
    let algorithm = match key.len() {
        16 => &AES_128_GCM,
        32 => &AES_256_GCM,
        _ => return None,
    };
    UnboundKey::new(algorithm, key).ok().map(LessSafeKey::new)
}

/// Encrypts with a 16-, 24- or 32-byte key; returns (ciphertext, tag).
pub fn seal(key: &[u8], iv: &[u8], aad: &[u8], plaintext: &[u8]) -> Result<(Vec<u8>, [u8; TAG_LEN])> {
    let failed = || crate::error::Error::new(Code::EncryptionFailed, "AES-GCM encryption failed");
    let mut buf = plaintext.to_vec();
    let mut tag = [0u8; TAG_LEN];
    if key.len() == 24 {
        let cipher = Aes192Gcm::new_from_slice(key).map_err(|_| failed())?;
        let nonce = aes_gcm::Nonce::<U12>::try_from(iv).map_err(|_| failed())?;
        let t = cipher.encrypt_inout_detached(&nonce, aad, buf.as_mut_slice().into()).map_err(|_| failed())?;
        tag.copy_from_slice(t.as_slice());
    } else {
        let Some(cipher) = ring_key(key) else {
            return err(Code::EncryptionFailed, "AES-GCM needs a 16-, 24- or 32-byte key");
        };
        let nonce = Nonce::try_assume_unique_for_key(iv).map_err(|_| failed())?;
        let t = cipher.seal_in_place_separate_tag(nonce, Aad::from(aad), &mut buf).map_err(|_| failed())?;
        tag.copy_from_slice(t.as_ref());
    }
    Ok((buf, tag))
}

/// Verifies the tag and decrypts; any failure is the generic `DecryptionFailed`
/// and leaves nothing of the plaintext behind (the buffer is zeroised on drop).
pub fn open(key: &[u8], iv: &[u8], aad: &[u8], ciphertext: &[u8], tag: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(ciphertext.to_vec());
    if key.len() == 24 {
        let cipher = Aes192Gcm::new_from_slice(key).map_err(|_| decryption_failed())?;
        let nonce = aes_gcm::Nonce::<U12>::try_from(iv).map_err(|_| decryption_failed())?;
        let tag = aes_gcm::Tag::try_from(tag).map_err(|_| decryption_failed())?;
        cipher.decrypt_inout_detached(&nonce, aad, buf.as_mut_slice().into(), &tag).map_err(|_| decryption_failed())?;
    } else {
        let cipher = ring_key(key).ok_or_else(decryption_failed)?;
        let nonce = Nonce::try_assume_unique_for_key(iv).map_err(|_| decryption_failed())?;
        let tag = Tag::try_from(tag).map_err(|_| decryption_failed())?;
        let len = cipher
            .open_in_place_separate_tag(nonce, Aad::from(aad), tag, &mut buf, 0..)
            .map_err(|_| decryption_failed())?
            .len();
        buf.truncate(len);
    }
    Ok(buf)
}
