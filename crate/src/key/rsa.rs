//! RSA keys: size policy, consistency checks and the two prepared forms
//! (ring's key pair signs, RustCrypto's key decrypts). Every private import
//! path (PKCS#1, PKCS#8, JWK) ends in `RsaKey::from_private_parts`, so one
//! set of checks guards them all.

use ::der::{Decode, Encode};
use ::rsa::traits::PublicKeyParts;
use ::rsa::BoxedUint;
use pkcs1::{EncodeRsaPrivateKey, RsaPrivateKeyRef, RsaPublicKeyRef, UintRef};
use subtle::ConstantTimeEq;

use super::{RsaKey, RsaPrivate};
use crate::error::{err, Code, Error, Result};

/// Smallest modulus we accept (RFC 7518 3.3 and 4.2 require 2048 bits).
pub const MIN_BITS: usize = 2048;
/// Largest modulus we accept: beyond it verification becomes a DoS vector.
pub const MAX_BITS: usize = 8192;
/// Smallest public exponent we accept (e = 1 is no encryption at all).
pub const MIN_EXPONENT: u64 = 3;
/// Largest public exponent we accept: 2^32 - 1 (ring verifies up to 2^33 - 1;
/// every key in use has 65537 or 3).
pub const MAX_EXPONENT: u64 = u32::MAX as u64;

/// The big-endian components of a two-prime RSA private key, as found in
/// PKCS#1 and in a JWK (`n`, `e`, `d`, `p`, `q`, `dp`, `dq`, `qi`).
pub struct RsaPrivateParts<'a> {
    pub n: &'a [u8],
    pub e: &'a [u8],
    pub d: &'a [u8],
    pub p: &'a [u8],
    pub q: &'a [u8],
    pub dp: &'a [u8],
    pub dq: &'a [u8],
    pub qi: &'a [u8],
}

/// Drops leading zero octets: encoders disagree on them, values do not.
pub(crate) fn trim(bytes: &[u8]) -> &[u8] {
    let zeros = bytes.iter().take_while(|b| **b == 0).count();
    bytes.get(zeros..).unwrap_or_default()
}

/// Bit length of a big-endian unsigned integer.
fn bit_len(bytes: &[u8]) -> usize {
    let bytes = trim(bytes);
    match bytes.first() {
        None => 0,
        Some(top) => bytes.len() * 8 - top.leading_zeros() as usize,
    }
}

/// Applies the size and weak-key policy to a public key before any
/// arithmetic, so an oversized modulus costs nothing: 2048..=8192 bits, no
/// prime factor up to 167 (an even modulus included), no ROCA fingerprint,
/// and an odd exponent in 3..=2^32-1.
fn check_public(n: &[u8], e: &[u8]) -> Result<()> {
    let bits = bit_len(n);
    if bits < MIN_BITS {
        return err(Code::KeyTooSmall, format!("RSA key is {bits} bits; at least {MIN_BITS} bits are required"));
    }
    if bits > MAX_BITS {
        return err(Code::KeyType, format!("RSA key is {bits} bits; keys above {MAX_BITS} bits are not supported"));
    }
    let e = trim(e);
    let exponent = if e.len() > 8 { None } else { Some(e.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b))) };
    match exponent {
        Some(value) if (MIN_EXPONENT..=MAX_EXPONENT).contains(&value) && value & 1 == 1 => {}
        _ => {
            return err(
                Code::KeyWeak,
                format!("RSA public exponent must be odd and between {MIN_EXPONENT} and {MAX_EXPONENT}"),
            )
        }
    }
    if let Some(factor) = super::roca::small_factor(n) {
        return err(Code::KeyWeak, format!("RSA modulus is divisible by {factor}"));
    }
    if super::roca::has_fingerprint(n) {
        return err(
            Code::KeyWeak,
            "RSA modulus has the ROCA fingerprint (CVE-2017-15361, Infineon RSALib): it can be factored",
        );
    }
    Ok(())
}

fn uint(bytes: &[u8], what: &str) -> Result<BoxedUint> {
    let bytes = trim(bytes);
    if bytes.is_empty() {
        return err(Code::KeyEncoding, format!("RSA {what} is zero or missing"));
    }
    let bits =
        u32::try_from(bytes.len() * 8).map_err(|_| Error::new(Code::KeyEncoding, format!("RSA {what} is too long")))?;
    BoxedUint::from_be_slice(bytes, bits)
        .map_err(|_| Error::new(Code::KeyEncoding, format!("RSA {what} is not a valid integer")))
}

fn encoding(what: &str) -> impl Fn(::der::Error) -> Error + '_ {
    move |e| Error::new(Code::KeyEncoding, format!("{what}: {e}"))
}

