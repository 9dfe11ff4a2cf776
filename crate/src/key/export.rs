//! Export: JWK (RFC 7517), RFC 7638 thumbprints, PEM (PKCS#8 / SPKI), and
//! the public half of a key.

use ::der::Decode;
use pkcs8::{EncodePrivateKey, EncodePublicKey};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::{EcKey, Key, Material, OkpKey, RsaKey, Usage};
use crate::base64url;
use crate::error::{err, Code, Error, Result};

/// Builds a JSON object member by member, in the order given (JWKs read
/// best with `kty` first). Values are JSON-escaped; secret values are
/// zeroised with the buffer.
struct JsonObject {
    out: Zeroizing<String>,
}

impl JsonObject {
    fn new() -> Self {
        JsonObject { out: Zeroizing::new(String::from("{")) }
    }

    fn name(&mut self, name: &str) {
        if self.out.len() > 1 {
            self.out.push(',');
        }
        self.out.push('"');
        self.out.push_str(name);
        self.out.push_str("\":");
    }

    fn raw(&mut self, name: &str, json: &str) {
        self.name(name);
        self.out.push_str(json);
    }

    fn string(&mut self, name: &str, value: &str) -> Result<()> {
        let json = serde_json::to_string(value)
            .map_err(|e| Error::new(Code::InvalidArgument, format!("cannot encode {name}: {e}")))?;
        self.raw(name, &json);
        Ok(())
    }

    /// A base64url member: the alphabet needs no JSON escaping.
    fn bytes(&mut self, name: &str, value: &[u8]) {
        let encoded = Zeroizing::new(base64url::encode(value));
        self.name(name);
        self.out.push('"');
        self.out.push_str(&encoded);
        self.out.push('"');
    }

    fn finish(mut self) -> String {
        self.out.push('}');
        core::mem::take(&mut *self.out)
    }
}

fn no_public_half() -> Error {
    Error::new(Code::KeyType, "a symmetric (oct) key has no public half")
}

/// The members of the key itself, private ones included when asked and held.
fn key_members(key: &Key, include_private: bool, json: &mut JsonObject) -> Result<()> {
    json.string("kty", key.kty())?;
    match &key.material {
        Material::Oct(oct) => {
            if !include_private {
                return Err(no_public_half());
            }
            json.bytes("k", &oct.bytes);
        }
        Material::Rsa(rsa) => {
            json.bytes("n", &rsa.n);
            json.bytes("e", &rsa.e);
            if include_private {
                if let Some(der) = rsa.to_pkcs1_private_der()? {
                    let parts = pkcs1::RsaPrivateKeyRef::from_der(der.as_bytes())
                        .map_err(|e| Error::new(Code::KeyEncoding, format!("RSA private key: {e}")))?;
                    json.bytes("d", parts.private_exponent.as_bytes());
                    json.bytes("p", parts.prime1.as_bytes());
                    json.bytes("q", parts.prime2.as_bytes());
                    json.bytes("dp", parts.exponent1.as_bytes());
                    json.bytes("dq", parts.exponent2.as_bytes());
                    json.bytes("qi", parts.coefficient.as_bytes());
                }
            }
        }
        Material::Ec(ec) => {
            json.string("crv", ec.curve.name())?;
            json.bytes("x", ec.x());
            json.bytes("y", ec.y());
            if let (true, Some(d)) = (include_private, &ec.secret) {
                json.bytes("d", d);
            }
        }
        Material::Okp(okp) => {
            json.string("crv", okp.curve.name())?;
            json.bytes("x", &okp.public);
            if let (true, Some(d)) = (include_private, &okp.secret) {
                json.bytes("d", d.as_slice());
            }
        }
    }
    Ok(())
}

/// The public counterpart of each private operation (RFC 7517 4.3).
fn public_op(op: &str) -> &str {
    match op {
        "sign" => "verify",
        "decrypt" => "encrypt",
        "unwrapKey" => "wrapKey",
        other => other,
    }
}

impl Key {
    /// The key as a JWK with its `kid`, `use`, `key_ops` and `alg`. Private
    /// members are written only when `include_private` is set and the key
    /// holds them; an `oct` key without `include_private` is refused.
    pub fn to_jwk(&self, include_private: bool) -> Result<String> {
        let mut json = JsonObject::new();
        key_members(self, include_private, &mut json)?;
        if let Some(kid) = &self.kid {
            json.string("kid", kid)?;
        }
        if let Some(use_) = &self.usage.use_ {
            json.string("use", use_)?;
        }
        if let Some(ops) = &self.usage.key_ops {
            let list = serde_json::to_string(ops)
                .map_err(|e| Error::new(Code::InvalidArgument, format!("cannot encode key_ops: {e}")))?;
            json.raw("key_ops", &list);
        }
        if let Some(alg) = &self.usage.alg {
            json.string("alg", alg)?;
        }
        Ok(json.finish())
    }

