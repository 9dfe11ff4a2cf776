//! JWS (RFC 7515): the algorithm table, one module per algorithm family, and
//! the compact serialisation.

pub mod algorithms;
pub mod compact;
mod ecdsa;
mod eddsa;
pub mod hmac;
mod rsa;
pub mod segment;
pub mod shape;

pub use algorithms::{lookup, JwsAlgorithm};
pub use compact::{prepare, sign, unverified_payload, verify, Prepared, Verified};
