//! ECDH-ES key agreement (RFC 7518 4.6; X25519 per RFC 8037): the sender
//! makes an ephemeral key on the recipient's curve and puts its public half
//! in `epk`; both sides feed the shared secret Z to the Concat KDF.
//!
//! The recipient's key decides the curve, never the token: an `epk` of another
//! type or curve, a point not on the curve (the invalid-curve attack), or an
//! X25519 point of small order (all-zero Z) is refused with `EpkInvalid`
//! before Z is used.

use elliptic_curve::sec1::{FromSec1Point, ModulusSize, ToSec1Point};
use elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytesSize, Generate, NonZeroScalar, PublicKey, SecretKey};
use serde_json::{json, Value};
use zeroize::Zeroizing;

use crate::base64url;
use crate::error::{err, Code, Error, Result};
use crate::key::{Curve, Key, Material, OkpCurve};
use crate::random::{self, SystemRng};

/// The curve an ECDH-ES key agrees on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgreementCurve {
    /// P-256, P-384 or P-521 (`kty: "EC"`).
    Nist(Curve),
    /// X25519 (`kty: "OKP"`, RFC 8037).
    X25519,
}

impl AgreementCurve {
    /// The curve of `key`, or `KeyAlgMismatch` for keys that cannot agree.
    pub fn of(key: &Key) -> Result<Self> {
        match &key.material {
            Material::Ec(ec) => Ok(AgreementCurve::Nist(ec.curve)),
            Material::Okp(okp) if okp.curve == OkpCurve::X25519 => Ok(AgreementCurve::X25519),
            _ => err(Code::KeyAlgMismatch, "ECDH-ES needs an EC (P-256, P-384, P-521) or X25519 key"),
        }
    }
}

fn epk_invalid(why: &str) -> Error {
    Error::new(Code::EpkInvalid, format!("epk is invalid: {why}"))
}

/// Z for a NIST curve: our scalar (big-endian) times their SEC1 point, which
/// is checked to lie on the curve and not be the identity.
fn nist_z<C>(secret: &[u8], peer: &[u8]) -> Result<Zeroizing<Vec<u8>>>
where
    C: CurveArithmetic,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
{
    let secret =
        SecretKey::<C>::from_slice(secret).map_err(|_| Error::new(Code::KeyEncoding, "invalid EC private scalar"))?;
    let peer = PublicKey::<C>::from_sec1_bytes(peer).map_err(|_| epk_invalid("point not on the curve"))?;
    let shared = elliptic_curve::ecdh::diffie_hellman(secret.to_nonzero_scalar(), peer.as_affine());
    Ok(Zeroizing::new(shared.raw_secret_bytes().to_vec()))
}

/// The uncompressed SEC1 public point of a NIST scalar.
fn nist_public<C>(secret: &[u8]) -> Result<Vec<u8>>
where
    C: CurveArithmetic,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
{
    let secret = SecretKey::<C>::from_slice(secret)
        .map_err(|_| Error::new(Code::EncryptionFailed, "invalid ephemeral scalar"))?;
    Ok(secret.public_key().to_sec1_point(false).as_bytes().to_vec())
}

fn nist_generate<C>() -> Result<Zeroizing<Vec<u8>>>
where
    C: CurveArithmetic,
{
    let scalar = NonZeroScalar::<C>::try_generate_from_rng(&mut SystemRng)
        .map_err(|_| Error::new(Code::EncryptionFailed, "the random number generator failed"))?;
    Ok(Zeroizing::new(SecretKey::<C>::from(scalar).to_bytes().to_vec()))
}

fn nist_dispatch_z(curve: Curve, secret: &[u8], peer: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    match curve {
        Curve::P256 => nist_z::<p256::NistP256>(secret, peer),
        Curve::P384 => nist_z::<p384::NistP384>(secret, peer),
        Curve::P521 => nist_z::<p521::NistP521>(secret, peer),
    }
}

