//! JWE JSON serialization (RFC 7516 7.2), general (`recipients` array) and
//! flattened (one recipient's `header` and `encrypted_key` at the top level).
//!
//! Making one: the content is encrypted once under one CEK, which each
//! recipient's key wraps. `enc` goes in the protected header; each
//! recipient's `alg` and the parameters its algorithm produces (`epk`, `iv`,
//! `tag`, `p2s`, `p2c`) go in that recipient's `header`. `dir` and `ECDH-ES`
//! choose the CEK themselves, so they are allowed only as the sole recipient.
//!
//! Opening one: the whole document is checked first (shape, strict
//! base64url, the three headers disjoint for every recipient, no `crit`, `zip`
//! only protected, one `enc` allowed for all), then the recipients whose
//! `alg` is allowed and fits the key are tried in order; the first whose
//! content decrypts is the result. Every cryptographic failure is the same
//! `DecryptionFailed`; when no recipient was even tried, the first refusal
//! (alg not allowed, key mismatch) is returned.

use serde_json::Value;
use zeroize::Zeroizing;

use super::content::{self, ContentEncryption};
use super::{decryption_failed, key_management, open, seal, wants_deflate, zip, Content, EncryptOptions, Limits};
use super::{usage_alg, RESERVED};
use crate::base64url;
use crate::error::{err, Code, Error, Result};
use crate::jam::Dialect;
use crate::json_serialization::{
    join, object_array, object_member, optional_header, parse_object, refuse_members, string_member, to_string, Object,
};
use crate::key::Key;

/// Most recipients a JWE JSON document may hold (made or opened): each one
/// may cost a key agreement or a PBES2 derivation.
pub const MAX_RECIPIENTS: usize = 16;

/// The two JSON syntaxes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// `{"protected", "unprotected", "recipients": [{"header", "encrypted_key"}], "aad", "iv", "ciphertext", "tag"}`.
    General,
    /// One recipient's `header` and `encrypted_key` at the top level.
    Flattened,
}

/// One recipient to encrypt to: its key, its `alg`, and extra members of its
/// per-recipient header (a JSON object, or empty), such as `kid`.
#[derive(Clone, Copy)]
pub struct Recipient<'a> {
    pub key: &'a Key,
    pub alg: &'a str,
    pub header: &'a [u8],
}

/// What all recipients share.
#[derive(Clone, Copy, Debug)]
pub struct Shared<'a> {
    /// The content encryption algorithm.
    pub enc: &'a str,
    /// Extra protected header members (JSON object or empty); `zip: "DEF"`
    /// compresses the plaintext.
    pub protected: &'a [u8],
    /// The shared unprotected header (JSON object or empty).
    pub unprotected: &'a [u8],
    /// Additional authenticated data (the `aad` member), if any.
    pub aad: Option<&'a [u8]>,
    pub syntax: Syntax,
}

/// Refuses the members the library sets, and those that must be protected.
fn check_unprotected(header: Option<&Object>, what: &str) -> Result<()> {
    let Some(header) = header else { return Ok(()) };
    if let Some(name) = RESERVED.iter().find(|name| header.contains_key(**name)) {
        return err(Code::HeaderInvalid, format!("{what} member {name:?} is set by the library"));
    }
    if header.contains_key("zip") {
        return err(Code::HeaderInvalid, "zip must be in the protected header");
    }
    Ok(())
}

/// The content AAD: ASCII(protected) [ "." ASCII(aad) ] (RFC 7516 5.1 step 14).
fn content_aad(protected_b64: &str, aad_b64: Option<&str>) -> Vec<u8> {
    let mut aad = protected_b64.as_bytes().to_vec();
    if let Some(extra) = aad_b64 {
        aad.push(b'.');
        aad.extend_from_slice(extra.as_bytes());
    }
    aad
}

