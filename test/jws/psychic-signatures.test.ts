/**
 * CVE-2022-21449 ("psychic signatures"): Java 15-18 accepted the ECDSA
 * signature r = s = 0 for any message and key. Here every ES algorithm
 * refuses it, as it refuses r = 0 or s = 0 alone and r or s equal to n, for a
 * token whose header and payload are otherwise well-formed.
 */
import { describe, expect, test } from "vitest";
import { JWK, JWS } from "../../ts/index.js";

const ORDERS: Record<string, bigint> = {
  ES256: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  ES384: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  ES512:
    0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
};
const CURVES = { ES256: "P-256", ES384: "P-384", ES512: "P-521" } as const;
const SIZES = { ES256: 32, ES384: 48, ES512: 66 } as const;

const bytesOf = (n: bigint, size: number) => Buffer.from(n.toString(16).padStart(size * 2, "0"), "hex");
const b64 = (v: string | Buffer) => Buffer.from(v).toString("base64url");

describe.each(["ES256", "ES384", "ES512"] as const)("%s refuses degenerate signatures", (alg) => {
  const key = JWK.generate(CURVES[alg]);
  const verifier = new JWS({ alg, key: key.publicKey() });
  const input = `${b64(JSON.stringify({ alg }))}.${b64(JSON.stringify({ sub: "admin" }))}`;
  const n = ORDERS[alg]!;
  // The curve orders are right: n has exactly the curve's bit length.
  expect(n.toString(2).length).toBe({ ES256: 256, ES384: 384, ES512: 521 }[alg]);
  const size = SIZES[alg];

  test.each([
    ["r = s = 0 (CVE-2022-21449)", 0n, 0n],
    ["r = 0", 0n, 1n],
    ["s = 0", 1n, 0n],
    ["r = n", n, 1n],
    ["s = n", 1n, n],
  ])("%s", (_name, r, s) => {
    const token = `${input}.${b64(Buffer.concat([bytesOf(r, size), bytesOf(s, size)]))}`;
    expect(() => verifier.verify(token)).toThrow(expect.objectContaining({ name: "JamJWSVerificationError" }));
  });

  test("while a real signature over the same input verifies", () => {
    const token = new JWS({ alg, key }).sign({ sub: "admin" });
    expect(JSON.parse(Buffer.from(verifier.verify(token).payload).toString())).toEqual({ sub: "admin" });
  });
});
