//! Compact JWS parse + verify with the RFC vectors' keys and every algorithm
//! allowed. Refusals are expected; a panic, an abort or a hang is a finding.
//! Input: one key-selector byte, then the token.
#![no_main]

use jam_jose::jws::algorithms::ALGORITHMS;
use jam_jose::jws::compact;
use jam_jose_fuzz::{jws_keys, select};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let keys = jws_keys();
    let Some((i, token)) = select(data, keys.len()) else { return };
    let allowed: Vec<&str> = ALGORITHMS.iter().map(|a| a.name).collect();
    if let Ok(verified) = compact::verify(&keys[i], &allowed, token, compact::DEFAULT_MAX_TOKEN_LEN) {
        // What verified was signed: the header decodes from the token's first segment.
        let first = token.split(|&b| b == b'.').next().unwrap_or_default();
        assert_eq!(jam_jose::base64url::decode(first).ok(), Some(verified.header));
    }
});
