//! Key management (RFC 7518 section 4): the `alg` table. An entry names its
//! family and the sizes it needs; `wrap` and `unwrap` dispatch to the one
//! module per family. Adding an algorithm is a module (or a new row for an
//! existing family), a row here, and a test.

pub mod aes_gcm_kw;
pub mod aes_kw;
pub mod concat_kdf;
pub mod dir;
pub mod ecdh_es;
pub mod pbes2;
pub mod rsa_oaep;

use zeroize::Zeroizing;

use crate::base64url;
use crate::error::{err, Code, Result};
use crate::jam::Dialect;
use crate::jwe::content::ContentEncryption;
use crate::jwe::header::{self, Header};
use crate::jwe::{EncryptOptions, Limits};
use crate::key::{Key, Material, Op};
use crate::random;

/// How an `alg` produces the CEK.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// The key is the CEK.
    Dir,
    /// AES Key Wrap with a KEK of `kek_len` bytes.
    AesKw { kek_len: usize },
    /// AES-GCM key wrapping with a KEK of `kek_len` bytes.
    AesGcmKw { kek_len: usize },
    /// RSAES-OAEP with the given hash.
    RsaOaep(rsa_oaep::Hash),
    /// ECDH-ES: the derived key is the CEK (`kw_len` None) or a KEK of
    /// `kw_len` bytes that AES-key-wraps a random CEK.
    EcdhEs { kw_len: Option<usize> },
    /// PBES2: PBKDF2 derives a KEK of `kek_len` bytes for AES Key Wrap.
    Pbes2 { hash: pbes2::Hash, kek_len: usize },
}

/// One row of the `alg` table.
#[derive(Debug)]
pub struct KeyManagement {
    /// The JOSE `alg` name.
    pub name: &'static str,
    /// How it produces the CEK, with the sizes it needs.
    pub family: Family,
}

const fn row(name: &'static str, family: Family) -> KeyManagement {
    KeyManagement { name, family }
}

/// Every key management algorithm we implement (RFC 7518 4.1 minus RSA1_5,
/// plus ECDH-ES over X25519 per RFC 8037).
pub static TABLE: [KeyManagement; 18] = [
    row("dir", Family::Dir),
    row("A128KW", Family::AesKw { kek_len: 16 }),
    row("A192KW", Family::AesKw { kek_len: 24 }),
    row("A256KW", Family::AesKw { kek_len: 32 }),
    row("A128GCMKW", Family::AesGcmKw { kek_len: 16 }),
    row("A192GCMKW", Family::AesGcmKw { kek_len: 24 }),
    row("A256GCMKW", Family::AesGcmKw { kek_len: 32 }),
    row("RSA-OAEP", Family::RsaOaep(rsa_oaep::Hash::Sha1)),
    row("RSA-OAEP-256", Family::RsaOaep(rsa_oaep::Hash::Sha256)),
    row("RSA-OAEP-384", Family::RsaOaep(rsa_oaep::Hash::Sha384)),
    row("RSA-OAEP-512", Family::RsaOaep(rsa_oaep::Hash::Sha512)),
    row("ECDH-ES", Family::EcdhEs { kw_len: None }),
    row("ECDH-ES+A128KW", Family::EcdhEs { kw_len: Some(16) }),
    row("ECDH-ES+A192KW", Family::EcdhEs { kw_len: Some(24) }),
    row("ECDH-ES+A256KW", Family::EcdhEs { kw_len: Some(32) }),
    row("PBES2-HS256+A128KW", Family::Pbes2 { hash: pbes2::Hash::Sha256, kek_len: 16 }),
    row("PBES2-HS384+A192KW", Family::Pbes2 { hash: pbes2::Hash::Sha384, kek_len: 24 }),
    row("PBES2-HS512+A256KW", Family::Pbes2 { hash: pbes2::Hash::Sha512, kek_len: 32 }),
];

