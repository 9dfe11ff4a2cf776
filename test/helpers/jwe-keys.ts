/** Keys for every JWE alg, from node:crypto, as (ours, jose) pairs. */
import { generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { JWE_ALGORITHMS, JWE_CEK_LENGTHS, JWE_ENCRYPTIONS } from "../../ts/generated/tables.js";
import type { JweAlgorithm, JweEncryption } from "../../ts/index.js";

/** Every enc the core implements (generated from its table). */
export const ENCS: readonly JweEncryption[] = JWE_ENCRYPTIONS;

/** CEK length in bytes for each enc (the `dir` key length). */
export const CEK_LEN: Readonly<Record<JweEncryption, number>> = JWE_CEK_LENGTHS;

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

/**
 * Every alg x enc pair of the core's tables; ECDH-ES on every curve. An alg
 * added to the core without a key recipe here fails loudly.
 */
export function allCases(): JweCase[] {
  const cases: JweCase[] = [];
  const password = new TextEncoder().encode("correct horse battery staple");
  for (const enc of ENCS) {
    for (const alg of JWE_ALGORITHMS) {
      const aesKw = /^A(128|192|256)(GCM)?KW$/.exec(alg);
      if (alg === "dir") cases.push(symmetric(alg, enc, bytes(CEK_LEN[enc])));
      else if (aesKw) cases.push(symmetric(alg, enc, bytes(Number(aesKw[1]) / 8)));
      else if (alg.startsWith("RSA-OAEP")) cases.push(asymmetric(alg, enc, "RSA"));
      else if (alg.startsWith("ECDH-ES")) {
        for (const curve of ["P-256", "P-384", "P-521", "X25519"]) cases.push(asymmetric(alg, enc, curve));
      } else if (alg.startsWith("PBES2-")) cases.push(symmetric(alg, enc, password));
      else throw new Error(`test/helpers/jwe-keys.ts has no key recipe for ${alg}`);
    }
  }
  return cases;
}
