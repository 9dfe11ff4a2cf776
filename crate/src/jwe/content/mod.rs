//! Content encryption (RFC 7518 section 5): the `enc` table. Each entry
//! records the CEK, IV and tag sizes its algorithm needs; the compact layer
//! resolves `enc` here once and hands the entry down.

pub mod aes_cbc_hmac;
pub mod aes_gcm;

use zeroize::Zeroizing;

use crate::error::{err, Code, Result};
use crate::jam::Dialect;

/// The cipher family behind an `enc` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cipher {
    /// AES-GCM (RFC 7518 5.3): 96-bit IV, 128-bit tag.
    AesGcm,
    /// AES-CBC with HMAC-SHA-2 (RFC 7518 5.2).
    AesCbcHmac(aes_cbc_hmac::Hash),
}

/// One row of the `enc` table.
#[derive(Debug)]
pub struct ContentEncryption {
    /// The JOSE `enc` name.
    pub name: &'static str,
    /// Length in bytes of the content encryption key.
    pub cek_len: usize,
    /// Length in bytes of the initialisation vector.
    pub iv_len: usize,
    /// Length in bytes of the authentication tag.
    pub tag_len: usize,
    /// The cipher family that does the work.
    pub cipher: Cipher,
}

const fn gcm(name: &'static str, cek_len: usize) -> ContentEncryption {
    ContentEncryption { name, cek_len, iv_len: aes_gcm::IV_LEN, tag_len: aes_gcm::TAG_LEN, cipher: Cipher::AesGcm }
}

/// CBC-HMAC keys are a MAC key and an AES key of equal length, and the tag is
/// the first half of the HMAC output, which is the same length again.
const fn cbc_hmac(name: &'static str, hash: aes_cbc_hmac::Hash, half: usize) -> ContentEncryption {
    ContentEncryption {
        name,
        cek_len: 2 * half,
        iv_len: aes_cbc_hmac::IV_LEN,
        tag_len: half,
        cipher: Cipher::AesCbcHmac(hash),
    }
}

/// Every content encryption algorithm of RFC 7518 section 5.1.
pub static TABLE: [ContentEncryption; 6] = [
    cbc_hmac("A128CBC-HS256", aes_cbc_hmac::Hash::Sha256, 16),
    cbc_hmac("A192CBC-HS384", aes_cbc_hmac::Hash::Sha384, 24),
    cbc_hmac("A256CBC-HS512", aes_cbc_hmac::Hash::Sha512, 32),
    gcm("A128GCM", 16),
    gcm("A192GCM", 24),
    gcm("A256GCM", 32),
];

/// The table entry for `enc`, or `AlgUnsupported`.
pub fn find(enc: &str) -> Result<&'static ContentEncryption> {
    match TABLE.iter().find(|e| e.name == enc) {
        Some(entry) => Ok(entry),
        None => err(Code::AlgUnsupported, format!("unsupported enc {enc:?}")),
    }
}

impl ContentEncryption {
    /// Encrypts `plaintext` under `cek` and `iv` with `aad` authenticated;
    /// returns (ciphertext, tag). The IV must never repeat under one CEK:
    /// `jwe::encrypt` draws both fresh for every token.
    pub fn encrypt(&self, cek: &[u8], iv: &[u8], aad: &[u8], plaintext: &[u8]) -> Result<(Vec<u8>, Vec<u8>)> {
        if cek.len() != self.cek_len || iv.len() != self.iv_len {
            return err(
                Code::EncryptionFailed,
                format!("{} needs a {}-byte key and a {}-byte IV", self.name, self.cek_len, self.iv_len),
            );
        }
        match self.cipher {
            Cipher::AesGcm => aes_gcm::seal(cek, iv, aad, plaintext).map(|(ct, tag)| (ct, tag.to_vec())),
            Cipher::AesCbcHmac(hash) => aes_cbc_hmac::encrypt(hash, cek, iv, aad, plaintext),
        }
    }

    /// `encrypt` in the given dialect (jam's CBC-HMAC tag in jam's).
    pub fn encrypt_in(
        &self,
        dialect: Dialect,
        cek: &[u8],
        iv: &[u8],
        aad: &[u8],
        plaintext: &[u8],
    ) -> Result<(Vec<u8>, Vec<u8>)> {
        match (dialect, self.cipher) {
            (Dialect::Jam, Cipher::AesCbcHmac(hash)) if cek.len() == self.cek_len && iv.len() == self.iv_len => {
                crate::jam::cbc_hmac::encrypt(hash, cek, iv, aad, plaintext)
            }
            _ => self.encrypt(cek, iv, aad, plaintext),
        }
    }

    /// `decrypt` in the given dialect (jam's reads either CBC-HMAC tag).
    pub fn decrypt_in(
        &self,
        dialect: Dialect,
        cek: &[u8],
        iv: &[u8],
        aad: &[u8],
        ciphertext: &[u8],
        tag: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>> {
        match (dialect, self.cipher) {
            (Dialect::Jam, Cipher::AesCbcHmac(hash)) => {
                if cek.len() != self.cek_len || iv.len() != self.iv_len || tag.len() != self.tag_len {
                    return Err(crate::jwe::decryption_failed());
                }
                crate::jam::cbc_hmac::decrypt(hash, cek, iv, aad, ciphertext, tag)
            }
            _ => self.decrypt(cek, iv, aad, ciphertext, tag),
        }
    }

    /// Authenticates and decrypts. Every failure, whatever its cause (sizes,
    /// tag, padding), is the one generic `DecryptionFailed`.
    pub fn decrypt(
        &self,
        cek: &[u8],
        iv: &[u8],
        aad: &[u8],
        ciphertext: &[u8],
        tag: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>> {
        if cek.len() != self.cek_len || iv.len() != self.iv_len || tag.len() != self.tag_len {
            return Err(crate::jwe::decryption_failed());
        }
        match self.cipher {
            Cipher::AesGcm => aes_gcm::open(cek, iv, aad, ciphertext, tag),
            Cipher::AesCbcHmac(hash) => aes_cbc_hmac::decrypt(hash, cek, iv, aad, ciphertext, tag),
        }
    }
}