/// The table entry for `alg`, or `AlgUnsupported`.
pub fn find(alg: &str) -> Result<&'static KeyManagement> {
    if alg == "RSA1_5" {
        // PKCS#1 v1.5 decryption is a padding oracle (Bleichenbacher 1998; RFC
        // 7516 11.5); we neither make nor open such tokens.
        return err(Code::AlgUnsupported, "RSA1_5 is not supported: its padding is a decryption oracle (use RSA-OAEP)");
    }
    match TABLE.iter().find(|e| e.name == alg) {
        Some(entry) => Ok(entry),
        None => err(Code::AlgUnsupported, format!("unsupported alg {alg:?}")),
    }
}

/// What encryption produced: the CEK to encrypt the content with and the
/// JWE Encrypted Key (empty for direct modes).
pub struct Wrapped {
    /// The content encryption key, zeroised on drop.
    pub cek: Zeroizing<Vec<u8>>,
    /// The JWE Encrypted Key (second segment).
    pub encrypted_key: Vec<u8>,
}

/// The bytes of a symmetric key, or `KeyAlgMismatch`.
fn oct_bytes<'k>(key: &'k Key, alg: &str) -> Result<&'k [u8]> {
    match &key.material {
        Material::Oct(oct) => Ok(&oct.bytes),
        _ => err(Code::KeyAlgMismatch, format!("{alg} needs a symmetric (oct) key")),
    }
}

/// A symmetric key of exactly `len` bytes, or `KeyAlgMismatch`.
fn kek<'k>(key: &'k Key, alg: &str, len: usize) -> Result<&'k [u8]> {
    let bytes = oct_bytes(key, alg)?;
    if bytes.len() != len {
        return err(Code::KeyAlgMismatch, format!("{alg} needs a {len}-byte key"));
    }
    Ok(bytes)
}

fn rsa<'k>(key: &'k Key, alg: &str) -> Result<&'k crate::key::RsaKey> {
    match &key.material {
        Material::Rsa(rsa) => Ok(rsa),
        _ => err(Code::KeyAlgMismatch, format!("{alg} needs an RSA key")),
    }
}

/// A PBES2 password: the oct key's bytes, never empty.
fn password<'k>(key: &'k Key, alg: &str) -> Result<&'k [u8]> {
    let bytes = oct_bytes(key, alg)?;
    if bytes.is_empty() {
        return err(Code::KeyTooSmall, "PBES2 needs a non-empty password");
    }
    Ok(bytes)
}

/// The decoded apu and apv of a header (empty when absent).
fn party_info(header: &Header) -> Result<(Vec<u8>, Vec<u8>)> {
    Ok((header::base64(header, "apu")?.unwrap_or_default(), header::base64(header, "apv")?.unwrap_or_default()))
}

/// The CEK to wrap: the one shared with earlier recipients of a JSON JWE,
/// or a fresh random one.
fn cek_for(shared: Option<&[u8]>, enc: &ContentEncryption) -> Result<Zeroizing<Vec<u8>>> {
    match shared {
        Some(cek) => Ok(Zeroizing::new(cek.to_vec())),
        None => Ok(Zeroizing::new(random::bytes(enc.cek_len, Code::EncryptionFailed)?)),
    }
}

impl KeyManagement {
    /// The RFC 7517 `key_ops` a key needs to make a token with this algorithm.
    pub fn encrypt_op(&self) -> Op {
        match self.family {
            Family::Dir => Op::Encrypt,
            Family::EcdhEs { .. } => Op::DeriveKey,
            _ => Op::WrapKey,
        }
    }

    /// The RFC 7517 `key_ops` a key needs to open a token with this algorithm.
    pub fn decrypt_op(&self) -> Op {
        match self.family {
            Family::Dir => Op::Decrypt,
            Family::EcdhEs { .. } => Op::DeriveKey,
            _ => Op::UnwrapKey,
        }
    }

