/**
 * Differential test of compact JWE decryption against `jose`: generated key
 * management and content algorithms, keys, headers and plaintexts, encrypted
 * by either library, then mutated (bit flips, segment swaps, re-encodings,
 * header member changes, truncations). Both decrypt each token with the same
 * key and the same single alg/enc allowed; they must agree on accept or
 * refuse, and on the plaintext when both accept. Disagreements are allowed
 * only where deliberateDifference() names a difference documented in SECURITY.md.
 */
import * as fc from "fast-check";
import * as jose from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { JWE } from "../../ts/index.js";
import { allCases, type JweCase } from "../helpers/jwe-keys.js";
import { disagreement, fcParams, mutation, outcome, seed, timeoutFor } from "./support.js";

interface Party {
  jweCase: JweCase;
  ours: JWE;
  oursDecrypt: JWE;
}

// One case per alg x enc (ECDH-ES on every curve), keys made with node:crypto.
const parties: Party[] = allCases().map((jweCase) => ({
  jweCase,
  ours: new JWE({ alg: jweCase.alg, enc: jweCase.enc, key: jweCase.encryptKey as Uint8Array }),
  oursDecrypt: new JWE({ alg: jweCase.alg, enc: jweCase.enc, key: jweCase.decryptKey as Uint8Array }),
}));

const extraHeader = fc.dictionary(
  fc.constantFrom("kid", "typ", "cty", "x-app"),
  fc.oneof(fc.string({ maxLength: 12 }), fc.integer()),
  { maxKeys: 3 },
);
const plaintext = fc.uint8Array({ maxLength: 80 });

const seen = new Map<string, number>();
let compared = 0;
let accepted = 0;

describe(`differential JWE decryption against jose (fast-check seed ${seed})`, () => {
  afterAll(() => {
    console.info(
      `[differential jwe] seed ${seed}: ${compared} tokens, ${accepted} accepted by both,`,
      Object.fromEntries(seen),
    );
  });

  it(
    "both libraries agree on every generated and mutated token",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.nat(parties.length - 1),
          extraHeader,
          plaintext,
          fc.boolean(),
          mutation,
          async (index, extra, body, joseEncrypts, mutate) => {
            const { jweCase, ours, oursDecrypt } = parties[index]!;
            const { alg, enc } = jweCase;
            let token = joseEncrypts
              ? await new jose.CompactEncrypt(body)
                  .setProtectedHeader({ ...extra, alg, enc })
                  .encrypt(jweCase.joseEncryptKey)
              : ours.encrypt(body, extra);
            token = mutate.apply(token);
            const mine = await outcome(() => oursDecrypt.decrypt(token));
            const theirs = await outcome(
              async () =>
                (
                  await jose.compactDecrypt(token, jweCase.joseDecryptKey, {
                    keyManagementAlgorithms: [alg],
                    contentEncryptionAlgorithms: [enc],
                  })
                ).plaintext,
            );
            compared++;
            if (mine.ok && theirs.ok) accepted++;
            const diff = disagreement(token, mine, theirs, seen);
            if (diff) {
              throw new Error(`${alg} ${enc} ${jweCase.curve ?? ""}, ${mutate.name}: ${diff}\ntoken: ${token}`);
            }
          },
        ),
        fcParams(250),
      );
      expect(accepted).toBeGreaterThan(compared / 10);
      expect(accepted).toBeLessThan(compared);
    },
    timeoutFor(250),
  );
});
