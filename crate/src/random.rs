//! Randomness for keys, CEKs, IVs, PBES2 salts and ephemeral keys. ring's
//! `SystemRandom` is the one source: the OS generator natively and
//! `crypto.getRandomValues` on wasm32 (ring's `wasm32_unknown_unknown_js`
//! feature). RustCrypto APIs that want a `rand_core` generator get an adapter
//! over the same source, so there is exactly one place randomness comes from.

use core::fmt;

use ring::rand::{SecureRandom, SystemRandom};
use rsa::rand_core::{TryCryptoRng, TryRng};

use crate::error::{Code, Error, Result};

/// Fills `buf` with random bytes; a generator failure is reported with `code`
/// (EncryptionFailed when making a token, DecryptionFailed when opening one).
pub(crate) fn fill(buf: &mut [u8], code: Code) -> Result<()> {
    SystemRandom::new().fill(buf).map_err(|_| Error::new(code, "the random number generator failed"))
}

/// `n` random bytes.
pub(crate) fn bytes(n: usize, code: Code) -> Result<Vec<u8>> {
    let mut out = vec![0u8; n];
    fill(&mut out, code)?;
    Ok(out)
}

/// The system generator behind the `rand_core` 0.10 traits that rsa and
/// elliptic-curve take (OAEP padding, RSA blinding, scalar generation).
pub struct SystemRng;

/// The generator failed; carries no detail (ring's error has none either).
#[derive(Debug)]
pub struct RngFailed;

impl fmt::Display for RngFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the random number generator failed")
    }
}

impl core::error::Error for RngFailed {}

impl TryRng for SystemRng {
    type Error = RngFailed;

    fn try_next_u32(&mut self) -> core::result::Result<u32, RngFailed> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> core::result::Result<u64, RngFailed> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> core::result::Result<(), RngFailed> {
        SystemRandom::new().fill(dst).map_err(|_| RngFailed)
    }
}

impl TryCryptoRng for SystemRng {}
