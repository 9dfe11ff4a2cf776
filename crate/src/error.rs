//! Errors with stable codes. The TypeScript layer maps each code to a typed
//! error class, so a code, once published, never changes meaning.

use core::fmt;

/// Every way the core can refuse. Codes are part of the public contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    /// The token is not well-formed compact serialisation (segments, sizes).
    TokenMalformed,
    /// The token exceeds the configured size cap.
    TokenTooLarge,
    /// A base64url segment is not strict, canonical, unpadded base64url.
    Base64,
    /// The protected header is not a JSON object with the members we need.
    HeaderInvalid,
    /// The algorithm name is not one this library implements.
    AlgUnsupported,
    /// The algorithm is implemented but not allowed here (allow-list, `none`).
    AlgNotAllowed,
    /// The key's type cannot be used with the algorithm (key confusion guard).
    KeyAlgMismatch,
    /// The JWK `use`, `key_ops` or `alg` of the key forbids this operation.
    KeyUsage,
    /// A private key is required (signing, decrypting) but a public key was given.
    KeyNotPrivate,
    /// The key bytes are not a valid encoding (PEM, DER, JWK, base64).
    KeyEncoding,
    /// The key is of a type or curve this library does not support.
    KeyType,
    /// The key is smaller than the algorithm's minimum (RSA < 2048, short HMAC).
    KeyTooSmall,
    /// The key is encrypted and the password is missing or wrong.
    KeyPassword,
    /// A signature did not verify. Deliberately says nothing more.
    SignatureInvalid,
    /// Encryption failed (bad parameters, not bad luck).
    EncryptionFailed,
    /// Decryption failed. One generic code for every cause: no oracle.
    DecryptionFailed,
    /// PBES2 iteration count above the configured cap (checked before work).
    P2cLimit,
    /// Decompressed content above the configured cap.
    ZipLimit,
    /// An ephemeral public key in `epk` is invalid, off-curve or low-order.
    EpkInvalid,
    /// A parameter given by the caller is out of range.
    InvalidArgument,
    /// The token's `crit` lists a header parameter the caller does not understand.
    CritUnsupported,
    /// The key is well-formed but weak: ROCA, a bad RSA exponent or modulus, a small-order point.
    KeyWeak,
    /// A private key's parts disagree with each other or with its public key.
    KeyMismatch,
    /// An encrypted key asks for more key-derivation work than the import allows.
    KdfLimit,
}

impl Code {
    /// The stable string the TypeScript layer switches on.
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::TokenMalformed => "ERR_TOKEN_MALFORMED",
            Code::TokenTooLarge => "ERR_TOKEN_TOO_LARGE",
            Code::Base64 => "ERR_BASE64",
            Code::HeaderInvalid => "ERR_HEADER_INVALID",
            Code::AlgUnsupported => "ERR_ALG_UNSUPPORTED",
            Code::AlgNotAllowed => "ERR_ALG_NOT_ALLOWED",
            Code::KeyAlgMismatch => "ERR_KEY_ALG_MISMATCH",
            Code::KeyUsage => "ERR_KEY_USAGE",
            Code::KeyNotPrivate => "ERR_KEY_NOT_PRIVATE",
            Code::KeyEncoding => "ERR_KEY_ENCODING",
            Code::KeyType => "ERR_KEY_TYPE",
            Code::KeyTooSmall => "ERR_KEY_TOO_SMALL",
            Code::KeyPassword => "ERR_KEY_PASSWORD",
            Code::SignatureInvalid => "ERR_SIGNATURE_INVALID",
            Code::EncryptionFailed => "ERR_ENCRYPTION_FAILED",
            Code::DecryptionFailed => "ERR_DECRYPTION_FAILED",
            Code::P2cLimit => "ERR_P2C_LIMIT",
            Code::ZipLimit => "ERR_ZIP_LIMIT",
            Code::EpkInvalid => "ERR_EPK_INVALID",
            Code::InvalidArgument => "ERR_INVALID_ARGUMENT",
            Code::CritUnsupported => "ERR_CRIT_UNSUPPORTED",
            Code::KeyWeak => "ERR_KEY_WEAK",
            Code::KeyMismatch => "ERR_KEY_MISMATCH",
            Code::KdfLimit => "ERR_KDF_LIMIT",
        }
    }
}

/// An error: a stable code and a human message that never holds secrets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub code: Code,
    pub message: String,
}

impl Error {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Error { code, message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = core::result::Result<T, Error>;

/// Shorthand for building an `Err` with a code and message.
pub fn err<T>(code: Code, message: impl Into<String>) -> Result<T> {
    Err(Error::new(code, message))
}
