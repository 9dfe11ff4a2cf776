//! JWE compact serialisation (RFC 7516) over the algorithms of RFC 7518 and
//! RFC 8037: `encrypt` makes a five-part token, `decrypt` opens one.
//!
//! Decryption never lets the token choose: `alg` and `enc` must be in the
//! caller's allow-lists before any cryptographic work, `crit` is refused (we
//! implement no JWE extension), untrusted sizes (token length, PBES2 `p2c`,
//! decompressed length) are capped, and every cryptographic failure is the
//! same `DecryptionFailed` with the same message, so no failure mode can be
//! told from another (no padding or unwrap oracle).

pub mod content;
pub mod header;
pub mod jam_kdf;
pub mod key_management;
pub mod zip;

use serde_json::Value;
use zeroize::Zeroizing;

use crate::base64url;
use crate::error::{err, Code, Error, Result};
use crate::key::Key;

pub use jam_kdf::derive_jam_jwe_key;

/// The single message of every cryptographic decryption failure.
const DECRYPTION_FAILED: &str = "decryption failed";

/// The generic decryption error: one code, one message, whatever the cause.
pub(crate) fn decryption_failed() -> Error {
    Error::new(Code::DecryptionFailed, DECRYPTION_FAILED)
}

/// Options for making a token.
#[derive(Clone, Debug)]
pub struct EncryptOptions {
    /// PBES2 iteration count. Default 10 000: RFC 7518 asks for at least
    /// 1000, and the default stays within the default `Limits::p2c_max`, so
    /// our own tokens open with default settings. Raising it makes passwords
    /// harder to guess; the recipient must raise `p2c_max` to match.
    pub p2c: u32,
}

impl Default for EncryptOptions {
    fn default() -> Self {
        EncryptOptions { p2c: DEFAULT_P2C }
    }
}

/// Default PBES2 iteration count for tokens we make.
pub const DEFAULT_P2C: u32 = 10_000;

/// Bounds on untrusted input, each checked before the work it bounds.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Longest compact token accepted, in bytes. Default 1 MiB: far above any
    /// token carried in a header or cookie, low enough that base64 decoding
    /// and AEAD work stay cheap.
    pub max_token_len: usize,
    /// Highest PBES2 `p2c` accepted. Default 10 000 (as jose's default cap): an attacker
    /// choosing p2c must not be able to buy seconds of CPU per token.
    pub p2c_max: u32,
    /// Largest decompressed plaintext for `zip: "DEF"`, in bytes. Default 1 MiB.
    pub zip_max: usize,
}

/// Default `Limits::max_token_len`.
pub const DEFAULT_MAX_TOKEN_LEN: usize = 1 << 20;
/// Default `Limits::p2c_max`.
pub const DEFAULT_P2C_MAX: u32 = 10_000;
/// Default `Limits::zip_max`.
pub const DEFAULT_ZIP_MAX: usize = 1 << 20;

impl Default for Limits {
    fn default() -> Self {
        Limits { max_token_len: DEFAULT_MAX_TOKEN_LEN, p2c_max: DEFAULT_P2C_MAX, zip_max: DEFAULT_ZIP_MAX }
    }
}

/// An opened token.
#[derive(Debug)]
pub struct Decrypted {
    /// The protected header exactly as it was in the token (JSON bytes).
    pub header: Vec<u8>,
    /// The plaintext, decompressed when the header says `zip: "DEF"`.
    pub plaintext: Vec<u8>,
}

/// Header members the library sets and the caller may not: they are either
/// chosen by the arguments or produced by the algorithm. `crit` is refused
/// too: we would not be able to open the token we made.
const RESERVED: [&str; 8] = ["alg", "enc", "epk", "iv", "tag", "p2s", "p2c", "crit"];

/// Makes a compact JWE of `plaintext` for `key`.
///
/// `extra_header` is a JSON object (or empty) whose members join the
/// protected header; it may carry `apu`/`apv` (base64url, used by ECDH-ES)
/// and `zip: "DEF"` (compress before encrypting), but not the members the
/// algorithms set (`alg`, `enc`, `epk`, `iv`, `tag`, `p2s`, `p2c`) nor `crit`.
pub fn encrypt(
    key: &Key,
    alg: &str,
    enc: &str,
    extra_header: &[u8],
    plaintext: &[u8],
    opts: &EncryptOptions,
) -> Result<String> {
    let km = key_management::find(alg)?;
    let ce = content::find(enc)?;
    let mut header = if extra_header.iter().all(u8::is_ascii_whitespace) {
        header::Header::new()
    } else {
        header::parse(extra_header)?
    };
    let compress = match header.get("zip") {
        None => false,
        Some(Value::String(z)) if z == zip::DEFLATE => true,
        Some(_) => return err(Code::HeaderInvalid, "zip must be \"DEF\""),
    };
    if let Some(name) = RESERVED.iter().find(|name| header.contains_key(**name)) {
        return err(Code::HeaderInvalid, format!("header member {name:?} is set by the library"));
    }
    key.check_usage(usage_alg(key, km, alg, enc), km.encrypt_op())?;

    let wrapped = km.wrap(key, ce, &mut header, opts)?;
    header.insert("alg".into(), alg.into());
    header.insert("enc".into(), enc.into());
    let header_json =
        serde_json::to_vec(&header).map_err(|_| Error::new(Code::EncryptionFailed, "header serialisation failed"))?;
    let protected = base64url::encode(&header_json);

    let compressed;
    let plaintext = if compress {
        compressed = Zeroizing::new(zip::deflate(plaintext));
        compressed.as_slice()
    } else {
        plaintext
    };
    let iv = crate::random::bytes(ce.iv_len, Code::EncryptionFailed)?;
    let (ciphertext, tag) = ce.encrypt(&wrapped.cek, &iv, protected.as_bytes(), plaintext)?;

    let mut token = String::with_capacity(
        protected.len() + 4 + (wrapped.encrypted_key.len() + iv.len() + ciphertext.len() + tag.len()) * 4 / 3 + 8,
    );
    token.push_str(&protected);
    for part in [&wrapped.encrypted_key[..], &iv[..], &ciphertext[..], &tag[..]] {
        token.push('.');
        base64url::encode_into(part, &mut token);
    }
    Ok(token)
}

