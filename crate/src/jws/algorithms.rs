//! The JWS algorithm table (RFC 7518 section 3, RFC 8037). Every supported
//! `alg` is one entry; lookups of anything else fail. Lower layers receive the
//! resolved entry, never the string. Adding an algorithm: one entry here, its
//! family module, and its tests.

use crate::error::{err, Code, Result};
use crate::jam::Dialect;
use crate::key::{Curve, Key, Material, OkpCurve, Op};

use super::{ecdsa, eddsa, hmac, rsa};

pub use crate::hash::Sha2 as Hash;

/// The family an algorithm belongs to, with its parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// HS256/384/512.
    Hmac(Hash),
    /// RS256/384/512: RSASSA-PKCS1-v1_5.
    RsaPkcs1(Hash),
    /// PS256/384/512: RSASSA-PSS, MGF1 with the same hash, salt = hash length.
    RsaPss(Hash),
    /// ES256/384/512: ECDSA, signature r || s, each exactly the curve size.
    Ecdsa(Curve),
    /// EdDSA with Ed25519 (RFC 8037).
    EdDsa,
}

/// One JWS algorithm.
#[derive(Debug)]
pub struct JwsAlgorithm {
    pub name: &'static str,
    pub family: Family,
}

const fn entry(name: &'static str, family: Family) -> JwsAlgorithm {
    JwsAlgorithm { name, family }
}

/// Every JWS algorithm this library implements. `none` is deliberately absent.
pub static ALGORITHMS: [JwsAlgorithm; 13] = [
    entry("HS256", Family::Hmac(Hash::Sha256)),
    entry("HS384", Family::Hmac(Hash::Sha384)),
    entry("HS512", Family::Hmac(Hash::Sha512)),
    entry("RS256", Family::RsaPkcs1(Hash::Sha256)),
    entry("RS384", Family::RsaPkcs1(Hash::Sha384)),
    entry("RS512", Family::RsaPkcs1(Hash::Sha512)),
    entry("PS256", Family::RsaPss(Hash::Sha256)),
    entry("PS384", Family::RsaPss(Hash::Sha384)),
    entry("PS512", Family::RsaPss(Hash::Sha512)),
    entry("ES256", Family::Ecdsa(Curve::P256)),
    entry("ES384", Family::Ecdsa(Curve::P384)),
    entry("ES512", Family::Ecdsa(Curve::P521)),
    entry("EdDSA", Family::EdDsa),
];

/// Resolves an `alg` name; `none` and unknown names are refused.
pub fn lookup(name: &str) -> Result<&'static JwsAlgorithm> {
    if name == "none" {
        return err(Code::AlgNotAllowed, "alg \"none\" is never accepted");
    }
    ALGORITHMS
        .iter()
        .find(|a| a.name == name)
        .ok_or_else(|| crate::error::Error::new(Code::AlgUnsupported, format!("unsupported JWS alg {name:?}")))
}

impl JwsAlgorithm {
    /// Refuses a key whose type cannot serve this algorithm (no HMAC with an
    /// RSA public key, no ES256 with a P-384 key), or whose JWK members forbid
    /// the operation.
    pub fn check_key(&self, key: &Key, op: Op) -> Result<()> {
        let fits = match (&self.family, &key.material) {
            (Family::Hmac(_), Material::Oct(_)) => true,
            (Family::RsaPkcs1(_) | Family::RsaPss(_), Material::Rsa(_)) => true,
            (Family::Ecdsa(curve), Material::Ec(k)) => k.curve == *curve,
            (Family::EdDsa, Material::Okp(k)) => k.curve == OkpCurve::Ed25519,
            _ => false,
        };
        if !fits {
            return err(
                Code::KeyAlgMismatch,
                format!("a {} key cannot be used with {}", key_description(key), self.name),
            );
        }
        if op == Op::Sign && !key.is_private() {
            return err(Code::KeyNotPrivate, format!("{} signing needs a private key", self.name));
        }
        if let (Family::Hmac(hash), Material::Oct(k)) = (&self.family, &key.material) {
            hmac::check_key_length(*hash, k)?;
        }
        key.check_usage(self.name, op)
    }

    /// Signs `input` (the JWS signing input). The key must pass `check_key`.
    pub fn sign(&self, key: &Key, input: &[u8]) -> Result<Vec<u8>> {
        self.check_key(key, Op::Sign)?;
        match (&self.family, &key.material) {
            (Family::Hmac(hash), Material::Oct(k)) => Ok(hmac::sign(*hash, k, input)),
            (Family::RsaPkcs1(hash), Material::Rsa(k)) => rsa::sign_pkcs1(*hash, k, input),
            (Family::RsaPss(hash), Material::Rsa(k)) => rsa::sign_pss(*hash, k, input),
            (Family::Ecdsa(_), Material::Ec(k)) => ecdsa::sign(k, input),
            (Family::EdDsa, Material::Okp(k)) => eddsa::sign(k, input),
            _ => err(Code::KeyAlgMismatch, "key does not fit the algorithm"),
        }
    }

    /// `sign` in the given dialect: jam signs PS* with the maximum salt.
    pub fn sign_in(&self, dialect: Dialect, key: &Key, input: &[u8]) -> Result<Vec<u8>> {
        match (dialect, &self.family, &key.material) {
            (Dialect::Jam, Family::RsaPss(hash), Material::Rsa(k)) => {
                self.check_key(key, Op::Sign)?;
                crate::jam::pss::sign(*hash, k, input)
            }
            _ => self.sign(key, input),
        }
    }

    /// `verify` in the given dialect: jam's reads PS* with either salt length.
    pub fn verify_in(&self, dialect: Dialect, key: &Key, input: &[u8], signature: &[u8]) -> Result<()> {
        let standard = self.verify(key, input, signature);
        match (dialect, &self.family, &key.material, &standard) {
            (Dialect::Jam, Family::RsaPss(hash), Material::Rsa(k), Err(e)) if e.code == Code::SignatureInvalid => {
                if crate::jam::pss::verify(*hash, k, input, signature) {
                    Ok(())
                } else {
                    standard
                }
            }
            _ => standard,
        }
    }

    /// Verifies `signature` over `input`. Every failure after the key checks
    /// is the same opaque `SignatureInvalid`.
    pub fn verify(&self, key: &Key, input: &[u8], signature: &[u8]) -> Result<()> {
        self.check_key(key, Op::Verify)?;
        let ok = match (&self.family, &key.material) {
            (Family::Hmac(hash), Material::Oct(k)) => hmac::verify(*hash, k, input, signature),
            (Family::RsaPkcs1(hash), Material::Rsa(k)) => rsa::verify_pkcs1(*hash, k, input, signature),
            (Family::RsaPss(hash), Material::Rsa(k)) => rsa::verify_pss(*hash, k, input, signature),
            (Family::Ecdsa(_), Material::Ec(k)) => ecdsa::verify(k, input, signature),
            (Family::EdDsa, Material::Okp(k)) => eddsa::verify(k, input, signature),
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            err(Code::SignatureInvalid, "signature verification failed")
        }
    }
}

fn key_description(key: &Key) -> String {
    match &key.material {
        Material::Oct(_) => "symmetric".to_string(),
        Material::Rsa(_) => "RSA".to_string(),
        Material::Ec(k) => format!("EC {}", k.curve.name()),
        Material::Okp(k) => k.curve.name().to_string(),
    }
}
