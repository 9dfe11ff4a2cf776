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

/// Raw r || s of exactly twice the curve size, each in [1, n-1]. Compared
/// as big-endian bytes against the curve order the curve crate defines (what
/// its `Signature::from_slice` checks, at a fraction of the cost: these are
/// public values, so no constant time is needed).
fn ecdsa_in_range(curve: Curve, signature: &[u8]) -> bool {
    let size = curve.size();
    if signature.len() != 2 * size {
        return false;
    }
    let order = curve_order(curve);
    let (r, s) = signature.split_at(size);
    in_one_to_order(r, order) && in_one_to_order(s, order)
}

/// 1 <= value < order, both big-endian of the same length.
fn in_one_to_order(value: &[u8], order: &[u8]) -> bool {
    value.iter().any(|&b| b != 0) && value < order
}

/// The group order n of `curve`, big-endian, `curve.size()` bytes long.
fn curve_order(curve: Curve) -> &'static [u8] {
    use elliptic_curve::Curve as _;
    static ORDERS: std::sync::OnceLock<[Vec<u8>; 3]> = std::sync::OnceLock::new();
    let orders = ORDERS.get_or_init(|| {
        // The crates' orders are fixed-width integers: keep the curve's size in bytes.
        let trimmed =
            |bytes: &[u8], size: usize| bytes.get(bytes.len().saturating_sub(size)..).unwrap_or(bytes).to_vec();
        [
            trimmed(&p256::NistP256::ORDER.get().to_be_bytes(), Curve::P256.size()),
            trimmed(&p384::NistP384::ORDER.get().to_be_bytes(), Curve::P384.size()),
            trimmed(&p521::NistP521::ORDER.get().to_be_bytes(), Curve::P521.size()),
        ]
    });
    match curve {
        Curve::P256 => &orders[0],
        Curve::P384 => &orders[1],
        Curve::P521 => &orders[2],
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

    /// The byte comparison decides exactly as the curve crates' own check,
    /// at the boundaries (0, 1, n-1, n, n+1, all ones) and on random values.
    #[test]
    fn ecdsa_range_agrees_with_the_curve_crates() {
        fn crates(curve: Curve, sig: &[u8]) -> bool {
            match curve {
                Curve::P256 => p256::ecdsa::Signature::from_slice(sig).is_ok(),
                Curve::P384 => p384::ecdsa::Signature::from_slice(sig).is_ok(),
                Curve::P521 => p521::ecdsa::Signature::from_slice(sig).is_ok(),
            }
        }
        fn plus(bytes: &[u8], delta: i8) -> Vec<u8> {
            let mut out = bytes.to_vec();
            for byte in out.iter_mut().rev() {
                let (value, carry) = if delta > 0 { byte.overflowing_add(1) } else { byte.overflowing_sub(1) };
                *byte = value;
                if !carry {
                    break;
                }
            }
            out
        }
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for curve in [Curve::P256, Curve::P384, Curve::P521] {
            let size = curve.size();
            let order = curve_order(curve).to_vec();
            assert_eq!(order.len(), size);
            let one = plus(&vec![0; size], 1);
            let mut values =
                vec![vec![0; size], one, plus(&order, -1), order.clone(), plus(&order, 1), vec![0xff; size]];
            for _ in 0..200 {
                let mut v = vec![0u8; size];
                for byte in v.iter_mut() {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    *byte = state as u8;
                }
                values.push(v);
            }
            for r in &values {
                for s in values.iter().take(8) {
                    let sig = [r.as_slice(), s.as_slice()].concat();
                    assert_eq!(ecdsa_in_range(curve, &sig), crates(curve, &sig), "{curve:?}");
                    let swapped = [s.as_slice(), r.as_slice()].concat();
                    assert_eq!(ecdsa_in_range(curve, &swapped), crates(curve, &swapped), "{curve:?}");
                }
            }
        }
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
