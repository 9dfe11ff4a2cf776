/**
 * The interop matrix: every mode x algorithm x enc that jam 4.2.1 offers
 * (jam.jose.__algorithms__: SUPPORTED_ALGORITHMS, SUPPORTED_KEY_ALGORITHMS,
 * SUPPORTED_ENC_ALGORITHMS; JWT's automatic choice), with the keys both
 * sides are given. RSA1_5 is jam's too but refused on principle (see
 * refusals.test.ts); EdDSA and A192GCM(KW) are ours only.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const keysDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "crate", "tests", "data", "keys");
const pem = (name: string): string => readFileSync(join(keysDir, name), "utf8");

export const KEYS = {
  rsa: pem("rsa-2048.pkcs8.pem"),
  p256: pem("ec-P-256.pkcs8.pem"),
  p384: pem("ec-P-384.pkcs8.pem"),
  p521: pem("ec-P-521.pkcs8.pem"),
  /** Long enough for HS512 (64 bytes), so one secret serves every HS*. */
  hmac: "jam-and-jam-jose-share-this-hmac-secret-of-64-bytes-0123456789ab",
  /** 32 bytes or more: jam's JWT picks A256KW with an HKDF-derived key. */
  long: "a-shared-32-byte-secret-for-jwe!",
  /** Under 32 bytes: jam's JWT picks A128KW. */
  short: "sixteen-byte-key",
  kw128: "0123456789abcdef",
  kw192: "0123456789abcdef01234567",
  kw256: "0123456789abcdef0123456789abcdef",
  password: "correct horse battery staple",
} as const;

export const JWS_ALGS = [
  "HS256",
  "HS384",
  "HS512",
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
] as const;
export const ENCS = ["A128GCM", "A256GCM", "A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512"] as const;

export interface Case {
  name: string;
  kind: "jwt" | "jwt-enc" | "jwe";
  alg?: string;
  enc?: string;
  key: string;
  /** PBES2: the password (jam's `password`; our JWE `key`). */
  password?: string;
  /** jam's form differs from the RFCs' here: standard mode must refuse it. */
  differs: boolean;
  /** jam cannot open its own tokens here (the CEK or the GCM tag is lost). */
  jamBroken?: boolean;
}

function jwsKey(alg: string): string {
  if (alg.startsWith("HS")) return KEYS.hmac;
  if (alg.startsWith("ES")) return { ES256: KEYS.p256, ES384: KEYS.p384, ES512: KEYS.p521 }[alg]!;
  return KEYS.rsa;
}

const cbc = (enc: string): boolean => enc.includes("CBC");

function build(): Case[] {
  const cases: Case[] = [];
  for (const alg of JWS_ALGS) {
    cases.push({ name: `JWT ${alg}`, kind: "jwt", alg, key: jwsKey(alg), differs: alg.startsWith("PS") });
  }
  const encOnlyKeys = [
    { label: "secret >= 32 bytes (A256KW)", key: KEYS.long, differs: false },
    { label: "secret < 32 bytes (A128KW)", key: KEYS.short, differs: false },
    { label: "RSA key (RSA-OAEP)", key: KEYS.rsa, differs: true },
    { label: "EC key (ECDH-ES)", key: KEYS.p256, differs: true, jamBroken: true },
  ];
  for (const enc of ENCS) {
    for (const k of encOnlyKeys) {
      cases.push({
        name: `JWT enc ${enc}, ${k.label}`,
        kind: "jwt-enc",
        enc,
        key: k.key,
        differs: k.differs || cbc(enc),
        ...(k.jamBroken ? { jamBroken: true } : {}),
      });
    }
    for (const alg of JWS_ALGS) {
      const broken = alg.startsWith("ES");
      cases.push({
        name: `JWT ${alg} then ${enc} (nested)`,
        kind: "jwt-enc",
        alg,
        enc,
        key: jwsKey(alg),
        differs: true,
        ...(broken ? { jamBroken: true } : {}),
      });
    }
    const jweAlgs: Array<{ alg: string; key: string; password?: string; differs: boolean; jamBroken?: boolean }> = [
      { alg: "A128KW", key: KEYS.kw128, differs: false },
      { alg: "A192KW", key: KEYS.kw192, differs: false },
      { alg: "A256KW", key: KEYS.kw256, differs: false },
      { alg: "RSA-OAEP", key: KEYS.rsa, differs: true },
      { alg: "RSA-OAEP-256", key: KEYS.rsa, differs: false },
      { alg: "ECDH-ES+A128KW", key: KEYS.p256, differs: true },
      { alg: "ECDH-ES+A192KW", key: KEYS.p384, differs: true },
      { alg: "ECDH-ES+A256KW", key: KEYS.p521, differs: true },
      { alg: "PBES2-HS256+A128KW", key: KEYS.password, password: KEYS.password, differs: true },
      { alg: "PBES2-HS384+A192KW", key: KEYS.password, password: KEYS.password, differs: true },
      { alg: "PBES2-HS512+A256KW", key: KEYS.password, password: KEYS.password, differs: true },
      { alg: "ECDH-ES", key: KEYS.p256, differs: true, jamBroken: true },
      { alg: "A128GCMKW", key: KEYS.kw128, differs: true, jamBroken: true },
      { alg: "A256GCMKW", key: KEYS.kw256, differs: true, jamBroken: true },
    ];
    for (const a of jweAlgs) {
      cases.push({
        name: `JWE ${a.alg} ${enc}`,
        kind: "jwe",
        alg: a.alg,
        enc,
        key: a.key,
        ...(a.password === undefined ? {} : { password: a.password }),
        differs: a.differs || cbc(enc),
        ...(a.jamBroken ? { jamBroken: true } : {}),
      });
    }
  }
  return cases;
}

export const CASES: readonly Case[] = build();
