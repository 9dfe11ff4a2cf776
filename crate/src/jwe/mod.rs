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
pub mod json;
pub mod key_management;
pub mod zip;

use serde_json::Value;
use zeroize::Zeroizing;

use crate::base64url;
use crate::error::{err, Code, Error, Result};
use crate::jam::Dialect;
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
pub(crate) const RESERVED: [&str; 8] = ["alg", "enc", "epk", "iv", "tag", "p2s", "p2c", "crit"];

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
    encrypt_inner(Dialect::Standard, key, alg, enc, extra_header, plaintext, opts, None)
}

/// `encrypt` in the given dialect: jam's writes jam 4.x's forms.
pub fn encrypt_in(
    dialect: Dialect,
    key: &Key,
    alg: &str,
    enc: &str,
    extra_header: &[u8],
    plaintext: &[u8],
    opts: &EncryptOptions,
) -> Result<String> {
    encrypt_inner(dialect, key, alg, enc, extra_header, plaintext, opts, None)
}

/// `encrypt` for RSA-OAEP with the CEK and its encryption made by a native
/// backend (node:crypto's `publicEncrypt`) from the same key. Every other
/// rule (header, key type, usage) is applied as in `encrypt`; the CEK must
/// have the length `enc` needs.
pub fn encrypt_rsa_oaep_wrapped(
    key: &Key,
    alg: &str,
    enc: &str,
    extra_header: &[u8],
    plaintext: &[u8],
    cek: &[u8],
    encrypted_key: &[u8],
) -> Result<String> {
    let wrapped = key_management::Wrapped { cek: Zeroizing::new(cek.to_vec()), encrypted_key: encrypted_key.to_vec() };
    let opts = EncryptOptions::default();
    encrypt_inner(
        Dialect::Standard,
        key,
        alg,
        enc,
        extra_header,
        plaintext,
        &opts,
        Some(External::RsaOaepWrapped(wrapped)),
    )
}

/// `encrypt` for ECDH-ES (and +A*KW) to a P-256/384/521 key with the
/// agreement made by a native backend (node:crypto's ECDH): its ephemeral
/// public key (uncompressed SEC1) and the shared secret Z. Every other rule
/// is applied as in `encrypt`, and the Concat KDF, the key wrap and the
/// content encryption run here.
pub fn encrypt_ecdh_agreed(
    key: &Key,
    alg: &str,
    enc: &str,
    extra_header: &[u8],
    plaintext: &[u8],
    ephemeral_public: &[u8],
    z: &[u8],
) -> Result<String> {
    let opts = EncryptOptions::default();
    let agreed = External::EcdhAgreed { ephemeral_public, z };
    encrypt_inner(Dialect::Standard, key, alg, enc, extra_header, plaintext, &opts, Some(agreed))
}

/// Key management a native backend ran outside the core, for `encrypt_inner`.
enum External<'a> {
    /// RSA-OAEP: the CEK and its encryption.
    RsaOaepWrapped(key_management::Wrapped),
    /// ECDH-ES to a NIST-curve key: the ephemeral public key and Z.
    EcdhAgreed { ephemeral_public: &'a [u8], z: &'a [u8] },
}