/// Encrypts `plaintext` to every recipient; returns the JWE JSON document.
pub fn encrypt(
    recipients: &[Recipient<'_>],
    shared: &Shared<'_>,
    plaintext: &[u8],
    opts: &EncryptOptions,
) -> Result<String> {
    let mut builder = EncryptBuilder::new(shared, opts)?;
    for recipient in recipients {
        builder.add(recipient)?;
    }
    builder.finish(plaintext)
}

/// Makes a JWE JSON document one recipient at a time (the bindings hand over
/// one key per call, so no key outlives the call that lends it). The first
/// recipient's algorithm produces the CEK; the others wrap the same one.
pub struct EncryptBuilder {
    ce: &'static ContentEncryption,
    protected: Object,
    unprotected: Option<Object>,
    aad: Option<Vec<u8>>,
    syntax: Syntax,
    compress: bool,
    opts: EncryptOptions,
    cek: Option<Zeroizing<Vec<u8>>>,
    entries: Vec<Object>,
}

impl EncryptBuilder {
    /// Checks what the recipients share.
    pub fn new(shared: &Shared<'_>, opts: &EncryptOptions) -> Result<Self> {
        let ce = content::find(shared.enc)?;
        let mut protected =
            optional_header(shared.protected, Code::HeaderInvalid, "protected header")?.unwrap_or_default();
        if let Some(name) = RESERVED.iter().find(|name| protected.contains_key(**name)) {
            return err(Code::HeaderInvalid, format!("header member {name:?} is set by the library"));
        }
        let compress = wants_deflate(&protected)?;
        protected.insert("enc".into(), shared.enc.into());
        let unprotected = optional_header(shared.unprotected, Code::HeaderInvalid, "unprotected header")?;
        check_unprotected(unprotected.as_ref(), "unprotected header")?;
        Ok(EncryptBuilder {
            ce,
            protected,
            unprotected,
            aad: shared.aad.map(<[u8]>::to_vec),
            syntax: shared.syntax,
            compress,
            opts: opts.clone(),
            cek: None,
            entries: Vec::new(),
        })
    }

    /// Adds one recipient: wraps the CEK (drawing it for the first).
    pub fn add(&mut self, recipient: &Recipient<'_>) -> Result<()> {
        let max = if self.syntax == Syntax::Flattened { 1 } else { MAX_RECIPIENTS };
        if self.entries.len() >= max {
            return err(Code::InvalidArgument, format!("this JWE syntax holds at most {max} recipients"));
        }
        let km = key_management::find(recipient.alg)?;
        let mut header =
            optional_header(recipient.header, Code::HeaderInvalid, "recipient header")?.unwrap_or_default();
        check_unprotected(Some(&header), "recipient header")?;
        header.insert("alg".into(), recipient.alg.into());
        // The algorithm reads apu/apv from, and adds its parameters to, the
        // whole JOSE Header; what it adds belongs to this recipient.
        let mut joined = join(&[Some(&self.protected), self.unprotected.as_ref(), Some(&header)])?;
        let usage = usage_alg(recipient.key, km, recipient.alg, self.ce.name);
        recipient.key.check_usage(usage, km.encrypt_op())?;
        let shared = self.cek.as_ref().map(|c| c.as_slice());
        let wrapped = km.wrap_shared(recipient.key, self.ce, &mut joined, &self.opts, shared)?;
        for (name, value) in joined {
            let in_shared =
                self.protected.contains_key(&name) || self.unprotected.as_ref().is_some_and(|u| u.contains_key(&name));
            if !in_shared {
                header.insert(name, value);
            }
        }
        let mut entry = Object::new();
        entry.insert("header".into(), Value::Object(header));
        if !wrapped.encrypted_key.is_empty() {
            entry.insert("encrypted_key".into(), base64url::encode(&wrapped.encrypted_key).into());
        }
        self.entries.push(entry);
        self.cek.get_or_insert(wrapped.cek);
        Ok(())
    }

    /// Encrypts the content once every recipient was added.
    pub fn finish(self, plaintext: &[u8]) -> Result<String> {
        let Some(cek) = self.cek else { return err(Code::InvalidArgument, "a JWE needs at least one recipient") };
        let protected_json = serde_json::to_vec(&self.protected)
            .map_err(|_| Error::new(Code::EncryptionFailed, "header serialisation failed"))?;
        let protected_b64 = base64url::encode(&protected_json);
        let aad_b64 = self.aad.as_deref().map(base64url::encode);
        let aad = content_aad(&protected_b64, aad_b64.as_deref());
        let sealed = seal(Dialect::Standard, self.ce, &cek, &aad, plaintext, self.compress)?;

        let mut document = Object::new();
        document.insert("protected".into(), protected_b64.into());
        if let Some(unprotected) = self.unprotected {
            document.insert("unprotected".into(), Value::Object(unprotected));
        }
        match self.syntax {
            Syntax::General => {
                let entries = self.entries.into_iter().map(Value::Object).collect();
                document.insert("recipients".into(), Value::Array(entries));
            }
            Syntax::Flattened => document.extend(self.entries.into_iter().flatten()),
        }
        if let Some(aad) = aad_b64 {
            document.insert("aad".into(), aad.into());
        }
        document.insert("iv".into(), base64url::encode(&sealed.iv).into());
        document.insert("ciphertext".into(), base64url::encode(&sealed.ciphertext).into());
        document.insert("tag".into(), base64url::encode(&sealed.tag).into());
        to_string(&Value::Object(document), Code::EncryptionFailed)
    }
}

/// An opened JWE JSON document.
#[derive(Debug)]
pub struct DecryptedJson {
    /// The protected header (JSON bytes as in the token), empty when absent.
    pub protected: Vec<u8>,
    /// The shared unprotected header (JSON), empty when absent.
    pub unprotected: Vec<u8>,
    /// The header of the recipient that decrypted (JSON), empty when absent.
    pub header: Vec<u8>,
    /// The additional authenticated data (decoded `aad`), if the document has it.
    pub aad: Option<Vec<u8>>,
    /// The plaintext, decompressed when the protected header says `zip: "DEF"`.
    pub plaintext: Vec<u8>,
    /// The index of the recipient that decrypted (0 for flattened).
    pub index: usize,
}

/// One recipient of a document, parsed and checked.
struct Entry<'a> {
    header: Option<&'a Object>,
    joined: Object,
    alg: String,
    encrypted_key: Vec<u8>,
}

