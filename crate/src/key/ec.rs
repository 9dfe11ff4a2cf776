//! EC keys on the NIST curves: point validation, scalar/point consistency,
//! the signer prepared at import, and their PKCS#8 / SPKI encodings.

use ::der::asn1::ObjectIdentifier;
use elliptic_curve::sec1::ToSec1Point;
use pkcs8::{EncodePrivateKey, EncodePublicKey};
use zeroize::Zeroizing;

use super::{Curve, EcKey, EcSigner};
use crate::error::{err, Code, Error, Result};

/// Runs `$body` with `$c` bound to the RustCrypto curve type of `$curve`,
/// so one generic-free expression serves the three curves.
macro_rules! on_curve {
    ($curve:expr, $c:ident => $body:expr) => {
        match $curve {
            Curve::P256 => {
                type $c = p256::NistP256;
                $body
            }
            Curve::P384 => {
                type $c = p384::NistP384;
                $body
            }
            Curve::P521 => {
                type $c = p521::NistP521;
                $body
            }
        }
    };
}

const P256_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const P384_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const P521_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");

impl Curve {
    /// The curve named by a JWK `crv`.
    pub fn from_name(name: &str) -> Result<Curve> {
        match name {
            "P-256" => Ok(Curve::P256),
            "P-384" => Ok(Curve::P384),
            "P-521" => Ok(Curve::P521),
            other => err(Code::KeyType, format!("unsupported EC curve {other:?}")),
        }
    }

    /// The curve named by an ASN.1 `namedCurve` OID.
    pub fn from_oid(oid: &ObjectIdentifier) -> Result<Curve> {
        match *oid {
            P256_OID => Ok(Curve::P256),
            P384_OID => Ok(Curve::P384),
            P521_OID => Ok(Curve::P521),
            other => err(Code::KeyType, format!("unsupported EC curve (OID {other})")),
        }
    }

    /// The ASN.1 `namedCurve` OID.
    pub const fn oid(self) -> ObjectIdentifier {
        match self {
            Curve::P256 => P256_OID,
            Curve::P384 => P384_OID,
            Curve::P521 => P521_OID,
        }
    }
}

fn off_curve(curve: Curve) -> Error {
    Error::new(Code::KeyEncoding, format!("EC public key is not a valid {} point", curve.name()))
}

/// Validates a SEC1 point (compressed or uncompressed, never the identity)
/// and returns its uncompressed form.
fn validate_point(curve: Curve, sec1: &[u8]) -> Result<Vec<u8>> {
    on_curve!(curve, C => {
        let point = elliptic_curve::PublicKey::<C>::from_sec1_bytes(sec1)
            .map_err(|_| off_curve(curve))?;
        Ok(point.to_sec1_point(false).as_bytes().to_vec())
    })
}

/// The uncompressed public point of a scalar; refuses 0 and values >= n
/// (the only ways a scalar of the right length can fail).
fn point_of_scalar(curve: Curve, d: &[u8]) -> Result<Vec<u8>> {
    on_curve!(curve, C => {
        let secret = elliptic_curve::SecretKey::<C>::from_slice(d).map_err(|_| {
            Error::new(
                Code::KeyWeak,
                format!("EC private scalar must be between 1 and the {} group order n - 1", curve.name()),
            )
        })?;
        Ok(secret.public_key().to_sec1_point(false).as_bytes().to_vec())
    })
}

fn signer(curve: Curve, d: &[u8], public: &[u8]) -> Result<EcSigner> {
    let rejected = |e: &dyn core::fmt::Display| Error::new(Code::KeyEncoding, format!("EC private key rejected: {e}"));
    let ring_alg = match curve {
        Curve::P256 => &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        Curve::P384 => {
            let key = p384::ecdsa::SigningKey::from_slice(d).map_err(|e| rejected(&e))?;
            return Ok(EcSigner::P384(Box::new(key)));
        }
        Curve::P521 => {
            let key = p521::ecdsa::SigningKey::from_slice(d).map_err(|e| rejected(&e))?;
            return Ok(EcSigner::P521(Box::new(key)));
        }
    };
    let rng = ring::rand::SystemRandom::new();
    ring::signature::EcdsaKeyPair::from_private_key_and_public_key(ring_alg, d, public, &rng)
        .map(EcSigner::Ring)
        .map_err(|e| rejected(&e))
}

