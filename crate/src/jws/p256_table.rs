//! ES256 verification with fixed-base tables: the public point Q's
//! multiples are computed once per key and the generator's once per
//! instance, so that u1*G + u2*Q is a sum of 2 x 37 table entries (7-bit
//! signed windows) and no doublings (the variable-base way costs 256 doublings per
//! verify). Field and point arithmetic are RustCrypto p256's own; this file
//! only chooses which table entries to add.
//!
//! Everything here is public (the key, the message, the signature), so the
//! code runs in variable time: it skips zero digits and indexes tables by
//! digit. Signing never comes here.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use p256::ecdsa::Signature;
use p256::elliptic_curve::group::{Curve as _, Group as _};
use p256::elliptic_curve::ops::Reduce;
use p256::elliptic_curve::point::AffineCoordinates;
use p256::elliptic_curve::sec1::FromSec1Point;
use p256::{AffinePoint, FieldBytes, ProjectivePoint, Scalar};
use sha2::{Digest, Sha256};

/// Bits per signed digit of the public point's table (built per key):
/// 37 digits in [-63, 64] cover a 256-bit scalar. Measured on wasm32
/// (docs/performance-wasm.md), with the generator at 7 bits: 5, 6 and 7
/// bits verify at about 4.8k, 5.3k and 5.6k per second, and a table takes
/// about 55, 91 and 157 KiB.
pub const PUBLIC_WINDOW: usize = 7;
/// Bits per signed digit of the generator's table (one per instance,
/// 157 KiB on wasm32). p256's own generator multiplication in its place
/// verified at about 4.0k per second.
pub const GENERATOR_WINDOW: usize = 7;

/// The table kept with each P-256 public key.
pub type PublicTable = FixedBaseTable<PUBLIC_WINDOW>;

/// Verifies a key makes with ring before its table is built: a key used a
/// few times never pays for a table (building one costs about as much as
/// 14 ring verifies on wasm32, 7 ms), and a key used often pays once. The
/// generator's table is built at a key's BUILD_AFTER / 2 + 1-th request
/// instead, so that no single verify pays for both.
pub const BUILD_AFTER: u32 = 8;

/// ES256 verification state kept with a P-256 key (`EcKey::verify_cache`).
#[derive(Default)]
pub struct VerifyCache {
    uses: AtomicU32,
    table: OnceLock<Option<PublicTable>>,
}

impl VerifyCache {
    /// The table of `public` (the key's validated SEC1 point) once the key
    /// has been asked for it more than BUILD_AFTER times; None before that,
    /// and the caller verifies without one.
    pub fn table(&self, public: &[u8]) -> Option<&PublicTable> {
        if let Some(table) = self.table.get() {
            return table.as_ref();
        }
        let uses = self.uses.fetch_add(1, Ordering::Relaxed);
        if uses < BUILD_AFTER {
            if uses == BUILD_AFTER / 2 {
                generator_table();
            }
            return None;
        }
        self.table.get_or_init(|| PublicTable::from_sec1(public)).as_ref()
    }

    /// Whether the table has been built.
    pub fn is_built(&self) -> bool {
        self.table.get().is_some()
    }
}

/// The most digits any supported window needs (W = 4: 65).
const MAX_POSITIONS: usize = 65;

/// Affine multiples d * 2^(W*i) * P for every digit position i and every
/// d in 1..=2^(W-1). For W = 7: 37 positions x 64 points = 2,368 points,
/// 157 KiB on wasm32 (68-byte points) and 167 KiB on 64-bit hosts.
pub struct FixedBaseTable<const W: usize> {
    points: Vec<AffinePoint>,
}

impl<const W: usize> FixedBaseTable<W> {
    /// Digits of a scalar below 2^256 in signed radix 2^W: ceil(257 / W)
    /// (the top digit absorbs the last carry).
    const POSITIONS: usize = {
        assert!(W >= 4 && W <= 8, "window of 4 to 8 bits");
        257_usize.div_ceil(W)
    };
    /// Table entries per position: the multiples 1..=2^(W-1) of the
    /// position's base; a negative digit negates its entry.
    const ENTRIES: usize = 1 << (W - 1);

