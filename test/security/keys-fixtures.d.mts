/** Types of keys-fixtures.mjs. */

/** The PBES2 key derivation an encrypted key asks for. */
export type Kdf = { type: "pbkdf2"; iterations: number } | { type: "scrypt"; N: number | bigint; r: number; p: number };

/**
 * An encrypted PKCS#8 PEM of `pkcs8` (DER) under `password`. With
 * `encrypt: false` the parameters are written but the data is random bytes.
 */
export function encryptedPkcs8Pem(pkcs8: Uint8Array, password: string, kdf: Kdf, encrypt?: boolean): string;
