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

impl OkpKey {
    /// A public key from its 32 raw bytes.
    pub fn from_public(curve: OkpCurve, public: &[u8]) -> Result<OkpKey> {
        Ok(OkpKey { curve, public: bytes32(public, "public key", curve)?, secret: None, signer: None })
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
                return err(Code::KeyEncoding, format!("{} private key does not match its public key", curve.name()));
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
