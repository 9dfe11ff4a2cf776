//! jam's key management, selected by `KeyManagement::wrap_in` /
//! `unwrap_in` in compat mode. What differs from RFC 7518 section 4:
//!
//! - `RSA-OAEP` is OAEP with SHA-256 and MGF1-SHA-256 (RFC 7518: SHA-1).
//!   Writing uses SHA-256; reading always runs BOTH decodings, whatever the
//!   first one gives, so timing does not tell which padding check passed.
//! - `ECDH-ES+A*KW`: HKDF instead of the Concat KDF, curve fixed by the alg
//!   (see `ecdh_hkdf`). Reading tries the standard KDF, then jam's.
//! - `PBES2-*`: jam's salt and KEK (see `pbes2`). Reading tries the standard
//!   derivation, then jam's, both under the same p2c cap.
//! - `ECDH-ES` (direct) and `A128GCMKW`/`A256GCMKW`: jam's tokens cannot be
//!   opened by anyone (the CEK, or the GCM tag, is thrown away), so compat
//!   mode refuses to make them and reads only the standard forms.
//!
//! Everything else (A*KW, RSA-OAEP-256, the standard forms) is unchanged.

use zeroize::Zeroizing;

use super::{ecdh_hkdf, pbes2 as jam_pbes2};
use crate::base64url;
use crate::error::{err, Code, Result};
use crate::jwe::content::ContentEncryption;
use crate::jwe::header::Header;
use crate::jwe::key_management::{aes_kw, ecdh_es, pbes2, rsa_oaep, Family, KeyManagement, Wrapped};
use crate::jwe::{decryption_failed, EncryptOptions, Limits};
use crate::key::{Key, Material};
use crate::random;

fn random_cek(enc: &ContentEncryption) -> Result<Zeroizing<Vec<u8>>> {
    Ok(Zeroizing::new(random::bytes(enc.cek_len, Code::EncryptionFailed)?))
}

fn password<'k>(key: &'k Key, alg: &str) -> Result<&'k [u8]> {
    match &key.material {
        Material::Oct(oct) if !oct.bytes.is_empty() => Ok(&oct.bytes),
        Material::Oct(_) => err(Code::KeyTooSmall, "PBES2 needs a non-empty password"),
        _ => err(Code::KeyAlgMismatch, format!("{alg} needs a symmetric (oct) key")),
    }
}

/// jam's form of a token, or `None` where jam writes the standard form.
pub(crate) fn wrap(
    km: &KeyManagement,
    key: &Key,
    enc: &ContentEncryption,
    header: &mut Header,
    opts: &EncryptOptions,
) -> Result<Option<Wrapped>> {
    let alg = km.name;
    match km.family {
        Family::RsaOaep(rsa_oaep::Hash::Sha1) => {
            let Material::Rsa(rsa) = &key.material else {
                return err(Code::KeyAlgMismatch, format!("{alg} needs an RSA key"));
            };
            let cek = random_cek(enc)?;
            let encrypted_key = rsa_oaep::encrypt(rsa, rsa_oaep::Hash::Sha256, &cek)?;
            Ok(Some(Wrapped { cek, encrypted_key }))
        }
        Family::EcdhEs { kw_len: None } => err(
            Code::AlgUnsupported,
            "jam's ECDH-ES sends HKDF output as the encrypted key and loses the CEK: no one, jam included, can \
             decrypt it. Use ECDH-ES+A128KW with a P-256 key (or a pre-built standard JWE)",
        ),
        Family::AesGcmKw { .. } => err(
            Code::AlgUnsupported,
            format!("jam's {alg} drops the GCM tag: no one, jam included, can decrypt it. Use A128KW/A256KW"),
        ),
        Family::EcdhEs { kw_len: Some(len) } => {
            let curve = ecdh_hkdf::curve_for(len)?;
            match &key.material {
                Material::Ec(ec) if ec.curve == curve => {}
                _ => {
                    return err(Code::KeyAlgMismatch, format!("jam's {alg} needs an EC key on {}", curve.name()));
                }
            }
            let ephemeral = ecdh_es::generate_ephemeral(ecdh_es::AgreementCurve::Nist(curve))?;
            let (z, epk) = ecdh_es::sender_agree(key, &ephemeral)?;
            header.insert("epk".into(), epk);
            let kek = ecdh_hkdf::derive_kek(&z, len)?;
            let cek = random_cek(enc)?;
            let encrypted_key = aes_kw::wrap(&kek, &cek)?;
            Ok(Some(Wrapped { cek, encrypted_key }))
        }
        Family::Pbes2 { hash, kek_len } => {
            let password = password(key, alg)?;
            let p2c = pbes2::encrypt_p2c(opts.p2c)?;
            let p2s = random::bytes(pbes2::SALT_LEN, Code::EncryptionFailed)?;
            let kek = jam_pbes2::derive_kek(hash, password, &p2s, p2c, kek_len);
            let cek = random_cek(enc)?;
            let encrypted_key = aes_kw::wrap(&kek, &cek)?;
            header.insert("p2s".into(), base64url::encode(&p2s).into());
            header.insert("p2c".into(), p2c.get().into());
            Ok(Some(Wrapped { cek, encrypted_key }))
        }
        _ => Ok(None),
    }
}

/// Recovers the CEK from jam's form or the standard one.
pub(crate) fn unwrap(
    km: &KeyManagement,
    key: &Key,
    enc: &ContentEncryption,
    header: &Header,
    encrypted_key: &[u8],
    limits: &Limits,
) -> Result<Zeroizing<Vec<u8>>> {
    let standard = || km.unwrap(key, enc, header, encrypted_key, limits);
    match km.family {
        Family::RsaOaep(rsa_oaep::Hash::Sha1) => {
            let Material::Rsa(rsa) = &key.material else {
                return err(Code::KeyAlgMismatch, format!("{} needs an RSA key", km.name));
            };
            // Both decodings run every time (see the module comment).
            let sha1 = rsa_oaep::decrypt(rsa, rsa_oaep::Hash::Sha1, encrypted_key);
            let sha256 = rsa_oaep::decrypt(rsa, rsa_oaep::Hash::Sha256, encrypted_key);
            match (sha1, sha256) {
                (Ok(cek), _) | (_, Ok(cek)) => Ok(cek),
                (Err(e), _) if e.code != Code::DecryptionFailed => Err(e),
                _ => Err(decryption_failed()),
            }
        }
        Family::EcdhEs { kw_len: Some(len) } => match standard() {
            Err(e) if e.code == Code::DecryptionFailed => {
                let Some(epk) = header.get("epk") else {
                    return Err(decryption_failed());
                };
                let z = ecdh_es::recipient_agree(key, epk)?;
                let kek = ecdh_hkdf::derive_kek(&z, len)?;
                aes_kw::unwrap(&kek, encrypted_key, enc.cek_len)
            }
            other => other,
        },
        Family::Pbes2 { hash, kek_len } => match standard() {
            Err(e) if e.code == Code::DecryptionFailed => {
                let password = password(key, km.name)?;
                let (p2c, p2s) = pbes2::read_params(header, limits.p2c_max)?;
                let kek = jam_pbes2::derive_kek(hash, password, &p2s, p2c, kek_len);
                aes_kw::unwrap(&kek, encrypted_key, enc.cek_len)
            }
            other => other,
        },
        _ => standard(),
    }
}
