// Side-by-side benchmark of two builds of the wasm core in one Node process:
// whole JWS operations through the package (dist/index.js) against the same
// operations of another build (--baseline <dir>, a copy of an older dist/),
// on the same keys, interleaved, median ops per CPU second
// (process.cpuUsage, so a busy machine skews less than wall time would).
// A program, not a test. Run after `npm run build`:
//   node scripts/bench/wasm-core.mjs --baseline /tmp/dist-before [--rounds 7] [--ms 200] [--only RS256,ES256]
// Both builds run on the wasm backend (`backend: "wasm"`; the Node default is native for RSA/EC/EdDSA).
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { fmt, option } from "./measure.mjs";

const rounds = Number(option("rounds", 7));
const sliceMs = Number(option("ms", 200));
const baseline = option("baseline", "");
const only = option("only", "RS256,PS256,ES256,ES384,EdDSA").split(",");
const here = new URL("../../dist/index.js", import.meta.url);
const builds = [["after", await import(here.href)]];
if (baseline) builds.unshift(["before", await import(pathToFileURL(resolve(baseline, "index.js")).href)]);

const pairFor = {
  RS256: () => generateKeyPairSync("rsa", { modulusLength: 2048 }),
  PS256: () => generateKeyPairSync("rsa", { modulusLength: 2048 }),
  ES256: () => generateKeyPairSync("ec", { namedCurve: "P-256" }),
  ES384: () => generateKeyPairSync("ec", { namedCurve: "P-384" }),
  EdDSA: () => generateKeyPairSync("ed25519"),
};
const payload = new Uint8Array(randomBytes(200));

function slice(fn) {
  const start = process.cpuUsage();
  const wallEnd = performance.now() + sliceMs;
  let n = 0;
  while (performance.now() < wallEnd) {
    for (let i = 0; i < 4; i++) fn();
    n += 4;
  }
  const used = process.cpuUsage(start);
  return (n * 1e6) / (used.user + used.system);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`node ${process.version}, ${rounds} rounds x ${sliceMs} ms, median ops per CPU second\n`);
const head = ["operation", ...builds.map(([name]) => name)];
if (baseline) head.push("after / before");
console.log(
  `| ${head.join(" | ")} |\n|---|${head
    .slice(1)
    .map(() => "---:")
    .join("|")}|`,
);
for (const alg of only) {
  const pair = pairFor[alg]();
  const privatePem = pair.privateKey.export({ type: "pkcs8", format: "pem" });
  const publicPem = pair.publicKey.export({ type: "spki", format: "pem" });
  const ops = builds.map(([, lib]) => {
    const signer = new lib.JWS({ alg, key: privatePem, backend: "wasm" });
    const verifier = new lib.JWS({ alg, key: publicPem, backend: "wasm" });
    const token = signer.sign(payload);
    verifier.verify(token);
    return { sign: () => signer.sign(payload), verify: () => verifier.verify(token) };
  });
  // Each build verifies the other's tokens: the change kept the format.
  if (builds.length === 2) {
    for (const [a, b] of [
      [0, 1],
      [1, 0],
    ]) {
      const lib = builds[b][1];
      new lib.JWS({ alg, key: publicPem }).verify(new builds[a][1].JWS({ alg, key: privatePem }).sign(payload));
    }
  }
  for (const op of ["sign", "verify"]) {
    const samples = ops.map(() => []);
    for (const o of ops) slice(o[op]); // warm-up
    for (let r = 0; r < rounds; r++) {
      for (const [i, o] of ops.entries()) samples[i].push(slice(o[op]));
    }
    const medians = samples.map(median);
    const cells = [`${alg} ${op}`, ...medians.map(fmt)];
    if (baseline) cells.push((medians[1] / medians[0]).toFixed(2));
    console.log(`| ${cells.join(" | ")} |`);
  }
}
