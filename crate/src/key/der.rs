//! DER key structures: PKCS#8 (v1 and v2, plain and PBES2-encrypted), SPKI,
//! X.509 certificates, PKCS#1 and SEC1. Each structure is recognised by its
//! ASN.1 shape first; once one matches, its own error is the answer (a
//! 1024-bit RSA key says "too small", not "not a key").

use ::der::asn1::{ObjectIdentifier, OctetStringRef};
use ::der::Decode;
use pkcs8::pkcs5;
use pkcs8::{EncryptedPrivateKeyInfoRef, PrivateKeyInfoRef};
use sec1::{EcParameters, EcPrivateKey};
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};
use x509_cert::Certificate;
use zeroize::Zeroizing;

use super::kdf::{self, KdfLimits};
use super::{Curve, EcKey, Key, Material, OkpCurve, OkpKey, RsaKey};
use crate::error::{err, Code, Error, Result};

const RSA_OID: ObjectIdentifier = pkcs1::ALGORITHM_OID;
const RSA_PSS_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const EC_OID: ObjectIdentifier = sec1::ALGORITHM_OID;

fn malformed(what: &'static str) -> impl Fn(::der::Error) -> Error {
    move |e| Error::new(Code::KeyEncoding, format!("invalid {what}: {e}"))
}

/// Parses a DER-encoded key of any supported structure. `password` decrypts
/// an encrypted PKCS#8 key and is ignored for unencrypted ones.
pub fn parse_der(bytes: &[u8], password: Option<&[u8]>) -> Result<Key> {
    parse_der_with(bytes, password, &KdfLimits::default())
}

/// `parse_der` with explicit bounds on an encrypted key's key derivation.
pub fn parse_der_with(bytes: &[u8], password: Option<&[u8]>, limits: &KdfLimits) -> Result<Key> {
    if PrivateKeyInfoRef::from_der(bytes).is_ok() {
        return from_pkcs8(bytes);
    }
    if EncryptedPrivateKeyInfoRef::from_der(bytes).is_ok() {
        return from_encrypted_pkcs8(bytes, password, limits);
    }
    if SubjectPublicKeyInfoRef::from_der(bytes).is_ok() {
        return from_spki(bytes);
    }
    if Certificate::from_der(bytes).is_ok() {
        return from_certificate(bytes);
    }
    if pkcs1::RsaPrivateKeyRef::from_der(bytes).is_ok() {
        return Ok(Key::new(Material::Rsa(RsaKey::from_pkcs1_private_der(bytes)?)));
    }
    if EcPrivateKey::from_der(bytes).is_ok() {
        return from_sec1(bytes);
    }
    if pkcs1::RsaPublicKeyRef::from_der(bytes).is_ok() {
        return Ok(Key::new(Material::Rsa(RsaKey::from_pkcs1_public_der(bytes)?)));
    }
    err(
        Code::KeyEncoding,
        "not a DER key: expected PKCS#8, encrypted PKCS#8, SPKI, an X.509 certificate, PKCS#1 or SEC1",
    )
}

/// True when `bytes` has the ASN.1 shape of a key structure `parse_der`
/// reads (whether or not the key in it would be accepted).
pub fn looks_like_key(bytes: &[u8]) -> bool {
    PrivateKeyInfoRef::from_der(bytes).is_ok()
        || EncryptedPrivateKeyInfoRef::from_der(bytes).is_ok()
        || SubjectPublicKeyInfoRef::from_der(bytes).is_ok()
        || Certificate::from_der(bytes).is_ok()
        || pkcs1::RsaPrivateKeyRef::from_der(bytes).is_ok()
        || EcPrivateKey::from_der(bytes).is_ok()
        || pkcs1::RsaPublicKeyRef::from_der(bytes).is_ok()
}

/// The named curve of an `id-ecPublicKey` algorithm identifier.
fn named_curve(algorithm: &AlgorithmIdentifierRef<'_>) -> Result<Curve> {
    let oid = algorithm.parameters_oid().map_err(|_| {
        Error::new(Code::KeyType, "EC keys must name their curve (explicit parameters are not supported)")
    })?;
    Curve::from_oid(&oid)
}

fn unsupported_algorithm(oid: &ObjectIdentifier) -> Error {
    if *oid == RSA_PSS_OID {
        return Error::new(
            Code::KeyType,
            "RSASSA-PSS-restricted keys (id-RSASSA-PSS) are not supported; use an rsaEncryption key",
        );
    }
    Error::new(Code::KeyType, format!("unsupported key algorithm (OID {oid})"))
}

/// A PKCS#8 `PrivateKeyInfo` / `OneAsymmetricKey` (RFC 5208, RFC 5958).
pub fn from_pkcs8(der: &[u8]) -> Result<Key> {
    let info = PrivateKeyInfoRef::from_der(der).map_err(malformed("PKCS#8 private key"))?;
    let inner = info.private_key.as_bytes();
    // v2 carries the public key; where present it must match the private key.
    let v2_public = match &info.public_key {
        None => None,
        Some(bits) => Some(
            bits.as_bytes()
                .ok_or_else(|| Error::new(Code::KeyEncoding, "PKCS#8 public key is not a whole number of bytes"))?,
        ),
    };
    let oid = info.algorithm.oid;
    let material = if oid == RSA_OID {
        Material::Rsa(RsaKey::from_pkcs1_private_der(inner)?)
    } else if oid == EC_OID {
        let curve = named_curve(&info.algorithm)?;
        let sec1 = EcPrivateKey::from_der(inner).map_err(malformed("SEC1 private key in PKCS#8"))?;
        Material::Ec(ec_from_sec1(&sec1, Some(curve), v2_public)?)
    } else if let Some(curve) = OkpCurve::from_oid(&oid) {
        let curve = curve?;
        // RFC 8410 7: the private key octets are a CurvePrivateKey, itself
        // an OCTET STRING.
        let secret = <&OctetStringRef>::from_der(inner).map_err(malformed("OKP private key"))?;
        Material::Okp(OkpKey::from_private(curve, secret.as_bytes(), v2_public)?)
    } else {
        return Err(unsupported_algorithm(&oid));
    };
    Ok(Key::new(material))
}

