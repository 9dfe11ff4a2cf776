//! PBES2 key wrapping (RFC 7518 4.8): a KEK is derived with PBKDF2-HMAC from
//! the password (the oct key's bytes), salt = UTF8(alg) || 0x00 || p2s and
//! p2c iterations, then wraps the CEK with AES Key Wrap.
//!
//! p2c is attacker-chosen on decryption: it is checked against the caller's
//! cap before a single PBKDF2 iteration runs (jam had no cap).

use core::num::NonZeroU32;

use ring::pbkdf2;
use serde_json::Value;
use zeroize::Zeroizing;

use crate::error::{err, Code, Result};
use crate::jwe::header::{self, Header};

/// The PRF of a `PBES2-HS*` algorithm is HMAC with this hash.
pub use crate::hash::Sha2 as Hash;

/// Length of the random p2s we generate.
pub const SALT_LEN: usize = 16;
/// RFC 7518 4.8.1.1: "A Salt Input value containing 8 or more octets MUST be used".
pub const MIN_SALT_LEN: usize = 8;
/// RFC 7518 4.8.1.2 recommends at least 1000 iterations; we make no fewer.
pub const MIN_P2C: u32 = 1000;

/// Derives the KEK. `alg` is the full algorithm name, which salts the KDF.
pub fn derive_kek(
    hash: Hash,
    alg: &str,
    password: &[u8],
    p2s: &[u8],
    p2c: NonZeroU32,
    kek_len: usize,
) -> Zeroizing<Vec<u8>> {
    let mut salt = Vec::with_capacity(alg.len() + 1 + p2s.len());
    salt.extend_from_slice(alg.as_bytes());
    salt.push(0);
    salt.extend_from_slice(p2s);
    let mut kek = Zeroizing::new(vec![0u8; kek_len]);
    pbkdf2::derive(hash.pbkdf2(), p2c, &salt, password, &mut kek);
    kek
}

/// The caller's iteration count for a token we make: at least `MIN_P2C`.
pub fn encrypt_p2c(p2c: u32) -> Result<NonZeroU32> {
    match NonZeroU32::new(p2c) {
        Some(n) if p2c >= MIN_P2C => Ok(n),
        _ => err(Code::InvalidArgument, format!("PBES2 p2c must be at least {MIN_P2C}")),
    }
}

/// Reads p2c and p2s from a header we are asked to decrypt. p2c above
/// `p2c_max` is `P2cLimit`; a missing, zero or non-integer p2c, or a
/// missing or short p2s, is `HeaderInvalid`.
pub fn read_params(header: &Header, p2c_max: u32) -> Result<(NonZeroU32, Vec<u8>)> {
    let p2c = match header.get("p2c") {
        Some(Value::Number(n)) => n.as_u64(),
        None => return err(Code::HeaderInvalid, "header member \"p2c\" is missing"),
        Some(_) => None,
    };
    let Some(p2c) = p2c else {
        return err(Code::HeaderInvalid, "header member \"p2c\" must be a positive integer");
    };
    if p2c > u64::from(p2c_max) {
        return err(Code::P2cLimit, format!("PBES2 p2c {p2c} is above the limit of {p2c_max}"));
    }
    let Some(p2c) = u32::try_from(p2c).ok().and_then(NonZeroU32::new) else {
        return err(Code::HeaderInvalid, "header member \"p2c\" must be a positive integer");
    };
    let p2s = match header::base64(header, "p2s")? {
        Some(p2s) if p2s.len() >= MIN_SALT_LEN => p2s,
        Some(_) => {
            return err(Code::HeaderInvalid, format!("header member \"p2s\" must be at least {MIN_SALT_LEN} bytes"))
        }
        None => return err(Code::HeaderInvalid, "header member \"p2s\" is missing"),
    };
    Ok((p2c, p2s))
}
