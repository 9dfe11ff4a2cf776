/**
 * Token-shaped strings for list tests that need no crypto: lists never
 * verify, they fingerprint the whole string and read `exp` for the TTL.
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

/** The fingerprint every backend must key a token by: hex SHA-256 of the whole token. */
export function sha256hex(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
