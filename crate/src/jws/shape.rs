//! The shape a signature must have before any backend looks at it: exact
//! length for every family, r and s in [1, n-1] for ECDSA, a canonical S for
//! Ed25519. Both backends (ring/RustCrypto in wasm, OpenSSL through
//! `node:crypto`) run after this check, so neither one's leniency (OpenSSL
//! accepts RSA signatures shorter than the modulus, for one) can make it
//! accept what the other refuses.

use super::algorithms::{Family, JwsAlgorithm};
use crate::key::{Curve, Key, Material};

/// The Ed25519 group order L, little-endian (RFC 8032 5.1.7: S must be < L).
const ED25519_ORDER_LE: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
];

/// True when `signature` has the shape `algorithm` requires with `key`.
/// The key must already fit the algorithm (`check_key`).
pub fn well_formed(algorithm: &JwsAlgorithm, key: &Key, signature: &[u8]) -> bool {
    match (&algorithm.family, &key.material) {
        (Family::Hmac(hash), Material::Oct(_)) => signature.len() == hash.output_len(),
        (Family::RsaPkcs1(_) | Family::RsaPss(_), Material::Rsa(k)) => {
            signature.len() == crate::key::rsa::trim(&k.n).len()
        }
        (Family::Ecdsa(curve), Material::Ec(_)) => ecdsa_in_range(*curve, signature),
        (Family::EdDsa, Material::Okp(_)) => ed25519_canonical(signature),
        _ => false,
    }
}

/// Raw r || s of exactly twice the curve size, each in [1, n-1]. The curve
/// crates' `Signature::from_slice` makes exactly this check.
fn ecdsa_in_range(curve: Curve, signature: &[u8]) -> bool {
    if signature.len() != 2 * curve.size() {
        return false;
    }
    match curve {
        Curve::P256 => p256::ecdsa::Signature::from_slice(signature).is_ok(),
        Curve::P384 => p384::ecdsa::Signature::from_slice(signature).is_ok(),
        Curve::P521 => p521::ecdsa::Signature::from_slice(signature).is_ok(),
    }
}

/// 64 bytes whose S half (little-endian) is below the group order.
fn ed25519_canonical(signature: &[u8]) -> bool {
    let Some(s) = signature.get(32..64).filter(|_| signature.len() == 64) else {
        return false;
    };
    // Compare from the most significant byte down.
    for (byte, order) in s.iter().rev().zip(ED25519_ORDER_LE.iter().rev()) {
        if byte != order {
            return byte < order;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ed25519_s_must_be_below_the_order() {
        let mut sig = [0u8; 64];
        sig[32..].copy_from_slice(&ED25519_ORDER_LE);
        assert!(!ed25519_canonical(&sig), "S = L is refused");
        sig[32] -= 1;
        assert!(ed25519_canonical(&sig), "S = L - 1 is accepted");
        assert!(!ed25519_canonical(&sig[..63]), "63 bytes are refused");
    }

    #[test]
    fn ecdsa_zero_and_order_are_refused() {
        let mut sig = [0u8; 64];
        sig[31] = 1;
        assert!(!ecdsa_in_range(Curve::P256, &sig), "s = 0 is refused");
        sig[63] = 1;
        assert!(ecdsa_in_range(Curve::P256, &sig), "r = s = 1 is accepted");
        let order: [u8; 32] = [
            0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6,
            0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
        ];
        sig[..32].copy_from_slice(&order);
        assert!(!ecdsa_in_range(Curve::P256, &sig), "r = n is refused");
        assert!(!ecdsa_in_range(Curve::P256, &sig[..63]), "a short signature is refused");
    }
}
