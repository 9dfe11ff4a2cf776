//! JWS compact serialisation (RFC 7515 section 7.1):
//! BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature).
//!
//! The protected header JSON is built and (after verification) interpreted by
//! the TypeScript layer; here we only read what verification needs (`alg`,
//! and `b64`, which this path refuses: `extensions` reads RFC 7797 tokens when
//! the caller understands `b64`).

use core::ops::Range;

use serde::Deserialize;

use super::algorithms::{lookup, Family, JwsAlgorithm};
use super::hmac;
use super::{segment, shape};
use crate::base64url;
use crate::error::{err, Code, Error, Result};
use crate::jam::Dialect;
use crate::key::{Key, Op};

/// Default cap on a token's length, in bytes. Large enough for any sane JWT,
/// small enough that a hostile one costs nothing.
pub const DEFAULT_MAX_TOKEN_LEN: usize = 256 * 1024;

/// Signs: returns the compact JWS for the given header JSON and payload.
pub fn sign(key: &Key, alg: &str, header_json: &[u8], payload: &[u8]) -> Result<String> {
    sign_prepared(Dialect::Standard, key, alg, header_json, payload, None)
}

/// `sign` in the given dialect (jam's PSS salt in jam's).
pub fn sign_in(dialect: Dialect, key: &Key, alg: &str, header_json: &[u8], payload: &[u8]) -> Result<String> {
    sign_prepared(dialect, key, alg, header_json, payload, None)
}

/// `sign_in`, with the key's prepared HMAC state when the caller keeps one.
pub fn sign_prepared(
    dialect: Dialect,
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
        None => algorithm.sign_in(dialect, key, token.as_bytes())?,
    };
    token.push('.');
    segment::encode_into(&signature, &mut token);
    Ok(token)
}

/// Splits a compact JWS into its three segments.
pub(crate) fn segments(token: &[u8]) -> Result<[&[u8]; 3]> {
    // memchr finds the dots with SIMD (simd128 in wasm): a byte-by-byte
    // split was a twentieth of an HS256 verification.
    let mut dots = memchr::memchr_iter(b'.', token);
    let pieces = match (dots.next(), dots.next(), dots.next()) {
        (Some(first), Some(second), None) => {
            (token.get(..first), token.get(first + 1..second), token.get(second + 1..))
        }
        _ => (None, None, None),
    };
    match pieces {
        (Some(header), Some(payload), Some(signature)) => Ok([header, payload, signature]),
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

/// The signing input of a compact JWS (`header.payload` as received), or
/// `None` when `token` is not three segments with a non-empty header and
/// signature. Token lists key a JWS on this: nobody without the key can change
/// it, whereas the signature can change under the same key (ECDSA's
/// `(r, n - s)` verifies too, and RSA-PSS and ECDSA re-signing gives new bytes).
pub fn signing_input(token: &[u8]) -> Option<&[u8]> {
    let [header_b64, payload_b64, signature_b64] = segments(token).ok()?;
    if header_b64.is_empty() || signature_b64.is_empty() {
        return None;
    }
    token.get(..header_b64.len() + 1 + payload_b64.len())
}

/// What a verified JWS yields: its protected header and payload, as bytes.
#[derive(Debug)]
pub struct Verified {
    pub header: Vec<u8>,
    pub payload: Vec<u8>,
}

/// The members of the protected header that verification itself needs,
/// read without copies: `alg` borrows from the header unless it has escapes,
/// and `b64` is only looked for (any present, non-null value is refused).
#[derive(Deserialize)]
struct HeaderForVerification<'h> {
    #[serde(borrow)]
    alg: std::borrow::Cow<'h, str>,
    #[serde(default)]
    b64: Option<serde::de::IgnoredAny>,
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

/// A token that passed `checked`: its header and signature were decoded onto
/// the end of the caller's buffer (at these ranges), its payload not yet.
struct Checked<'t> {
    algorithm: &'static JwsAlgorithm,
    header: Range<usize>,
    signature: Range<usize>,
    input_len: usize,
    payload_b64: &'t [u8],
}

/// Every check `verify` makes before the primitive, in the same order:
/// size, shape, strict base64url, header JSON, `b64`, allow-list, key fit
/// and usage, signature shape. Decodes the header and the signature onto the
/// end of `buf` (one buffer for the whole answer: no allocation per part).
fn checked<'t>(key: &Key, allowed: &[&str], token: &'t [u8], max_len: usize, buf: &mut Vec<u8>) -> Result<Checked<'t>> {
    if token.len() > max_len {
        return err(Code::TokenTooLarge, format!("token exceeds {max_len} bytes"));
    }
    let [header_b64, payload_b64, signature_b64] = segments(token)?;
    if header_b64.is_empty() || signature_b64.is_empty() {
        return err(Code::TokenMalformed, "empty header or signature segment");
    }
    let header = decoded_onto(buf, header_b64)?;
    let algorithm = {
        let parsed: HeaderForVerification = serde_json::from_slice(buf.get(header.clone()).unwrap_or_default())
            .map_err(|_| Error::new(Code::HeaderInvalid, "protected header is not a JSON object with a string alg"))?;
        if parsed.b64.is_some() {
            return err(Code::HeaderInvalid, "the b64 header parameter (RFC 7797) is not supported");
        }
        if parsed.alg.as_ref() == "none" {
            return err(Code::AlgNotAllowed, "alg \"none\" is never accepted");
        }
        if !allowed.contains(&parsed.alg.as_ref()) {
            return err(Code::AlgNotAllowed, format!("alg {:?} is not allowed here", parsed.alg));
        }
        lookup(&parsed.alg)?
    };
    algorithm.check_key(key, Op::Verify)?;
    let signature = decoded_onto(buf, signature_b64)?;
    if !shape::well_formed(algorithm, key, buf.get(signature.clone()).unwrap_or_default()) {
        return err(Code::SignatureInvalid, "signature verification failed");
    }
    // The signing input is the ASCII of the first two segments as received.
    let input_len = header_b64.len() + 1 + payload_b64.len();
    Ok(Checked { algorithm, header, signature, input_len, payload_b64 })
}

