//! jam's key derivation for JWE with a symmetric secret (automatic key
//! management; README.md, "Algorithms"): the KEK is HKDF-SHA256(ikm = secret,
//! salt = "jwe-encryption", info = "encryption-key", L = 32); A128KW uses its
//! first 16 bytes. Kept byte-for-byte so tokens interoperate with jam.

use ring::hmac;
use zeroize::Zeroizing;

const SALT: &[u8] = b"jwe-encryption";
const INFO: &[u8] = b"encryption-key";

/// HKDF-SHA256 (RFC 5869) of `secret` with jam's salt and info, 32 bytes.
///
/// With L equal to the hash length, HKDF-Expand is one block:
/// OKM = T(1) = HMAC(PRK, info || 0x01), where PRK = HMAC(salt, IKM). Written
/// out with ring's HMAC so there is no error path for a length that cannot fail.
pub fn derive_jam_jwe_key(secret: &[u8]) -> Zeroizing<[u8; 32]> {
    let prk = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, SALT), secret);
    let prk_key = hmac::Key::new(hmac::HMAC_SHA256, prk.as_ref());
    let mut ctx = hmac::Context::with_key(&prk_key);
    ctx.update(INFO);
    ctx.update(&[1]);
    let okm = ctx.sign();
    let mut out = Zeroizing::new([0u8; 32]);
    for (o, b) in out.iter_mut().zip(okm.as_ref()) {
        *o = *b;
    }
    out
}
