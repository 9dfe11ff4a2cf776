// A fixed loop of one JWT operation, for `node --cpu-prof` (docs/performance.md,
// "Where the time goes"). With --stub-primitive the native backend's
// crypto.verify and Verify.verify answer true at once, so what is left is
// our own cost around the primitive (checks, crossings, parsing, claims).
// A program, not a test.
// Run after `npm run build`:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof scripts/bench/profile-loop.mjs --alg HS256 --op verify
//   node scripts/bench/profile-loop.mjs --alg ES256 --op verify --backend native --stub-primitive
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { option } from "./measure.mjs";

const alg = option("alg", "HS256");
const op = option("op", "verify");
const backendName = option("backend", "auto");
const iterations = Number(option("n", alg.startsWith("HS") ? 1_000_000 : 100_000));
const stub = process.argv.includes("--stub-primitive");

const { JWT } = await import(new URL("../../dist/index.js", import.meta.url).href);
const claims = { sub: "user@example.com", iss: "bench", role: "admin", scope: ["read", "write"] };

function keys() {
  if (alg.startsWith("HS")) {
    const secret = new Uint8Array(randomBytes(32));
    return [secret, secret];
  }
  const pair = alg.startsWith("RS")
    ? generateKeyPairSync("rsa", { modulusLength: 2048 })
    : alg === "EdDSA"
      ? generateKeyPairSync("ed25519")
      : generateKeyPairSync("ec", { namedCurve: "P-256" });
  return [
    pair.privateKey.export({ type: "pkcs8", format: "pem" }),
    pair.publicKey.export({ type: "spki", format: "pem" }),
  ];
}

const [signingKey, verifyingKey] = keys();
const signer = new JWT({ alg, secretKey: signingKey, backend: backendName });
const verifier = new JWT({ alg, secretKey: verifyingKey, backend: backendName });
const token = signer.encode({ exp: 3600, payload: claims });
verifier.decode(token);
if (stub) {
  // The backend reaches node:crypto through process.getBuiltinModule: the same module object.
  const crypto = process.getBuiltinModule("node:crypto");
  crypto.verify = () => true;
  // RSA and ECDSA verify through a Verify object on Node (ts/backend/node-crypto.ts).
  crypto.createVerify = () => ({
    update() {
      return this;
    },
    verify: () => true,
  });
}
const run = op === "sign" ? () => signer.encode({ exp: 3600, payload: claims }) : () => verifier.decode(token);
const start = performance.now();
for (let i = 0; i < iterations; i++) run();
const seconds = (performance.now() - start) / 1000;
console.log(
  `${alg} ${op} (${verifier.jws.verifyBackend} verify, ${signer.jws.backend} sign${stub ? ", primitive stubbed" : ""}):` +
    ` ${(iterations / seconds / 1000).toFixed(1)}k/s, ${((seconds / iterations) * 1e6).toFixed(2)} µs/op`,
);