/// Constant-time equality of two big-endian integers given with or without
/// leading zeros (the lengths are public; the values are secret).
fn same_integer(a: &[u8], b: &[u8]) -> bool {
    let (a, b) = (trim(a), trim(b));
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

impl RsaKey {
    /// A public key from its big-endian modulus and exponent.
    pub fn from_public_components(n: &[u8], e: &[u8]) -> Result<RsaKey> {
        check_public(n, e)?;
        let public = ::rsa::PublicKey::new(uint(n, "modulus")?, uint(e, "exponent")?)
            .map_err(|e| Error::new(Code::KeyEncoding, format!("invalid RSA public key: {e}")))?;
        Ok(RsaKey { n: trim(n).to_vec(), e: trim(e).to_vec(), public, private: None })
    }

    /// A public key from a PKCS#1 `RSAPublicKey` DER structure.
    pub fn from_pkcs1_public_der(der: &[u8]) -> Result<RsaKey> {
        let key = RsaPublicKeyRef::from_der(der).map_err(encoding("invalid PKCS#1 RSA public key"))?;
        RsaKey::from_public_components(key.modulus.as_bytes(), key.public_exponent.as_bytes())
    }

    /// A private key from a PKCS#1 `RSAPrivateKey` DER structure.
    pub fn from_pkcs1_private_der(der: &[u8]) -> Result<RsaKey> {
        let key = RsaPrivateKeyRef::from_der(der).map_err(encoding("invalid PKCS#1 RSA private key"))?;
        if key.other_prime_infos.is_some() {
            return err(Code::KeyType, "multi-prime RSA keys are not supported");
        }
        RsaKey::from_private_parts(&RsaPrivateParts {
            n: key.modulus.as_bytes(),
            e: key.public_exponent.as_bytes(),
            d: key.private_exponent.as_bytes(),
            p: key.prime1.as_bytes(),
            q: key.prime2.as_bytes(),
            dp: key.exponent1.as_bytes(),
            dq: key.exponent2.as_bytes(),
            qi: key.coefficient.as_bytes(),
        })
    }

    /// A private key from its components. Refuses keys whose parts disagree:
    /// n = p*q, e*d = 1 mod (p-1) and (q-1), and the CRT values dp, dq, qi
    /// are the ones p, q and d imply (ring would only notice at signing).
    pub fn from_private_parts(parts: &RsaPrivateParts<'_>) -> Result<RsaKey> {
        check_public(parts.n, parts.e)?;
        let key = ::rsa::PrivateKey::from_components(
            uint(parts.n, "modulus")?,
            uint(parts.e, "exponent")?,
            uint(parts.d, "private exponent")?,
            vec![uint(parts.p, "prime p")?, uint(parts.q, "prime q")?],
        )
        .map_err(|e| {
            Error::new(Code::KeyMismatch, format!("RSA private key parts do not match (n = p*q, e*d = 1): {e}"))
        })?;

        // Re-encode from the validated key: its CRT values are computed, not
        // trusted, and the DER is what ring is built from.
        let der = key.to_pkcs1_der().map_err(|e| Error::new(Code::KeyEncoding, format!("RSA private key: {e}")))?;
        let canonical = RsaPrivateKeyRef::from_der(der.as_bytes()).map_err(encoding("RSA private key re-encoding"))?;
        let crt_ok = same_integer(parts.dp, canonical.exponent1.as_bytes())
            & same_integer(parts.dq, canonical.exponent2.as_bytes())
            & same_integer(parts.qi, canonical.coefficient.as_bytes());
        if !crt_ok {
            return err(Code::KeyMismatch, "RSA CRT parameters (dp, dq, qi) do not match the key");
        }

        let signer = ring::rsa::KeyPair::from_der(der.as_bytes()).map_err(|rejected| {
            // Sizes and consistency were checked above, so what ring refuses
            // here is a shape it does not implement (e.g. e < 65537, a modulus
            // above 4096 bits or not a multiple of 512 bits).
            Error::new(
                Code::KeyType,
                format!("RSA private key of {} bits is not supported for signing ({rejected})", bit_len(parts.n)),
            )
        })?;
        let public = key.to_public_key();
        Ok(RsaKey {
            n: public.n_bytes().to_vec(),
            e: public.e_bytes().to_vec(),
            public,
            private: Some(RsaPrivate { signer, key }),
        })
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        bit_len(&self.n)
    }

    /// The PKCS#1 `RSAPublicKey` DER of this key.
    pub fn to_pkcs1_public_der(&self) -> Result<Vec<u8>> {
        let key = RsaPublicKeyRef {
            modulus: UintRef::new(&self.n).map_err(encoding("RSA modulus"))?,
            public_exponent: UintRef::new(&self.e).map_err(encoding("RSA exponent"))?,
        };
        key.to_der().map_err(encoding("RSA public key"))
    }

    /// The PKCS#1 `RSAPrivateKey` DER of this key, when it is private.
    pub fn to_pkcs1_private_der(&self) -> Result<Option<::der::SecretDocument>> {
        match &self.private {
            None => Ok(None),
            Some(private) => private
                .key
                .to_pkcs1_der()
                .map(Some)
                .map_err(|e| Error::new(Code::KeyEncoding, format!("RSA private key: {e}"))),
        }
    }
}
