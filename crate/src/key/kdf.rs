//! Bounds on the password-based key derivation of an encrypted PKCS#8 key
//! (PBES2 with PBKDF2 or scrypt, RFC 8018 / RFC 7914). The parameters come
//! from the file, so a hostile file could ask for minutes of work or more
//! memory than the instance has; they are checked here before any work, and
//! degenerate values (which the KDF crates would panic on) are refused.

use pkcs8::pkcs5::{pbes2, EncryptionScheme};

use crate::error::{err, Code, Result};

/// How much key-derivation work one encrypted-key import may ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfLimits {
    /// Most PBKDF2 iterations.
    pub max_pbkdf2_iterations: u32,
    /// Most memory scrypt may allocate, in bytes: 128 * r * (N + p).
    pub max_scrypt_memory: u64,
    /// Most scrypt work, N * r * p (each unit is one 128-byte BlockMix step).
    pub max_scrypt_work: u64,
}

/// Default PBKDF2 cap: 300 000 iterations, about 150 times what OpenSSL
/// writes (2048) and well under a second of WebAssembly time.
pub const DEFAULT_MAX_PBKDF2_ITERATIONS: u32 = 300_000;
/// Default scrypt memory cap: 32 MiB, twice OpenSSL's default (N = 2^14,
/// r = 8 is 16 MiB) and Node's own `scrypt` `maxmem` default.
pub const DEFAULT_MAX_SCRYPT_MEMORY: u64 = 32 * 1024 * 1024;
/// Default scrypt work cap: N * r * p = 2^17, OpenSSL's default
/// (N = 2^14, r = 8, p = 1) and under a second of WebAssembly time.
pub const DEFAULT_MAX_SCRYPT_WORK: u64 = 1 << 17;

impl Default for KdfLimits {
    fn default() -> Self {
        KdfLimits {
            max_pbkdf2_iterations: DEFAULT_MAX_PBKDF2_ITERATIONS,
            max_scrypt_memory: DEFAULT_MAX_SCRYPT_MEMORY,
            max_scrypt_work: DEFAULT_MAX_SCRYPT_WORK,
        }
    }
}

/// Refuses a scheme we do not read, degenerate KDF parameters, and any cost
/// above `limits`, before a single KDF round runs.
pub fn check(scheme: &EncryptionScheme, limits: &KdfLimits) -> Result<()> {
    let EncryptionScheme::Pbes2(params) = scheme else {
        return err(
            Code::KeyEncoding,
            "PBES1-encrypted keys are not supported; re-encrypt with `openssl pkcs8 -topk8 -v2 aes-256-cbc`",
        );
    };
    match &params.kdf {
        pbes2::Kdf::Pbkdf2(pbkdf2) => check_pbkdf2(pbkdf2.iteration_count, limits),
        pbes2::Kdf::Scrypt(scrypt) => {
            check_scrypt(scrypt.cost_parameter, u64::from(scrypt.block_size), u64::from(scrypt.parallelization), limits)
        }
        // A KDF added to pkcs5 later: not one we have bounded.
        _ => err(Code::KeyEncoding, "encrypted key uses an unsupported key derivation function"),
    }
}

fn check_pbkdf2(iterations: u32, limits: &KdfLimits) -> Result<()> {
    if iterations == 0 {
        return err(Code::KeyEncoding, "encrypted key has a PBKDF2 iteration count of 0");
    }
    if iterations > limits.max_pbkdf2_iterations {
        return err(
            Code::KdfLimit,
            format!(
                "encrypted key asks for {iterations} PBKDF2 iterations; at most {} are allowed \
                 (kdfLimits.maxPbkdf2Iterations)",
                limits.max_pbkdf2_iterations
            ),
        );
    }
    Ok(())
}

fn check_scrypt(n: u64, r: u64, p: u64, limits: &KdfLimits) -> Result<()> {
    // RFC 7914 2: N is a power of two above 1; r and p are positive, and
    // r * p < 2^30. The scrypt crate panics on N = 0.
    if n < 2 || !n.is_power_of_two() {
        return err(Code::KeyEncoding, format!("encrypted key has scrypt N = {n}; N must be a power of two above 1"));
    }
    if r == 0 || p == 0 || r.saturating_mul(p) >= 1 << 30 {
        return err(Code::KeyEncoding, format!("encrypted key has invalid scrypt parameters r = {r}, p = {p}"));
    }
    let memory = r.saturating_mul(128).saturating_mul(n.saturating_add(p));
    if memory > limits.max_scrypt_memory {
        return err(
            Code::KdfLimit,
            format!(
                "encrypted key asks for {memory} bytes of scrypt memory; at most {} are allowed \
                 (kdfLimits.maxScryptMemory)",
                limits.max_scrypt_memory
            ),
        );
    }
    let work = n.saturating_mul(r).saturating_mul(p);
    if work > limits.max_scrypt_work {
        return err(
            Code::KdfLimit,
            format!(
                "encrypted key asks for scrypt work N*r*p = {work}; at most {} is allowed (kdfLimits.maxScryptWork)",
                limits.max_scrypt_work
            ),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(result: Result<()>) -> Option<Code> {
        result.err().map(|e| e.code)
    }

    #[test]
    fn refuses_degenerate_scrypt_parameters_as_encoding_errors() {
        let limits = KdfLimits::default();
        for (n, r, p) in [(0, 8, 1), (1, 8, 1), (3, 8, 1), (1 << 14, 0, 1), (1 << 14, 8, 0), (2, 1 << 15, 1 << 15)] {
            assert_eq!(code(check_scrypt(n, r, p, &limits)), Some(Code::KeyEncoding), "N={n} r={r} p={p}");
        }
    }

    #[test]
    fn caps_scrypt_memory_and_work_and_pbkdf2_iterations() {
        let limits = KdfLimits::default();
        assert_eq!(code(check_scrypt(1 << 14, 8, 1, &limits)), None);
        assert_eq!(code(check_scrypt(1 << 16, 8, 1, &limits)), Some(Code::KdfLimit));
        assert_eq!(code(check_scrypt(1 << 14, 8, 2, &limits)), Some(Code::KdfLimit));
        assert_eq!(code(check_scrypt(1 << 16, 8, 16, &limits)), Some(Code::KdfLimit));
        assert_eq!(code(check_scrypt(1 << 63, u64::from(u16::MAX), 1, &limits)), Some(Code::KdfLimit));
        assert_eq!(code(check_pbkdf2(2048, &limits)), None);
        assert_eq!(code(check_pbkdf2(0, &limits)), Some(Code::KeyEncoding));
        assert_eq!(code(check_pbkdf2(DEFAULT_MAX_PBKDF2_ITERATIONS + 1, &limits)), Some(Code::KdfLimit));
        let raised = KdfLimits { max_pbkdf2_iterations: 2_000_000, ..limits };
        assert_eq!(code(check_pbkdf2(1_000_000, &limits)), Some(Code::KdfLimit));
        assert_eq!(code(check_pbkdf2(1_000_000, &raised)), None);
    }
}