    /// Checks, once when an instance is built, that `key` can serve this
    /// algorithm with `enc`: the right family and size, a private key when
    /// opening tokens needs one, and JWK usage that allows it. The same
    /// checks run again per token inside `wrap` / `unwrap`.
    pub fn check_key(&self, key: &Key, enc: &ContentEncryption, decrypting: bool) -> Result<()> {
        let alg = self.name;
        match self.family {
            Family::Dir => {
                dir::cek(oct_bytes(key, alg)?, enc)?;
            }
            Family::AesKw { kek_len } | Family::AesGcmKw { kek_len } => {
                kek(key, alg, kek_len)?;
            }
            Family::RsaOaep(_) => {
                let rsa = rsa(key, alg)?;
                if decrypting && rsa.private.is_none() {
                    return err(Code::KeyNotPrivate, format!("{alg} decryption needs the RSA private key"));
                }
            }
            Family::EcdhEs { .. } => {
                ecdh_es::AgreementCurve::of(key)?;
                if decrypting && !key.is_private() {
                    return err(Code::KeyNotPrivate, format!("{alg} decryption needs the private key"));
                }
            }
            Family::Pbes2 { .. } => {
                password(key, alg)?;
            }
        }
        let usage_alg = crate::jwe::usage_alg(key, self, alg, enc.name);
        key.check_usage(usage_alg, if decrypting { self.decrypt_op() } else { self.encrypt_op() })
    }

    /// Produces the CEK and the encrypted key, adding this algorithm's own
    /// parameters (epk, iv/tag, p2s/p2c) to `header`.
    pub(crate) fn wrap(
        &self,
        key: &Key,
        enc: &ContentEncryption,
        header: &mut Header,
        opts: &EncryptOptions,
    ) -> Result<Wrapped> {
        self.wrap_shared(key, enc, header, opts, None)
    }

    /// `wrap`, for one of several recipients of a JSON JWE: `shared` is the
    /// CEK chosen for the first recipient. The direct modes (`dir`,
    /// `ECDH-ES`) choose the CEK themselves, so they cannot share one.
    pub(crate) fn wrap_shared(
        &self,
        key: &Key,
        enc: &ContentEncryption,
        header: &mut Header,
        opts: &EncryptOptions,
        shared: Option<&[u8]>,
    ) -> Result<Wrapped> {
        let alg = self.name;
        let direct = matches!(self.family, Family::Dir | Family::EcdhEs { kw_len: None });
        if direct && shared.is_some() {
            return err(
                Code::InvalidArgument,
                format!("{alg} determines the CEK itself: it must be the only recipient"),
            );
        }
        match self.family {
            Family::Dir => Ok(Wrapped { cek: dir::cek(oct_bytes(key, alg)?, enc)?, encrypted_key: Vec::new() }),
            Family::AesKw { kek_len } => {
                let kek = kek(key, alg, kek_len)?;
                let cek = cek_for(shared, enc)?;
                let encrypted_key = aes_kw::wrap(kek, &cek)?;
                Ok(Wrapped { cek, encrypted_key })
            }
            Family::AesGcmKw { kek_len } => {
                let kek = kek(key, alg, kek_len)?;
                let cek = cek_for(shared, enc)?;
                let iv = random::bytes(crate::jwe::content::aes_gcm::IV_LEN, Code::EncryptionFailed)?;
                let (encrypted_key, tag) = aes_gcm_kw::wrap(kek, &iv, &cek)?;
                aes_gcm_kw::record(header, &iv, &tag);
                Ok(Wrapped { cek, encrypted_key })
            }
            Family::RsaOaep(hash) => {
                let rsa = rsa(key, alg)?;
                let cek = cek_for(shared, enc)?;
                let encrypted_key = rsa_oaep::encrypt(rsa, hash, &cek)?;
                Ok(Wrapped { cek, encrypted_key })
            }
            Family::EcdhEs { kw_len } => {
                let curve = ecdh_es::AgreementCurve::of(key)?;
                let (apu, apv) = party_info(header)?;
                let ephemeral = ecdh_es::generate_ephemeral(curve)?;
                let (z, epk) = ecdh_es::sender_agree(key, &ephemeral)?;
                header.insert("epk".into(), epk);
                self.ecdh_finish(&z, enc, &apu, &apv, kw_len, shared)
            }
            Family::Pbes2 { hash, kek_len } => {
                let password = password(key, alg)?;
                let p2c = pbes2::encrypt_p2c(opts.p2c)?;
                let p2s = random::bytes(pbes2::SALT_LEN, Code::EncryptionFailed)?;
                let kek = pbes2::derive_kek(hash, alg, password, &p2s, p2c, kek_len);
                let cek = cek_for(shared, enc)?;
                let encrypted_key = aes_kw::wrap(&kek, &cek)?;
                header.insert("p2s".into(), base64url::encode(&p2s).into());
                header.insert("p2c".into(), p2c.get().into());
                Ok(Wrapped { cek, encrypted_key })
            }
        }
    }

