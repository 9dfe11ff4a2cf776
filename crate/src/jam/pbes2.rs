//! jam's PBES2-HS256+A128KW / HS384+A192KW / HS512+A256KW. RFC 7518 4.8
//! salts PBKDF2 with UTF8(alg) || 0x00 || p2s and takes a KEK of the
//! algorithm's size. jam salts with p2s alone, derives kek_len + 16 bytes and
//! wraps with the LAST 16, so every variant is AES-128 Key Wrap in fact.
//!
//! The p2c cap applies exactly as in standard mode (checked before PBKDF2).

use core::num::NonZeroU32;

use ring::pbkdf2;
use zeroize::Zeroizing;

use crate::hash::Sha2 as Hash;

/// Length of the key jam wraps with.
pub const KEK_LEN: usize = 16;

/// jam's KEK: the last 16 bytes of PBKDF2(password, p2s, p2c, kek_len + 16).
pub fn derive_kek(hash: Hash, password: &[u8], p2s: &[u8], p2c: NonZeroU32, kek_len: usize) -> Zeroizing<Vec<u8>> {
    let mut derived = Zeroizing::new(vec![0u8; kek_len + KEK_LEN]);
    pbkdf2::derive(hash.pbkdf2(), p2c, p2s, password, &mut derived);
    Zeroizing::new(derived.get(kek_len..).unwrap_or_default().to_vec())
}
