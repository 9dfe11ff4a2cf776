//! The SHA-2 hash choice that JWS (HS*, RS*, PS*), CBC-HMAC content
//! encryption and PBES2 all parameterise on, with what each needs of it.

use ring::{hmac, pbkdf2};

/// SHA-256, SHA-384 or SHA-512.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sha2 {
    Sha256,
    Sha384,
    Sha512,
}

impl Sha2 {
    /// Output length in bytes: the HMAC minimum key length (RFC 7518 3.2)
    /// and the PSS salt length (RFC 7518 3.5).
    pub const fn output_len(self) -> usize {
        match self {
            Sha2::Sha256 => 32,
            Sha2::Sha384 => 48,
            Sha2::Sha512 => 64,
        }
    }

    /// HMAC with this hash (ring).
    pub fn hmac(self) -> hmac::Algorithm {
        match self {
            Sha2::Sha256 => hmac::HMAC_SHA256,
            Sha2::Sha384 => hmac::HMAC_SHA384,
            Sha2::Sha512 => hmac::HMAC_SHA512,
        }
    }

    /// PBKDF2 with HMAC of this hash (ring).
    pub fn pbkdf2(self) -> pbkdf2::Algorithm {
        match self {
            Sha2::Sha256 => pbkdf2::PBKDF2_HMAC_SHA256,
            Sha2::Sha384 => pbkdf2::PBKDF2_HMAC_SHA384,
            Sha2::Sha512 => pbkdf2::PBKDF2_HMAC_SHA512,
        }
    }
}
