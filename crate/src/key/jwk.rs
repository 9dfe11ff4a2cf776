//! JWK import (RFC 7517, RFC 7518 section 6, RFC 8037). Members are decoded
//! with strict base64url; sizes are exact; public points are validated and
//! private halves must match their public halves.

use serde::Deserialize;

use super::rsa::RsaPrivateParts;
use super::{Curve, EcKey, Key, Material, OctKey, OkpCurve, OkpKey, RsaKey, Usage};
use crate::base64url;
use crate::error::{err, Code, Error, Result};

/// The members we read. Unknown members are ignored, as RFC 7517 4 asks;
/// a member of the wrong JSON type or given twice is an error (serde).
#[derive(Deserialize)]
struct Jwk {
    kty: Option<String>,
    #[serde(rename = "use")]
    use_: Option<String>,
    key_ops: Option<Vec<String>>,
    alg: Option<String>,
    kid: Option<String>,
    crv: Option<String>,
    k: Option<String>,
    n: Option<String>,
    e: Option<String>,
    d: Option<String>,
    p: Option<String>,
    q: Option<String>,
    dp: Option<String>,
    dq: Option<String>,
    qi: Option<String>,
    oth: Option<serde_json::Value>,
    x: Option<String>,
    y: Option<String>,
}

/// RFC 7517 4.3 operation names, and the `use` each belongs to.
const KEY_OPS: [(&str, &str); 8] = [
    ("sign", "sig"),
    ("verify", "sig"),
    ("encrypt", "enc"),
    ("decrypt", "enc"),
    ("wrapKey", "enc"),
    ("unwrapKey", "enc"),
    ("deriveKey", "enc"),
    ("deriveBits", "enc"),
];

/// A secret-free view of a member name for messages.
fn member<'a>(value: &'a Option<String>, name: &str) -> Result<&'a str> {
    value.as_deref().ok_or_else(|| Error::new(Code::KeyEncoding, format!("JWK is missing the \"{name}\" member")))
}

/// Strict base64url decode of a member; the message names the member only.
fn decode(value: &str, name: &str) -> Result<Vec<u8>> {
    base64url::decode(value.as_bytes())
        .map_err(|_| Error::new(Code::KeyEncoding, format!("JWK member \"{name}\" is not valid base64url")))
}

fn decode_member(value: &Option<String>, name: &str) -> Result<Vec<u8>> {
    decode(member(value, name)?, name)
}

fn decode_secret(value: &Option<String>, name: &str) -> Result<zeroize::Zeroizing<Vec<u8>>> {
    decode_member(value, name).map(zeroize::Zeroizing::new)
}

fn exact(bytes: &[u8], len: usize, name: &str, crv: &str) -> Result<()> {
    if bytes.len() != len {
        return err(
            Code::KeyEncoding,
            format!("JWK member \"{name}\" must be {len} bytes for {crv}, not {}", bytes.len()),
        );
    }
    Ok(())
}

fn usage(jwk: &Jwk) -> Result<Usage> {
    if let Some(use_) = &jwk.use_ {
        if use_ != "sig" && use_ != "enc" {
            return err(Code::KeyEncoding, format!("JWK \"use\" must be \"sig\" or \"enc\", not {use_:?}"));
        }
    }
    if let Some(ops) = &jwk.key_ops {
        for (i, op) in ops.iter().enumerate() {
            let Some((_, op_use)) = KEY_OPS.iter().find(|(name, _)| name == op) else {
                return err(Code::KeyEncoding, format!("JWK \"key_ops\" has an unknown operation {op:?}"));
            };
            if ops.iter().take(i).any(|earlier| earlier == op) {
                return err(Code::KeyEncoding, format!("JWK \"key_ops\" lists {op:?} twice"));
            }
            // RFC 7517 4.3: when both are present they must agree.
            if jwk.use_.as_deref().is_some_and(|u| u != *op_use) {
                return err(Code::KeyEncoding, format!("JWK \"key_ops\" {op:?} contradicts its \"use\""));
            }
        }
    }
    if jwk.alg.as_deref() == Some("") {
        return err(Code::KeyEncoding, "JWK \"alg\" must not be empty");
    }
    Ok(Usage { use_: jwk.use_.clone(), key_ops: jwk.key_ops.clone(), alg: jwk.alg.clone() })
}

