// Side-by-side benchmark: jam-jose against jose, fast-jwt and jsonwebtoken,
// in one process and one run, on the same keys and claims. Each round runs
// every contender for a fixed time slice, interleaved so that a noisy
// neighbour hurts all of them alike; we report the median ops/s over the
// rounds and the ratio to jam-jose. Run after `npm run build`:
//   node scripts/bench.mjs [--rounds 7] [--ms 150] [--only HS256,ES256]
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import * as jose from "jose";
import { JWT } from "../dist/index.js";

const require = createRequire(import.meta.url);
const { createSigner, createVerifier } = require("fast-jwt");
const jsonwebtoken = require("jsonwebtoken");

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const rounds = Number(opt("rounds", 7));
const sliceMs = Number(opt("ms", 150));
const only = opt("only", "HS256,RS256,ES256,EdDSA").split(",");

const claims = { sub: "user@example.com", iss: "bench", role: "admin", scope: ["read", "write"] };

function keysFor(alg) {
  if (alg === "HS256") {
    const secret = randomBytes(32);
    return { sign: secret, verify: secret, ourSign: new Uint8Array(secret), ourVerify: new Uint8Array(secret) };
  }
  const pair =
    alg === "RS256"
      ? generateKeyPairSync("rsa", { modulusLength: 2048 })
      : alg === "ES256"
        ? generateKeyPairSync("ec", { namedCurve: "P-256" })
        : generateKeyPairSync("ed25519");
  const privatePem = pair.privateKey.export({ type: "pkcs8", format: "pem" });
  const publicPem = pair.publicKey.export({ type: "spki", format: "pem" });
  return {
    sign: pair.privateKey,
    verify: pair.publicKey,
    ourSign: privatePem,
    ourVerify: publicPem,
    privatePem,
    publicPem,
  };
}

async function contenders(alg) {
  const k = keysFor(alg);
  const ours = new JWT({ alg, secretKey: k.ourSign });
  const oursVerify = new JWT({ alg, secretKey: k.ourVerify });
  const token = ours.encode({ exp: 3600, payload: claims });
  const list = [
    {
      name: "jam-jose",
      sign: () => ours.encode({ exp: 3600, payload: claims }),
      verify: () => oursVerify.decode(token),
    },
    {
      name: "jose",
      async: true,
      sign: () =>
        new jose.SignJWT(claims)
          .setProtectedHeader({ alg, typ: "JWT" })
          .setIssuedAt()
          .setExpirationTime("1h")
          .sign(k.sign),
      verify: () => jose.jwtVerify(token, k.verify, { algorithms: [alg] }),
    },
  ];
  const fjAlg = alg === "EdDSA" ? "EdDSA" : alg;
  const fjSign = createSigner({ algorithm: fjAlg, key: alg === "HS256" ? k.sign : k.privatePem, expiresIn: 3600_000 });
  const fjVerify = createVerifier({ algorithms: [fjAlg], key: alg === "HS256" ? k.verify : k.publicPem, cache: false });
  list.push({ name: "fast-jwt", sign: () => fjSign(claims), verify: () => fjVerify(token) });
  if (alg !== "EdDSA") {
    // jsonwebtoken has no EdDSA.
    list.push({
      name: "jsonwebtoken",
      sign: () => jsonwebtoken.sign(claims, k.sign, { algorithm: alg, expiresIn: 3600 }),
      verify: () => jsonwebtoken.verify(token, k.verify, { algorithms: [alg] }),
    });
  }
  return list;
}

async function slice(fn, isAsync) {
  const end = performance.now() + sliceMs;
  let n = 0;
  const start = performance.now();
  if (isAsync) {
    while (performance.now() < end) {
      for (let i = 0; i < 16; i++) await fn();
      n += 16;
    }
  } else {
    while (performance.now() < end) {
      for (let i = 0; i < 16; i++) fn();
      n += 16;
    }
  }
  return (n * 1000) / (performance.now() - start);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => (x >= 1000 ? `${(x / 1000).toFixed(1)}k` : x.toFixed(0));

console.log(
  `node ${process.version}, ${rounds} rounds x ${sliceMs} ms per contender, median ops/s (ratio = jam-jose / peer)\n`,
);
for (const alg of only) {
  const list = await contenders(alg);
  for (const op of ["sign", "verify"]) {
    const samples = new Map(list.map((c) => [c.name, []]));
    for (const c of list) await slice(c[op], c.async); // warm-up
    for (let r = 0; r < rounds; r++) {
      for (const c of list) samples.get(c.name).push(await slice(c[op], c.async));
    }
    const ourMedian = median(samples.get("jam-jose"));
    const row = list.map((c) => {
      const m = median(samples.get(c.name));
      return c.name === "jam-jose" ? `jam-jose ${fmt(m)}` : `${c.name} ${fmt(m)} (x${(ourMedian / m).toFixed(2)})`;
    });
    console.log(`${alg.padEnd(6)} ${op.padEnd(6)} ${row.join(" | ")}`);
  }
}
