/**
 * Test keys, made once per test file with node:crypto (an independent
 * implementation), in every format the library takes.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { JWS_ALGORITHMS, JWS_KEY_TYPES } from "../../ts/generated/tables.js";
import type { JwsAlgorithm } from "../../ts/index.js";

export type Family = (typeof JWS_KEY_TYPES)[JwsAlgorithm];

export interface AlgCase {
  alg: JwsAlgorithm;
  family: Family;
}

/** Every JWS alg the core implements, with its key type (generated from its table). */
export const ALG_CASES: readonly AlgCase[] = JWS_ALGORITHMS.map((alg) => ({ alg, family: JWS_KEY_TYPES[alg] }));

export interface AsymmetricKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const cache = new Map<string, AsymmetricKeys>();

/** A key pair for an asymmetric alg (cached per process: RSA is slow). */
export function keyPairFor(alg: string): AsymmetricKeys {
  const kind = alg.startsWith("RS") || alg.startsWith("PS") ? "rsa" : alg;
  const cached = cache.get(kind);
  if (cached) return cached;
  let pair: AsymmetricKeys;
  if (kind === "rsa") pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  else if (alg === "ES256") pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
  else if (alg === "ES384") pair = generateKeyPairSync("ec", { namedCurve: "P-384" });
  else if (alg === "ES512") pair = generateKeyPairSync("ec", { namedCurve: "P-521" });
  else if (alg === "EdDSA") pair = generateKeyPairSync("ed25519");
  else throw new Error(`no key pair for ${alg}`);
  cache.set(kind, pair);
  return pair;
}

/** An HMAC secret of the hash length for HS256/384/512. */
export function secretFor(alg: string): Uint8Array {
  return new Uint8Array(randomBytes(Number(alg.slice(2)) / 8));
}

/** Every private-key encoding of a pair, as the library accepts them. */
export function privateFormats(pair: AsymmetricKeys, alg: string) {
  const formats: Array<{ name: string; key: unknown; password?: string }> = [
    { name: "PKCS#8 PEM", key: pair.privateKey.export({ type: "pkcs8", format: "pem" }) },
    { name: "PKCS#8 DER", key: { der: new Uint8Array(pair.privateKey.export({ type: "pkcs8", format: "der" })) } },
    { name: "JWK object", key: pair.privateKey.export({ format: "jwk" }) },
    { name: "JWK JSON text", key: JSON.stringify(pair.privateKey.export({ format: "jwk" })) },
    { name: "KeyObject", key: pair.privateKey },
    {
      name: "encrypted PKCS#8 PEM",
      key: pair.privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "correct horse" }),
      password: "correct horse",
    },
  ];
  if (alg.startsWith("RS") || alg.startsWith("PS")) {
    formats.push({ name: "PKCS#1 PEM", key: pair.privateKey.export({ type: "pkcs1", format: "pem" }) });
  }
  if (alg.startsWith("ES")) {
    formats.push({ name: "SEC1 PEM", key: pair.privateKey.export({ type: "sec1", format: "pem" }) });
  }
  return formats;
}

/** Every public-key encoding of a pair. */
export function publicFormats(pair: AsymmetricKeys, alg: string) {
  const formats: Array<{ name: string; key: unknown }> = [
    { name: "SPKI PEM", key: pair.publicKey.export({ type: "spki", format: "pem" }) },
    { name: "SPKI DER", key: { der: new Uint8Array(pair.publicKey.export({ type: "spki", format: "der" })) } },
    { name: "JWK object", key: pair.publicKey.export({ format: "jwk" }) },
    { name: "KeyObject", key: pair.publicKey },
  ];
  if (alg.startsWith("RS") || alg.startsWith("PS")) {
    formats.push({ name: "PKCS#1 public PEM", key: pair.publicKey.export({ type: "pkcs1", format: "pem" }) });
  }
  return formats;
}
