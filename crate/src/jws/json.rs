//! JWS JSON serialization (RFC 7515 7.2), general (`signatures` array) and
//! flattened (one signature's members at the top level).
//!
//! Verification rule: the whole document is checked first (shape, strict
//! base64url, disjoint protected and unprotected header names, `crit` only
//! protected and understood, one `b64` for every signature); any fault there
//! refuses the JWS, whichever signature it is in. Then the signatures are
//! tried in order and the first that verifies with the key, under an allowed
//! `alg`, is the result (as jose's `generalVerify`). A signature whose `alg`
//! is not allowed or does not fit the key is skipped. When none verifies the
//! error is `SignatureInvalid` if any was checked cryptographically, else the
//! first refusal (alg not allowed, key mismatch).

use serde_json::Value;

use super::compact::verify_signature;
use super::extensions::{b64, check_crit, payload_form, signing_input, VerifyOptions};
use super::lookup;
use crate::base64url;
use crate::error::{err, Code, Error, Result};
use crate::jam::Dialect;
use crate::json_serialization::{
    join, object_array, object_member, optional_header, parse_object, refuse_members, string_member, to_string, Object,
};
use crate::key::Key;

/// Most signatures a JWS JSON document may hold (made or verified): each one
/// costs a public-key operation, so a hostile document must not carry many.
pub const MAX_SIGNATURES: usize = 16;

/// The two JSON syntaxes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// `{"payload", "signatures": [{"protected", "header", "signature"}]}`.
    General,
    /// `{"payload", "protected", "header", "signature"}`: exactly one signature.
    Flattened,
}

/// One signature to make: its key and `alg`, and its protected and
/// unprotected headers as JSON objects (or empty). `alg` must appear in one
/// of the two headers.
#[derive(Clone, Copy)]
pub struct Signer<'a> {
    pub key: &'a Key,
    pub alg: &'a str,
    pub protected: &'a [u8],
    pub unprotected: &'a [u8],
}

/// A signature's headers, checked.
struct Headers {
    protected: Option<Object>,
    unprotected: Option<Object>,
    alg: String,
    b64: bool,
}

/// Checks one signature's headers: strict objects, at least one present,
/// disjoint, a string `alg` in their union, `crit` and `b64` by the rules
/// (`understood` only when verifying).
fn check_headers(
    protected: Option<Object>,
    unprotected: Option<Object>,
    understood: Option<&[&str]>,
) -> Result<Headers> {
    if protected.is_none() && unprotected.is_none() {
        return err(Code::TokenMalformed, "a signature needs a protected or an unprotected header");
    }
    let joined = join(&[protected.as_ref(), unprotected.as_ref()])?;
    let alg = match joined.get("alg") {
        Some(Value::String(alg)) => alg.clone(),
        _ => return err(Code::HeaderInvalid, "every signature needs a string alg"),
    };
    check_crit(protected.as_ref(), unprotected.as_ref(), understood)?;
    let b64 = b64(protected.as_ref(), unprotected.as_ref())?;
    Ok(Headers { protected, unprotected, alg, b64 })
}

/// The one `b64` of a JWS: RFC 7797 3 requires the same value in every
/// signature, since they share one payload.
fn common_b64(values: impl Iterator<Item = bool>) -> Result<bool> {
    let mut common = None;
    for value in values {
        if common.is_some_and(|c| c != value) {
            return err(Code::HeaderInvalid, "every signature must use the same b64 value");
        }
        common = Some(value);
    }
    Ok(common.unwrap_or(true))
}

/// Signs `payload` for every signer and returns the JWS JSON document. With
/// `detached` the document has no `payload` member (RFC 7515 appendix F).
/// With `b64: false` the payload travels as a JSON string, so it must be UTF-8.
pub fn sign(signers: &[Signer<'_>], payload: &[u8], syntax: Syntax, detached: bool) -> Result<String> {
    let mut builder = SignBuilder::new(payload, syntax, detached);
    for signer in signers {
        builder.add(signer)?;
    }
    builder.finish()
}

/// Makes a JWS JSON document one signature at a time (the bindings hand
/// over one key per call, so no key outlives the call that lends it).
pub struct SignBuilder {
    payload: Vec<u8>,
    syntax: Syntax,
    detached: bool,
    /// The payload's form in the signing input, fixed by the first signer's `b64`.
    form: Option<(bool, Vec<u8>)>,
    entries: Vec<Object>,
}

impl SignBuilder {
    /// A document for `payload` in `syntax`, its payload left out when `detached`.
    pub fn new(payload: &[u8], syntax: Syntax, detached: bool) -> Self {
        SignBuilder { payload: payload.to_vec(), syntax, detached, form: None, entries: Vec::new() }
    }

    /// Adds one signature.
    pub fn add(&mut self, signer: &Signer<'_>) -> Result<()> {
        let max = if self.syntax == Syntax::Flattened { 1 } else { MAX_SIGNATURES };
        if self.entries.len() >= max {
            return err(Code::InvalidArgument, format!("this JWS syntax holds at most {max} signatures"));
        }
        let protected = optional_header(signer.protected, Code::HeaderInvalid, "protected header")?;
        let unprotected = optional_header(signer.unprotected, Code::HeaderInvalid, "unprotected header")?;
        let headers = check_headers(protected, unprotected, None)?;
        if headers.alg != signer.alg {
            return err(Code::HeaderInvalid, "the header's alg must be the signing alg");
        }
        // RFC 7797 3: one payload, so one b64 value for every signature.
        let payload = &self.payload;
        let (b64, form) = self.form.get_or_insert_with(|| (headers.b64, payload_form(payload, headers.b64)));
        if *b64 != headers.b64 {
            return err(Code::HeaderInvalid, "every signature must use the same b64 value");
        }
        let protected_b64 =
            if headers.protected.is_some() { base64url::encode(signer.protected) } else { String::new() };
        let signature = lookup(signer.alg)?.sign(signer.key, &signing_input(protected_b64.as_bytes(), form))?;
        let mut entry = Object::new();
        if headers.protected.is_some() {
            entry.insert("protected".into(), protected_b64.into());
        }
        if let Some(unprotected) = headers.unprotected {
            entry.insert("header".into(), Value::Object(unprotected));
        }
        entry.insert("signature".into(), base64url::encode(&signature).into());
        self.entries.push(entry);
        Ok(())
    }

    /// The document, once at least one signature was added.
    pub fn finish(self) -> Result<String> {
        let Some((_, form)) = self.form else {
            return err(Code::InvalidArgument, "a JWS needs at least one signature");
        };
        let mut document = Object::new();
        if !self.detached {
            let text = String::from_utf8(form).map_err(|_| {
                Error::new(Code::InvalidArgument, "an unencoded payload must be UTF-8 to travel in JSON")
            })?;
            document.insert("payload".into(), text.into());
        }
        match self.syntax {
            Syntax::General => {
                let entries = self.entries.into_iter().map(Value::Object).collect();
                document.insert("signatures".into(), Value::Array(entries));
            }
            Syntax::Flattened => document.extend(self.entries.into_iter().flatten()),
        }
        to_string(&Value::Object(document), Code::InvalidArgument)
    }
}

/// A verified JWS JSON document.
#[derive(Debug)]
pub struct VerifiedJson {
    /// The protected header of the signature that verified (JSON bytes as
    /// in the token), empty when that signature has none.
    pub protected: Vec<u8>,
    /// Its unprotected header (JSON), empty when absent.
    pub unprotected: Vec<u8>,
    /// The payload bytes.
    pub payload: Vec<u8>,
    /// The index of the signature that verified (0 for flattened).
    pub index: usize,
}

/// One signature of a document, parsed and checked.
struct Entry<'a> {
    protected_b64: &'a str,
    protected_json: Vec<u8>,
    headers: Headers,
    signature_b64: &'a str,
}

