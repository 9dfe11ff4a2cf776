//! Key import from PEM, DER, JWK and raw secrets (with and without a
//! password). Whatever imports must export to a JWK that imports again with
//! the same RFC 7638 thumbprint. Input: one format byte, then the key bytes.
#![no_main]

use jam_jose::key::{der, jwk, pem, secret, Key};
use jam_jose_fuzz::select;
use libfuzzer_sys::fuzz_target;

/// The password of the encrypted fixtures in crate/tests/data/keys, so seeds decrypt.
const PASSWORD: &[u8] = b"jam-jose-test";

fuzz_target!(|data: &[u8]| {
    let Some((format, bytes)) = select(data, 7) else { return };
    let text = || std::str::from_utf8(bytes).ok();
    let imported: Option<Key> = match format {
        0 => text().and_then(|t| pem::parse_pem(t, None).ok()),
        1 => text().and_then(|t| pem::parse_pem(t, Some(PASSWORD)).ok()),
        2 => der::parse_der(bytes, None).ok(),
        3 => der::parse_der(bytes, Some(PASSWORD)).ok(),
        4 => text().and_then(|t| jwk::parse_jwk(t).ok()),
        5 => secret::from_secret(bytes, false).ok(),
        _ => secret::from_secret(bytes, true).ok(),
    };
    let Some(key) = imported else { return };
    let (Ok(exported), Ok(thumbprint)) = (key.to_jwk(true), key.thumbprint()) else { return };
    let again = jwk::parse_jwk(&exported).expect("an exported JWK imports again");
    assert_eq!(again.thumbprint().ok(), Some(thumbprint), "round trip changed the key");
    assert_eq!(again.is_private(), key.is_private());
});
