//! Encoding and decoding of public token segments (JWS header, payload and signature):
//! exactly the strict base64url of `crate::base64url` (URL-safe alphabet, no
//! padding, no white space, canonical trailing bits), with the `base64`
//! crate's fast decoder. `crate::base64url` decodes with base64ct's
//! constant-time decoder, which key material needs and public segments do
//! not: under callgrind it was 92% of the instructions of a native RS256
//! verification's core checks (docs/performance.md).

use base64::alphabet::URL_SAFE;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;

use crate::error::{Code, Error, Result};

/// Unpadded URL-safe base64 that refuses padding and non-zero trailing bits.
const STRICT: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

/// Decodes a public segment; anything `crate::base64url::decode` refuses is
/// refused here too, with the same `ERR_BASE64`.
pub fn decode(text: &[u8]) -> Result<Vec<u8>> {
    STRICT.decode(text).map_err(|_| Error::new(Code::Base64, "invalid base64url"))
}

/// `decode`, appending the bytes to `out` (which keeps what it had before).
pub fn decode_into(text: &[u8], out: &mut Vec<u8>) -> Result<()> {
    STRICT.decode_vec(text, out).map_err(|_| Error::new(Code::Base64, "invalid base64url"))
}

/// Appends the unpadded base64url of `bytes` (our own output, so nothing to
/// keep constant-time) to `out`.
pub fn encode_into(bytes: &[u8], out: &mut String) {
    STRICT.encode_string(bytes, out);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Every string over a small alphabet that includes padding, white space
    /// and characters of the other alphabet, up to length 5, and a stream of
    /// pseudo-random longer ones: both decoders agree on each.
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
                assert_eq!(
                    decode(&text).ok(),
                    crate::base64url::decode(&text).ok(),
                    "{:?}",
                    String::from_utf8_lossy(&text)
                );
                checked += 1;
            }
        }
        let full = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ ";
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 90) as usize;
            text.clear();
            for i in 0..len {
                let pick = (state.rotate_left(i as u32 * 7) % 64) as usize;
                // Mostly valid characters, sometimes one from outside the alphabet.
                let index = if (state >> (i % 60)) & 0x1f == 0 { 64 + pick % 4 } else { pick };
                text.push(full[index]);
            }
            assert_eq!(
                decode(&text).ok(),
                crate::base64url::decode(&text).ok(),
                "{:?}",
                String::from_utf8_lossy(&text)
            );
            checked += 1;
        }
        assert!(checked > 250_000);
    }

    #[test]
    fn round_trips_the_encoder() {
        for n in 0..70u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
            let mut ours = String::new();
            encode_into(&bytes, &mut ours);
            assert_eq!(ours, crate::base64url::encode(&bytes));
            assert_eq!(decode(ours.as_bytes()).unwrap(), bytes);
        }
    }
}
