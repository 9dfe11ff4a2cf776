//! Exports one timing loop per primitive and implementation (ring vs the
//! RustCrypto crates) for run.cjs; every verify must succeed or run.cjs stops.
#![allow(clippy::all)]
use wasm_bindgen::prelude::*;
use ring::rand::SystemRandom;
use ring::signature::{self, KeyPair, RsaPublicKeyComponents, UnparsedPublicKey};
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;
use sha2::{Digest, Sha256};

#[wasm_bindgen]
pub fn ring_rs256_verify(n: &[u8], e: &[u8], msg: &[u8], sig: &[u8], iters: u32) -> u32 {
    let mut ok = 0;
    for _ in 0..iters {
        ok += RsaPublicKeyComponents { n, e }.verify(&signature::RSA_PKCS1_2048_8192_SHA256, msg, sig).is_ok() as u32;
    }
    ok
}

#[wasm_bindgen]
pub struct RcRsa { public: rsa::PublicKey, private: rsa::PrivateKey, ring: ring::rsa::KeyPair }

#[wasm_bindgen]
impl RcRsa {
    #[wasm_bindgen(constructor)]
    pub fn new(pkcs8: &[u8]) -> RcRsa {
        let private = rsa::PrivateKey::from_pkcs8_der(pkcs8).unwrap();
        let ring = ring::rsa::KeyPair::from_pkcs8(pkcs8).unwrap();
        RcRsa { public: private.to_public_key(), private, ring }
    }
    pub fn n(&self) -> Vec<u8> { self.public.n_bytes().to_vec() }
    pub fn rc_verify(&self, msg: &[u8], sig: &[u8], iters: u32) -> u32 {
        let mut ok = 0;
        for _ in 0..iters {
            let h = Sha256::digest(msg);
            ok += self.public.verify(rsa::Pkcs1v15Sign::new::<Sha256>(), &h, sig).is_ok() as u32;
        }
        ok
    }
    pub fn rc_pss_verify(&self, msg: &[u8], sig: &[u8], iters: u32) -> u32 {
        let mut ok = 0;
        for _ in 0..iters {
            let h = Sha256::digest(msg);
            ok += self.public.verify(rsa::pss::Pss::<Sha256>::new_with_salt(32), &h, sig).is_ok() as u32;
        }
        ok
    }
    pub fn ring_pss_verify(&self, msg: &[u8], sig: &[u8], iters: u32) -> u32 {
        let n = self.public.n_bytes(); let e = self.public.e_bytes();
        let mut ok = 0;
        for _ in 0..iters {
            ok += RsaPublicKeyComponents { n: &n[..], e: &e[..] }.verify(&signature::RSA_PSS_2048_8192_SHA256, msg, sig).is_ok() as u32;
        }
        ok
    }
    pub fn ring_sign(&self, msg: &[u8], iters: u32) -> Vec<u8> {
        let mut out = vec![0u8; self.ring.public().modulus_len()];
        for _ in 0..iters {
            self.ring.sign(&signature::RSA_PKCS1_SHA256, &SystemRandom::new(), msg, &mut out).unwrap();
        }
        out
    }
    pub fn ring_pss_sign(&self, msg: &[u8], iters: u32) -> Vec<u8> {
        let mut out = vec![0u8; self.ring.public().modulus_len()];
        for _ in 0..iters {
            self.ring.sign(&signature::RSA_PSS_SHA256, &SystemRandom::new(), msg, &mut out).unwrap();
        }
        out
    }
    pub fn rc_sign(&self, msg: &[u8], iters: u32) -> Vec<u8> {
        let mut out = vec![];
        for _ in 0..iters {
            let h = Sha256::digest(msg);
            out = self.private.sign(rsa::Pkcs1v15Sign::new::<Sha256>(), &h).unwrap();
        }
        out
    }
}