/// Decodes a public segment onto the end of `buf`; where it landed.
fn decoded_onto(buf: &mut Vec<u8>, segment_b64: &[u8]) -> Result<Range<usize>> {
    let start = buf.len();
    segment::decode_into(segment_b64, buf)?;
    Ok(start..buf.len())
}

/// Writes a u32 LE length at `at` of `buf` (a slot reserved earlier).
fn put_u32(buf: &mut [u8], at: usize, value: usize) {
    if let Some(slot) = buf.get_mut(at..at + 4) {
        slot.copy_from_slice(&(value as u32).to_le_bytes());
    }
}

/// Verifies a compact JWS with `key`, accepting only the algorithms in
/// `allowed`. The token never chooses the algorithm on its own: its `alg` must
/// be on the allow-list and fit the key.
pub fn verify(key: &Key, allowed: &[&str], token: &[u8], max_len: usize) -> Result<Verified> {
    verify_prepared(Dialect::Standard, key, allowed, token, max_len, None)
}

/// `verify` in the given dialect (jam's also accepts jam's PSS salt).
pub fn verify_in(dialect: Dialect, key: &Key, allowed: &[&str], token: &[u8], max_len: usize) -> Result<Verified> {
    verify_prepared(dialect, key, allowed, token, max_len, None)
}

/// `verify_in`, with the key's prepared HMAC state when the caller keeps one
/// (used only when the token's alg is HMAC with that state's hash).
pub fn verify_prepared(
    dialect: Dialect,
    key: &Key,
    allowed: &[&str],
    token: &[u8],
    max_len: usize,
    prepared: Option<&hmac::Prepared>,
) -> Result<Verified> {
    let mut packed = Vec::new();
    verify_packed(dialect, key, allowed, token, max_len, prepared, &mut packed)?;
    let header_len = packed.get(..4).and_then(|b| <[u8; 4]>::try_from(b).ok()).map_or(0, u32::from_le_bytes);
    let (header, payload) = packed
        .get(4..)
        .and_then(|rest| rest.split_at_checked(header_len as usize))
        .ok_or_else(|| Error::new(Code::TokenMalformed, "truncated answer"))?;
    Ok(Verified { header: header.to_vec(), payload: payload.to_vec() })
}