    /// The table of a point (never the identity: callers pass a validated
    /// public key or the generator).
    pub fn new(base: ProjectivePoint) -> Self {
        let mut multiples = Vec::with_capacity(Self::POSITIONS * Self::ENTRIES);
        let mut position_base = base;
        for _ in 0..Self::POSITIONS {
            let mut multiple = position_base;
            multiples.push(multiple);
            for _ in 1..Self::ENTRIES {
                multiple += position_base;
                multiples.push(multiple);
            }
            // The last multiple is 2^(W-1) times the base: one doubling gives
            // the next position's base.
            position_base = multiple.double();
        }
        // One field inversion for the whole table (Montgomery's trick).
        let mut points = vec![AffinePoint::IDENTITY; multiples.len()];
        ProjectivePoint::batch_normalize(&multiples, &mut points);
        FixedBaseTable { points }
    }

    /// The table of a SEC1-encoded P-256 point, or None if it is not one.
    pub fn from_sec1(sec1: &[u8]) -> Option<Self> {
        let point: Option<AffinePoint> = AffinePoint::from_sec1_bytes(sec1).ok();
        point.filter(|p| !bool::from(p.is_identity())).map(|p| Self::new(p.into()))
    }

    /// Adds k times the table's point to `acc`: one mixed addition per
    /// non-zero digit, no doublings.
    pub fn add_multiple(&self, acc: &mut ProjectivePoint, k: &Scalar) {
        let digits = signed_digits::<W>(k);
        for (position, &digit) in digits.iter().take(Self::POSITIONS).enumerate() {
            if digit == 0 {
                continue;
            }
            let index = position * Self::ENTRIES + (digit.unsigned_abs() as usize - 1);
            if let Some(entry) = self.points.get(index) {
                if digit < 0 {
                    *acc += -*entry;
                } else {
                    *acc += entry;
                }
            }
        }
    }
}

/// The generator's table, built once per instance when first needed
/// (`VerifyCache::table` asks for it at a key's BUILD_AFTER / 2 + 1-th verify).
fn generator_table() -> &'static FixedBaseTable<GENERATOR_WINDOW> {
    static TABLE: OnceLock<FixedBaseTable<GENERATOR_WINDOW>> = OnceLock::new();
    TABLE.get_or_init(|| FixedBaseTable::new(ProjectivePoint::GENERATOR))
}

/// The signed radix-2^W digits of k, least significant first: k = sum of
/// digit[i] * 2^(W*i), each digit in [-2^(W-1) + 1, 2^(W-1)]; positions
/// past ceil(257 / W) are zero.
fn signed_digits<const W: usize>(k: &Scalar) -> [i32; MAX_POSITIONS] {
    // Little-endian bytes, zero-padded so that a window never reads past
    // the end.
    let mut le = [0u8; 34];
    for (dst, src) in le.iter_mut().zip(k.to_bytes().iter().rev()) {
        *dst = *src;
    }
    let half = 1i32 << (W - 1);
    let mut digits = [0i32; MAX_POSITIONS];
    let mut carry = 0i32;
    for (i, digit) in digits.iter_mut().enumerate().take(257_usize.div_ceil(W)) {
        let bit = i * W;
        let byte = bit / 8;
        let pair =
            u32::from(le.get(byte).copied().unwrap_or(0)) | (u32::from(le.get(byte + 1).copied().unwrap_or(0)) << 8);
        let raw = ((pair >> (bit % 8)) & ((1 << W) - 1)) as i32 + carry;
        // Recentre [0, 2^W] into [-2^(W-1) + 1, 2^(W-1)].
        if raw > half {
            *digit = raw - (1 << W);
            carry = 1;
        } else {
            *digit = raw;
            carry = 0;
        }
    }
    digits
}

/// ES256 verification of `input` against the key whose table is `q`:
/// `sig` must be exactly r || s (64 bytes) with r and s in [1, n-1];
/// e is SHA-256(input) read as a 256-bit integer and reduced mod n (FIPS
/// 186-4 6.4, SEC1 4.1.4: P-256's n has 256 bits, so the whole hash is
/// used); R = (e/s) G + (r/s) Q must not be the identity, and its x
/// coordinate reduced mod n must equal r. High-S signatures are accepted,
/// as ECDSA and ring accept them.
pub fn verify(q: &PublicTable, input: &[u8], sig: &[u8]) -> bool {
    let digest: [u8; 32] = Sha256::digest(input).into();
    verify_prehash(generator_table(), q, &digest, sig)
}

