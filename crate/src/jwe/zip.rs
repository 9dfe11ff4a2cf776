//! JWE compression (`zip: "DEF"`, RFC 7516 4.1.3): raw DEFLATE (RFC 1951) of
//! the plaintext before encryption. Inflation is capped: output grows only up
//! to the caller's limit, so a zip bomb ends in `ZipLimit`, never in an
//! allocation beyond the cap.

use miniz_oxide::inflate::{self, TINFLStatus};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{err, Code, Result};
use crate::jwe::decryption_failed;

/// The only `zip` value RFC 7518 7.3 registers.
pub const DEFLATE: &str = "DEF";

/// miniz's default level: a good ratio without the slow end of the range.
const LEVEL: u8 = 6;

/// Compresses with raw DEFLATE.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(data, LEVEL)
}

/// Inflates raw DEFLATE, refusing output longer than `max` bytes with
/// `ZipLimit`; a corrupt stream is the generic `DecryptionFailed`.
pub fn inflate(data: &[u8], max: usize) -> Result<Zeroizing<Vec<u8>>> {
    match inflate::decompress_to_vec_with_limit(data, max) {
        Ok(out) => Ok(Zeroizing::new(out)),
        Err(mut e) => {
            // The partial output is plaintext too.
            e.output.zeroize();
            if e.status == TINFLStatus::HasMoreOutput {
                err(Code::ZipLimit, format!("decompressed content exceeds the limit of {max} bytes"))
            } else {
                Err(decryption_failed())
            }
        }
    }
}
