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

/// Parses a raw HMAC/AES secret into an `oct` key. `allow_short` opts out of
/// RFC 7518 3.2's minimum HMAC length for secrets that came from jam.
pub fn from_secret(bytes: &[u8], allow_short: bool) -> Result<Key> {
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