#[wasm_bindgen]
pub fn ring_es256_verify(public: &[u8], msg: &[u8], sig: &[u8], iters: u32) -> u32 {
    let mut ok = 0;
    for _ in 0..iters {
        ok += UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, public).verify(msg, sig).is_ok() as u32;
    }
    ok
}
#[wasm_bindgen]
pub fn ring_es384_verify(public: &[u8], msg: &[u8], sig: &[u8], iters: u32) -> u32 {
    let mut ok = 0;
    for _ in 0..iters {
        ok += UnparsedPublicKey::new(&signature::ECDSA_P384_SHA384_FIXED, public).verify(msg, sig).is_ok() as u32;
    }
    ok
}
// The core's ES256 verifier (crate/src/jws/p256_table.rs), compiled from the
// same file: p256 arithmetic with per-key fixed-base tables.
#[path = "../../../../crate/src/jws/p256_table.rs"]
#[allow(dead_code)]
mod p256_table;

/// ES256 verify with the public point's table built once (as the core keeps
/// it with the key) and the generator's table in the static the core uses.
#[wasm_bindgen]
pub struct TableEs256 { table: p256_table::PublicTable }

#[wasm_bindgen]
impl TableEs256 {
    #[wasm_bindgen(constructor)]
    pub fn new(public: &[u8]) -> TableEs256 {
        TableEs256 { table: p256_table::PublicTable::from_sec1(public).unwrap() }
    }
    pub fn verify(&self, msg: &[u8], sig: &[u8], iters: u32) -> u32 {
        let mut ok = 0;
        for _ in 0..iters {
            ok += p256_table::verify(&self.table, msg, sig) as u32;
        }
        ok
    }
}

/// Other window widths (generator's, public point's), to choose the shipped ones.
macro_rules! table_variant {
    ($name:ident, $build:ident, $wg:literal, $wq:literal) => {
        #[wasm_bindgen]
        pub struct $name { g: p256_table::FixedBaseTable<$wg>, q: p256_table::FixedBaseTable<$wq> }
        #[wasm_bindgen]
        impl $name {
            #[wasm_bindgen(constructor)]
            pub fn new(public: &[u8]) -> $name {
                let g = p256_table::FixedBaseTable::new(p256::ProjectivePoint::GENERATOR);
                $name { g, q: p256_table::FixedBaseTable::from_sec1(public).unwrap() }
            }
            pub fn verify(&self, msg: &[u8], sig: &[u8], iters: u32) -> u32 {
                let mut ok = 0;
                for _ in 0..iters {
                    let digest: [u8; 32] = Sha256::digest(msg).into();
                    ok += p256_table::verify_prehash(&self.g, &self.q, &digest, sig) as u32;
                }
                ok
            }
        }
        /// Building one public point's table of this width.
        #[wasm_bindgen]
        pub fn $build(public: &[u8], iters: u32) -> u32 {
            let mut built = 0;
            for _ in 0..iters {
                built += p256_table::FixedBaseTable::<$wq>::from_sec1(public).is_some() as u32;
            }
            built
        }
    };
}
table_variant!(TableG4Q4, table_build_q4, 4, 4);
table_variant!(TableG5Q5, table_build_q5, 5, 5);
table_variant!(TableG6Q6, table_build_q6, 6, 6);
table_variant!(TableG7Q5, table_build_q5b, 7, 5);
table_variant!(TableG7Q6, table_build_q6b, 7, 6);
table_variant!(TableG7Q7, table_build_q7, 7, 7);

