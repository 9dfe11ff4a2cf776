//! Errors with stable codes. The TypeScript layer maps each code to a typed
//! error class, so a code, once published, never changes meaning.

use core::fmt;

/// Declares `Code` from one list: each variant with its doc and its stable
/// string, so that neither `as_str` nor `Code::ALL` (from which
/// ts/generated/tables.ts is generated) can miss a variant.
macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident => $code:literal,)*) => {
        /// Every way the core can refuse. Codes are part of the public contract.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable string the TypeScript layer switches on.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }
        }
    };
}

codes! {
    /// The token is not well-formed compact serialisation (segments, sizes).
    TokenMalformed => "ERR_TOKEN_MALFORMED",
    /// The token exceeds the configured size cap.
    TokenTooLarge => "ERR_TOKEN_TOO_LARGE",
    /// A base64url segment is not strict, canonical, unpadded base64url.
    Base64 => "ERR_BASE64",
    /// The protected header is not a JSON object with the members we need.
    HeaderInvalid => "ERR_HEADER_INVALID",
    /// The algorithm name is not one this library implements.
    AlgUnsupported => "ERR_ALG_UNSUPPORTED",
    /// The algorithm is implemented but not allowed here (allow-list, `none`).
    AlgNotAllowed => "ERR_ALG_NOT_ALLOWED",
    /// The key's type cannot be used with the algorithm (key confusion guard).
    KeyAlgMismatch => "ERR_KEY_ALG_MISMATCH",
    /// The JWK `use`, `key_ops` or `alg` of the key forbids this operation.
    KeyUsage => "ERR_KEY_USAGE",
    /// A private key is required (signing, decrypting) but a public key was given.
    KeyNotPrivate => "ERR_KEY_NOT_PRIVATE",
    /// The key bytes are not a valid encoding (PEM, DER, JWK, base64).
    KeyEncoding => "ERR_KEY_ENCODING",
    /// The key is of a type or curve this library does not support.
    KeyType => "ERR_KEY_TYPE",
    /// The key is smaller than the algorithm's minimum (RSA < 2048, short HMAC).
    KeyTooSmall => "ERR_KEY_TOO_SMALL",
    /// The key is encrypted and the password is missing or wrong.
    KeyPassword => "ERR_KEY_PASSWORD",
    /// A signature did not verify. Deliberately says nothing more.
    SignatureInvalid => "ERR_SIGNATURE_INVALID",
    /// Encryption failed (bad parameters, not bad luck).
    EncryptionFailed => "ERR_ENCRYPTION_FAILED",
    /// Decryption failed. One generic code for every cause: no oracle.
    DecryptionFailed => "ERR_DECRYPTION_FAILED",
    /// PBES2 iteration count above the configured cap (checked before work).
    P2cLimit => "ERR_P2C_LIMIT",
    /// Decompressed content above the configured cap.
    ZipLimit => "ERR_ZIP_LIMIT",
    /// An ephemeral public key in `epk` is invalid, off-curve or low-order.
    EpkInvalid => "ERR_EPK_INVALID",
    /// A parameter given by the caller is out of range.
    InvalidArgument => "ERR_INVALID_ARGUMENT",
    /// The token's `crit` lists a header parameter the caller does not understand.
    CritUnsupported => "ERR_CRIT_UNSUPPORTED",
    /// The key is well-formed but weak: ROCA, a bad RSA exponent or modulus, a small-order point.
    KeyWeak => "ERR_KEY_WEAK",
    /// A private key's parts disagree with each other or with its public key.
    KeyMismatch => "ERR_KEY_MISMATCH",
    /// An encrypted key asks for more key-derivation work than the import allows.
    KdfLimit => "ERR_KDF_LIMIT",
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
