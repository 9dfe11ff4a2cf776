//! The JWS header rules that change how a token is read, for both
//! serializations: `crit` (RFC 7515 4.1.11) and the unencoded payload option
//! `b64` (RFC 7797), plus the compact serialization with those options or a
//! detached payload (RFC 7515 appendix F). The plain compact path
//! (`compact::verify`) refuses `b64` outright; this one accepts it only when
//! the caller lists `b64` among the critical names it understands and the
//! token lists it in `crit`.

use serde_json::Value;

use super::compact::{segments, verify_signature, Verified};
use super::lookup;
use crate::base64url;
use crate::error::{err, Code, Result};
use crate::jam::Dialect;
use crate::json_serialization::{parse_object, Object};
use crate::key::Key;

/// Most names a `crit` list may hold.
pub const MAX_CRIT: usize = 16;

/// Names RFC 7515 and RFC 7518 define for JWS: `crit` may not list them.
const REGISTERED: [&str; 11] = ["alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit"];

/// What a verifier accepts.
#[derive(Clone, Copy, Debug)]
pub struct VerifyOptions<'a> {
    /// Algorithms accepted (`none` never is).
    pub allowed: &'a [&'a str],
    /// Critical header names the caller understands (`b64` enables RFC 7797).
    pub crit: &'a [&'a str],
    /// Longest token accepted, in bytes.
    pub max_len: usize,
    /// The payload, when the token carries none (detached content).
    pub detached_payload: Option<&'a [u8]>,
}

/// Checks `crit`: only in the protected header, a non-empty list of at most
/// `MAX_CRIT` distinct names that are not registered ones, each present in the
/// protected header and, when verifying (`understood` given), understood.
pub(crate) fn check_crit(
    protected: Option<&Object>,
    unprotected: Option<&Object>,
    understood: Option<&[&str]>,
) -> Result<()> {
    if unprotected.is_some_and(|h| h.contains_key("crit")) {
        return err(Code::HeaderInvalid, "crit must be in the protected header");
    }
    let Some(protected) = protected else { return Ok(()) };
    let Some(crit) = protected.get("crit") else { return Ok(()) };
    let Value::Array(names) = crit else {
        return err(Code::HeaderInvalid, "crit must be an array of header names");
    };
    if names.is_empty() || names.len() > MAX_CRIT {
        return err(Code::HeaderInvalid, format!("crit must list between 1 and {MAX_CRIT} names"));
    }
    for (i, name) in names.iter().enumerate() {
        let Value::String(name) = name else {
            return err(Code::HeaderInvalid, "crit must be an array of header names");
        };
        if names.iter().take(i).any(|earlier| earlier.as_str() == Some(name)) {
            return err(Code::HeaderInvalid, format!("crit lists {name:?} twice"));
        }
        if REGISTERED.contains(&name.as_str()) {
            return err(Code::HeaderInvalid, format!("crit may not list the registered name {name:?}"));
        }
        if !protected.contains_key(name) {
            return err(Code::HeaderInvalid, format!("crit names {name:?}, which the protected header lacks"));
        }
        if understood.is_some_and(|list| !list.contains(&name.as_str())) {
            return err(Code::CritUnsupported, format!("critical header parameter {name:?} is not understood"));
        }
    }
    Ok(())
}

/// True when `crit` (already checked) lists `name`.
fn crit_lists(protected: &Object, name: &str) -> bool {
    matches!(protected.get("crit"), Some(Value::Array(names)) if names.iter().any(|n| n.as_str() == Some(name)))
}

/// The RFC 7797 `b64` value (true when absent). It must be a boolean in the
/// protected header and be listed in `crit`: a verifier that ignored it would
/// read the payload differently from the signer.
pub(crate) fn b64(protected: Option<&Object>, unprotected: Option<&Object>) -> Result<bool> {
    if unprotected.is_some_and(|h| h.contains_key("b64")) {
        return err(Code::HeaderInvalid, "b64 must be in the protected header");
    }
    let Some(protected) = protected else { return Ok(true) };
    match protected.get("b64") {
        None => Ok(true),
        Some(Value::Bool(value)) if crit_lists(protected, "b64") => Ok(*value),
        Some(Value::Bool(_)) => err(Code::HeaderInvalid, "b64 must be listed in crit (RFC 7797 6)"),
        Some(_) => err(Code::HeaderInvalid, "b64 must be a boolean"),
    }
}

