//! Compact JWE parse + decrypt with the RFC vectors' keys and every algorithm
//! allowed. Refusals are expected; a panic, an abort or a hang is a finding.
//! Input: one key-selector byte, then the token.
#![no_main]

use jam_jose::jwe::{self, content, key_management, Limits};
use jam_jose_fuzz::{jwe_keys, select};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let keys = jwe_keys();
    let Some((i, token)) = select(data, keys.len()) else { return };
    let algs: Vec<&str> = key_management::TABLE.iter().map(|a| a.name).collect();
    let encs: Vec<&str> = content::TABLE.iter().map(|e| e.name).collect();
    // The RFC 7520 PBES2 vector uses p2c = 8192; the default cap (10 000) keeps each run cheap.
    let _ = jwe::decrypt(&keys[i], &algs, &encs, token, &Limits::default());
});