fn oct(jwk: &Jwk) -> Result<Material> {
    let k = decode_secret(&jwk.k, "k")?;
    // A JWK states its key exactly: the jam short-secret opt-out never applies.
    Ok(Material::Oct(OctKey::from_bytes(&k, false)?))
}

fn rsa(jwk: &Jwk) -> Result<Material> {
    if jwk.oth.is_some() {
        return err(Code::KeyType, "multi-prime RSA keys (\"oth\") are not supported");
    }
    let n = decode_member(&jwk.n, "n")?;
    let e = decode_member(&jwk.e, "e")?;
    let private_members = [&jwk.p, &jwk.q, &jwk.dp, &jwk.dq, &jwk.qi];
    if jwk.d.is_none() {
        if private_members.iter().any(|m| m.is_some()) {
            return err(Code::KeyEncoding, "RSA JWK has private members but no \"d\"");
        }
        return Ok(Material::Rsa(RsaKey::from_public_components(&n, &e)?));
    }
    let d = decode_secret(&jwk.d, "d")?;
    let p = decode_secret(&jwk.p, "p")?;
    let q = decode_secret(&jwk.q, "q")?;
    let dp = decode_secret(&jwk.dp, "dp")?;
    let dq = decode_secret(&jwk.dq, "dq")?;
    let qi = decode_secret(&jwk.qi, "qi")?;
    let parts = RsaPrivateParts { n: &n, e: &e, d: &d, p: &p, q: &q, dp: &dp, dq: &dq, qi: &qi };
    Ok(Material::Rsa(RsaKey::from_private_parts(&parts)?))
}

fn ec(jwk: &Jwk) -> Result<Material> {
    let crv = member(&jwk.crv, "crv")?;
    let curve = Curve::from_name(crv)?;
    let size = curve.size();
    let x = decode_member(&jwk.x, "x")?;
    let y = decode_member(&jwk.y, "y")?;
    exact(&x, size, "x", crv)?;
    exact(&y, size, "y", crv)?;
    let mut point = Vec::with_capacity(1 + 2 * size);
    point.push(0x04);
    point.extend_from_slice(&x);
    point.extend_from_slice(&y);
    let key = match &jwk.d {
        None => EcKey::from_public_point(curve, &point)?,
        Some(_) => {
            let d = decode_secret(&jwk.d, "d")?;
            exact(&d, size, "d", crv)?;
            EcKey::from_private_scalar(curve, &d, Some(&point))?
        }
    };
    Ok(Material::Ec(key))
}

fn okp(jwk: &Jwk) -> Result<Material> {
    let crv = member(&jwk.crv, "crv")?;
    let curve = OkpCurve::from_name(crv)?;
    let x = decode_member(&jwk.x, "x")?;
    exact(&x, 32, "x", crv)?;
    let key = match &jwk.d {
        None => OkpKey::from_public(curve, &x)?,
        Some(_) => {
            let d = decode_secret(&jwk.d, "d")?;
            exact(&d, 32, "d", crv)?;
            OkpKey::from_private(curve, &d, Some(&x))?
        }
    };
    Ok(Material::Okp(key))
}

/// Parses one JWK (a JSON object) into a key with its `use`, `key_ops`,
/// `alg` and `kid`.
pub fn parse_jwk(json: &str) -> Result<Key> {
    let jwk: Jwk = serde_json::from_str(json.trim())
        .map_err(|e| Error::new(Code::KeyEncoding, format!("JWK is not a valid JSON object: {e}")))?;
    let usage = usage(&jwk)?;
    let material = match member(&jwk.kty, "kty")? {
        "oct" => oct(&jwk)?,
        "RSA" => rsa(&jwk)?,
        "EC" => ec(&jwk)?,
        "OKP" => okp(&jwk)?,
        other => return err(Code::KeyType, format!("unsupported JWK kty {other:?}")),
    };
    Ok(Key { material, usage, kid: jwk.kid })
}
