//! What the JWS and JWE JSON serializations (RFC 7515 7.2, RFC 7516 7.2)
//! share: strict parsing of the untrusted JSON document (unique member names
//! at every depth, so no two readers can see different values), typed member
//! accessors that turn every shape error into a stable code, and the rule
//! that the headers joined into one JOSE Header have disjoint member names.

use core::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::base64url;
use crate::error::{err, Code, Error, Result};

/// A JSON object: member name -> value.
pub type Object = Map<String, Value>;

/// A JSON value whose objects, at every depth, have unique member names.
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> core::result::Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Strict;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> core::result::Result<Strict, E> {
        Ok(Strict(Value::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> core::result::Result<Strict, E> {
        Ok(Strict(Value::Number(v.into())))
    }
    fn visit_u64<E>(self, v: u64) -> core::result::Result<Strict, E> {
        Ok(Strict(Value::Number(v.into())))
    }
    fn visit_f64<E>(self, v: f64) -> core::result::Result<Strict, E> {
        Ok(Strict(Number::from_f64(v).map_or(Value::Null, Value::Number)))
    }
    fn visit_str<E>(self, v: &str) -> core::result::Result<Strict, E> {
        Ok(Strict(Value::String(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> core::result::Result<Strict, E> {
        Ok(Strict(Value::String(v)))
    }
    fn visit_unit<E>(self) -> core::result::Result<Strict, E> {
        Ok(Strict(Value::Null))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> core::result::Result<Strict, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(item)) = access.next_element::<Strict>()? {
            items.push(item);
        }
        Ok(Strict(Value::Array(items)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> core::result::Result<Strict, A::Error> {
        let mut map = Object::new();
        while let Some((name, Strict(value))) = access.next_entry::<String, Strict>()? {
            if map.contains_key(&name) {
                return Err(serde::de::Error::custom(format!("duplicate member {name:?}")));
            }
            map.insert(name, value);
        }
        Ok(Strict(Value::Object(map)))
    }
}

/// Parses a JSON object whose objects have unique member names at every depth;
/// anything else is an error with `code`.
pub fn parse_object(json: &[u8], code: Code, what: &str) -> Result<Object> {
    match serde_json::from_slice::<Strict>(json) {
        Ok(Strict(Value::Object(object))) => Ok(object),
        Ok(_) => err(code, format!("{what} is not a JSON object")),
        Err(e) => err(code, format!("{what} is not a JSON object with unique member names: {e}")),
    }
}

/// True when `json` holds nothing but white space (an absent header).
pub fn is_blank(json: &[u8]) -> bool {
    json.iter().all(u8::is_ascii_whitespace)
}

/// A caller's header: `None` when blank, else a strict JSON object.
pub fn optional_header(json: &[u8], code: Code, what: &str) -> Result<Option<Object>> {
    if is_blank(json) {
        Ok(None)
    } else {
        parse_object(json, code, what).map(Some)
    }
}

/// A string member of the document, if present; any other type is malformed.
pub fn string_member<'a>(object: &'a Object, name: &str) -> Result<Option<&'a str>> {
    match object.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => err(Code::TokenMalformed, format!("member {name:?} must be a string")),
    }
}

/// An object member of the document, if present; any other type is malformed.
pub fn object_member<'a>(object: &'a Object, name: &str) -> Result<Option<&'a Object>> {
    match object.get(name) {
        None => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(_) => err(Code::TokenMalformed, format!("member {name:?} must be a JSON object")),
    }
}

/// A base64url member, decoded strictly, if present.
pub fn base64_member(object: &Object, name: &str) -> Result<Option<Vec<u8>>> {
    string_member(object, name)?.map(|text| base64url::decode(text.as_bytes())).transpose()
}

/// The array member `name`, holding between 1 and `max` objects.
pub fn object_array<'a>(object: &'a Object, name: &str, max: usize) -> Result<Vec<&'a Object>> {
    let Some(Value::Array(items)) = object.get(name) else {
        return err(Code::TokenMalformed, format!("member {name:?} must be an array"));
    };
    if items.is_empty() {
        return err(Code::TokenMalformed, format!("member {name:?} must not be empty"));
    }
    if items.len() > max {
        return err(Code::TokenTooLarge, format!("member {name:?} holds more than {max} entries"));
    }
    items
        .iter()
        .map(|item| match item {
            Value::Object(o) => Ok(o),
            _ => err(Code::TokenMalformed, format!("every entry of {name:?} must be a JSON object")),
        })
        .collect()
}

/// Refuses a document that mixes the general and the flattened syntax: the
/// flattened members may not sit beside the array that replaces them.
pub fn refuse_members(object: &Object, names: &[&str], array: &str) -> Result<()> {
    match names.iter().find(|name| object.contains_key(**name)) {
        Some(name) => err(Code::TokenMalformed, format!("member {name:?} cannot appear beside {array:?}")),
        None => Ok(()),
    }
}

/// The JOSE Header: the union of `parts`, which must have disjoint member
/// names (RFC 7515 7.2.1, RFC 7516 7.2.1): a name in two places could be read
/// from either.
pub fn join(parts: &[Option<&Object>]) -> Result<Object> {
    let mut joined = Object::new();
    for part in parts.iter().flatten() {
        for (name, value) in part.iter() {
            if joined.contains_key(name) {
                return err(Code::HeaderInvalid, format!("header member {name:?} appears in more than one header"));
            }
            joined.insert(name.clone(), value.clone());
        }
    }
    Ok(joined)
}

/// Serialises a document we built (cannot fail for a `Value`, but a failure
/// is still typed rather than a panic).
pub fn to_string(value: &Value, code: Code) -> Result<String> {
    serde_json::to_string(value).map_err(|_| Error::new(code, "JSON serialisation failed"))
}