    /// The RFC 7638 thumbprint: SHA-256 over the required members in
    /// lexicographic order without white space, base64url-encoded.
    pub fn thumbprint(&self) -> Result<String> {
        let mut json = JsonObject::new();
        match &self.material {
            Material::Oct(oct) => {
                json.bytes("k", &oct.bytes);
                json.string("kty", "oct")?;
            }
            Material::Rsa(rsa) => {
                json.bytes("e", &rsa.e);
                json.string("kty", "RSA")?;
                json.bytes("n", &rsa.n);
            }
            Material::Ec(ec) => {
                json.string("crv", ec.curve.name())?;
                json.string("kty", "EC")?;
                json.bytes("x", ec.x());
                json.bytes("y", ec.y());
            }
            Material::Okp(okp) => {
                json.string("crv", okp.curve.name())?;
                json.string("kty", "OKP")?;
                json.bytes("x", &okp.public);
            }
        }
        let canonical = Zeroizing::new(json.finish());
        Ok(base64url::encode(&Sha256::digest(canonical.as_bytes())))
    }

    /// The key as PEM: PKCS#8 `PRIVATE KEY` when `include_private` is set
    /// and the key is private, SPKI `PUBLIC KEY` otherwise. `oct` keys have
    /// no PEM form.
    pub fn to_pem(&self, include_private: bool) -> Result<String> {
        if include_private {
            let private = match &self.material {
                Material::Oct(_) => return err(Code::KeyType, "a symmetric (oct) key has no PEM form"),
                Material::Rsa(rsa) => match &rsa.private {
                    None => None,
                    Some(private) => Some(
                        private
                            .key
                            .to_pkcs8_der()
                            .map_err(|e| Error::new(Code::KeyEncoding, format!("RSA private key: {e}")))?,
                    ),
                },
                Material::Ec(ec) => ec.to_pkcs8_der()?,
                Material::Okp(okp) => okp.to_pkcs8_der()?,
            };
            if let Some(der) = private {
                return Ok(super::pem::encode("PRIVATE KEY", der.as_bytes()));
            }
        }
        let spki = match &self.material {
            Material::Oct(_) => return err(Code::KeyType, "a symmetric (oct) key has no PEM form"),
            Material::Rsa(rsa) => rsa
                .public
                .to_public_key_der()
                .map(|doc| doc.as_bytes().to_vec())
                .map_err(|e| Error::new(Code::KeyEncoding, format!("RSA public key: {e}")))?,
            Material::Ec(ec) => ec.to_spki_der()?,
            Material::Okp(okp) => okp.to_spki_der()?,
        };
        Ok(super::pem::encode("PUBLIC KEY", &spki))
    }

    /// The public half, with the same `kid`, `use` and `alg`, and `key_ops`
    /// mapped to their public counterparts (`sign` -> `verify`, ...).
    pub fn public_key(&self) -> Result<Key> {
        let material = match &self.material {
            Material::Oct(_) => return Err(no_public_half()),
            Material::Rsa(rsa) => {
                Material::Rsa(RsaKey { public: rsa.public.clone(), n: rsa.n.clone(), e: rsa.e.clone(), private: None })
            }
            Material::Ec(ec) => Material::Ec(EcKey {
                curve: ec.curve,
                public: ec.public.clone(),
                secret: None,
                signer: None,
                verify_cache: Default::default(),
            }),
            Material::Okp(okp) => {
                Material::Okp(OkpKey { curve: okp.curve, public: okp.public, secret: None, signer: None })
            }
        };
        let key_ops = self.usage.key_ops.as_ref().map(|ops| {
            let mut public: Vec<String> = Vec::with_capacity(ops.len());
            for op in ops.iter().map(|op| public_op(op)) {
                if !public.iter().any(|seen| seen == op) {
                    public.push(op.to_string());
                }
            }
            public
        });
        Ok(Key {
            material,
            usage: Usage { use_: self.usage.use_.clone(), key_ops, alg: self.usage.alg.clone() },
            kid: self.kid.clone(),
        })
    }
}
