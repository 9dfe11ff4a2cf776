//! JWS (RFC 7515): the algorithm table, one module per algorithm family, and
//! the compact serialisation.

pub mod algorithms;
pub mod compact;
mod ecdsa;
mod eddsa;
pub mod extensions;
pub mod hmac;
pub mod json;
pub(crate) mod p256_table;
mod rsa;
pub mod segment;
pub mod shape;

pub use algorithms::{lookup, JwsAlgorithm};
pub use compact::{prepare, sign, sign_in, signing_input, unverified_payload, verify, verify_in, Prepared, Verified};