#[allow(clippy::too_many_arguments)]
fn encrypt_inner(
    dialect: Dialect,
    key: &Key,
    alg: &str,
    enc: &str,
    extra_header: &[u8],
    plaintext: &[u8],
    opts: &EncryptOptions,
    external: Option<External<'_>>,
) -> Result<String> {
    let km = key_management::find(alg)?;
    let ce = content::find(enc)?;
    let mut header = if extra_header.iter().all(u8::is_ascii_whitespace) {
        header::Header::new()
    } else {
        header::parse(extra_header)?
    };
    let compress = wants_deflate(&header)?;
    if let Some(name) = RESERVED.iter().find(|name| header.contains_key(**name)) {
        return err(Code::HeaderInvalid, format!("header member {name:?} is set by the library"));
    }
    key.check_usage(usage_alg(key, km, alg, enc), km.encrypt_op())?;

    let wrapped = match external {
        None => km.wrap_in(dialect, key, ce, &mut header, opts)?,
        Some(External::RsaOaepWrapped(wrapped)) => {
            if !matches!(km.family, key_management::Family::RsaOaep(_)) || wrapped.cek.len() != ce.cek_len {
                return err(
                    Code::InvalidArgument,
                    "an externally wrapped CEK is only taken for RSA-OAEP, at enc's size",
                );
            }
            km.check_key(key, ce, false)?;
            wrapped
        }
        Some(External::EcdhAgreed { ephemeral_public, z }) => {
            km.check_key(key, ce, false)?;
            km.wrap_agreed(key, ce, &mut header, ephemeral_public, z)?
        }
    };
    header.insert("alg".into(), alg.into());
    header.insert("enc".into(), enc.into());
    let header_json =
        serde_json::to_vec(&header).map_err(|_| Error::new(Code::EncryptionFailed, "header serialisation failed"))?;
    let protected = base64url::encode(&header_json);

    let Sealed { iv, ciphertext, tag } = seal(dialect, ce, &wrapped.cek, protected.as_bytes(), plaintext, compress)?;

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

/// A token that passed every check before cryptography.
struct Parsed<'t> {
    header_json: Vec<u8>,
    header: header::Header,
    km: &'static key_management::KeyManagement,
    ce: &'static content::ContentEncryption,
    decompress: bool,
    protected: &'t [u8],
    encrypted_key: Vec<u8>,
    iv: Vec<u8>,
    ciphertext: Vec<u8>,
    tag: Vec<u8>,
}

/// Order of checks: size, shape, header, allow-lists, `crit`/`zip`, key
/// usage, then the segments' strict base64url.
fn parse<'t>(
    key: &Key,
    allowed_algs: &[&str],
    allowed_encs: &[&str],
    token: &'t [u8],
    limits: &Limits,
) -> Result<Parsed<'t>> {
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
    Ok(Parsed { header_json, header, km, ce, decompress, protected, encrypted_key, iv, ciphertext, tag })
}

/// Content decryption and decompression with the CEK the key management gave.
fn finish(parsed: Parsed<'_>, cek: &[u8], limits: &Limits) -> Result<Decrypted> {
    let plaintext = parsed.ce.decrypt(cek, &parsed.iv, parsed.protected, &parsed.ciphertext, &parsed.tag)?;
    decompressed(parsed, plaintext, limits)
}

/// The result of a decryption: the plaintext inflated when the header asks
/// for `zip`, beside the protected header.
fn decompressed(parsed: Parsed<'_>, plaintext: Zeroizing<Vec<u8>>, limits: &Limits) -> Result<Decrypted> {
    let mut plaintext = if parsed.decompress { zip::inflate(&plaintext, limits.zip_max)? } else { plaintext };
    Ok(Decrypted { header: parsed.header_json, plaintext: core::mem::take(&mut *plaintext) })
}

/// `parse`, for a token whose key management a native backend takes over:
/// only the families `hands_off` allows leave the core, and only with a key
/// that could decrypt them here.
fn parse_for_native<'t>(
    key: &Key,
    allowed_algs: &[&str],
    allowed_encs: &[&str],
    token: &'t [u8],
    limits: &Limits,
    (hands_off, refusal): (fn(&key_management::Family) -> bool, &str),
) -> Result<Parsed<'t>> {
    let parsed = parse(key, allowed_algs, allowed_encs, token, limits)?;
    if !hands_off(&parsed.km.family) {
        return err(Code::InvalidArgument, refusal);
    }
    parsed.km.check_key(key, parsed.ce, true)?;
    Ok(parsed)
}

