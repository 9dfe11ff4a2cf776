//! The cryptographic core of jam-jose: base64url, JWS and JWE compact
//! serialisation, the JOSE algorithms (RFC 7518, RFC 8037) and keys
//! (RFC 7517). It knows nothing of JavaScript; `bindings` (compiled for
//! wasm32 only) is the one thin layer that exposes it through wasm-bindgen.

pub mod base64url;
pub mod error;
pub mod hash;
pub mod jam;
pub mod json_serialization;
pub mod jwe;
pub mod jws;
pub mod key;
pub mod random;
pub mod unverified;

#[cfg(target_arch = "wasm32")]
pub mod bindings;
