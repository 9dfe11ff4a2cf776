//! AES-CBC with HMAC-SHA-2 (RFC 7518 5.2): encrypt-then-MAC. The CEK is the
//! MAC key followed by the AES key; the tag is the first half of
//! HMAC(MAC_KEY, AAD || IV || ciphertext || AL), AL being the AAD length in
//! bits as a 64-bit big-endian integer. The tag is checked, in constant time,
//! before a single block is decrypted, so padding errors cannot be observed.

use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use ring::hmac;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::error::{err, Code, Error, Result};
use crate::jwe::decryption_failed;

/// IV length in bytes (one AES block).
pub const IV_LEN: usize = 16;

/// The HMAC hash of an `A*CBC-HS*` algorithm.
pub use crate::hash::Sha2 as Hash;

/// Half the CEK and the tag: 16, 24 or 32 bytes (half the hash output).
const fn half(hash: Hash) -> usize {
    hash.output_len() / 2
}

/// The full HMAC over AAD || IV || ciphertext || AL.
fn mac(hash: Hash, mac_key: &[u8], iv: &[u8], aad: &[u8], ciphertext: &[u8]) -> Option<hmac::Tag> {
    let al = u64::try_from(aad.len()).ok()?.checked_mul(8)?;
    let key = hmac::Key::new(hash.hmac(), mac_key);
    let mut ctx = hmac::Context::with_key(&key);
    ctx.update(aad);
    ctx.update(iv);
    ctx.update(ciphertext);
    ctx.update(&al.to_be_bytes());
    Some(ctx.sign())
}

fn cbc_encrypt<M: KeyIvInit + BlockModeEncrypt>(key: &[u8], iv: &[u8], plaintext: &[u8]) -> Option<Vec<u8>> {
    let mode = M::new_from_slices(key, iv).ok()?;
    // PKCS#7 always adds 1 to 16 bytes.
    let mut buf = Vec::with_capacity(plaintext.len() + IV_LEN);
    buf.extend_from_slice(plaintext);
    buf.resize(plaintext.len() + IV_LEN, 0);
    let len = mode.encrypt_padded::<Pkcs7>(&mut buf, plaintext.len()).ok()?.len();
    buf.truncate(len);
    Some(buf)
}

fn cbc_decrypt<M: KeyIvInit + BlockModeDecrypt>(
    key: &[u8],
    iv: &[u8],
    ciphertext: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    let mode = M::new_from_slices(key, iv).ok()?;
    let mut buf = Zeroizing::new(ciphertext.to_vec());
    let len = mode.decrypt_padded::<Pkcs7>(&mut buf).ok()?.len();
    buf.truncate(len);
    Some(buf)
}

/// Encrypts with the `2 * half`-byte `key`; returns (ciphertext, tag).
pub fn encrypt(hash: Hash, key: &[u8], iv: &[u8], aad: &[u8], plaintext: &[u8]) -> Result<(Vec<u8>, Vec<u8>)> {
    let half = half(hash);
    let (Some(mac_key), Some(enc_key)) = (key.get(..half), key.get(half..)) else {
        return err(Code::EncryptionFailed, "CBC-HMAC key of the wrong length");
    };
    if enc_key.len() != half {
        return err(Code::EncryptionFailed, "CBC-HMAC key of the wrong length");
    }
    let ciphertext = match half {
        16 => cbc_encrypt::<cbc::Encryptor<aes::Aes128>>(enc_key, iv, plaintext),
        24 => cbc_encrypt::<cbc::Encryptor<aes::Aes192>>(enc_key, iv, plaintext),
        _ => cbc_encrypt::<cbc::Encryptor<aes::Aes256>>(enc_key, iv, plaintext),
    }
    .ok_or_else(|| Error::new(Code::EncryptionFailed, "AES-CBC encryption failed"))?;
    let full =
        mac(hash, mac_key, iv, aad, &ciphertext).ok_or_else(|| Error::new(Code::EncryptionFailed, "AAD too long"))?;
    let tag = full.as_ref().get(..half).unwrap_or_default().to_vec();
    Ok((ciphertext, tag))
}

/// Checks the tag in constant time, then decrypts and strips the padding.
/// Every failure is the generic `DecryptionFailed`.
pub fn decrypt(
    hash: Hash,
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    let half = half(hash);
    let (Some(mac_key), Some(enc_key)) = (key.get(..half), key.get(half..)) else {
        return Err(decryption_failed());
    };
    if enc_key.len() != half || tag.len() != half {
        return Err(decryption_failed());
    }
    let full = mac(hash, mac_key, iv, aad, ciphertext).ok_or_else(decryption_failed)?;
    let expected = full.as_ref().get(..half).ok_or_else(decryption_failed)?;
    if !bool::from(expected.ct_eq(tag)) {
        return Err(decryption_failed());
    }
    match half {
        16 => cbc_decrypt::<cbc::Decryptor<aes::Aes128>>(enc_key, iv, ciphertext),
        24 => cbc_decrypt::<cbc::Decryptor<aes::Aes192>>(enc_key, iv, ciphertext),
        _ => cbc_decrypt::<cbc::Decryptor<aes::Aes256>>(enc_key, iv, ciphertext),
    }
    .ok_or_else(decryption_failed)
}