#[wasm_bindgen]
pub fn rc_es256_verify(public: &[u8], msg: &[u8], sig: &[u8], iters: u32) -> u32 {
    use p256::ecdsa::signature::Verifier;
    let vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(public).unwrap();
    let mut ok = 0;
    for _ in 0..iters {
        let s = p256::ecdsa::Signature::from_slice(sig).unwrap();
        ok += vk.verify(msg, &s).is_ok() as u32;
    }
    ok
}
#[wasm_bindgen]
pub fn rc_es384_verify(public: &[u8], msg: &[u8], sig: &[u8], iters: u32) -> u32 {
    use p384::ecdsa::signature::Verifier;
    let vk = p384::ecdsa::VerifyingKey::from_sec1_bytes(public).unwrap();
    let mut ok = 0;
    for _ in 0..iters {
        let s = p384::ecdsa::Signature::from_slice(sig).unwrap();
        ok += vk.verify(msg, &s).is_ok() as u32;
    }
    ok
}
#[wasm_bindgen]
pub fn ring_es256_sign(pkcs8: &[u8], msg: &[u8], iters: u32) -> Vec<u8> {
    let rng = SystemRandom::new();
    let kp = signature::EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8, &rng).unwrap();
    let mut out = vec![];
    for _ in 0..iters { out = kp.sign(&rng, msg).unwrap().as_ref().to_vec(); }
    out
}
#[wasm_bindgen]
pub fn ring_es384_sign(pkcs8: &[u8], msg: &[u8], iters: u32) -> Vec<u8> {
    let rng = SystemRandom::new();
    let kp = signature::EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P384_SHA384_FIXED_SIGNING, pkcs8, &rng).unwrap();
    let mut out = vec![];
    for _ in 0..iters { out = kp.sign(&rng, msg).unwrap().as_ref().to_vec(); }
    out
}
#[wasm_bindgen]
pub fn rc_es256_sign(pkcs8: &[u8], msg: &[u8], iters: u32) -> Vec<u8> {
    use p256::ecdsa::signature::Signer;
    let sk = p256::ecdsa::SigningKey::from_pkcs8_der(pkcs8).unwrap();
    let mut out = vec![];
    for _ in 0..iters { let s: p256::ecdsa::Signature = sk.sign(msg); out = s.to_bytes().to_vec(); }
    out
}
#[wasm_bindgen]
pub fn rc_es384_sign(pkcs8: &[u8], msg: &[u8], iters: u32) -> Vec<u8> {
    use p384::ecdsa::signature::Signer;
    let sk = p384::ecdsa::SigningKey::from_pkcs8_der(pkcs8).unwrap();
    let mut out = vec![];
    for _ in 0..iters { let s: p384::ecdsa::Signature = sk.sign(msg); out = s.to_bytes().to_vec(); }
    out
}
#[wasm_bindgen]
pub fn ring_ed_sign(seed: &[u8], msg: &[u8], iters: u32) -> Vec<u8> {
    let kp = signature::Ed25519KeyPair::from_seed_unchecked(seed).unwrap();
    let mut out = vec![];
    for _ in 0..iters { out = kp.sign(msg).as_ref().to_vec(); }
    let _ = kp.public_key();
    out
}
#[wasm_bindgen]
pub fn rc_ed_sign(seed: &[u8], msg: &[u8], iters: u32) -> Vec<u8> {
    use ed25519_dalek::Signer;
    let sk = ed25519_dalek::SigningKey::from_bytes(seed.try_into().unwrap());
    let mut out = vec![];
    for _ in 0..iters { out = sk.sign(msg).to_bytes().to_vec(); }
    out
}
#[wasm_bindgen]
pub fn ring_ed_verify(public: &[u8], msg: &[u8], sig: &[u8], iters: u32) -> u32 {
    let mut ok = 0;
    for _ in 0..iters { ok += UnparsedPublicKey::new(&signature::ED25519, public).verify(msg, sig).is_ok() as u32; }
    ok
}
#[wasm_bindgen]
pub fn rc_ed_verify(public: &[u8], msg: &[u8], sig: &[u8], iters: u32) -> u32 {
    let vk = ed25519_dalek::VerifyingKey::from_bytes(public.try_into().unwrap()).unwrap();
    let mut ok = 0;
    for _ in 0..iters {
        let s = ed25519_dalek::Signature::from_slice(sig).unwrap();
        ok += vk.verify_strict(msg, &s).is_ok() as u32;
    }
    ok
}

