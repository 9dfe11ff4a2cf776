//! Strict base64url: decoding never panics, and whatever decodes is the one
//! canonical encoding of its bytes (re-encoding gives the input back).
#![no_main]

use jam_jose::base64url;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(bytes) = base64url::decode(data) {
        assert_eq!(base64url::encode(&bytes).as_bytes(), data, "accepted a non-canonical encoding");
    }
});
