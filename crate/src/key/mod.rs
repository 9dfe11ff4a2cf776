//! Keys, parsed once into a `Key` that lives in WebAssembly memory for as long
//! as its JavaScript handle does. Parsing (PEM, DER, JWK, raw secrets),
//! export (JWK, PEM), thumbprints and generation live in the submodules; this
//! file holds the model every algorithm works against and the usage rules
//! (key type <-> algorithm binding, JWK `use` / `key_ops` / `alg`).

use zeroize::Zeroizing;

use crate::error::{err, Code, Result};

/// An elliptic curve for ECDSA and ECDH-ES.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    /// The JWK `crv` name.
    pub const fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }
    /// Length in bytes of a field element / scalar (and of r and s in JWS).
    pub const fn size(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }
}

/// An Edwards/Montgomery curve (RFC 8037 `OKP` keys).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OkpCurve {
    Ed25519,
    X25519,
}

impl OkpCurve {
    pub const fn name(self) -> &'static str {
        match self {
            OkpCurve::Ed25519 => "Ed25519",
            OkpCurve::X25519 => "X25519",
        }
    }
}

/// An RSA key. `public` is always present; `private` when we may sign/decrypt.
pub struct RsaKey {
    pub public: ::rsa::PublicKey,
    /// Big-endian modulus and exponent, kept for ring's verifier.
    pub n: Vec<u8>,
    pub e: Vec<u8>,
    pub private: Option<RsaPrivate>,
}

/// The private half of an RSA key, in the two forms the algorithms need:
/// ring's key pair signs (RS*, PS*); RustCrypto's key decrypts (RSA-OAEP).
pub struct RsaPrivate {
    pub signer: ring::rsa::KeyPair,
    pub key: ::rsa::PrivateKey,
}

/// The signer prepared at import for an EC private key.
// A key is built once per handle and never copied, so variant sizes cost
// nothing worth an extra indirection.
#[allow(clippy::large_enum_variant)]
pub enum EcSigner {
    /// P-256: ring, fixed-length r||s output.
    Ring(ring::signature::EcdsaKeyPair),
    /// P-384: RustCrypto, which signs about 3.5x faster than ring on wasm32.
    P384(Box<p384::ecdsa::SigningKey>),
    /// P-521: RustCrypto (ring has no P-521).
    P521(Box<p521::ecdsa::SigningKey>),
}

/// An EC key on a NIST curve.
pub struct EcKey {
    pub curve: Curve,
    /// SEC1 uncompressed point: 0x04 || x || y, validated to be on the curve.
    pub public: Vec<u8>,
    /// Big-endian scalar of exactly `curve.size()` bytes.
    pub secret: Option<Zeroizing<Vec<u8>>>,
    pub signer: Option<EcSigner>,
    /// P-256 only: the public point's table for ES256 verification, built
    /// once the key has verified a few times (crate/src/jws/p256_table.rs;
    /// 157 KiB on wasm32).
    pub verify_cache: crate::jws::p256_table::VerifyCache,
}

/// An OKP key (RFC 8037).
pub struct OkpKey {
    pub curve: OkpCurve,
    pub public: [u8; 32],
    /// Ed25519 seed or X25519 scalar.
    pub secret: Option<Zeroizing<[u8; 32]>>,
    /// Prepared at import for Ed25519 private keys.
    pub signer: Option<ring::signature::Ed25519KeyPair>,
}

/// A symmetric key (HMAC, AES key wrap, `dir`, PBES2 password).
pub struct OctKey {
    pub bytes: Zeroizing<Vec<u8>>,
    /// Opt-out of RFC 7518 3.2's minimum HMAC key length, for secrets that
    /// came from jam; never set for JWK `oct` keys.
    pub allow_short: bool,
}

/// The key material, by family.
#[allow(clippy::large_enum_variant)] // see EcSigner
pub enum Material {
    Oct(OctKey),
    Rsa(RsaKey),
    Ec(EcKey),
    Okp(OkpKey),
}

/// What a key may be used for, from its JWK members (all absent otherwise).
#[derive(Clone, Debug, Default)]
pub struct Usage {
    /// JWK `use`: "sig" or "enc".
    pub use_: Option<String>,
    /// JWK `key_ops`.
    pub key_ops: Option<Vec<String>>,
    /// JWK `alg`: the only algorithm the key may be used with.
    pub alg: Option<String>,
}

/// An operation a key is asked to perform (RFC 7517 4.3 names).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Sign,
    Verify,
    Encrypt,
    Decrypt,
    WrapKey,
    UnwrapKey,
    DeriveKey,
}

impl Op {
    pub const fn key_op(self) -> &'static str {
        match self {
            Op::Sign => "sign",
            Op::Verify => "verify",
            Op::Encrypt => "encrypt",
            Op::Decrypt => "decrypt",
            Op::WrapKey => "wrapKey",
            Op::UnwrapKey => "unwrapKey",
            Op::DeriveKey => "deriveKey",
        }
    }
    const fn is_signature(self) -> bool {
        matches!(self, Op::Sign | Op::Verify)
    }
}

/// A parsed key with its usage restrictions.
pub struct Key {
    pub material: Material,
    pub usage: Usage,
    pub kid: Option<String>,
}

impl Key {
    /// A key with no usage restrictions.
    pub fn new(material: Material) -> Self {
        Key { material, usage: Usage::default(), kid: None }
    }

    /// The JWK `kty` of this key.
    pub fn kty(&self) -> &'static str {
        match &self.material {
            Material::Oct(_) => "oct",
            Material::Rsa(_) => "RSA",
            Material::Ec(_) => "EC",
            Material::Okp(_) => "OKP",
        }
    }

    /// True when the key holds private (or symmetric) material.
    pub fn is_private(&self) -> bool {
        match &self.material {
            Material::Oct(_) => true,
            Material::Rsa(k) => k.private.is_some(),
            Material::Ec(k) => k.secret.is_some(),
            Material::Okp(k) => k.secret.is_some(),
        }
    }

    /// Refuses the operation when the JWK `use`, `key_ops` or `alg` forbid it.
    pub fn check_usage(&self, alg: &str, op: Op) -> Result<()> {
        if let Some(key_alg) = &self.usage.alg {
            if key_alg != alg {
                return err(Code::KeyUsage, format!("key is restricted to alg {key_alg}"));
            }
        }
        if let Some(use_) = &self.usage.use_ {
            let wanted = if op.is_signature() { "sig" } else { "enc" };
            if use_ != wanted {
                return err(Code::KeyUsage, format!("key has use \"{use_}\""));
            }
        }
        if let Some(ops) = &self.usage.key_ops {
            // A private key with key_ops ["sign"] still verifies what it signs:
            // verification needs only its public half.
            let permitted =
                ops.iter().any(|o| o == op.key_op()) || (op == Op::Verify && ops.iter().any(|o| o == "sign"));
            if !permitted {
                return err(Code::KeyUsage, format!("key_ops does not include {}", op.key_op()));
            }
        }
        Ok(())
    }
}

pub mod der;
pub mod ec;
pub mod export;
pub mod generate;
pub mod jwk;
pub mod kdf;
pub mod okp;
pub mod pem;
pub mod roca;
pub mod rsa;
pub mod secret;

pub use self::der::{parse_der, parse_der_with};
pub use self::generate::generate;
pub use self::jwk::parse_jwk;
pub use self::kdf::KdfLimits;
pub use self::pem::{parse_pem, parse_pem_with};
pub use self::rsa::RsaPrivateParts;
pub use self::secret::from_secret;
pub use crate::random::SystemRng;