/// The payload as it appears in the signing input: base64url, or the bytes
/// themselves when `b64` is false.
pub(crate) fn payload_form(payload: &[u8], b64: bool) -> Vec<u8> {
    if b64 {
        base64url::encode(payload).into_bytes()
    } else {
        payload.to_vec()
    }
}

/// ASCII(protected) "." payload form: the JWS Signing Input.
pub(crate) fn signing_input(protected_b64: &[u8], payload_form: &[u8]) -> Vec<u8> {
    let mut input = Vec::with_capacity(protected_b64.len() + 1 + payload_form.len());
    input.extend_from_slice(protected_b64);
    input.push(b'.');
    input.extend_from_slice(payload_form);
    input
}

/// Checks the protected header of a token we make (a strict JSON object
/// whose `alg` is `alg`, with valid `crit` and `b64`); returns its `b64`.
fn signing_header(alg: &str, header_json: &[u8]) -> Result<bool> {
    let header = parse_object(header_json, Code::HeaderInvalid, "protected header")?;
    if header.get("alg").and_then(Value::as_str) != Some(alg) {
        return err(Code::HeaderInvalid, "the protected header must carry the signing alg");
    }
    check_crit(Some(&header), None, None)?;
    b64(Some(&header), None)
}

/// Signs a compact JWS whose header may use `b64` (with `crit`), or whose
/// payload is left out (`detached`). With `b64: false` the payload travels
/// as is, so it must be UTF-8 without '.' (RFC 7797 5.2) unless detached.
pub fn sign_compact(key: &Key, alg: &str, header_json: &[u8], payload: &[u8], detached: bool) -> Result<String> {
    let algorithm = lookup(alg)?;
    let b64 = signing_header(alg, header_json)?;
    if !b64 && !detached && (payload.contains(&b'.') || core::str::from_utf8(payload).is_err()) {
        return err(Code::InvalidArgument, "an unencoded compact payload must be UTF-8 without '.'");
    }
    let protected = base64url::encode(header_json);
    let form = payload_form(payload, b64);
    let signature = algorithm.sign(key, &signing_input(protected.as_bytes(), &form))?;
    let form = if detached { "" } else { core::str::from_utf8(&form).unwrap_or("") };
    let mut token = String::with_capacity(protected.len() + form.len() + signature.len() * 4 / 3 + 8);
    token.push_str(&protected);
    token.push('.');
    token.push_str(form);
    token.push('.');
    base64url::encode_into(&signature, &mut token);
    Ok(token)
}

/// Verifies a compact JWS under `opts`: `b64: false` when the caller
/// understands `b64`, and a detached payload when the token's payload segment
/// is empty. Returns the protected header and the payload bytes.
pub fn verify_compact(key: &Key, token: &[u8], opts: &VerifyOptions<'_>) -> Result<Verified> {
    if token.len() > opts.max_len {
        return err(Code::TokenTooLarge, format!("token exceeds {} bytes", opts.max_len));
    }
    let [header_b64, payload_segment, signature_b64] = segments(token)?;
    if header_b64.is_empty() || signature_b64.is_empty() {
        return err(Code::TokenMalformed, "empty header or signature segment");
    }
    let header_json = base64url::decode(header_b64)?;
    let header = parse_object(&header_json, Code::HeaderInvalid, "protected header")?;
    let alg = match header.get("alg") {
        Some(Value::String(alg)) => alg.as_str(),
        _ => return err(Code::HeaderInvalid, "protected header is not a JSON object with a string alg"),
    };
    check_crit(Some(&header), None, Some(opts.crit))?;
    let b64 = b64(Some(&header), None)?;
    let form = match opts.detached_payload {
        Some(_) if !payload_segment.is_empty() => {
            return err(Code::TokenMalformed, "a detached payload was given but the token carries one")
        }
        Some(detached) => payload_form(detached, b64),
        None => payload_segment.to_vec(),
    };
    verify_signature(Dialect::Standard, key, opts.allowed, alg, &signing_input(header_b64, &form), signature_b64)?;
    let payload = if b64 { base64url::decode(&form)? } else { form };
    Ok(Verified { header: header_json, payload })
}
