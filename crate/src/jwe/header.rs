//! The JWE protected header: parsed strictly (a JSON object whose member
//! names are unique, RFC 7515 4 / 7516 4) and read through typed accessors
//! that turn every shape error into `HeaderInvalid`.

use core::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::base64url;
use crate::error::{err, Code, Error, Result};

/// A parsed header: member name -> JSON value.
pub type Header = Map<String, Value>;

/// A JSON object that refuses duplicate member names: two `alg` members could
/// otherwise be read one way here and another way by whoever reads the header
/// next.
struct UniqueObject(Header);

impl<'de> Deserialize<'de> for UniqueObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> core::result::Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = UniqueObject;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> core::result::Result<UniqueObject, A::Error> {
                let mut map = Header::new();
                while let Some((name, value)) = access.next_entry::<String, Value>()? {
                    if map.contains_key(&name) {
                        return Err(serde::de::Error::custom(format!("duplicate member {name:?}")));
                    }
                    map.insert(name, value);
                }
                Ok(UniqueObject(map))
            }
        }
        deserializer.deserialize_map(ObjectVisitor)
    }
}

/// Parses a header: a JSON object with unique member names, or `HeaderInvalid`.
pub fn parse(json: &[u8]) -> Result<Header> {
    serde_json::from_slice::<UniqueObject>(json)
        .map(|o| o.0)
        .map_err(|e| Error::new(Code::HeaderInvalid, format!("header is not a JSON object with unique members: {e}")))
}

/// A string member, if present; any other type is `HeaderInvalid`.
pub fn string<'a>(header: &'a Header, name: &str) -> Result<Option<&'a str>> {
    match header.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => err(Code::HeaderInvalid, format!("header member {name:?} must be a string")),
    }
}

/// A string member that must be present.
pub fn required_string<'a>(header: &'a Header, name: &str) -> Result<&'a str> {
    string(header, name)?.ok_or_else(|| Error::new(Code::HeaderInvalid, format!("header member {name:?} is missing")))
}

/// A base64url member, decoded, if present.
pub fn base64(header: &Header, name: &str) -> Result<Option<Vec<u8>>> {
    match string(header, name)? {
        None => Ok(None),
        Some(text) => base64url::decode(text.as_bytes())
            .map(Some)
            .map_err(|_| Error::new(Code::HeaderInvalid, format!("header member {name:?} is not base64url"))),
    }
}

/// A base64url member that must be present and decode to exactly `len` bytes.
pub fn base64_exact(header: &Header, name: &str, len: usize) -> Result<Vec<u8>> {
    match base64(header, name)? {
        Some(bytes) if bytes.len() == len => Ok(bytes),
        Some(_) => err(Code::HeaderInvalid, format!("header member {name:?} must be {len} bytes")),
        None => err(Code::HeaderInvalid, format!("header member {name:?} is missing")),
    }
}
