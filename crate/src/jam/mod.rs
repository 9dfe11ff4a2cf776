//! Python jam 4.x's token forms where they depart from RFC 7515/7518, for
//! the opt-in compatibility mode (`compat: "jam"`). Standard mode never
//! reaches this module. Each departure is one file; the JWS and JWE tables
//! select them through `Dialect` (see `jws::algorithms::JwsAlgorithm::sign_in`,
//! `jwe::key_management::KeyManagement::wrap_in` and
//! `jwe::content::ContentEncryption::encrypt_in`).
//!
//! In compat mode we write what jam writes and read both jam's form and the
//! standard one. Nothing here relaxes a refusal: RSA1_5 and `alg: none` stay
//! unsupported, key types and sizes are checked as in standard mode, and
//! every cryptographic failure is the same generic error.

pub mod cbc_hmac;
pub mod ecdh_hkdf;
pub mod key_management;
pub mod pbes2;
pub mod pss;

/// Which token forms to write and accept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dialect {
    /// RFC 7515/7516/7518 only.
    #[default]
    Standard,
    /// Write jam 4.x's forms; read jam's and the standard ones.
    Jam,
}
