/** Keys for every JWE alg, from node:crypto, as (ours, jose) pairs. */
import { generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import type { JweAlgorithm, JweEncryption } from "../../ts/index.js";

export const ENCS: readonly JweEncryption[] = [
  "A128GCM",
  "A192GCM",
  "A256GCM",
  "A128CBC-HS256",
  "A192CBC-HS384",
  "A256CBC-HS512",
];

/** CEK length in bytes for each enc (the `dir` key length). */
export const CEK_LEN: Record<JweEncryption, number> = {
  A128GCM: 16,
  A192GCM: 24,
  A256GCM: 32,
  "A128CBC-HS256": 32,
  "A192CBC-HS384": 48,
  "A256CBC-HS512": 64,
};

export interface JweCase {
  alg: JweAlgorithm;
  enc: JweEncryption;
  curve?: string;
  /** What we encrypt to / what jose encrypts to. */
  encryptKey: unknown;
  joseEncryptKey: KeyObject | Uint8Array;
  /** What we decrypt with / what jose decrypts with. */
  decryptKey: unknown;
  joseDecryptKey: KeyObject | Uint8Array;
}

const pairs = new Map<string, { publicKey: KeyObject; privateKey: KeyObject }>();
function pair(kind: string) {
  let p = pairs.get(kind);
  if (!p) {
    p =
      kind === "RSA"
        ? generateKeyPairSync("rsa", { modulusLength: 2048 })
        : kind === "X25519"
          ? generateKeyPairSync("x25519")
          : generateKeyPairSync("ec", { namedCurve: kind });
    pairs.set(kind, p);
  }
  return p;
}

function symmetric(alg: JweAlgorithm, enc: JweEncryption, secret: Uint8Array): JweCase {
  return { alg, enc, encryptKey: secret, joseEncryptKey: secret, decryptKey: secret, joseDecryptKey: secret };
}

function asymmetric(alg: JweAlgorithm, enc: JweEncryption, kind: string): JweCase {
  const p = pair(kind);
  return {
    alg,
    enc,
    curve: kind,
    encryptKey: p.publicKey.export({ type: "spki", format: "pem" }),
    joseEncryptKey: p.publicKey,
    decryptKey: p.privateKey.export({ type: "pkcs8", format: "pem" }),
    joseDecryptKey: p.privateKey,
  };
}

const bytes = (n: number) => new Uint8Array(randomBytes(n));

/** Every alg x enc pair; ECDH-ES on every curve. */
export function allCases(): JweCase[] {
  const cases: JweCase[] = [];
  for (const enc of ENCS) {
    cases.push(symmetric("dir", enc, bytes(CEK_LEN[enc])));
    for (const [alg, n] of [
      ["A128KW", 16],
      ["A192KW", 24],
      ["A256KW", 32],
      ["A128GCMKW", 16],
      ["A192GCMKW", 24],
      ["A256GCMKW", 32],
    ] as const) {
      cases.push(symmetric(alg, enc, bytes(n)));
    }
    for (const alg of ["RSA-OAEP", "RSA-OAEP-256", "RSA-OAEP-384", "RSA-OAEP-512"] as const) {
      cases.push(asymmetric(alg, enc, "RSA"));
    }
    for (const alg of ["ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW"] as const) {
      for (const curve of ["P-256", "P-384", "P-521", "X25519"]) cases.push(asymmetric(alg, enc, curve));
    }
    for (const alg of ["PBES2-HS256+A128KW", "PBES2-HS384+A192KW", "PBES2-HS512+A256KW"] as const) {
      const password = new TextEncoder().encode("correct horse battery staple");
      cases.push(symmetric(alg, enc, password));
    }
  }
  return cases;
}