fn public_op_vartime(key: &rsa::PublicKey, sig: &[u8]) -> Option<Vec<u8>> {
    use crypto_bigint::modular::BoxedMontyForm;
    let n = key.n();
    let s = rsa::BoxedUint::from_be_slice(sig, key.n_bits_precision()).ok()?;
    if &s >= n.as_ref() { return None; }
    let base = BoxedMontyForm::new(s, key.n_params());
    let e = key.e();
    let bits = e.bits();
    let mut acc = base.clone();
    for i in (0..bits.saturating_sub(1)).rev() {
        acc = acc.square();
        if bool::from(e.bit(i)) { acc = acc.mul(&base); }
    }
    let m = acc.retrieve();
    let bytes = m.to_be_bytes();
    let k = key.size();
    Some(bytes[bytes.len() - k..].to_vec())
}

#[wasm_bindgen]
impl RcRsa {
    pub fn fast_verify(&self, msg: &[u8], sig: &[u8], iters: u32) -> u32 {
        let mut ok = 0;
        for _ in 0..iters {
            let h = Sha256::digest(msg);
            let em = public_op_vartime(&self.public, sig).unwrap();
            ok += (em[em.len() - 32..] == h[..]) as u32;
        }
        ok
    }
}

/// Pieces of one table verify, to see where its time goes (256 pieces per counted op).
#[wasm_bindgen]
pub fn piece_es256(which: u32, msg: &[u8], sig: &[u8], iters: u32) -> u32 {
    use p256::elliptic_curve::group::{Curve as _, Group as _};
    use p256::elliptic_curve::point::AffineCoordinates;
    let s = p256::ecdsa::Signature::from_slice(sig).unwrap();
    let (r, sc) = s.split_scalars();
    let mut acc = p256::ProjectivePoint::GENERATOR * *r;
    let aff = (p256::ProjectivePoint::GENERATOR * *sc).to_affine();
    let mut n = 0u32;
    // 256 pieces per counted op: the set-up above would swamp one.
    for _ in 0..iters * 256 {
        match which {
            0 => n += Sha256::digest(msg)[0] as u32,
            1 => n += p256::ecdsa::Signature::from_slice(sig).is_ok() as u32,
            2 => n += bool::from(sc.invert_vartime().is_some()) as u32,
            3 => n += bool::from(sc.invert().is_some()) as u32,
            4 => n += acc.to_affine().x()[0] as u32,
            5 => { acc += &aff; n += 1 }
            6 => { acc = acc.double(); n += 1 }
            _ => n += 1,
        }
    }
    n
}

/// The key's 7-bit table for u2*Q, and p256's own generator multiplication
/// (its lazily built basepoint table, variable time) for u1*G.
#[wasm_bindgen]
pub struct TableP256G { q: p256_table::PublicTable }

#[wasm_bindgen]
impl TableP256G {
    #[wasm_bindgen(constructor)]
    pub fn new(public: &[u8]) -> TableP256G {
        TableP256G { q: p256_table::PublicTable::from_sec1(public).unwrap() }
    }
    pub fn verify(&self, msg: &[u8], sig: &[u8], iters: u32) -> u32 {
        use p256::elliptic_curve::group::{Curve as _, Group as _};
        use p256::elliptic_curve::ops::{MulByGeneratorVartime, Reduce};
        use p256::elliptic_curve::point::AffineCoordinates;
        use p256::{FieldBytes, ProjectivePoint, Scalar};
        let mut ok = 0;
        for _ in 0..iters {
            let digest: [u8; 32] = Sha256::digest(msg).into();
            let (r, s) = p256::ecdsa::Signature::from_slice(sig).unwrap().split_scalars();
            let e = <Scalar as Reduce<FieldBytes>>::reduce(&FieldBytes::from(digest));
            let w: Scalar = Option::from(s.invert_vartime()).unwrap();
            let mut sum = ProjectivePoint::mul_by_generator_vartime(&(e * w));
            self.q.add_multiple(&mut sum, &(*r * w));
            let x = <Scalar as Reduce<FieldBytes>>::reduce(&sum.to_affine().x());
            ok += (!bool::from(sum.is_identity()) && x == *r) as u32;
        }
        ok
    }
}