    /// `wrap` in the given dialect: jam's form where jam departs from the
    /// RFC (crate::jam::key_management), else the standard one.
    pub(crate) fn wrap_in(
        &self,
        dialect: Dialect,
        key: &Key,
        enc: &ContentEncryption,
        header: &mut Header,
        opts: &EncryptOptions,
    ) -> Result<Wrapped> {
        if dialect == Dialect::Jam {
            if let Some(wrapped) = crate::jam::key_management::wrap(self, key, enc, header, opts)? {
                return Ok(wrapped);
            }
        }
        self.wrap(key, enc, header, opts)
    }

    /// `unwrap` in the given dialect: jam's dialect reads both forms.
    pub(crate) fn unwrap_in(
        &self,
        dialect: Dialect,
        key: &Key,
        enc: &ContentEncryption,
        header: &Header,
        encrypted_key: &[u8],
        limits: &Limits,
    ) -> Result<Zeroizing<Vec<u8>>> {
        match dialect {
            Dialect::Standard => self.unwrap(key, enc, header, encrypted_key, limits),
            Dialect::Jam => crate::jam::key_management::unwrap(self, key, enc, header, encrypted_key, limits),
        }
    }

    /// After agreement: the Concat KDF output is the CEK (direct) or the KEK
    /// that wraps a fresh random CEK (+A*KW).
    fn ecdh_finish(
        &self,
        z: &[u8],
        enc: &ContentEncryption,
        apu: &[u8],
        apv: &[u8],
        kw_len: Option<usize>,
        shared: Option<&[u8]>,
    ) -> Result<Wrapped> {
        match kw_len {
            None => Ok(Wrapped {
                cek: concat_kdf::derive(z, enc.name.as_bytes(), apu, apv, enc.cek_len)?,
                encrypted_key: Vec::new(),
            }),
            Some(len) => {
                let kek = concat_kdf::derive(z, self.name.as_bytes(), apu, apv, len)?;
                let cek = cek_for(shared, enc)?;
                let encrypted_key = aes_kw::wrap(&kek, &cek)?;
                Ok(Wrapped { cek, encrypted_key })
            }
        }
    }

    /// The sender's ECDH-ES to a NIST key with the agreement computed
    /// elsewhere (the native backend): `ephemeral_public` (uncompressed SEC1)
    /// goes into `epk`, and the Concat KDF runs from `z` as in `wrap`.
    pub(crate) fn wrap_agreed(
        &self,
        key: &Key,
        enc: &ContentEncryption,
        header: &mut Header,
        ephemeral_public: &[u8],
        z: &[u8],
    ) -> Result<Wrapped> {
        let Family::EcdhEs { kw_len } = self.family else {
            return err(Code::InvalidArgument, "only ECDH-ES is agreed outside the core");
        };
        let ecdh_es::AgreementCurve::Nist(curve) = ecdh_es::AgreementCurve::of(key)? else {
            return err(Code::InvalidArgument, "only NIST-curve agreements are made outside the core");
        };
        if z.len() != curve.size() {
            return err(Code::InvalidArgument, "the shared secret has the wrong length for the curve");
        }
        let (apu, apv) = party_info(header)?;
        header.insert("epk".into(), ecdh_es::nist_epk(curve, ephemeral_public)?);
        self.ecdh_finish(z, enc, &apu, &apv, kw_len, None)
    }

