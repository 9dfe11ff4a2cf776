//! JWS compact serialisation (RFC 7515 section 7.1):
//! BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature).
//!
//! The protected header JSON is built and (after verification) interpreted by
//! the TypeScript layer; here we only read what verification needs (`alg`,
//! and `b64`, whose RFC 7797 unencoded form we do not accept).

use serde::Deserialize;

use super::algorithms::{lookup, Family, JwsAlgorithm};
use super::hmac;
use super::{segment, shape};
use crate::base64url;
use crate::error::{err, Code, Error, Result};
use crate::key::{Key, Op};

/// Default cap on a token's length, in bytes. Large enough for any sane JWT,
/// small enough that a hostile one costs nothing.
pub const DEFAULT_MAX_TOKEN_LEN: usize = 256 * 1024;

/// Signs: returns the compact JWS for the given header JSON and payload.
pub fn sign(key: &Key, alg: &str, header_json: &[u8], payload: &[u8]) -> Result<String> {
    sign_prepared(key, alg, header_json, payload, None)
}

/// `sign`, with the key's prepared HMAC state when the caller keeps one.
pub fn sign_prepared(
    key: &Key,
    alg: &str,
    header_json: &[u8],
    payload: &[u8],
    prepared: Option<&hmac::Prepared>,
) -> Result<String> {
    let algorithm = lookup(alg)?;
    let mut token = String::with_capacity((header_json.len() + payload.len()) * 4 / 3 + 200);
    segment::encode_into(header_json, &mut token);
    token.push('.');
    segment::encode_into(payload, &mut token);
    let signature = match prepared.filter(|p| algorithm.family == Family::Hmac(p.hash())) {
        Some(prepared) => {
            algorithm.check_key(key, Op::Sign)?;
            prepared.sign(token.as_bytes())
        }
        None => algorithm.sign(key, token.as_bytes())?,
    };
    token.push('.');
    segment::encode_into(&signature, &mut token);
    Ok(token)
}

/// Splits a compact JWS into its three segments.
fn segments(token: &[u8]) -> Result<[&[u8]; 3]> {
    let mut parts = token.split(|&b| b == b'.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(header), Some(payload), Some(signature), None) => Ok([header, payload, signature]),
        _ => err(Code::TokenMalformed, "a compact JWS has exactly three segments"),
    }
}

/// The payload of a compact JWS, decoded WITHOUT verifying anything. Only for
/// bookkeeping that a forged value cannot abuse (a token list reads `exp` to
/// decide how long to keep an entry); never for trusting claims.
pub fn unverified_payload(token: &[u8]) -> Result<Vec<u8>> {
    let [_, payload_b64, _] = segments(token)?;
    base64url::decode(payload_b64)
}

/// What a verified JWS yields: its protected header and payload, as bytes.
#[derive(Debug)]
pub struct Verified {
    pub header: Vec<u8>,
    pub payload: Vec<u8>,
}

/// The members of the protected header that verification itself needs.
#[derive(Deserialize)]
struct HeaderForVerification {
    alg: String,
    #[serde(default)]
    b64: Option<serde_json::Value>,
}

/// A token that passed every check short of the signature itself: what a
/// backend running only the primitive needs (see `prepare`).
#[derive(Debug)]
pub struct Prepared {
    /// The algorithm the token names (allowed, and fitting the key).
    pub algorithm: &'static JwsAlgorithm,
    /// The protected header JSON.
    pub header: Vec<u8>,
    /// The decoded signature, of the exact shape the algorithm requires.
    pub signature: Vec<u8>,
    /// Length of the signing input: the token's first two segments and the dot.
    pub input_len: usize,
    /// The decoded payload.
    pub payload: Vec<u8>,
}

/// A token that passed `checked`, with its payload still encoded.
struct Checked<'t> {
    algorithm: &'static JwsAlgorithm,
    header: Vec<u8>,
    signature: Vec<u8>,
    input_len: usize,
    payload_b64: &'t [u8],
}

