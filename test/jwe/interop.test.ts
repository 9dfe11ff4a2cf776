/**
 * JWE interoperability with `jose`, both ways, for every alg x enc pair (and
 * every ECDH-ES curve): ours encrypts and jose decrypts; jose encrypts and
 * ours decrypts.
 */
import * as jose from "jose";
import { describe, expect, test } from "vitest";
import { JWE, type KeyInput } from "../../ts/index.js";
import { allCases } from "../helpers/jwe-keys.js";

const plaintext = new TextEncoder().encode("The true sign of intelligence is not knowledge but imagination. \u{1F9E0}");

describe.each(allCases())(
  "$alg + $enc $curve",
  ({ alg, enc, encryptKey, joseEncryptKey, decryptKey, joseDecryptKey }) => {
    test("ours encrypts, jose decrypts", async () => {
      const token = new JWE({ alg, enc, key: encryptKey as KeyInput }).encrypt(plaintext, { kid: "k" });
      const opened = await jose.compactDecrypt(token, joseDecryptKey, {
        keyManagementAlgorithms: [alg],
        contentEncryptionAlgorithms: [enc],
      });
      expect(opened.plaintext).toEqual(plaintext);
      expect(opened.protectedHeader).toMatchObject({ alg, enc, kid: "k" });
    });

    test("ours round-trips, with a fresh CEK and IV each time", () => {
      const sender = new JWE({ alg, enc, key: encryptKey as KeyInput });
      const receiver = new JWE({ alg, enc, key: decryptKey as KeyInput });
      const first = sender.encrypt(plaintext);
      const second = sender.encrypt(plaintext);
      expect(first).not.toBe(second);
      expect(receiver.decrypt(first)).toEqual(plaintext);
      expect(receiver.decrypt(second)).toEqual(plaintext);
    });

    test("jose encrypts, ours decrypts", async () => {
      const token = await new jose.CompactEncrypt(plaintext).setProtectedHeader({ alg, enc }).encrypt(joseEncryptKey);
      const jwe = new JWE({ alg, enc, key: decryptKey as KeyInput });
      expect(jwe.decrypt(token)).toEqual(plaintext);
      expect(jwe.open(token).header).toMatchObject({ alg, enc });
    });
  },
);
