//! jam's ECDH-ES+A128KW / +A192KW / +A256KW. Where RFC 7518 4.6 derives the
//! key-wrapping key with the Concat KDF (alg, apu, apv, length), jam uses
//! HKDF-SHA256 with an empty salt and empty info, and it picks the ephemeral
//! curve from the algorithm, not from the recipient's key: +A128KW is P-256,
//! +A192KW P-384, +A256KW P-521 (so a recipient key on another curve cannot
//! be used, in jam or here).
//!
//! jam's plain ECDH-ES is not here: it sends HKDF output as the "encrypted
//! key" and encrypts with an unrelated random CEK that no one (jam included)
//! can recover, so there is nothing to be compatible with.

use ring::hkdf;
use zeroize::Zeroizing;

use crate::error::{err, Code, Result};
use crate::key::Curve;

/// The ephemeral curve jam uses for a key-wrap length.
pub fn curve_for(kw_len: usize) -> Result<Curve> {
    match kw_len {
        16 => Ok(Curve::P256),
        24 => Ok(Curve::P384),
        32 => Ok(Curve::P521),
        _ => err(Code::AlgUnsupported, "no jam ECDH-ES variant for this key-wrap length"),
    }
}

/// An HKDF output length (ring asks for it as a key type).
struct Len(usize);

impl hkdf::KeyType for Len {
    fn len(&self) -> usize {
        self.0
    }
}

/// HKDF-SHA256(ikm = z, salt = "", info = "") of `len` bytes. An empty salt
/// is the same as RFC 5869's default of zeros, as HMAC pads keys with zeros.
pub fn derive_kek(z: &[u8], len: usize) -> Result<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(vec![0u8; len]);
    hkdf::Salt::new(hkdf::HKDF_SHA256, &[])
        .extract(z)
        .expand(&[], Len(len))
        .and_then(|okm| okm.fill(&mut out))
        .map_err(|_| crate::error::Error::new(Code::InvalidArgument, "HKDF output too long"))?;
    Ok(out)
}
