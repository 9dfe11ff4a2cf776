//! Key generation. All randomness comes from ring's `SystemRandom`, which is
//! the OS generator natively and `crypto.getRandomValues` on wasm32.

use crate::random::SystemRng;
use zeroize::Zeroizing;

use super::{Curve, EcKey, Key, Material, OctKey, OkpCurve, OkpKey, RsaKey};
use crate::error::{err, Code, Error, Result};

/// The specs `generate` accepts, for messages.
const SPECS: &str = "RSA-2048, RSA-3072, RSA-4096, P-256, P-384, P-521, Ed25519, X25519, \
                     oct-128, oct-192, oct-256, oct-384, oct-512";

fn random(len: usize) -> Result<Zeroizing<Vec<u8>>> {
    crate::random::bytes(len, Code::InvalidArgument).map(Zeroizing::new)
}

fn rsa(bits: usize) -> Result<Material> {
    let key = ::rsa::PrivateKey::new(&mut SystemRng, bits)
        .map_err(|e| Error::new(Code::InvalidArgument, format!("RSA key generation failed: {e}")))?;
    let der = pkcs1::EncodeRsaPrivateKey::to_pkcs1_der(&key)
        .map_err(|e| Error::new(Code::KeyEncoding, format!("RSA private key: {e}")))?;
    // Through the import path, so a generated key passes the same checks.
    Ok(Material::Rsa(RsaKey::from_pkcs1_private_der(der.as_bytes())?))
}

fn ec(curve: Curve) -> Result<Material> {
    // Rejection sampling: a uniform scalar in [1, n). P-521's top byte holds
    // a single bit of the 521, so it is masked before the range check.
    for _ in 0..64 {
        let mut d = random(curve.size())?;
        if curve == Curve::P521 {
            if let Some(top) = d.first_mut() {
                *top &= 0x01;
            }
        }
        match EcKey::from_private_scalar(curve, &d, None) {
            Ok(key) => return Ok(Material::Ec(key)),
            Err(e) if e.code == Code::KeyEncoding => continue,
            Err(e) => return Err(e),
        }
    }
    err(Code::InvalidArgument, "EC key generation did not find a scalar in range")
}

fn okp(curve: OkpCurve) -> Result<Material> {
    let secret = random(32)?;
    Ok(Material::Okp(OkpKey::from_private(curve, &secret, None)?))
}

fn oct(bits: usize) -> Result<Material> {
    Ok(Material::Oct(OctKey::from_bytes(&random(bits / 8)?, false)?))
}

/// Generates a fresh private key: "RSA-2048", "RSA-3072", "RSA-4096",
/// "P-256", "P-384", "P-521", "Ed25519", "X25519", or "oct-N" for N in
/// 128, 192, 256, 384, 512 bits.
pub fn generate(spec: &str) -> Result<Key> {
    let material = match spec {
        "RSA-2048" => rsa(2048)?,
        "RSA-3072" => rsa(3072)?,
        "RSA-4096" => rsa(4096)?,
        "P-256" => ec(Curve::P256)?,
        "P-384" => ec(Curve::P384)?,
        "P-521" => ec(Curve::P521)?,
        "Ed25519" => okp(OkpCurve::Ed25519)?,
        "X25519" => okp(OkpCurve::X25519)?,
        "oct-128" => oct(128)?,
        "oct-192" => oct(192)?,
        "oct-256" => oct(256)?,
        "oct-384" => oct(384)?,
        "oct-512" => oct(512)?,
        other => return err(Code::InvalidArgument, format!("unknown key spec {other:?}; expected one of {SPECS}")),
    };
    Ok(Key::new(material))
}
