//! Encoding and decoding of public token segments (JWS header, payload and signature):
//! exactly the strict base64url of `crate::base64url` (URL-safe alphabet, no
//! padding, no white space, canonical trailing bits), with `base64-simd`,
//! which decodes with SIMD (simd128 in WebAssembly). `crate::base64url`
//! decodes with base64ct's constant-time decoder, which key material needs
//! and public segments do not: under callgrind it was 92% of the
//! instructions of a native RS256 verification's core checks, and the scalar
//! `base64` crate that replaced it was still ~8% of an HS256 verify in wasm
//! (docs/performance.md).

use base64_simd::URL_SAFE_NO_PAD;

use crate::error::{Code, Error, Result};

fn invalid() -> Error {
    Error::new(Code::Base64, "invalid base64url")
}

/// Decodes a public segment; anything `crate::base64url::decode` refuses is
/// refused here too, with the same `ERR_BASE64`.
pub fn decode(text: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    decode_into(text, &mut out)?;
    Ok(out)
}

/// `decode`, appending the bytes to `out` (which keeps what it had before).
pub fn decode_into(text: &[u8], out: &mut Vec<u8>) -> Result<()> {
    URL_SAFE_NO_PAD.decode_append(text, out).map_err(|_| invalid())
}

/// Appends the unpadded base64url of `bytes` (our own output, so nothing to
/// keep constant-time) to `out`.
pub fn encode_into(bytes: &[u8], out: &mut String) {
    URL_SAFE_NO_PAD.encode_append(bytes, out);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Every string over a small alphabet that includes padding, white space
    /// and characters of the other alphabet, up to length 5, and a stream of
    /// pseudo-random longer ones: both decoders agree on each.
    /// Asserts that both decoders decide `text` alike; the bytes, if accepted.
    fn same_decision(text: &[u8]) -> Option<Vec<u8>> {
        let ours = decode(text).ok();
        assert_eq!(ours, crate::base64url::decode(text).ok(), "{:?}", String::from_utf8_lossy(text));
        ours
    }

    /// One xorshift64 step.
    fn next(state: &mut u64) {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
    }

    #[test]
    fn accepts_exactly_what_the_constant_time_decoder_accepts() {
        let alphabet = b"AQgw_-+/=9 \n";
        let mut checked = 0usize;
        let mut text = Vec::new();
        for len in 0..=5u32 {
            for mut n in 0..alphabet.len().pow(len) {
                text.clear();
                for _ in 0..len {
                    text.push(alphabet[n % alphabet.len()]);
                    n /= alphabet.len();
                }
                same_decision(&text);
                checked += 1;
            }
        }
        let full = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ ";
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            next(&mut state);
            let len = (state % 90) as usize;
            text.clear();
            for i in 0..len {
                let pick = (state.rotate_left(i as u32 * 7) % 64) as usize;
                // Mostly valid characters, sometimes one from outside the alphabet.
                let index = if (state >> (i % 60)) & 0x1f == 0 { 64 + pick % 4 } else { pick };
                text.push(full[index]);
            }
            same_decision(&text);
            checked += 1;
        }
        // Long strings, rarely invalid: several SIMD blocks accepted, with the
        // odd bad character or non-canonical tail anywhere in them.
        let mut accepted_long = 0usize;
        for _ in 0..5_000 {
            next(&mut state);
            let len = (state % 600) as usize;
            text.clear();
            for i in 0..len {
                let mix = state.rotate_left(i as u32 % 64) ^ (i as u64).wrapping_mul(0x9e37_79b9);
                let index = if mix.is_multiple_of(509) { 64 + (mix % 4) as usize } else { (mix % 64) as usize };
                text.push(full[index]);
            }
            accepted_long += usize::from(same_decision(&text).is_some_and(|bytes| bytes.len() > 64));
            checked += 1;
        }
        assert!(checked > 255_000);
        assert!(accepted_long > 300, "the long strings must include many valid ones: {accepted_long}");
    }

    #[test]
    fn round_trips_the_encoder() {
        for n in 0..400u16 {
            let bytes: Vec<u8> = (0..n).map(|i| (i as u8).wrapping_mul(37) ^ (i >> 8) as u8).collect();
            let mut ours = String::new();
            encode_into(&bytes, &mut ours);
            assert_eq!(ours, crate::base64url::encode(&bytes));
            assert_eq!(decode(ours.as_bytes()).unwrap(), bytes);
        }
    }
}
