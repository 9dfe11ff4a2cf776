//! AES Key Wrap (RFC 3394; JOSE A128KW, A192KW, A256KW, RFC 7518 4.4). Also
//! the second step of ECDH-ES+A*KW and PBES2-*+A*KW.

use aes_kw::{KeyInit, KwAes128, KwAes192, KwAes256};
use zeroize::Zeroizing;

use crate::error::{err, Code, Result};
use crate::jwe::decryption_failed;

/// The 64-bit integrity block RFC 3394 prepends.
const OVERHEAD: usize = 8;

/// Wraps `cek` (a multiple of 8 bytes, at least 16) under a 16-, 24- or 32-byte `kek`.
pub fn wrap(kek: &[u8], cek: &[u8]) -> Result<Vec<u8>> {
    let mut out = vec![0u8; cek.len() + OVERHEAD];
    let done = match kek.len() {
        16 => KwAes128::new_from_slice(kek).ok().and_then(|kw| kw.wrap_key(cek, &mut out).ok().map(|_| ())),
        24 => KwAes192::new_from_slice(kek).ok().and_then(|kw| kw.wrap_key(cek, &mut out).ok().map(|_| ())),
        32 => KwAes256::new_from_slice(kek).ok().and_then(|kw| kw.wrap_key(cek, &mut out).ok().map(|_| ())),
        _ => None,
    };
    match done {
        Some(()) => Ok(out),
        None => err(Code::EncryptionFailed, "AES key wrap failed"),
    }
}

/// Unwraps a key of `cek_len` bytes; a wrong length or a failed integrity
/// check is the generic `DecryptionFailed`.
pub fn unwrap(kek: &[u8], wrapped: &[u8], cek_len: usize) -> Result<Zeroizing<Vec<u8>>> {
    if wrapped.len() != cek_len + OVERHEAD || cek_len < 16 || !cek_len.is_multiple_of(8) {
        return Err(decryption_failed());
    }
    let mut out = Zeroizing::new(vec![0u8; cek_len]);
    let done = match kek.len() {
        16 => KwAes128::new_from_slice(kek).ok().and_then(|kw| kw.unwrap_key(wrapped, &mut out).ok().map(|_| ())),
        24 => KwAes192::new_from_slice(kek).ok().and_then(|kw| kw.unwrap_key(wrapped, &mut out).ok().map(|_| ())),
        32 => KwAes256::new_from_slice(kek).ok().and_then(|kw| kw.unwrap_key(wrapped, &mut out).ok().map(|_| ())),
        _ => None,
    };
    match done {
        Some(()) => Ok(out),
        None => Err(decryption_failed()),
    }
}
