/**
 * Differential test of compact JWS verification against `jose`: generated
 * algorithms, keys, headers and payloads, signed by either library, then
 * mutated (bit flips, segment swaps, re-encodings, header member changes with
 * and without re-signing, truncations). Both libraries verify each token with
 * the same key and allow-list; they must agree on accept or refuse, and on the
 * payload when both accept. Disagreements are allowed only where
 * deliberateDifference() names a difference documented in SECURITY.md.
 */
import { createHmac, type KeyObject } from "node:crypto";
import * as fc from "fast-check";
import * as jose from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { JWS, type JwsAlgorithm } from "../../ts/index.js";
import { JWS_ALGORITHMS } from "../../ts/generated/tables.js";
import { ALG_CASES, keyPairFor, secretFor } from "../helpers/keys.js";
import { disagreement, fcParams, mutation, outcome, seed, timeoutFor } from "./support.js";

interface Party {
  ours: JWS;
  oursVerify: JWS;
  joseSign: KeyObject | Uint8Array;
  joseVerify: KeyObject | Uint8Array;
  secret?: Uint8Array;
}

const parties = new Map<JwsAlgorithm, Party>();
for (const { alg, family } of ALG_CASES) {
  if (family === "oct") {
    const secret = secretFor(alg);
    parties.set(alg, {
      ours: new JWS({ alg, key: secret }),
      oursVerify: new JWS({ alg, key: secret }),
      joseSign: secret,
      joseVerify: secret,
      secret,
    });
  } else {
    const pair = keyPairFor(alg);
    parties.set(alg, {
      ours: new JWS({ alg, key: pair.privateKey.export({ type: "pkcs8", format: "pem" }) }),
      oursVerify: new JWS({ alg, key: pair.publicKey.export({ type: "spki", format: "pem" }) }),
      joseSign: pair.privateKey,
      joseVerify: pair.publicKey,
    });
  }
}

const extraHeader = fc.dictionary(
  fc.constantFrom("kid", "typ", "cty", "x5t", "x-app"),
  fc.oneof(fc.string({ maxLength: 12 }), fc.integer()),
  { maxKeys: 3 },
);
const payload = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.jsonValue({ maxDepth: 2 }).map((v) => new TextEncoder().encode(JSON.stringify(v) ?? "null")),
);

const seen = new Map<string, number>();
let compared = 0;
let accepted = 0;

describe(`differential JWS verification against jose (fast-check seed ${seed})`, () => {
  afterAll(() => {
    console.info(
      `[differential jws] seed ${seed}: ${compared} tokens, ${accepted} accepted by both,`,
      Object.fromEntries(seen),
    );
  });

  it(
    "both libraries agree on every generated and mutated token",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...JWS_ALGORITHMS),
          extraHeader,
          payload,
          fc.boolean(),
          mutation,
          fc.boolean(),
          async (alg, extra, body, joseSigns, mutate, resign) => {
            const party = parties.get(alg)!;
            let token = joseSigns
              ? await new jose.CompactSign(body).setProtectedHeader({ ...extra, alg }).sign(party.joseSign)
              : party.ours.signBytes(body, extra);
            token = mutate.apply(token);
            // An HMAC token whose header was edited can be signed again with the
            // secret: then only the header's meaning decides, not the signature.
            if (resign && party.secret && mutate.name.startsWith("header: ")) {
              const [h, p] = token.split(".");
              const hash = `sha${alg.slice(2)}`;
              token = `${h}.${p}.${createHmac(hash, party.secret).update(`${h}.${p}`).digest("base64url")}`;
            }
            const ours = await outcome(() => party.oursVerify.verify(token).payload);
            const theirs = await outcome(
              async () => (await jose.compactVerify(token, party.joseVerify, { algorithms: [alg] })).payload,
            );
            compared++;
            if (ours.ok && theirs.ok) accepted++;
            const diff = disagreement(token, ours, theirs, seen);
            if (diff)
              throw new Error(`${alg}, ${mutate.name}${resign ? " (re-signed)" : ""}: ${diff}\ntoken: ${token}`);
          },
        ),
        fcParams(400),
      );
      // Not hollow: most unchanged tokens verify in both, and mutations were refused.
      expect(accepted).toBeGreaterThan(compared / 10);
      expect(accepted).toBeLessThan(compared);
    },
    timeoutFor(400),
  );
});