/// X25519 Z; an all-zero result means their point has small order and
/// contributes nothing, so the "agreement" would be known to everyone.
fn x25519_z(secret: &[u8; 32], peer: &[u8; 32]) -> Result<Zeroizing<Vec<u8>>> {
    let ours = x25519_dalek::StaticSecret::from(*secret);
    let shared = ours.diffie_hellman(&x25519_dalek::PublicKey::from(*peer));
    if !shared.was_contributory() {
        return Err(epk_invalid("X25519 point of small order"));
    }
    Ok(Zeroizing::new(shared.as_bytes().to_vec()))
}

/// A fresh ephemeral secret for `curve`: a big-endian scalar, or 32 X25519 bytes.
pub fn generate_ephemeral(curve: AgreementCurve) -> Result<Zeroizing<Vec<u8>>> {
    match curve {
        AgreementCurve::Nist(Curve::P256) => nist_generate::<p256::NistP256>(),
        AgreementCurve::Nist(Curve::P384) => nist_generate::<p384::NistP384>(),
        AgreementCurve::Nist(Curve::P521) => nist_generate::<p521::NistP521>(),
        AgreementCurve::X25519 => Ok(Zeroizing::new(random::bytes(32, Code::EncryptionFailed)?)),
    }
}

/// The sender's side: Z between `ephemeral` and the recipient `key`, and the
/// `epk` header value carrying the ephemeral public key.
pub fn sender_agree(key: &Key, ephemeral: &[u8]) -> Result<(Zeroizing<Vec<u8>>, Value)> {
    match &key.material {
        Material::Ec(ec) => {
            let (z, public) = match ec.curve {
                Curve::P256 => {
                    (nist_z::<p256::NistP256>(ephemeral, &ec.public)?, nist_public::<p256::NistP256>(ephemeral)?)
                }
                Curve::P384 => {
                    (nist_z::<p384::NistP384>(ephemeral, &ec.public)?, nist_public::<p384::NistP384>(ephemeral)?)
                }
                Curve::P521 => {
                    (nist_z::<p521::NistP521>(ephemeral, &ec.public)?, nist_public::<p521::NistP521>(ephemeral)?)
                }
            };
            Ok((z, nist_epk(ec.curve, &public)?))
        }
        Material::Okp(okp) if okp.curve == OkpCurve::X25519 => {
            let secret: [u8; 32] = ephemeral
                .try_into()
                .map_err(|_| Error::new(Code::EncryptionFailed, "X25519 ephemeral secret must be 32 bytes"))?;
            let secret = Zeroizing::new(secret);
            let public = x25519_dalek::PublicKey::from(&x25519_dalek::StaticSecret::from(*secret));
            let z = x25519_z(&secret, &okp.public)?;
            let epk = json!({ "kty": "OKP", "crv": "X25519", "x": base64url::encode(public.as_bytes()) });
            Ok((z, epk))
        }
        _ => err(Code::KeyAlgMismatch, "ECDH-ES needs an EC (P-256, P-384, P-521) or X25519 key"),
    }
}

/// The `epk` header value of an ephemeral public key on `curve`, given as
/// uncompressed SEC1 (0x04 || x || y, each coordinate `curve.size()` bytes).
pub fn nist_epk(curve: Curve, public: &[u8]) -> Result<Value> {
    let size = curve.size();
    let (Some(&0x04), Some(x), Some(y)) = (public.first(), public.get(1..1 + size), public.get(1 + size..)) else {
        return err(Code::EncryptionFailed, "the ephemeral public key is not an uncompressed point");
    };
    if y.len() != size {
        return err(Code::EncryptionFailed, "the ephemeral public key is not an uncompressed point");
    }
    Ok(json!({
        "kty": "EC",
        "crv": curve.name(),
        "x": base64url::encode(x),
        "y": base64url::encode(y),
    }))
}

