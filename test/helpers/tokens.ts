/**
 * Token-shaped strings for list tests that need no crypto (lists never
 * verify, they hash a JWS's signing input and read `exp` for the TTL), and
 * a malleated Ed25519 signature for the refusal tests of every backend.
 */
import { createHash, randomBytes } from "node:crypto";

const b64url = (s: string | Buffer): string => Buffer.from(s).toString("base64url");

/** A JWS-compact-shaped token with the given claims and a random "signature". */
export function fakeToken(claims: Record<string, unknown> = {}): string {
  return [
    b64url(JSON.stringify({ alg: "HS256", typ: "JWT" })),
    b64url(JSON.stringify({ jti: randomBytes(8).toString("hex"), ...claims })),
    b64url(randomBytes(32)),
  ].join(".");
}

/** Now, in JWT seconds. */
export const nowS = (): number => Math.floor(Date.now() / 1000);

/** Hex SHA-256 of the whole string (the public tokenFingerprint). */
export function sha256hex(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * The id every backend must key a token by: hex SHA-256 of a JWS's signing
 * input (its first two segments), else of the whole token.
 */
export function listKey(token: string): string {
  const parts = token.split(".");
  const isJws = parts.length === 3 && parts[0] !== "" && parts[2] !== "";
  return sha256hex(isJws ? `${parts[0]}.${parts[1]}` : token);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The order L of Ed25519's base point, little-endian. */
const ED25519_L = Buffer.from("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010", "hex");

/**
 * An Ed25519 signature R || S with S replaced by S + L (little-endian): the
 * same point equation, a non-canonical S that RFC 8032 verifiers refuse.
 * Still below 2^256 for every S < L, since L < 2^253.
 */
export function nonCanonicalEd25519(signature: Uint8Array): Buffer {
  const s = Buffer.from(signature.subarray(32));
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const sum = (s[i] ?? 0) + (ED25519_L[i] ?? 0) + carry;
    s[i] = sum & 0xff;
    carry = sum >> 8;
  }
  return Buffer.concat([signature.subarray(0, 32), s]);
}
