/**
 * Makes an RSA key with the structure of Infineon RSALib's keys (ROCA,
 * CVE-2017-15361): each prime is p = k * M + (65537^a mod M), M the product
 * of the first 126 primes (2 .. 701, what RSALib used for 1984..3936-bit
 * keys), a and k random, k just large enough for a 1024-bit prime. Such a
 * modulus is a power of 65537 modulo every prime dividing M, which is the
 * fingerprint the core refuses.
 *
 *   node test/security/make-roca-key.mjs > crate/tests/data/keys/roca-2048.json
 *
 * writes the fixture the Rust tests read; the vitest tests call
 * `rocaKey()` to make a fresh one each run.
 */
import { checkPrimeSync, createPublicKey, randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";

const E = 65537n;

function firstPrimes(count) {
  const primes = [];
  for (let n = 2; primes.length < count; n++) {
    if (primes.every((p) => n % p !== 0)) primes.push(n);
  }
  return primes;
}

function modPow(base, exponent, modulus) {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

function modInverse(a, m) {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new Error("not invertible");
  return ((oldS % m) + m) % m;
}

const gcd = (a, b) => (b === 0n ? a : gcd(b, a % b));
/** A uniformly random non-negative integer below 2^bits. */
function randomBig(bits) {
  const bytes = Math.ceil(bits / 8);
  return BigInt(`0x${randomBytes(bytes).toString("hex")}`) >> BigInt(8 * bytes - bits);
}

/** A 1024-bit prime of RSALib's form. */
function rocaPrime(M, bits) {
  const mBits = M.toString(2).length;
  for (;;) {
    const a = randomBig(mBits);
    const k = randomBig(bits - mBits) | (1n << BigInt(bits - mBits - 1));
    const p = k * M + modPow(E, a, M);
    if (p.toString(2).length !== bits) continue;
    if (gcd(p - 1n, E) !== 1n) continue;
    if (checkPrimeSync(p, { checks: 32 })) return p;
  }
}

const b64u = (n) => {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, "hex").toString("base64url");
};

/** A fresh 2048-bit RSA key with the ROCA structure: its private and public JWK and SPKI PEM. */
export function rocaKey() {
  const M = firstPrimes(126).reduce((acc, p) => acc * BigInt(p), 1n);
  let p;
  let q;
  let n;
  do {
    p = rocaPrime(M, 1024);
    q = rocaPrime(M, 1024);
    n = p * q;
  } while (p === q || n.toString(2).length !== 2048);
  const phi = (p - 1n) * (q - 1n);
  const d = modInverse(E, phi / gcd(p - 1n, q - 1n));
  const privateJwk = {
    kty: "RSA",
    n: b64u(n),
    e: b64u(E),
    d: b64u(d),
    p: b64u(p),
    q: b64u(q),
    dp: b64u(d % (p - 1n)),
    dq: b64u(d % (q - 1n)),
    qi: b64u(modInverse(q, p)),
  };
  const publicJwk = { kty: "RSA", n: privateJwk.n, e: privateJwk.e };
  const spkiPem = createPublicKey({ key: publicJwk, format: "jwk" }).export({ type: "spki", format: "pem" });
  return { privateJwk, publicJwk, spkiPem };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const key = rocaKey();
  const how =
    "made by test/security/make-roca-key.mjs: p, q = k * M + (65537^a mod M), M = product of the first 126 primes";
  const fixture = { how, private_jwk: key.privateJwk, public_jwk: key.publicJwk, spki_pem: key.spkiPem };
  process.stdout.write(`${JSON.stringify(fixture, null, 2)}\n`);
}
