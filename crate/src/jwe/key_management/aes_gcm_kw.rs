//! AES-GCM key wrapping (A128GCMKW, A192GCMKW, A256GCMKW; RFC 7518 4.7): the
//! CEK is encrypted with AES-GCM under the key, with an empty AAD; the 96-bit
//! IV and the 128-bit tag travel in the protected header as `iv` and `tag`.

use zeroize::Zeroizing;

use crate::base64url;
use crate::error::Result;
use crate::jwe::content::aes_gcm::{self, IV_LEN, TAG_LEN};
use crate::jwe::header::{self, Header};

/// Wraps `cek` under `kek` with the given IV; returns (encrypted key, tag).
pub fn wrap(kek: &[u8], iv: &[u8], cek: &[u8]) -> Result<(Vec<u8>, [u8; TAG_LEN])> {
    aes_gcm::seal(kek, iv, &[], cek)
}

/// Records `iv` and `tag` in the header being built.
pub(crate) fn record(header: &mut Header, iv: &[u8], tag: &[u8]) {
    header.insert("iv".into(), base64url::encode(iv).into());
    header.insert("tag".into(), base64url::encode(tag).into());
}

/// Reads `iv` and `tag` from the header (both required, exact lengths, else
/// `HeaderInvalid`) and unwraps; a wrong key or tag is `DecryptionFailed`.
pub(crate) fn unwrap(kek: &[u8], header: &Header, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let iv = header::base64_exact(header, "iv", IV_LEN)?;
    let tag = header::base64_exact(header, "tag", TAG_LEN)?;
    aes_gcm::open(kek, &iv, &[], wrapped, &tag)
}
