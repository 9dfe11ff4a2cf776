// Where a native RS256 or ES256 verify spends its time against fast-jwt's,
// in one process (docs/performance.md, "Where the time goes"). Three
// interleaved comparisons, medians of per-round microseconds (CPU time):
//   primitive: node:crypto's one-shot crypto.verify against a Verify object;
//   whole:     our JWT.decode against fast-jwt's verifier on the same token;
//   stubbed:   the same two with the primitive answering true at once, so
//              what is left is each library's own cost around OpenSSL.
// A program, not a test. Run after `npm run build`:
//   node scripts/bench/native-overhead.mjs --alg ES256 [--rounds 30]
import { createRequire } from "node:module";
import { option } from "./measure.mjs";

const require = createRequire(import.meta.url);
const crypto = require("node:crypto");
const alg = option("alg", "ES256");
const rounds = Number(option("rounds", 30));
const rsa = alg === "RS256";
if (!rsa && alg !== "ES256") throw new Error("--alg RS256 or ES256");

const pair = rsa
  ? crypto.generateKeyPairSync("rsa", { modulusLength: 2048 })
  : crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
const privatePem = pair.privateKey.export({ type: "pkcs8", format: "pem" });
const publicPem = pair.publicKey.export({ type: "spki", format: "pem" });
const { JWT } = await import(new URL("../../dist/index.js", import.meta.url).href);
const claims = { sub: "user@example.com", iss: "bench", role: "admin", scope: ["read", "write"] };
const token = new JWT({ alg, secretKey: privatePem }).encode({ exp: 3600, payload: claims });
const ours = new JWT({ alg, secretKey: publicPem, backend: "native" });

/** Median microseconds per call of each contender, `perRound` calls a round, rounds interleaved. */
function compare(title, contenders, perRound) {
  const samples = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of Object.entries(contenders)) {
      const start = process.cpuUsage();
      for (let i = 0; i < perRound; i++) run();
      const used = process.cpuUsage(start);
      samples[name].push((used.user + used.system) / perRound);
    }
  }
  console.log(`${alg} ${title}`);
  for (const [name, values] of Object.entries(samples)) {
    values.sort((a, b) => a - b);
    console.log(`  ${name.padEnd(22)} ${values[Math.floor(values.length / 2)].toFixed(2)} µs`);
  }
}

const perRound = rsa ? 3000 : 1500;
const [headerB64, payloadB64, signatureB64] = token.split(".");
const signingInput = Buffer.from(`${headerB64}.${payloadB64}`);
const signatureBytes = Buffer.from(signatureB64, "base64url");
const key = rsa ? pair.publicKey : { key: pair.publicKey, dsaEncoding: "ieee-p1363" };
const verified = (ok) => {
  if (!ok) throw new Error("the signature did not verify");
};
compare(
  "primitive",
  {
    "crypto.verify": () => verified(crypto.verify("sha256", signingInput, key, signatureBytes)),
    "Verify object": () => verified(crypto.createVerify("sha256").update(signingInput).verify(key, signatureBytes)),
  },
  perRound,
);

// fast-jwt takes createVerify from node:crypto when it loads: load it after
// the stubs for its stubbed verifier, and before them for its real one.
const { createVerifier } = require("fast-jwt");
const fastJwt = createVerifier({ algorithms: [alg], key: publicPem, cache: false });
compare("whole verify", { "jam-jose": () => ours.decode(token), "fast-jwt": () => fastJwt(token) }, perRound);

crypto.verify = () => true;
crypto.createVerify = () => ({
  update() {
    return this;
  },
  verify: () => true,
});
delete require.cache[require.resolve("fast-jwt")];
for (const id of Object.keys(require.cache)) if (id.includes("/fast-jwt/")) delete require.cache[id];
const stubbedFastJwt = require("fast-jwt").createVerifier({ algorithms: [alg], key: publicPem, cache: false });
compare(
  "stubbed primitive",
  { "jam-jose": () => ours.decode(token), "fast-jwt": () => stubbedFastJwt(token) },
  100_000,
);
