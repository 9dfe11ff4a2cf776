//! OKP keys (RFC 8037): Ed25519 signing keys and X25519 agreement keys,
//! and their PKCS#8 / SPKI encodings (RFC 8410).

use ::der::asn1::{BitStringRef, ObjectIdentifier, OctetStringRef};
use ::der::{Encode, SecretDocument};
use pkcs8::PrivateKeyInfoRef;
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};
use zeroize::Zeroizing;

use super::{OkpCurve, OkpKey};
use crate::error::{err, Code, Error, Result};

const ED25519_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const X25519_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.110");
const ED448_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.113");
const X448_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.111");

impl OkpCurve {
    /// The curve named by a JWK `crv`.
    pub fn from_name(name: &str) -> Result<OkpCurve> {
        match name {
            "Ed25519" => Ok(OkpCurve::Ed25519),
            "X25519" => Ok(OkpCurve::X25519),
            other => err(Code::KeyType, format!("unsupported OKP curve {other:?}")),
        }
    }

    /// The curve named by an RFC 8410 algorithm OID, if it is an OKP OID.
    pub fn from_oid(oid: &ObjectIdentifier) -> Option<Result<OkpCurve>> {
        match *oid {
            ED25519_OID => Some(Ok(OkpCurve::Ed25519)),
            X25519_OID => Some(Ok(OkpCurve::X25519)),
            ED448_OID | X448_OID => Some(err(Code::KeyType, "Ed448 and X448 keys are not supported")),
            _ => None,
        }
    }

    /// The RFC 8410 algorithm OID.
    pub const fn oid(self) -> ObjectIdentifier {
        match self {
            OkpCurve::Ed25519 => ED25519_OID,
            OkpCurve::X25519 => X25519_OID,
        }
    }
}

fn bytes32(bytes: &[u8], what: &str, curve: OkpCurve) -> Result<[u8; 32]> {
    <[u8; 32]>::try_from(bytes)
        .map_err(|_| Error::new(Code::KeyEncoding, format!("{} {what} must be 32 bytes", curve.name())))
}

fn ed25519_pair(seed: &[u8]) -> Result<ring::signature::Ed25519KeyPair> {
    ring::signature::Ed25519KeyPair::from_seed_unchecked(seed)
        .map_err(|e| Error::new(Code::KeyEncoding, format!("Ed25519 private key rejected: {e}")))
}

/// Refuses Ed25519 public keys that are not canonical encodings of a point
/// of the prime-order subgroup: off-curve, non-canonical (y >= p, or x = 0
/// with the sign bit set), small-order (the identity accepts R = identity,
/// S = 0 for every message) or with a small-order component.
fn check_ed25519_public(public: &[u8; 32]) -> Result<()> {
    let compressed = curve25519_dalek::edwards::CompressedEdwardsY(*public);
    let Some(point) = compressed.decompress() else {
        return err(Code::KeyEncoding, "Ed25519 public key is not a point on the curve");
    };
    if point.compress().as_bytes() != public {
        return err(Code::KeyWeak, "Ed25519 public key is not canonically encoded");
    }
    if point.is_small_order() {
        return err(Code::KeyWeak, "Ed25519 public key is a small-order point");
    }
    if !point.is_torsion_free() {
        return err(Code::KeyWeak, "Ed25519 public key has a small-order component");
    }
    Ok(())
}

/// Refuses X25519 public keys that are not canonical (u >= 2^255 - 19, or
/// the unused top bit set) or of low order: agreement with a low-order key
/// gives an all-zero secret that anyone can compute.
fn check_x25519_public(public: &[u8; 32]) -> Result<()> {
    let top_bit = public[31] & 0x80 != 0;
    if top_bit || u_at_least_p(public) {
        return err(Code::KeyWeak, "X25519 public key is not canonically encoded");
    }
    // Every clamped scalar is a multiple of the cofactor 8, so it sends a
    // point of order 1, 2, 4 or 8 (on the curve or its twist) to u = 0.
    let probe = x25519_dalek::StaticSecret::from([0x42; 32]);
    let shared = probe.diffie_hellman(&x25519_dalek::PublicKey::from(*public));
    if !shared.was_contributory() {
        return err(Code::KeyWeak, "X25519 public key is a low-order point");
    }
    Ok(())
}

