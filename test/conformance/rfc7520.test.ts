/**
 * The RFC 7520 cookbook through the public TypeScript API: every compact JWS
 * verifies and every compact JWE we implement decrypts to the published
 * plaintext; 5.1 (RSA1_5) is refused. The vectors live with the Rust tests
 * (crate/tests/data/rfc7520), one copy for both layers.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  JamJWTUnsupportedAlgorithm,
  JWE,
  JWS,
  type JweAlgorithm,
  type JweEncryption,
  type JwsAlgorithm,
} from "../../ts/index.js";

const dir = new URL("../../crate/tests/data/rfc7520/", import.meta.url);
interface Vector {
  title: string;
  input: { key?: { kty: string }; pwd?: string; alg: string; enc?: string; payload?: string; plaintext?: string };
  output: { compact: string };
}
const load = (family: string) =>
  readdirSync(new URL(`${family}/`, dir))
    .filter((f) => f.endsWith(".json"))
    .map((f) => [f, JSON.parse(readFileSync(new URL(`${family}/${f}`, dir), "utf8")) as Vector] as const);

describe("RFC 7520 section 4: signatures", () => {
  test.each(load("jws"))("%s", (_file, v) => {
    const jws = new JWS({ alg: v.input.alg as JwsAlgorithm, key: v.input.key! });
    const { payload } = jws.verify(v.output.compact);
    expect(new TextDecoder().decode(payload)).toBe(v.input.payload);
  });
});

describe("RFC 7520 section 5: encryption", () => {
  test.each(load("jwe"))("%s", (file, v) => {
    const make = () =>
      new JWE({
        alg: v.input.alg as JweAlgorithm,
        enc: v.input.enc as JweEncryption,
        key: v.input.pwd ?? v.input.key!,
      });
    if (file.startsWith("5_1.")) {
      expect(make).toThrow(JamJWTUnsupportedAlgorithm);
      return;
    }
    expect(new TextDecoder().decode(make().decrypt(v.output.compact))).toBe(v.input.plaintext);
  });
});
