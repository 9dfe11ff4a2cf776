// What one encrypted-key import costs at the edge of the default KDF caps
// (see docs/key-import.md), and what a key over the caps costs (nothing: it
// is refused before any work). Medians of --runs imports each, with the
// right and with a wrong password. Run after `npm run build`:
//   node scripts/bench-kdf.mjs [--runs 5]
import { generateKeyPairSync } from "node:crypto";
import { JWK } from "../dist/index.js";
import { encryptedPkcs8Pem } from "../test/security/keys-fixtures.mjs";

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1] || 5);
const pkcs8 = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "der" });

const cases = [
  ["PBKDF2, 2048 iterations (OpenSSL's default)", { type: "pbkdf2", iterations: 2048 }],
  ["PBKDF2, 300 000 iterations (the default cap)", { type: "pbkdf2", iterations: 300_000 }],
  ["scrypt N=2^14 r=8 p=1 (OpenSSL's default = the work cap)", { type: "scrypt", N: 16384, r: 8, p: 1 }],
  ["PBKDF2, 10^6 iterations (over the cap: refused)", { type: "pbkdf2", iterations: 1_000_000 }],
  ["scrypt N=2^16 r=8 p=16 (over the cap: refused)", { type: "scrypt", N: 65536, r: 8, p: 16 }],
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(pem, password) {
  const samples = [];
  let outcome = "";
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    try {
      JWK.import(pem, { password }).dispose();
      outcome = "imported";
    } catch (error) {
      outcome = error.code;
    }
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), outcome };
}

console.log(`| key | right password | wrong password |\n|---|---|---|`);
for (const [name, kdf] of cases) {
  // Over-cap keys need not be really encrypted: they are refused first.
  const over = name.includes("refused");
  const pem = encryptedPkcs8Pem(pkcs8, "pw", kdf, !over);
  const right = time(pem, "pw");
  const wrong = time(pem, "not the password");
  const cell = (r) => `${r.ms.toFixed(1)} ms (${r.outcome})`;
  console.log(`| ${name} | ${cell(right)} | ${cell(wrong)} |`);
}