/// A coordinate of the epk: strict base64url of exactly `len` bytes.
fn coordinate(epk: &serde_json::Map<String, Value>, name: &str, len: usize) -> Result<Vec<u8>> {
    let Some(Value::String(text)) = epk.get(name) else {
        return Err(epk_invalid(&format!("missing {name}")));
    };
    match base64url::decode(text.as_bytes()) {
        Ok(bytes) if bytes.len() == len => Ok(bytes),
        _ => Err(epk_invalid(&format!("{name} is not {len} bytes of base64url"))),
    }
}

/// The recipient's checks of `epk` for a NIST key, without the agreement:
/// right type and curve, coordinates of the curve size, and a point on the
/// curve (not the identity). Returns the uncompressed SEC1 point, for a
/// native backend that computes Z from it.
pub fn recipient_nist_point(key: &Key, epk: &Value) -> Result<Vec<u8>> {
    let Value::Object(epk) = epk else {
        return Err(epk_invalid("not a JSON object"));
    };
    let Material::Ec(ec) = &key.material else {
        return err(Code::KeyAlgMismatch, "only NIST-curve ECDH-ES is agreed outside the core");
    };
    if epk.get("kty").and_then(Value::as_str) != Some("EC")
        || epk.get("crv").and_then(Value::as_str) != Some(ec.curve.name())
    {
        return Err(epk_invalid(&format!("must be an EC key on {}", ec.curve.name())));
    }
    if ec.secret.is_none() {
        return err(Code::KeyNotPrivate, "ECDH-ES decryption needs a private key");
    }
    let size = ec.curve.size();
    let mut point = Vec::with_capacity(1 + 2 * size);
    point.push(0x04);
    point.extend_from_slice(&coordinate(epk, "x", size)?);
    point.extend_from_slice(&coordinate(epk, "y", size)?);
    let on_curve = match ec.curve {
        Curve::P256 => PublicKey::<p256::NistP256>::from_sec1_bytes(&point).is_ok(),
        Curve::P384 => PublicKey::<p384::NistP384>::from_sec1_bytes(&point).is_ok(),
        Curve::P521 => PublicKey::<p521::NistP521>::from_sec1_bytes(&point).is_ok(),
    };
    if !on_curve {
        return Err(epk_invalid("point not on the curve"));
    }
    Ok(point)
}

/// The recipient's side: checks `epk` against the key's own type and curve,
/// then computes Z with the private key.
pub fn recipient_agree(key: &Key, epk: &Value) -> Result<Zeroizing<Vec<u8>>> {
    let Value::Object(epk) = epk else {
        return Err(epk_invalid("not a JSON object"));
    };
    let kty = epk.get("kty").and_then(Value::as_str);
    let crv = epk.get("crv").and_then(Value::as_str);
    match &key.material {
        Material::Ec(ec) => {
            if kty != Some("EC") || crv != Some(ec.curve.name()) {
                return Err(epk_invalid(&format!("must be an EC key on {}", ec.curve.name())));
            }
            let Some(secret) = &ec.secret else {
                return err(Code::KeyNotPrivate, "ECDH-ES decryption needs a private key");
            };
            let size = ec.curve.size();
            let mut point = Vec::with_capacity(1 + 2 * size);
            point.push(0x04);
            point.extend_from_slice(&coordinate(epk, "x", size)?);
            point.extend_from_slice(&coordinate(epk, "y", size)?);
            nist_dispatch_z(ec.curve, secret, &point)
        }
        Material::Okp(okp) if okp.curve == OkpCurve::X25519 => {
            if kty != Some("OKP") || crv != Some("X25519") {
                return Err(epk_invalid("must be an OKP key on X25519"));
            }
            let Some(secret) = &okp.secret else {
                return err(Code::KeyNotPrivate, "ECDH-ES decryption needs a private key");
            };
            let x = coordinate(epk, "x", 32)?;
            let peer: [u8; 32] = x.as_slice().try_into().map_err(|_| epk_invalid("x is not 32 bytes"))?;
            x25519_z(secret, &peer)
        }
        _ => err(Code::KeyAlgMismatch, "ECDH-ES needs an EC (P-256, P-384, P-521) or X25519 key"),
    }
}