    /// ECDH-ES for a NIST key after the agreement was computed elsewhere (the
    /// native backend): every check `unwrap` makes on the header, then the
    /// Concat KDF from `z` and, for +A*KW, the unwrap.
    pub(crate) fn unwrap_agreed(
        &self,
        enc: &ContentEncryption,
        header: &Header,
        encrypted_key: &[u8],
        z: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>> {
        let Family::EcdhEs { kw_len } = self.family else {
            return err(Code::InvalidArgument, "only ECDH-ES is agreed outside the core");
        };
        if kw_len.is_none() && !encrypted_key.is_empty() {
            return err(Code::TokenMalformed, format!("the encrypted key must be empty with {}", self.name));
        }
        let (apu, apv) = party_info(header)?;
        match kw_len {
            None => concat_kdf::derive(z, enc.name.as_bytes(), &apu, &apv, enc.cek_len),
            Some(len) => {
                let kek = concat_kdf::derive(z, self.name.as_bytes(), &apu, &apv, len)?;
                aes_kw::unwrap(&kek, encrypted_key, enc.cek_len)
            }
        }
    }

    /// Recovers the CEK. Parameter checks that need no secret (p2c cap, epk
    /// validity, header shapes) come first and have their own codes; every
    /// cryptographic failure is the generic `DecryptionFailed`.
    pub(crate) fn unwrap(
        &self,
        key: &Key,
        enc: &ContentEncryption,
        header: &Header,
        encrypted_key: &[u8],
        limits: &Limits,
    ) -> Result<Zeroizing<Vec<u8>>> {
        let alg = self.name;
        let direct = matches!(self.family, Family::Dir | Family::EcdhEs { kw_len: None });
        if direct && !encrypted_key.is_empty() {
            return err(Code::TokenMalformed, format!("the encrypted key must be empty with {alg}"));
        }
        match self.family {
            Family::Dir => dir::cek(oct_bytes(key, alg)?, enc),
            Family::AesKw { kek_len } => aes_kw::unwrap(kek(key, alg, kek_len)?, encrypted_key, enc.cek_len),
            Family::AesGcmKw { kek_len } => aes_gcm_kw::unwrap(kek(key, alg, kek_len)?, header, encrypted_key),
            Family::RsaOaep(hash) => rsa_oaep::decrypt(rsa(key, alg)?, hash, encrypted_key),
            Family::EcdhEs { kw_len } => {
                ecdh_es::AgreementCurve::of(key)?;
                let Some(epk) = header.get("epk") else {
                    return err(Code::HeaderInvalid, "header member \"epk\" is missing");
                };
                let (apu, apv) = party_info(header)?;
                let z = ecdh_es::recipient_agree(key, epk)?;
                match kw_len {
                    None => concat_kdf::derive(&z, enc.name.as_bytes(), &apu, &apv, enc.cek_len),
                    Some(len) => {
                        let kek = concat_kdf::derive(&z, alg.as_bytes(), &apu, &apv, len)?;
                        aes_kw::unwrap(&kek, encrypted_key, enc.cek_len)
                    }
                }
            }
            Family::Pbes2 { hash, kek_len } => {
                let password = password(key, alg)?;
                // The cap is checked here, before the first PBKDF2 iteration.
                let (p2c, p2s) = pbes2::read_params(header, limits.p2c_max)?;
                let kek = pbes2::derive_kek(hash, alg, password, &p2s, p2c, kek_len);
                aes_kw::unwrap(&kek, encrypted_key, enc.cek_len)
            }
        }
    }
}
