//! The Concat KDF of NIST SP 800-56A 5.8.1 with SHA-256, as profiled for
//! ECDH-ES by RFC 7518 4.6.2: OtherInfo = AlgorithmID || PartyUInfo ||
//! PartyVInfo || SuppPubInfo, each of the first three a 32-bit big-endian
//! length followed by the bytes, SuppPubInfo the key length in bits.

use ring::digest::{Context, SHA256};
use zeroize::Zeroizing;

use crate::error::{err, Code, Result};

/// Derives `len` bytes from the shared secret `z`. `algorithm_id` is the
/// `enc` name (ECDH-ES direct) or the `alg` name (ECDH-ES+A*KW); `apu` and
/// `apv` are the decoded header values (empty when absent).
pub fn derive(z: &[u8], algorithm_id: &[u8], apu: &[u8], apv: &[u8], len: usize) -> Result<Zeroizing<Vec<u8>>> {
    let (Some(key_bits), Ok(id_len), Ok(apu_len), Ok(apv_len)) = (
        u32::try_from(len).ok().and_then(|l| l.checked_mul(8)),
        u32::try_from(algorithm_id.len()),
        u32::try_from(apu.len()),
        u32::try_from(apv.len()),
    ) else {
        return err(Code::InvalidArgument, "Concat KDF input too long");
    };
    let mut out = Zeroizing::new(Vec::with_capacity(len + SHA256.output_len()));
    let mut counter: u32 = 1;
    while out.len() < len {
        let mut ctx = Context::new(&SHA256);
        ctx.update(&counter.to_be_bytes());
        ctx.update(z);
        ctx.update(&id_len.to_be_bytes());
        ctx.update(algorithm_id);
        ctx.update(&apu_len.to_be_bytes());
        ctx.update(apu);
        ctx.update(&apv_len.to_be_bytes());
        ctx.update(apv);
        ctx.update(&key_bits.to_be_bytes());
        out.extend_from_slice(ctx.finish().as_ref());
        counter = counter.wrapping_add(1);
    }
    out.truncate(len);
    Ok(out)
}