fn parse_entry<'a>(entry: &'a Object, understood: &[&str]) -> Result<Entry<'a>> {
    let protected_b64 = string_member(entry, "protected")?;
    let unprotected = object_member(entry, "header")?.cloned();
    let Some(signature_b64) = string_member(entry, "signature")? else {
        return err(Code::TokenMalformed, "every signature needs a signature member");
    };
    base64url::decode(signature_b64.as_bytes())?;
    let protected_json = match protected_b64 {
        Some(text) => base64url::decode(text.as_bytes())?,
        None => Vec::new(),
    };
    let protected = match protected_b64 {
        Some(_) => Some(parse_object(&protected_json, Code::HeaderInvalid, "protected header")?),
        None => None,
    };
    let headers = check_headers(protected, unprotected, Some(understood))?;
    Ok(Entry { protected_b64: protected_b64.unwrap_or(""), protected_json, headers, signature_b64 })
}

/// Verifies a JWS JSON document (general or flattened) with `key` under
/// `opts`; see the module comment for the rule.
pub fn verify(key: &Key, document: &[u8], opts: &VerifyOptions<'_>) -> Result<VerifiedJson> {
    if document.len() > opts.max_len {
        return err(Code::TokenTooLarge, format!("JWS exceeds {} bytes", opts.max_len));
    }
    let document = parse_object(document, Code::TokenMalformed, "JWS JSON")?;
    let raw_entries = if document.contains_key("signatures") {
        refuse_members(&document, &["protected", "header", "signature"], "signatures")?;
        object_array(&document, "signatures", MAX_SIGNATURES)?
    } else {
        vec![&document]
    };
    let entries = raw_entries.into_iter().map(|e| parse_entry(e, opts.crit)).collect::<Result<Vec<_>>>()?;
    let b64 = common_b64(entries.iter().map(|e| e.headers.b64))?;
    let form = match (string_member(&document, "payload")?, opts.detached_payload) {
        // Detached content: `payload` absent (RFC 7515 appendix F) or empty
        // (as jose writes an unencoded JWS, and as the compact form has it).
        (Some(""), Some(detached)) => payload_form(detached, b64),
        (Some(_), Some(_)) => return err(Code::TokenMalformed, "a detached payload was given but the JWS carries one"),
        (Some(text), None) => text.as_bytes().to_vec(),
        (None, Some(detached)) => payload_form(detached, b64),
        (None, None) => return err(Code::TokenMalformed, "the JWS has no payload and no detached payload was given"),
    };

    let mut failure: Option<Error> = None;
    for (index, entry) in entries.into_iter().enumerate() {
        let input = signing_input(entry.protected_b64.as_bytes(), &form);
        match verify_signature(
            Dialect::Standard,
            key,
            opts.allowed,
            &entry.headers.alg,
            &input,
            entry.signature_b64.as_bytes(),
        ) {
            Ok(()) => {
                let payload = if b64 { base64url::decode(&form)? } else { form };
                let unprotected = match &entry.headers.unprotected {
                    Some(h) => to_string(&Value::Object(h.clone()), Code::HeaderInvalid)?.into_bytes(),
                    None => Vec::new(),
                };
                return Ok(VerifiedJson { protected: entry.protected_json, unprotected, payload, index });
            }
            Err(e) => {
                if failure.is_none() || e.code == Code::SignatureInvalid {
                    failure = Some(e);
                }
            }
        }
    }
    Err(failure.unwrap_or_else(|| Error::new(Code::SignatureInvalid, "no signature verified")))
}
