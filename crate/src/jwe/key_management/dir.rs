//! Direct encryption (`dir`, RFC 7518 4.5): the shared symmetric key is the
//! CEK, so its length must be exactly the one `enc` needs.

use zeroize::Zeroizing;

use crate::error::{err, Code, Result};
use crate::jwe::content::ContentEncryption;

/// The CEK: the key itself, when its length is the one `enc` needs.
pub fn cek(key: &[u8], enc: &ContentEncryption) -> Result<Zeroizing<Vec<u8>>> {
    if key.len() != enc.cek_len {
        return err(Code::KeyAlgMismatch, format!("dir with {} needs a {}-byte key", enc.name, enc.cek_len));
    }
    Ok(Zeroizing::new(key.to_vec()))
}