impl EcKey {
    /// A public key from a SEC1 point, validated to lie on the curve.
    pub fn from_public_point(curve: Curve, sec1: &[u8]) -> Result<EcKey> {
        Ok(EcKey {
            curve,
            public: validate_point(curve, sec1)?,
            secret: None,
            signer: None,
            verify_cache: Default::default(),
        })
    }

    /// A private key from its big-endian scalar (exactly `curve.size()`
    /// bytes) and, when the encoding carries it, its public point, which
    /// must be the one the scalar implies.
    pub fn from_private_scalar(curve: Curve, d: &[u8], public: Option<&[u8]>) -> Result<EcKey> {
        if d.len() != curve.size() {
            return err(
                Code::KeyEncoding,
                format!("EC private key for {} must be {} bytes", curve.name(), curve.size()),
            );
        }
        let derived = point_of_scalar(curve, d)?;
        if let Some(given) = public {
            if validate_point(curve, given)? != derived {
                return err(Code::KeyMismatch, "EC private key does not match its public key");
            }
        }
        let signer = signer(curve, d, &derived)?;
        Ok(EcKey {
            curve,
            public: derived,
            secret: Some(Zeroizing::new(d.to_vec())),
            signer: Some(signer),
            verify_cache: Default::default(),
        })
    }

    /// The big-endian affine x coordinate.
    pub fn x(&self) -> &[u8] {
        let size = self.curve.size();
        self.public.get(1..1 + size).unwrap_or_default()
    }

    /// The big-endian affine y coordinate.
    pub fn y(&self) -> &[u8] {
        let size = self.curve.size();
        self.public.get(1 + size..1 + 2 * size).unwrap_or_default()
    }

    /// The SPKI DER of the public key.
    pub fn to_spki_der(&self) -> Result<Vec<u8>> {
        on_curve!(self.curve, C => {
            let point = elliptic_curve::PublicKey::<C>::from_sec1_bytes(&self.public)
                .map_err(|_| off_curve(self.curve))?;
            point
                .to_public_key_der()
                .map(|doc| doc.as_bytes().to_vec())
                .map_err(|e| Error::new(Code::KeyEncoding, format!("EC public key: {e}")))
        })
    }

    /// The PKCS#8 DER of the private key (SEC1 inside, with its public key).
    pub fn to_pkcs8_der(&self) -> Result<Option<::der::SecretDocument>> {
        let Some(d) = &self.secret else { return Ok(None) };
        on_curve!(self.curve, C => {
            let secret = elliptic_curve::SecretKey::<C>::from_slice(d).map_err(|_| {
                Error::new(Code::KeyEncoding, "EC private key is not a valid scalar")
            })?;
            secret
                .to_pkcs8_der()
                .map(Some)
                .map_err(|e| Error::new(Code::KeyEncoding, format!("EC private key: {e}")))
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_curve_names_and_oids() {
        for curve in [Curve::P256, Curve::P384, Curve::P521] {
            assert_eq!(Curve::from_name(curve.name()).unwrap(), curve);
            assert_eq!(Curve::from_oid(&curve.oid()).unwrap(), curve);
        }
        assert_eq!(Curve::from_name("secp256k1").unwrap_err().code, Code::KeyType);
    }

    #[test]
    fn refuses_the_zero_scalar() {
        let zero = [0u8; 32];
        assert_eq!(EcKey::from_private_scalar(Curve::P256, &zero, None).err().map(|e| e.code), Some(Code::KeyWeak));
    }
}