/// A string member of a header that must be present.
fn required(header: &Object, name: &str) -> Result<String> {
    match header.get(name) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => err(Code::HeaderInvalid, format!("header member {name:?} must be a string")),
        None => err(Code::HeaderInvalid, format!("header member {name:?} is missing")),
    }
}

fn serialised(header: Option<&Object>) -> Result<Vec<u8>> {
    match header {
        Some(h) => Ok(to_string(&Value::Object(h.clone()), Code::HeaderInvalid)?.into_bytes()),
        None => Ok(Vec::new()),
    }
}

/// Opens a JWE JSON document (general or flattened) with `key`, accepting
/// only the listed algorithms; see the module comment for the rule.
pub fn decrypt(
    key: &Key,
    allowed_algs: &[&str],
    allowed_encs: &[&str],
    document: &[u8],
    limits: &Limits,
) -> Result<DecryptedJson> {
    if document.len() > limits.max_token_len {
        return err(Code::TokenTooLarge, format!("JWE is longer than {} bytes", limits.max_token_len));
    }
    let document = parse_object(document, Code::TokenMalformed, "JWE JSON")?;
    let raw_recipients = if document.contains_key("recipients") {
        refuse_members(&document, &["header", "encrypted_key"], "recipients")?;
        object_array(&document, "recipients", MAX_RECIPIENTS)?
    } else {
        vec![&document]
    };
    let protected_b64 = string_member(&document, "protected")?;
    let protected_json = match protected_b64 {
        Some(text) => base64url::decode(text.as_bytes())?,
        None => Vec::new(),
    };
    let protected = match protected_b64 {
        Some(_) => Some(parse_object(&protected_json, Code::HeaderInvalid, "protected header")?),
        None => None,
    };
    let unprotected = object_member(&document, "unprotected")?;
    let decoded = |name: &str| -> Result<Vec<u8>> {
        match string_member(&document, name)? {
            Some(text) => base64url::decode(text.as_bytes()),
            None => err(Code::TokenMalformed, format!("member {name:?} is missing")),
        }
    };
    let iv = decoded("iv")?;
    let ciphertext = decoded("ciphertext")?;
    let tag = decoded("tag")?;
    let aad_b64 = string_member(&document, "aad")?;
    let aad = aad_b64.map(|text| base64url::decode(text.as_bytes())).transpose()?;

    let mut entries = Vec::with_capacity(raw_recipients.len());
    let mut enc: Option<String> = None;
    for recipient in raw_recipients {
        let header = object_member(recipient, "header")?;
        let encrypted_key = match string_member(recipient, "encrypted_key")? {
            Some(text) => base64url::decode(text.as_bytes())?,
            None => Vec::new(),
        };
        let joined = join(&[protected.as_ref(), unprotected, header])?;
        if joined.contains_key("crit") {
            return err(Code::HeaderInvalid, "crit is not supported: this library implements no JWE extensions");
        }
        if unprotected.is_some_and(|h| h.contains_key("zip")) || header.is_some_and(|h| h.contains_key("zip")) {
            return err(Code::HeaderInvalid, "zip must be in the protected header");
        }
        let this_enc = required(&joined, "enc")?;
        if enc.as_ref().is_some_and(|e| *e != this_enc) {
            return err(Code::HeaderInvalid, "every recipient must use the same enc");
        }
        enc = Some(this_enc);
        let alg = required(&joined, "alg")?;
        entries.push(Entry { header, joined, alg, encrypted_key });
    }
    let enc = enc.unwrap_or_default();
    if !allowed_encs.contains(&enc.as_str()) {
        return err(Code::AlgNotAllowed, format!("enc {enc:?} is not allowed"));
    }
    let ce = content::find(&enc)?;
    let decompress = match protected.as_ref().and_then(|h| h.get("zip")) {
        None => false,
        Some(Value::String(z)) if z == zip::DEFLATE => true,
        Some(_) => return err(Code::HeaderInvalid, "unsupported zip"),
    };
    let content_aad = content_aad(protected_b64.unwrap_or(""), aad_b64);
    let content = Content { iv: &iv, aad: &content_aad, ciphertext: &ciphertext, tag: &tag };

    let mut refusal: Option<Error> = None;
    let mut tried = false;
    for (index, entry) in entries.iter().enumerate() {
        match try_recipient(key, allowed_algs, ce, entry, &content, limits) {
            Ok(plaintext) => {
                let mut plaintext = if decompress { zip::inflate(&plaintext, limits.zip_max)? } else { plaintext };
                return Ok(DecryptedJson {
                    protected: protected_json,
                    unprotected: serialised(unprotected)?,
                    header: serialised(entry.header)?,
                    aad,
                    plaintext: core::mem::take(&mut *plaintext),
                    index,
                });
            }
            Err(e) if e.code == Code::DecryptionFailed => tried = true,
            Err(e) if e.code == Code::KeyNotPrivate => return Err(e),
            Err(e) => {
                refusal.get_or_insert(e);
            }
        }
    }
    if tried {
        return Err(decryption_failed());
    }
    Err(refusal.unwrap_or_else(decryption_failed))
}

/// Tries one recipient: its alg allowed and fitting the key, then the CEK and
/// the content.
fn try_recipient(
    key: &Key,
    allowed_algs: &[&str],
    ce: &ContentEncryption,
    entry: &Entry<'_>,
    content: &Content<'_>,
    limits: &Limits,
) -> Result<Zeroizing<Vec<u8>>> {
    if !allowed_algs.contains(&entry.alg.as_str()) {
        return err(Code::AlgNotAllowed, format!("alg {:?} is not allowed", entry.alg));
    }
    let km = key_management::find(&entry.alg)?;
    km.check_key(key, ce, true)?;
    open(Dialect::Standard, key, km, ce, &entry.joined, &entry.encrypted_key, content, limits)
}
