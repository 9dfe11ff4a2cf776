//! Reading a compact JWS or JWE WITHOUT verifying it: for choosing a key by
//! `kid` before verification, and for inspection. The parsing is the strict
//! one verification uses (size cap, exact segment count, canonical base64url,
//! a JSON object header with unique member names and a string `alg`, plus a
//! string `enc` for JWE), so a token that inspects cleanly is one verify would
//! read the same way. Nothing returned here is authenticated.

use crate::base64url;
use crate::error::{err, Code, Result};
use crate::jwe::header;

/// The serialisation a compact token uses, from its number of segments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Three segments: header, payload, signature.
    Jws,
    /// Five segments: header, encrypted key, IV, ciphertext, tag.
    Jwe,
}

/// A token's kind, header segment and second segment (a JWS payload).
fn split(token: &[u8], max_len: usize) -> Result<(Kind, &[u8], &[u8])> {
    if token.len() > max_len {
        return err(Code::TokenTooLarge, format!("token exceeds {max_len} bytes"));
    }
    let mut parts = token.split(|&b| b == b'.');
    let header = parts.next().unwrap_or_default();
    let second = parts.next().unwrap_or_default();
    let kind = match parts.count() {
        1 => Kind::Jws,
        3 => Kind::Jwe,
        _ => return err(Code::TokenMalformed, "a compact token has three (JWS) or five (JWE) segments"),
    };
    if header.is_empty() {
        return err(Code::TokenMalformed, "empty header segment");
    }
    Ok((kind, header, second))
}

/// The decoded, strictly parsed protected header (JSON bytes) and the kind.
fn header_of(kind: Kind, segment: &[u8]) -> Result<Vec<u8>> {
    let json = base64url::decode(segment)?;
    let parsed = header::parse(&json)?;
    header::required_string(&parsed, "alg")?;
    if kind == Kind::Jwe {
        header::required_string(&parsed, "enc")?;
    }
    Ok(json)
}

/// The decoded protected header of a compact JWS or JWE, checked as verify
/// checks it, and the token's kind.
pub fn protected_header(token: &[u8], max_len: usize) -> Result<(Kind, Vec<u8>)> {
    let (kind, header, _) = split(token, max_len)?;
    Ok((kind, header_of(kind, header)?))
}

/// The protected header and, for a JWS, the payload, both unverified. A
/// JWE's payload is its ciphertext: it is not returned (empty).
pub fn decode(token: &[u8], max_len: usize) -> Result<(Kind, Vec<u8>, Vec<u8>)> {
    let (kind, header, second) = split(token, max_len)?;
    let json = header_of(kind, header)?;
    let payload = match kind {
        Kind::Jws => base64url::decode(second)?,
        Kind::Jwe => Vec::new(),
    };
    Ok((kind, json, payload))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn b64(text: &str) -> String {
        base64url::encode(text.as_bytes())
    }

    #[test]
    fn reads_a_jws_header_and_payload() {
        let token = format!("{}.{}.c2ln", b64(r#"{"alg":"HS256","kid":"k1"}"#), b64(r#"{"sub":"x"}"#));
        let (kind, header, payload) = decode(token.as_bytes(), 1024).unwrap();
        assert_eq!(kind, Kind::Jws);
        assert_eq!(header, br#"{"alg":"HS256","kid":"k1"}"#);
        assert_eq!(payload, br#"{"sub":"x"}"#);
    }

    #[test]
    fn reads_a_jwe_header_without_payload() {
        let token = format!("{}.a.b.c.d", b64(r#"{"alg":"dir","enc":"A128GCM"}"#));
        let (kind, _, payload) = decode(token.as_bytes(), 1024).unwrap();
        assert_eq!(kind, Kind::Jwe);
        assert!(payload.is_empty());
    }

    #[test]
    fn refuses_what_verify_refuses() {
        let cases = [
            (format!("{}.e30", b64(r#"{"alg":"HS256"}"#)), Code::TokenMalformed),
            (format!("{}.e30.x.y", b64(r#"{"alg":"HS256"}"#)), Code::TokenMalformed),
            (".e30.c2ln".to_string(), Code::TokenMalformed),
            (format!("{}=.e30.c2ln", b64(r#"{"alg":"HS256"}"#)), Code::Base64),
            (format!("{}.e30.c2ln", b64(r#"{"alg":"HS256","alg":"none"}"#)), Code::HeaderInvalid),
            (format!("{}.e30.c2ln", b64(r#"["alg"]"#)), Code::HeaderInvalid),
            (format!("{}.e30.c2ln", b64(r#"{"alg":1}"#)), Code::HeaderInvalid),
            (format!("{}.a.b.c.d", b64(r#"{"alg":"dir"}"#)), Code::HeaderInvalid),
        ];
        for (token, code) in cases {
            assert_eq!(decode(token.as_bytes(), 1024).unwrap_err().code, code, "{token}");
        }
        let long = format!("{}.e30.c2ln", b64(r#"{"alg":"HS256"}"#));
        assert_eq!(protected_header(long.as_bytes(), 8).unwrap_err().code, Code::TokenTooLarge);
    }
}
