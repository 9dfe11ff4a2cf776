//! PEM armor (RFC 7468, leniently read: any line width, CRLF, text around
//! the block) and dispatch by label to the DER structures.

use base64ct::{Base64, Encoding};
use zeroize::Zeroizing;

use super::der::{from_certificate, from_encrypted_pkcs8, from_pkcs8, from_sec1, from_spki};
use super::kdf::KdfLimits;
use super::{Key, Material, RsaKey};
use crate::error::{err, Code, Error, Result};

/// Labels we read, in the words of the error message that lists them.
const LABELS: &str = "PRIVATE KEY, ENCRYPTED PRIVATE KEY, PUBLIC KEY, RSA PRIVATE KEY, \
                      RSA PUBLIC KEY, EC PRIVATE KEY, CERTIFICATE";

/// Blocks that travel with keys but are not keys (`openssl ecparam -genkey`
/// writes the curve before the key); they are skipped.
const SKIPPED: [&str; 1] = ["EC PARAMETERS"];

/// One armored block: its label and the lines between the boundaries.
struct Block<'a> {
    label: &'a str,
    lines: Vec<&'a str>,
}

fn boundary<'a>(line: &'a str, kind: &str) -> Option<&'a str> {
    line.strip_prefix("-----")?.strip_prefix(kind)?.strip_prefix(' ')?.strip_suffix("-----")
}

/// The first block whose label is not skipped.
fn first_block(text: &str) -> Result<Block<'_>> {
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        let Some(label) = boundary(line, "BEGIN") else { continue };
        let mut body = Vec::new();
        let mut closed = false;
        for line in lines.by_ref() {
            if let Some(end) = boundary(line, "END") {
                if end != label {
                    return err(Code::KeyEncoding, format!("PEM block {label:?} ends with {end:?}"));
                }
                closed = true;
                break;
            }
            body.push(line);
        }
        if !closed {
            return err(Code::KeyEncoding, format!("PEM block {label:?} has no END line"));
        }
        if !SKIPPED.contains(&label) {
            return Ok(Block { label, lines: body });
        }
    }
    err(Code::KeyEncoding, "not a PEM key: no -----BEGIN ...----- line")
}

fn body(block: &Block<'_>) -> Result<Zeroizing<Vec<u8>>> {
    // RFC 1421 headers mark the legacy encryption OpenSSL's `-traditional`
    // writes: its key derivation is a single MD5, so we do not read it.
    if block.lines.iter().any(|l| l.starts_with("Proc-Type:")) {
        return err(
            Code::KeyEncoding,
            "legacy OpenSSL-encrypted PEM (Proc-Type header) is not supported; \
             convert it with `openssl pkcs8 -topk8 -v2 aes-256-cbc`",
        );
    }
    if block.lines.iter().any(|l| l.contains(':')) {
        return err(Code::KeyEncoding, "PEM headers are not supported");
    }
    let base64: Zeroizing<String> =
        Zeroizing::new(block.lines.iter().flat_map(|l| l.split_ascii_whitespace()).collect());
    Base64::decode_vec(&base64)
        .map(Zeroizing::new)
        .map_err(|_| Error::new(Code::KeyEncoding, "PEM body is not valid base64"))
}

/// Parses a PEM key by its label. `password` decrypts an ENCRYPTED PRIVATE
/// KEY and is ignored for unencrypted keys.
pub fn parse_pem(text: &str, password: Option<&[u8]>) -> Result<Key> {
    parse_pem_with(text, password, &KdfLimits::default())
}

/// `parse_pem` with explicit bounds on an encrypted key's key derivation.
pub fn parse_pem_with(text: &str, password: Option<&[u8]>, limits: &KdfLimits) -> Result<Key> {
    let block = first_block(text)?;
    let der = body(&block)?;
    match block.label {
        "PRIVATE KEY" => from_pkcs8(&der),
        "ENCRYPTED PRIVATE KEY" => from_encrypted_pkcs8(&der, password, limits),
        "PUBLIC KEY" => from_spki(&der),
        "RSA PRIVATE KEY" => Ok(Key::new(Material::Rsa(RsaKey::from_pkcs1_private_der(&der)?))),
        "RSA PUBLIC KEY" => Ok(Key::new(Material::Rsa(RsaKey::from_pkcs1_public_der(&der)?))),
        "EC PRIVATE KEY" => from_sec1(&der),
        "CERTIFICATE" => from_certificate(&der),
        other => err(Code::KeyEncoding, format!("unsupported PEM label {other:?}; expected one of {LABELS}")),
    }
}

/// Armors DER under a label, 64 columns and LF as RFC 7468 and OpenSSL do.
pub fn encode(label: &str, der: &[u8]) -> String {
    let base64 = Zeroizing::new(Base64::encode_string(der));
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in base64.as_bytes().chunks(64) {
        // Base64 output is ASCII, so any chunk is valid UTF-8.
        out.push_str(core::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn reads_blocks_with_any_line_width_crlf_and_surrounding_text() {
        let der = vec![0x30, 0x03, 0x02, 0x01, 0x05];
        let armored = encode("THING", &der);
        let crlf = format!("Bag Attributes\r\n{}", armored.replace('\n', "\r\n"));
        let block = first_block(&crlf).unwrap();
        assert_eq!(block.label, "THING");
        assert_eq!(body(&block).unwrap().as_slice(), der.as_slice());
    }

    #[test]
    fn skips_ec_parameters_and_refuses_mismatched_boundaries() {
        let text = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n\
                    -----BEGIN EC PRIVATE KEY-----\nAA==\n-----END EC PRIVATE KEY-----\n";
        assert_eq!(first_block(text).unwrap().label, "EC PRIVATE KEY");
        let bad = "-----BEGIN PRIVATE KEY-----\nAA==\n-----END PUBLIC KEY-----\n";
        assert_eq!(first_block(bad).err().map(|e| e.code), Some(Code::KeyEncoding));
        let open = "-----BEGIN PRIVATE KEY-----\nAA==\n";
        assert_eq!(first_block(open).err().map(|e| e.code), Some(Code::KeyEncoding));
    }
}
