//! Raw symmetric secrets (HMAC, AES key wrap, `dir`, PBES2 passwords).

use zeroize::Zeroizing;

use super::{Key, Material, OctKey};
use crate::error::{err, Code, Result};

impl OctKey {
    /// A symmetric key from its raw bytes. Empty secrets are always refused;
    /// per-algorithm minimum lengths are checked where the key is used.
    pub fn from_bytes(bytes: &[u8], allow_short: bool) -> Result<OctKey> {
        if bytes.is_empty() {
            return err(Code::KeyTooSmall, "a symmetric key must not be empty");
        }
        Ok(OctKey { bytes: Zeroizing::new(bytes.to_vec()), allow_short })
    }
}

/// Refuses a would-be secret that is really a key: a PEM block (anywhere in
/// it, as OpenSSL's "Bag Attributes" preamble shows), a JWK, or a DER key
/// structure. A public key used as an HMAC secret lets anyone who has the
/// public key forge tokens (the RS256 -> HS256 algorithm confusion).
fn refuse_keys_as_secrets(bytes: &[u8]) -> Result<()> {
    if bytes.windows(10).any(|w| w == b"-----BEGIN") {
        return err(Code::KeyType, "a PEM key cannot be used as a symmetric secret; pass the PEM as a string key");
    }
    let trimmed = bytes.trim_ascii();
    if trimmed.first() == Some(&b'{') {
        let json: core::result::Result<serde_json::Map<String, serde_json::Value>, _> = serde_json::from_slice(trimmed);
        if json.is_ok_and(|object| object.contains_key("kty")) {
            return err(Code::KeyType, "a JWK cannot be used as a symmetric secret; pass it as a JWK");
        }
    }
    if super::der::looks_like_key(bytes) {
        return err(Code::KeyType, "a DER key cannot be used as a symmetric secret; pass it as { der }");
    }
    Ok(())
}

/// Parses a raw HMAC/AES secret into an `oct` key. `allow_short` opts out of
/// RFC 7518 3.2's minimum HMAC length for secrets that came from jam. Bytes
/// that are a PEM, JWK or DER key are refused (see `refuse_keys_as_secrets`).
pub fn from_secret(bytes: &[u8], allow_short: bool) -> Result<Key> {
    refuse_keys_as_secrets(bytes)?;
    Ok(Key::new(Material::Oct(OctKey::from_bytes(bytes, allow_short)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_an_empty_secret() {
        assert_eq!(from_secret(b"", true).err().map(|e| e.code), Some(Code::KeyTooSmall));
    }

    #[test]
    fn refuses_pem_jwk_and_der_keys_as_secrets() {
        let pem = b"Bag Attributes\n    localKeyID: 01\n-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
        assert_eq!(from_secret(pem, false).err().map(|e| e.code), Some(Code::KeyType));
        let jwk = br#"  {"kty":"RSA","n":"AQAB","e":"AQAB"} "#;
        assert_eq!(from_secret(jwk, false).err().map(|e| e.code), Some(Code::KeyType));
        // A JSON object that is not a JWK is just bytes.
        assert!(from_secret(br#"{"not":"a key"}"#, true).is_ok());
        // SEQUENCE { INTEGER 5, INTEGER 3 } has the shape of a PKCS#1 public key.
        assert_eq!(
            from_secret(&[0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x03], true).err().map(|e| e.code),
            Some(Code::KeyType)
        );
    }

    #[test]
    fn keeps_the_bytes_and_the_short_secret_opt_out() {
        let key = from_secret(b"abc", true).ok();
        match key.as_ref().map(|k| &k.material) {
            Some(Material::Oct(oct)) => {
                assert_eq!(oct.bytes.as_slice(), b"abc");
                assert!(oct.allow_short);
            }
            _ => unreachable!("an oct key was expected"),
        }
    }
}