type HandsOff = (fn(&key_management::Family) -> bool, &'static str);

const RSA_OAEP_ONLY: HandsOff =
    (|f| matches!(f, key_management::Family::RsaOaep(_)), "only RSA-OAEP is unwrapped outside the core");

const ECDH_ES_ONLY: HandsOff =
    (|f| matches!(f, key_management::Family::EcdhEs { .. }), "only ECDH-ES is agreed outside the core");

/// The unwrapped CEK, or a random one of the right length when the unwrap
/// failed cryptographically (RFC 7516 11.5: the tag check then fails like any
/// other tampering). Parameter errors keep their own code.
fn cek_or_random(unwrapped: Result<Zeroizing<Vec<u8>>>, cek_len: usize) -> Result<Zeroizing<Vec<u8>>> {
    match unwrapped {
        Ok(cek) if cek.len() == cek_len => Ok(cek),
        Ok(_) => random_cek(cek_len),
        Err(e) if e.code == Code::DecryptionFailed => random_cek(cek_len),
        Err(e) => Err(e),
    }
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
    decrypt_in(Dialect::Standard, key, allowed_algs, allowed_encs, token, limits)
}

/// `decrypt` in the given dialect: jam's reads jam 4.x's forms and the standard ones.
pub fn decrypt_in(
    dialect: Dialect,
    key: &Key,
    allowed_algs: &[&str],
    allowed_encs: &[&str],
    token: &[u8],
    limits: &Limits,
) -> Result<Decrypted> {
    let parsed = parse(key, allowed_algs, allowed_encs, token, limits)?;
    let content = Content { iv: &parsed.iv, aad: parsed.protected, ciphertext: &parsed.ciphertext, tag: &parsed.tag };
    let plaintext = open(dialect, key, parsed.km, parsed.ce, &parsed.header, &parsed.encrypted_key, &content, limits)?;
    decompressed(parsed, plaintext, limits)
}

/// Every check `decrypt` makes before cryptography, for an RSA-OAEP token
/// whose CEK a native backend will decrypt: returns the table row (its hash)
/// and the encrypted key. Anything but RSA-OAEP with a private RSA key is
/// refused here, so no other family is ever unwrapped outside the core.
pub fn prepare_rsa_oaep_unwrap(
    key: &Key,
    allowed_algs: &[&str],
    allowed_encs: &[&str],
    token: &[u8],
    limits: &Limits,
) -> Result<(&'static key_management::KeyManagement, Vec<u8>)> {
    let parsed = parse_for_native(key, allowed_algs, allowed_encs, token, limits, RSA_OAEP_ONLY)?;
    Ok((parsed.km, parsed.encrypted_key))
}

/// Finishes `decrypt` for an RSA-OAEP token with the CEK a native backend
/// decrypted, or `None` when its decryption failed: then, as in `decrypt`, a
/// random CEK stands in and the tag check fails alike.
pub fn decrypt_rsa_oaep_unwrapped(
    key: &Key,
    allowed_algs: &[&str],
    allowed_encs: &[&str],
    token: &[u8],
    limits: &Limits,
    cek: Option<&[u8]>,
) -> Result<Decrypted> {
    let parsed = parse_for_native(key, allowed_algs, allowed_encs, token, limits, RSA_OAEP_ONLY)?;
    let cek = match cek {
        Some(cek) if cek.len() == parsed.ce.cek_len => Zeroizing::new(cek.to_vec()),
        _ => random_cek(parsed.ce.cek_len)?,
    };
    finish(parsed, &cek, limits)
}

/// Every check `decrypt` makes before cryptography for an ECDH-ES token to a
/// NIST-curve key, including the `epk` checks (type, curve, size, on the
/// curve): returns the peer's SEC1 point for a native backend to agree with.
pub fn prepare_ecdh_agreement(
    key: &Key,
    allowed_algs: &[&str],
    allowed_encs: &[&str],
    token: &[u8],
    limits: &Limits,
) -> Result<Vec<u8>> {
    let parsed = parse_for_native(key, allowed_algs, allowed_encs, token, limits, ECDH_ES_ONLY)?;
    let Some(epk) = parsed.header.get("epk") else {
        return err(Code::HeaderInvalid, "header member \"epk\" is missing");
    };
    key_management::ecdh_es::recipient_nist_point(key, epk)
}

/// Finishes `decrypt` for an ECDH-ES token with the Z a native backend
/// computed from the point `prepare_ecdh_agreement` returned. A failed
/// unwrap becomes a random CEK, as in `decrypt`.
pub fn decrypt_ecdh_agreed(
    key: &Key,
    allowed_algs: &[&str],
    allowed_encs: &[&str],
    token: &[u8],
    limits: &Limits,
    z: &[u8],
) -> Result<Decrypted> {
    let parsed = parse_for_native(key, allowed_algs, allowed_encs, token, limits, ECDH_ES_ONLY)?;
    let crate::key::Material::Ec(ec) = &key.material else {
        return err(Code::KeyAlgMismatch, "only NIST-curve ECDH-ES is agreed outside the core");
    };
    if z.len() != ec.curve.size() {
        return err(Code::InvalidArgument, "the shared secret has the wrong length");
    }
    let unwrapped = parsed.km.unwrap_agreed(parsed.ce, &parsed.header, &parsed.encrypted_key, z);
    let cek = cek_or_random(unwrapped, parsed.ce.cek_len)?;
    finish(parsed, &cek, limits)
}

/// True when a header we are about to write asks for `zip: "DEF"`.
pub(crate) fn wants_deflate(header: &header::Header) -> Result<bool> {
    match header.get("zip") {
        None => Ok(false),
        Some(Value::String(z)) if z == zip::DEFLATE => Ok(true),
        Some(_) => err(Code::HeaderInvalid, "zip must be \"DEF\""),
    }
}

/// What content encryption produced.
pub(crate) struct Sealed {
    pub iv: Vec<u8>,
    pub ciphertext: Vec<u8>,
    pub tag: Vec<u8>,
}

/// Compresses (when asked) and encrypts `plaintext` under `cek` with a fresh
/// IV, authenticating `aad`. Shared by the compact and JSON serializations.
pub(crate) fn seal(
    dialect: Dialect,
    ce: &content::ContentEncryption,
    cek: &[u8],
    aad: &[u8],
    plaintext: &[u8],
    compress: bool,
) -> Result<Sealed> {
    let compressed;
    let plaintext = if compress {
        compressed = Zeroizing::new(zip::deflate(plaintext));
        compressed.as_slice()
    } else {
        plaintext
    };
    let iv = crate::random::bytes(ce.iv_len, Code::EncryptionFailed)?;
    let (ciphertext, tag) = ce.encrypt_in(dialect, cek, &iv, aad, plaintext)?;
    Ok(Sealed { iv, ciphertext, tag })
}

/// The decoded content parts of a token and the AAD they were sealed with.
pub(crate) struct Content<'a> {
    pub iv: &'a [u8],
    pub aad: &'a [u8],
    pub ciphertext: &'a [u8],
    pub tag: &'a [u8],
}

/// Recovers the CEK for one recipient and decrypts the content (not yet
/// decompressed). Parameter errors of the algorithm keep their own code; a
/// failed unwrap is replaced by a random CEK so that it fails at the tag,
/// like any other cryptographic failure, as the one `DecryptionFailed`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn open(
    dialect: Dialect,
    key: &Key,
    km: &key_management::KeyManagement,
    ce: &content::ContentEncryption,
    header: &header::Header,
    encrypted_key: &[u8],
    content: &Content<'_>,
    limits: &Limits,
) -> Result<Zeroizing<Vec<u8>>> {
    let cek = cek_or_random(km.unwrap_in(dialect, key, ce, header, encrypted_key, limits), ce.cek_len)?;
    ce.decrypt_in(dialect, &cek, content.iv, content.aad, content.ciphertext, content.tag)
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