/// A PBES2-encrypted PKCS#8 `EncryptedPrivateKeyInfo` (RFC 5208 6, RFC 8018).
/// The KDF parameters are checked against `limits` before any work.
pub fn from_encrypted_pkcs8(der: &[u8], password: Option<&[u8]>, limits: &KdfLimits) -> Result<Key> {
    let info = EncryptedPrivateKeyInfoRef::from_der(der).map_err(malformed("encrypted PKCS#8 private key"))?;
    kdf::check(&info.encryption_algorithm, limits)?;
    let Some(password) = password else {
        return err(Code::KeyPassword, "the key is encrypted and no password was given");
    };
    let wrong_password = || Error::new(Code::KeyPassword, "wrong password for the encrypted key");
    // Decrypt in a buffer we zeroise: it holds the plaintext private key.
    let mut buffer = Zeroizing::new(info.encrypted_data.as_bytes().to_vec());
    let plaintext =
        info.encryption_algorithm.decrypt_in_place(password, buffer.as_mut_slice()).map_err(|e| match e {
            pkcs5::Error::DecryptFailed => wrong_password(),
            other => Error::new(Code::KeyEncoding, format!("cannot decrypt the key: {other}")),
        })?;
    // A wrong password passes CBC padding about once in 256 tries; what it
    // yields is then not a PKCS#8 structure.
    if PrivateKeyInfoRef::from_der(plaintext).is_err() {
        return Err(wrong_password());
    }
    from_pkcs8(plaintext)
}

/// An X.509 `SubjectPublicKeyInfo` (RFC 5280 4.1.2.7).
pub fn from_spki(der: &[u8]) -> Result<Key> {
    let spki = SubjectPublicKeyInfoRef::from_der(der).map_err(malformed("SPKI public key"))?;
    from_spki_ref(&spki)
}

fn from_spki_ref(spki: &SubjectPublicKeyInfoRef<'_>) -> Result<Key> {
    let bits = spki
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| Error::new(Code::KeyEncoding, "SPKI public key is not a whole number of bytes"))?;
    let oid = spki.algorithm.oid;
    let material = if oid == RSA_OID {
        Material::Rsa(RsaKey::from_pkcs1_public_der(bits)?)
    } else if oid == EC_OID {
        Material::Ec(EcKey::from_public_point(named_curve(&spki.algorithm)?, bits)?)
    } else if let Some(curve) = OkpCurve::from_oid(&oid) {
        Material::Okp(OkpKey::from_public(curve?, bits)?)
    } else {
        return Err(unsupported_algorithm(&oid));
    };
    Ok(Key::new(material))
}

/// The subject public key of an X.509 certificate. The certificate is not
/// validated (no chain, no dates): it is only a container for the key.
pub fn from_certificate(der: &[u8]) -> Result<Key> {
    let cert = Certificate::from_der(der).map_err(malformed("X.509 certificate"))?;
    let spki_der = ::der::Encode::to_der(cert.tbs_certificate().subject_public_key_info())
        .map_err(malformed("certificate public key"))?;
    from_spki(&spki_der)
}

/// A SEC1 `ECPrivateKey` (RFC 5915); the curve comes from its parameters.
pub fn from_sec1(der: &[u8]) -> Result<Key> {
    let sec1 = EcPrivateKey::from_der(der).map_err(malformed("SEC1 EC private key"))?;
    Ok(Key::new(Material::Ec(ec_from_sec1(&sec1, None, None)?)))
}

/// Builds an EC key from a SEC1 structure. The curve may come from PKCS#8's
/// algorithm identifier, from SEC1's parameters, or both (then they agree).
fn ec_from_sec1(sec1: &EcPrivateKey<'_>, outer: Option<Curve>, outer_public: Option<&[u8]>) -> Result<EcKey> {
    let inner = match &sec1.parameters {
        Some(EcParameters::NamedCurve(oid)) => Some(Curve::from_oid(oid)?),
        None => None,
    };
    let curve = match (outer, inner) {
        (Some(a), Some(b)) if a != b => return err(Code::KeyEncoding, "EC private key names two different curves"),
        (Some(curve), _) | (None, Some(curve)) => curve,
        (None, None) => return err(Code::KeyEncoding, "SEC1 EC private key does not name its curve"),
    };
    // RFC 5915 fixes the scalar's length; pad a short one rather than refuse
    // an encoder that dropped leading zeros.
    let d = sec1.private_key;
    let size = curve.size();
    let Some(pad) = size.checked_sub(d.len()) else {
        return err(Code::KeyEncoding, format!("EC private key is longer than {size} bytes"));
    };
    let mut scalar = Zeroizing::new(vec![0u8; pad]);
    scalar.extend_from_slice(d);
    if let (Some(a), Some(b)) = (sec1.public_key, outer_public) {
        if a != b {
            return err(Code::KeyMismatch, "EC private key carries two different public keys");
        }
    }
    EcKey::from_private_scalar(curve, &scalar, sec1.public_key.or(outer_public))
}