/// Splits a compact token into exactly five segments.
fn split(token: &[u8]) -> Result<[&[u8]; 5]> {
    let mut parts = token.split(|b| *b == b'.');
    let mut out: [&[u8]; 5] = [&[]; 5];
    for slot in out.iter_mut() {
        *slot = parts.next().ok_or_else(|| Error::new(Code::TokenMalformed, "a compact JWE has five segments"))?;
    }
    if parts.next().is_some() {
        return err(Code::TokenMalformed, "a compact JWE has five segments");
    }
    Ok(out)
}

/// Opens a compact JWE with `key`, accepting only the listed algorithms.
///
/// Order of checks: size, shape, header, allow-lists, `crit`/`zip`, key
/// usage and type, then the algorithm's own parameters (p2c cap, epk), and
/// only then cryptography. A failed key unwrap is not reported at once: a
/// random CEK takes the unwrapped one's place and the content tag fails
/// instead (RFC 7516 11.5), so unwrap and tag failures look and time alike.
pub fn decrypt(
    key: &Key,
    allowed_algs: &[&str],
    allowed_encs: &[&str],
    token: &[u8],
    limits: &Limits,
) -> Result<Decrypted> {
    if token.len() > limits.max_token_len {
        return err(Code::TokenTooLarge, format!("token is longer than {} bytes", limits.max_token_len));
    }
    let [protected, encrypted_key, iv, ciphertext, tag] = split(token)?;
    let header_json = base64url::decode(protected)?;
    let header = header::parse(&header_json)?;
    let alg = header::required_string(&header, "alg")?;
    let enc = header::required_string(&header, "enc")?;
    if !allowed_algs.contains(&alg) {
        return err(Code::AlgNotAllowed, format!("alg {alg:?} is not allowed"));
    }
    if !allowed_encs.contains(&enc) {
        return err(Code::AlgNotAllowed, format!("enc {enc:?} is not allowed"));
    }
    let km = key_management::find(alg)?;
    let ce = content::find(enc)?;
    if header.contains_key("crit") {
        return err(Code::HeaderInvalid, "crit is not supported: this library implements no JWE extensions");
    }
    let decompress = match header::string(&header, "zip")? {
        None => false,
        Some(zip::DEFLATE) => true,
        Some(other) => return err(Code::HeaderInvalid, format!("unsupported zip {other:?}")),
    };
    key.check_usage(usage_alg(key, km, alg, enc), km.decrypt_op())?;

    let encrypted_key = base64url::decode(encrypted_key)?;
    let iv = base64url::decode(iv)?;
    let ciphertext = base64url::decode(ciphertext)?;
    let tag = base64url::decode(tag)?;

    let cek = match km.unwrap(key, ce, &header, &encrypted_key, limits) {
        Ok(cek) if cek.len() == ce.cek_len => cek,
        Ok(_) => random_cek(ce.cek_len)?,
        Err(e) if e.code == Code::DecryptionFailed => random_cek(ce.cek_len)?,
        Err(e) => return Err(e),
    };
    let plaintext = ce.decrypt(&cek, &iv, protected, &ciphertext, &tag)?;
    let mut plaintext = if decompress { zip::inflate(&plaintext, limits.zip_max)? } else { plaintext };
    Ok(Decrypted { header: header_json, plaintext: core::mem::take(&mut *plaintext) })
}

/// The algorithm name a key's JWK `alg` is checked against. A `dir` key is
/// the CEK itself, so its `alg` may name the content algorithm instead (RFC
/// 7520 5.6 publishes such a key: `"alg": "A128GCM"` used with `dir`).
pub(crate) fn usage_alg<'a>(key: &Key, km: &key_management::KeyManagement, alg: &'a str, enc: &'a str) -> &'a str {
    if km.family == key_management::Family::Dir && key.usage.alg.as_deref() == Some(enc) {
        enc
    } else {
        alg
    }
}

/// A stand-in CEK for a failed unwrap (see `decrypt`).
fn random_cek(len: usize) -> Result<Zeroizing<Vec<u8>>> {
    crate::random::bytes(len, Code::DecryptionFailed).map(Zeroizing::new)
}