/// True when the little-endian u coordinate (top bit clear) is >= 2^255 - 19.
fn u_at_least_p(u: &[u8; 32]) -> bool {
    // p = 2^255 - 19: 0xed, then thirty 0xff, then 0x7f (little-endian).
    u[0] >= 0xed && u[1..31].iter().all(|b| *b == 0xff) && u[31] == 0x7f
}

impl OkpKey {
    /// A public key from its 32 raw bytes, refused when weak (see
    /// `check_ed25519_public`, `check_x25519_public`).
    pub fn from_public(curve: OkpCurve, public: &[u8]) -> Result<OkpKey> {
        let public = bytes32(public, "public key", curve)?;
        match curve {
            OkpCurve::Ed25519 => check_ed25519_public(&public)?,
            OkpCurve::X25519 => check_x25519_public(&public)?,
        }
        Ok(OkpKey { curve, public, secret: None, signer: None })
    }

    /// A private key from its 32-byte seed (Ed25519) or scalar (X25519) and,
    /// when the encoding carries it, its public key, which must match.
    pub fn from_private(curve: OkpCurve, secret: &[u8], public: Option<&[u8]>) -> Result<OkpKey> {
        let secret = Zeroizing::new(bytes32(secret, "private key", curve)?);
        let (derived, signer) = match curve {
            OkpCurve::Ed25519 => {
                let pair = ed25519_pair(secret.as_slice())?;
                let derived = bytes32(ring::signature::KeyPair::public_key(&pair).as_ref(), "public key", curve)?;
                (derived, Some(pair))
            }
            OkpCurve::X25519 => {
                let scalar = x25519_dalek::StaticSecret::from(*secret);
                (x25519_dalek::PublicKey::from(&scalar).to_bytes(), None)
            }
        };
        if let Some(given) = public {
            if bytes32(given, "public key", curve)? != derived {
                return err(Code::KeyMismatch, format!("{} private key does not match its public key", curve.name()));
            }
        }
        Ok(OkpKey { curve, public: derived, secret: Some(secret), signer })
    }

    fn algorithm(&self) -> AlgorithmIdentifierRef<'static> {
        AlgorithmIdentifierRef { oid: self.curve.oid(), parameters: None }
    }

    /// The SPKI DER of the public key (RFC 8410 section 4).
    pub fn to_spki_der(&self) -> Result<Vec<u8>> {
        let encode = |e: ::der::Error| Error::new(Code::KeyEncoding, format!("OKP public key: {e}"));
        SubjectPublicKeyInfoRef {
            algorithm: self.algorithm(),
            subject_public_key: BitStringRef::new(0, &self.public).map_err(encode)?,
        }
        .to_der()
        .map_err(encode)
    }

    /// The PKCS#8 v1 DER of the private key (RFC 8410 section 7): the
    /// private key octets hold a `CurvePrivateKey`, itself an OCTET STRING.
    pub fn to_pkcs8_der(&self) -> Result<Option<SecretDocument>> {
        let Some(secret) = &self.secret else { return Ok(None) };
        let encode = |e: ::der::Error| Error::new(Code::KeyEncoding, format!("OKP private key: {e}"));
        let inner = Zeroizing::new(OctetStringRef::new(secret.as_slice()).and_then(|o| o.to_der()).map_err(encode)?);
        let info = PrivateKeyInfoRef::new(self.algorithm(), OctetStringRef::new(inner.as_slice()).map_err(encode)?);
        SecretDocument::encode_msg(&info).map(Some).map_err(encode)
    }
}