/// `verify` on a SHA-256 digest, with the generator's table given.
pub fn verify_prehash<const WG: usize, const WQ: usize>(
    g: &FixedBaseTable<WG>,
    q: &FixedBaseTable<WQ>,
    digest: &[u8; 32],
    sig: &[u8],
) -> bool {
    // from_slice takes exactly 64 bytes and refuses r or s equal to zero or
    // not below n.
    let Ok(signature) = Signature::from_slice(sig) else {
        return false;
    };
    let (r, s) = signature.split_scalars();
    let e = <Scalar as Reduce<FieldBytes>>::reduce(&FieldBytes::from(*digest));
    let w: Option<Scalar> = s.invert_vartime().into();
    let Some(w) = w else {
        return false;
    };
    let u1 = e * w;
    let u2 = *r * w;
    let mut sum = ProjectivePoint::IDENTITY;
    g.add_multiple(&mut sum, &u1);
    q.add_multiple(&mut sum, &u2);
    if bool::from(sum.is_identity()) {
        return false;
    }
    // x < p < 2n, so one conditional subtraction (reduce) gives x mod n.
    let x = <Scalar as Reduce<FieldBytes>>::reduce(&sum.to_affine().x());
    x == *r
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    use p256::elliptic_curve::sec1::ToSec1Point;
    use p256::elliptic_curve::PrimeField;
    use ring::rand::{SecureRandom, SystemRandom};
    use ring::signature::{
        EcdsaKeyPair, KeyPair, UnparsedPublicKey, ECDSA_P256_SHA256_FIXED, ECDSA_P256_SHA256_FIXED_SIGNING,
    };

    /// n of P-256, big-endian.
    const N: [u8; 32] = [
        0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6,
        0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
    ];

    fn hex(s: &str) -> Vec<u8> {
        let s: String = s.split_whitespace().collect();
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    fn random_bytes<const L: usize>(rng: &SystemRandom) -> [u8; L] {
        let mut out = [0u8; L];
        rng.fill(&mut out).unwrap();
        out
    }

    fn random_scalar(rng: &SystemRandom) -> Scalar {
        <Scalar as Reduce<FieldBytes>>::reduce(&FieldBytes::from(random_bytes::<32>(rng)))
    }

    fn ring_verdict(public: &[u8], input: &[u8], sig: &[u8]) -> bool {
        UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, public).verify(input, sig).is_ok()
    }

    fn scalar_bytes(k: &Scalar) -> Vec<u8> {
        k.to_bytes().to_vec()
    }

    /// Checks the table verifier against ring on one case and returns the
    /// shared verdict.
    fn agree(public: &[u8], table: &PublicTable, input: &[u8], sig: &[u8]) -> bool {
        let ours = verify(table, input, sig);
        assert_eq!(ours, ring_verdict(public, input, sig), "input {input:02x?} sig {sig:02x?}");
        ours
    }

    #[test]
    fn signed_digits_reconstruct_the_scalar_within_range_for_every_window() {
        fn check<const W: usize>(k: &Scalar) {
            let digits = signed_digits::<W>(k);
            let positions = FixedBaseTable::<W>::POSITIONS;
            let half = 1i32 << (W - 1);
            let radix = Scalar::from(1u64 << W);
            let mut sum = Scalar::ZERO;
            for (i, &d) in digits.iter().enumerate().rev() {
                assert!(-half < d && d <= half, "W={W} digit {i} = {d}");
                if i >= positions {
                    assert_eq!(d, 0);
                }
                let term = Scalar::from(u64::from(d.unsigned_abs()));
                sum = sum * radix + if d < 0 { -term } else { term };
            }
            assert_eq!(sum, *k, "W={W}");
        }
        let rng = SystemRandom::new();
        let n_minus_1 = -Scalar::ONE;
        let mut scalars = vec![Scalar::ZERO, Scalar::ONE, n_minus_1, Scalar::from(u64::MAX)];
        scalars.extend((0..64).map(|_| random_scalar(&rng)));
        for k in &scalars {
            check::<4>(k);
            check::<5>(k);
            check::<6>(k);
            check::<7>(k);
            check::<8>(k);
        }
    }

    #[test]
    fn table_multiples_equal_p256_scalar_multiplication() {
        fn check<const W: usize>(base: ProjectivePoint, rng: &SystemRandom) {
            let table = FixedBaseTable::<W>::new(base);
            assert_eq!(table.points.len(), FixedBaseTable::<W>::POSITIONS * FixedBaseTable::<W>::ENTRIES);
            for k in [Scalar::ZERO, Scalar::ONE, -Scalar::ONE, random_scalar(rng), random_scalar(rng)] {
                let mut sum = ProjectivePoint::IDENTITY;
                table.add_multiple(&mut sum, &k);
                assert_eq!(sum, base * k, "W={W}");
            }
        }
        let rng = SystemRandom::new();
        let q = ProjectivePoint::GENERATOR * random_scalar(&rng);
        check::<4>(q, &rng);
        check::<5>(ProjectivePoint::GENERATOR, &rng);
        check::<6>(q, &rng);
        check::<7>(q, &rng);
    }

    #[test]
    fn from_sec1_refuses_points_off_the_curve_and_the_identity() {
        let q = (ProjectivePoint::GENERATOR * Scalar::from(7u64)).to_affine();
        let mut bytes = q.to_sec1_point(false).as_bytes().to_vec();
        assert!(PublicTable::from_sec1(&bytes).is_some());
        bytes[64] ^= 1;
        assert!(PublicTable::from_sec1(&bytes).is_none());
        assert!(PublicTable::from_sec1(&[0u8]).is_none());
        assert!(PublicTable::from_sec1(&[]).is_none());
    }

    #[test]
    fn agrees_with_ring_on_random_keys_messages_and_tampered_signatures() {
        let rng = SystemRandom::new();
        let n_plus_1 = {
            let mut b = N;
            b[31] += 1;
            b
        };
        let mut accepted = 0;
        let mut refused = 0;
        let mut tally = |verdict: bool| if verdict { accepted += 1 } else { refused += 1 };
        for round in 0..24 {
            let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
            let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng).unwrap();
            let public = pair.public_key().as_ref().to_vec();
            let table = PublicTable::from_sec1(&public).unwrap();
            let input: Vec<u8> = random_bytes::<200>(&rng)[..round * 8].to_vec();
            let sig = pair.sign(&rng, &input).unwrap().as_ref().to_vec();
            let (r, s) = sig.split_at(32);

            // Valid, and its high-S twin (n - s), which ECDSA accepts.
            assert!(agree(&public, &table, &input, &sig));
            tally(true);
            let s_scalar: Scalar = Option::from(Scalar::from_repr(FieldBytes::try_from(s).unwrap())).unwrap();
            let high_s = [r, &scalar_bytes(&-s_scalar)].concat();
            assert!(agree(&public, &table, &input, &high_s));
            tally(true);

            // Flipped bits in r, s and the message.
            let bit = usize::from(random_bytes::<1>(&rng)[0]) % 256;
            for target in 0..3 {
                let (mut sig2, mut input2) = (sig.clone(), input.clone());
                match target {
                    0 => sig2[bit / 8] ^= 1 << (bit % 8),
                    1 => sig2[32 + bit / 8] ^= 1 << (bit % 8),
                    _ if input2.is_empty() => input2.push(0),
                    _ => {
                        let i = bit % input2.len();
                        input2[i] ^= 1 << (bit % 8);
                    }
                }
                assert!(!agree(&public, &table, &input2, &sig2));
                tally(false);
            }

            // r or s equal to 0, n, n + 1 or all ones; other lengths.
            for bad in [&[0u8; 32][..], &N[..], &n_plus_1[..], &[0xff; 32][..]] {
                assert!(!agree(&public, &table, &input, &[bad, s].concat()));
                assert!(!agree(&public, &table, &input, &[r, bad].concat()));
                tally(false);
            }
            assert!(!agree(&public, &table, &input, &sig[..63]));
            assert!(!agree(&public, &table, &input, &[&sig[..], &[0]].concat()));
            assert!(!agree(&public, &table, &input, &[]));

            // r and s swapped, random bytes, and the wrong key.
            assert!(!agree(&public, &table, &input, &[s, r].concat()));
            assert!(!agree(&public, &table, &input, &random_bytes::<64>(&rng)));
            let other = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
            let other = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, other.as_ref(), &rng).unwrap();
            let other_public = other.public_key().as_ref();
            let other_table = PublicTable::from_sec1(other_public).unwrap();
            assert!(!agree(other_public, &other_table, &input, &sig));
            tally(false);
        }
        assert_eq!((accepted, refused), (24 * 2, 24 * 8));
    }

    /// A key and signature built so that R's x coordinate lies in [n, p):
    /// only "x mod n == r" accepts it. With s chosen, the key is
    /// Q = r^-1 (s R - e G), so that (e/s) G + (r/s) Q = R.
    #[test]
    fn accepts_a_signature_whose_point_has_x_at_least_n_as_ring_does() {
        let rng = SystemRandom::new();
        let mut x = N;
        let point = loop {
            // Next candidate x above n until one is on the curve.
            x[31] = x[31].wrapping_add(1);
            let compressed = [&[0x02][..], &x[..]].concat();
            if let Ok(p) = AffinePoint::from_sec1_bytes(&compressed) {
                break p;
            }
        };
        let r = <Scalar as Reduce<FieldBytes>>::reduce(&point.x());
        assert_ne!(point.x().to_vec(), scalar_bytes(&r), "x was reduced");
        let input = b"x(R) is at least n";
        let digest: [u8; 32] = Sha256::digest(input).into();
        let e = <Scalar as Reduce<FieldBytes>>::reduce(&FieldBytes::from(digest));
        for s in [Scalar::ONE, random_scalar(&rng)] {
            let q = (ProjectivePoint::from(point) * s - ProjectivePoint::GENERATOR * e) * r.invert().unwrap();
            let public = q.to_affine().to_sec1_point(false).as_bytes().to_vec();
            let table = PublicTable::from_sec1(&public).unwrap();
            let sig = [scalar_bytes(&r), scalar_bytes(&s)].concat();
            assert!(agree(&public, &table, input, &sig));
            // x(R) itself as r is not below n, so it is refused.
            let unreduced = [&point.x()[..], &scalar_bytes(&s)].concat();
            assert!(!agree(&public, &table, input, &unreduced));
        }
    }

    /// e = -r d makes u1 G + u2 Q the identity, which must be refused
    /// (p256's own prehash verifier agrees).
    #[test]
    fn refuses_a_digest_that_makes_the_sum_the_identity() {
        let rng = SystemRandom::new();
        let d = random_scalar(&rng);
        let q = ProjectivePoint::GENERATOR * d;
        let public = q.to_affine().to_sec1_point(false).as_bytes().to_vec();
        let table = PublicTable::from_sec1(&public).unwrap();
        let (r, s) = (random_scalar(&rng), random_scalar(&rng));
        let digest: [u8; 32] = (-(r * d)).to_bytes().into();
        let sig = [scalar_bytes(&r), scalar_bytes(&s)].concat();
        let p256_key = p256::ecdsa::VerifyingKey::from_sec1_bytes(&public).unwrap();
        let p256_sig = Signature::from_slice(&sig).unwrap();
        assert!(p256_key.verify_prehash(&digest, &p256_sig).is_err());
        assert!(!verify_prehash(generator_table(), &table, &digest, &sig));
        // The same key and signature with another digest are simply wrong.
        assert!(!verify_prehash(generator_table(), &table, &[0u8; 32], &sig));
    }

    /// RFC 6979 A.2.5 (P-256, SHA-256): messages "sample" and "test".
    #[test]
    fn accepts_rfc6979_p256_sha256_signatures() {
        let d = hex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
        let d: Scalar = Option::from(Scalar::from_repr(FieldBytes::try_from(&d[..]).unwrap())).unwrap();
        let public = (ProjectivePoint::GENERATOR * d).to_affine().to_sec1_point(false).as_bytes().to_vec();
        assert_eq!(public[1..33].to_vec(), hex("60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"));
        let table = PublicTable::from_sec1(&public).unwrap();
        for (input, sig) in [
            (
                &b"sample"[..],
                "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716
                 f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8",
            ),
            (
                &b"test"[..],
                "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367
                 019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083",
            ),
        ] {
            let sig = hex(sig);
            assert!(agree(&public, &table, input, &sig));
            assert!(!agree(&public, &table, b"other", &sig));
        }
    }

    /// FIPS 186-4 SigGen (P-256, SHA-256) vectors, on the message digests.
    #[test]
    fn accepts_fips_186_4_siggen_vectors_on_their_digests() {
        let vectors = [
            (
                "1ccbe91c075fc7f4f033bfa248db8fccd3565de94bbfb12f3c59ff46c271bf83",
                "ce4014c68811f9a21a1fdb2c0e6113e06db7ca93b7404e78dc7ccd5ca89a4ca9",
                "44acf6b7e36c1342c2c5897204fe09504e1e2efb1a900377dbc4e7a6a133ec56",
                "f3ac8061b514795b8843e3d6629527ed2afd6b1f6a555a7acabb5e6f79c8c2ac",
                "8bf77819ca05a6b2786c76262bf7371cef97b218e96f175a3ccdda2acc058903",
            ),
            (
                "e266ddfdc12668db30d4ca3e8f7749432c416044f2d2b8c10bf3d4012aeffa8a",
                "bfa86404a2e9ffe67d47c587ef7a97a7f456b863b4d02cfc6928973ab5b1cb39",
                "9b2db89cb0e8fa3cc7608b4d6cc1dec0114e0b9ff4080bea12b134f489ab2bbc",
                "976d3a4e9d23326dc0baa9fa560b7c4e53f42864f508483a6473b6a11079b2db",
                "1b766e9ceb71ba6c01dcd46e0af462cd4cfa652ae5017d4555b8eeefe36e1932",
            ),
            (
                "74ccd8a62fba0e667c50929a53f78c21b8ff0c3c737b0b40b1750b2302b0bde8",
                "29074e21f3a0ef88b9efdf10d06aa4c295cc1671f758ca0e4cd108803d0f2614",
                "b804cf88af0c2eff8bbbfb3660ebb3294138e9d3ebd458884e19818061dacff0",
                "35fb60f5ca0f3ca08542fb3cc641c8263a2cab7a90ee6a5e1583fac2bb6f6bd1",
                "ee59d81bc9db1055cc0ed97b159d8784af04e98511d0a9a407b99bb292572e96",
            ),
        ];
        for (qx, qy, m, r, s) in vectors {
            let public = [vec![4], hex(qx), hex(qy)].concat();
            let table = PublicTable::from_sec1(&public).unwrap();
            let digest: [u8; 32] = hex(m).try_into().unwrap();
            let sig = [hex(r), hex(s)].concat();
            assert!(verify_prehash(generator_table(), &table, &digest, &sig));
            let mut other = digest;
            other[0] ^= 0x80;
            assert!(!verify_prehash(generator_table(), &table, &other, &sig));
        }
    }

    #[test]
    fn verify_cache_builds_the_table_only_after_build_after_requests() {
        let public = (ProjectivePoint::GENERATOR * Scalar::from(5u64)).to_affine().to_sec1_point(false);
        let cache = VerifyCache::default();
        for _ in 0..BUILD_AFTER {
            assert!(cache.table(public.as_bytes()).is_none());
            assert!(!cache.is_built());
        }
        assert!(cache.table(public.as_bytes()).is_some());
        assert!(cache.is_built());
        assert!(cache.table(public.as_bytes()).is_some());
        // A point that is not on the curve never gets a table (and never
        // reaches here from a key, whose point was validated).
        let bad = VerifyCache::default();
        for _ in 0..=BUILD_AFTER + 1 {
            assert!(bad.table(&[4u8; 65]).is_none());
        }
    }
}