/// Every check `verify` makes before the primitive, in the same order:
/// size, shape, strict base64url, header JSON, `b64`, allow-list, key fit
/// and usage, signature shape. Returns the pieces and the raw payload segment.
fn checked<'t>(key: &Key, allowed: &[&str], token: &'t [u8], max_len: usize) -> Result<Checked<'t>> {
    if token.len() > max_len {
        return err(Code::TokenTooLarge, format!("token exceeds {max_len} bytes"));
    }
    let [header_b64, payload_b64, signature_b64] = segments(token)?;
    if header_b64.is_empty() || signature_b64.is_empty() {
        return err(Code::TokenMalformed, "empty header or signature segment");
    }
    let header = segment::decode(header_b64)?;
    let parsed: HeaderForVerification = serde_json::from_slice(&header)
        .map_err(|_| Error::new(Code::HeaderInvalid, "protected header is not a JSON object with a string alg"))?;
    if parsed.b64.is_some() {
        return err(Code::HeaderInvalid, "the b64 header parameter (RFC 7797) is not supported");
    }
    if parsed.alg == "none" {
        return err(Code::AlgNotAllowed, "alg \"none\" is never accepted");
    }
    if !allowed.contains(&parsed.alg.as_str()) {
        return err(Code::AlgNotAllowed, format!("alg {:?} is not allowed here", parsed.alg));
    }
    let algorithm = lookup(&parsed.alg)?;
    algorithm.check_key(key, Op::Verify)?;
    let signature = segment::decode(signature_b64)?;
    if !shape::well_formed(algorithm, key, &signature) {
        return err(Code::SignatureInvalid, "signature verification failed");
    }
    // The signing input is the ASCII of the first two segments as received.
    let input_len = header_b64.len() + 1 + payload_b64.len();
    Ok(Checked { algorithm, header, signature, input_len, payload_b64 })
}

/// Verifies a compact JWS with `key`, accepting only the algorithms in
/// `allowed`. The token never chooses the algorithm on its own: its `alg` must
/// be on the allow-list and fit the key.
pub fn verify(key: &Key, allowed: &[&str], token: &[u8], max_len: usize) -> Result<Verified> {
    verify_prepared(key, allowed, token, max_len, None)
}

/// `verify`, with the key's prepared HMAC state when the caller keeps one
/// (used only when the token's alg is HMAC with that state's hash).
pub fn verify_prepared(
    key: &Key,
    allowed: &[&str],
    token: &[u8],
    max_len: usize,
    prepared: Option<&hmac::Prepared>,
) -> Result<Verified> {
    let Checked { algorithm, header, signature, input_len, payload_b64 } = checked(key, allowed, token, max_len)?;
    let input = token.get(..input_len).ok_or_else(|| Error::new(Code::TokenMalformed, "truncated token"))?;
    match prepared.filter(|p| algorithm.family == Family::Hmac(p.hash())) {
        // checked() has run check_key for Verify already.
        Some(prepared) if !prepared.verify(input, &signature) => {
            return err(Code::SignatureInvalid, "signature verification failed");
        }
        Some(_) => {}
        None => algorithm.verify(key, input, &signature)?,
    }
    // Decode the payload only once the signature holds: forged tokens cost less.
    let payload = segment::decode(payload_b64)?;
    Ok(Verified { header, payload })
}

/// Makes every check `verify` makes except the signature primitive, for a
/// backend (node:crypto) that runs only the primitive. The caller must verify
/// `signature` over the token's first `input_len` bytes with
/// `algorithm` before trusting anything else in `Prepared`.
pub fn prepare(key: &Key, allowed: &[&str], token: &[u8], max_len: usize) -> Result<Prepared> {
    let Checked { algorithm, header, signature, input_len, payload_b64 } = checked(key, allowed, token, max_len)?;
    let payload = segment::decode(payload_b64)?;
    Ok(Prepared { algorithm, header, signature, input_len, payload })
}