/// `verify_prepared`, appending its answer to `out` as the bindings pack it:
/// u32 LE header length, header, payload.
pub fn verify_packed(
    dialect: Dialect,
    key: &Key,
    allowed: &[&str],
    token: &[u8],
    max_len: usize,
    prepared: Option<&hmac::Prepared>,
    out: &mut Vec<u8>,
) -> Result<()> {
    let start = out.len();
    out.extend_from_slice(&[0; 4]);
    let Checked { algorithm, header, signature: signature_at, input_len, payload_b64 } =
        checked(key, allowed, token, max_len, out)?;
    let input = token.get(..input_len).ok_or_else(|| Error::new(Code::TokenMalformed, "truncated token"))?;
    let signature = out.get(signature_at.clone()).unwrap_or_default();
    match prepared.filter(|p| algorithm.family == Family::Hmac(p.hash())) {
        // checked() has run check_key for Verify already.
        Some(prepared) if !prepared.verify(input, signature) => {
            return err(Code::SignatureInvalid, "signature verification failed");
        }
        Some(_) => {}
        None => algorithm.verify_in(dialect, key, input, signature)?,
    }
    // The signature is not part of the answer; the payload takes its place.
    out.truncate(signature_at.start);
    // Decode the payload only once the signature holds: forged tokens cost less.
    segment::decode_into(payload_b64, out)?;
    put_u32(out, start, header.len());
    Ok(())
}

/// Makes every check `verify` makes except the signature primitive, for a
/// backend (node:crypto) that runs only the primitive. The caller must verify
/// `signature` over the token's first `input_len` bytes with
/// `algorithm` before trusting anything else in `Prepared`.
pub fn prepare(key: &Key, allowed: &[&str], token: &[u8], max_len: usize) -> Result<Prepared> {
    let mut buf = Vec::new();
    let Checked { algorithm, header, signature, input_len, payload_b64 } =
        checked(key, allowed, token, max_len, &mut buf)?;
    let payload = segment::decode(payload_b64)?;
    let header = buf.get(header).unwrap_or_default().to_vec();
    let signature = buf.get(signature).unwrap_or_default().to_vec();
    Ok(Prepared { algorithm, header, signature, input_len, payload })
}

/// `prepare`, appending its answer to `out` in one piece: u8 index of the
/// alg in the algorithm table, u32 LE signing-input length, u32 LE header
/// length, u32 LE signature length, header, signature, payload.
pub fn prepare_packed(key: &Key, allowed: &[&str], token: &[u8], max_len: usize, out: &mut Vec<u8>) -> Result<()> {
    let start = out.len();
    out.extend_from_slice(&[0; 13]);
    let Checked { algorithm, header, signature, input_len, payload_b64 } = checked(key, allowed, token, max_len, out)?;
    segment::decode_into(payload_b64, out)?;
    let index = super::algorithms::ALGORITHMS.iter().position(|a| core::ptr::eq(a, algorithm)).unwrap_or(0);
    if let Some(slot) = out.get_mut(start) {
        *slot = index as u8;
    }
    put_u32(out, start + 1, input_len);
    put_u32(out, start + 5, header.len());
    put_u32(out, start + 9, signature.len());
    Ok(())
}

/// Checks one signature: `alg` is not `none`, is on the allow-list and fits
/// the key, and `signature_b64` (strict base64url) verifies over `input`.
/// Shared by the compact and JSON serializations.
pub(crate) fn verify_signature(
    dialect: Dialect,
    key: &Key,
    allowed: &[&str],
    alg: &str,
    input: &[u8],
    signature_b64: &[u8],
) -> Result<()> {
    if alg == "none" {
        return err(Code::AlgNotAllowed, "alg \"none\" is never accepted");
    }
    if !allowed.contains(&alg) {
        return err(Code::AlgNotAllowed, format!("alg {alg:?} is not allowed here"));
    }
    let algorithm = lookup(alg)?;
    algorithm.check_key(key, Op::Verify)?;
    let signature = segment::decode(signature_b64)?;
    if !shape::well_formed(algorithm, key, &signature) {
        return err(Code::SignatureInvalid, "signature verification failed");
    }
    algorithm.verify_in(dialect, key, input, &signature)
}

#[cfg(test)]
mod tests {
    use super::signing_input;

    #[test]
    fn signing_input_is_header_and_payload_of_a_three_segment_token() {
        assert_eq!(signing_input(b"aGVhZA.cGF5.c2ln"), Some(&b"aGVhZA.cGF5"[..]));
        assert_eq!(signing_input(b"aGVhZA..c2ln"), Some(&b"aGVhZA."[..]));
    }

    #[test]
    fn signing_input_is_none_for_anything_else() {
        for token in [&b""[..], b"a.b", b"a.b.c.d.e", b".b.c", b"a.b.", b"a.b.c.d"] {
            assert_eq!(signing_input(token), None, "{:?}", core::str::from_utf8(token));
        }
    }
}
