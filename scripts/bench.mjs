// `npm run bench`: jam-jose on both backends against jose, fast-jwt and
// jsonwebtoken, in one process, on the same keys and claims. Each round runs
// every contender for a fixed time slice, interleaved, so that a noisy
// neighbour hurts all of them alike; a row reports the median ops/s over the
// rounds and the ratio of ours (default backend) to the fastest peer. Then
// the resident memory before and after N sign+verify operations.
// A program, not a test: nothing fails on timing. Run after `npm run build`:
//   node scripts/bench.mjs [--rounds 5] [--ms 150] [--only HS256,ES256,JWE,cache] [--ops 1000000] [--markdown]
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import os from "node:os";
import * as jose from "jose";
import { JWE, JWT, backend } from "../dist/index.js";
import { fmtRatio } from "./bench/measure.mjs";

const require = createRequire(import.meta.url);
const { createSigner, createVerifier } = require("fast-jwt");
const jsonwebtoken = require("jsonwebtoken");

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const rounds = Number(opt("rounds", 5));
const sliceMs = Number(opt("ms", 150));
const memoryOps = Number(opt("ops", 1_000_000));
const markdown = args.includes("--markdown");
const JWS_ROWS = ["HS256", "RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA"];
const only = new Set(opt("only", [...JWS_ROWS, "JWE", "cache", "memory"].join(",")).split(","));

const claims = { sub: "user@example.com", iss: "bench", role: "admin", scope: ["read", "write"] };
const OURS = ["ours (native)", "ours (wasm)"];
/** The column of the backend an instance gets by default for `alg` (what a user runs). */
const defaultColumn = (alg, op) => {
  const report = backend();
  const name = (op === "verify" ? report.verify[alg] : undefined) ?? report.algorithms[alg];
  return `ours (${name === "native" ? "native" : "wasm"})`;
};

function nodePair(alg) {
  if (alg.startsWith("RS") || alg.startsWith("PS") || alg.startsWith("RSA")) {
    return generateKeyPairSync("rsa", { modulusLength: 2048 });
  }
  if (alg === "EdDSA") return generateKeyPairSync("ed25519");
  const curve = { ES256: "P-256", ES384: "P-384", ES512: "P-521", "ECDH-ES+A256KW": "P-256" }[alg];
  return generateKeyPairSync("ec", { namedCurve: curve });
}

function jwsContenders(alg) {
  const secret = alg === "HS256" ? randomBytes(32) : undefined;
  const pair = secret ? undefined : nodePair(alg);
  const privatePem = pair?.privateKey.export({ type: "pkcs8", format: "pem" });
  const publicPem = pair?.publicKey.export({ type: "spki", format: "pem" });
  const ourSign = secret ? new Uint8Array(secret) : privatePem;
  const ourVerify = secret ? new Uint8Array(secret) : publicPem;
  const signKey = secret ?? pair.privateKey;
  const verifyKey = secret ?? pair.publicKey;
  const list = [];
  let token;
  for (const [name, b] of [
    ["ours (native)", "native"],
    ["ours (wasm)", "wasm"],
  ]) {
    const signer = new JWT({ alg, secretKey: ourSign, backend: b });
    const verifier = new JWT({ alg, secretKey: ourVerify, backend: b });
    token ??= signer.encode({ exp: 3600, payload: claims });
    const t = token;
    list.push({ name, sign: () => signer.encode({ exp: 3600, payload: claims }), verify: () => verifier.decode(t) });
  }
  list.push({
    name: "jose",
    async: true,
    sign: () =>
      new jose.SignJWT(claims)
        .setProtectedHeader({ alg, typ: "JWT" })
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(signKey),
    verify: () => jose.jwtVerify(token, verifyKey, { algorithms: [alg] }),
  });
  const fjSign = createSigner({ algorithm: alg, key: secret ?? privatePem, expiresIn: 3600_000 });
  const fjVerify = createVerifier({ algorithms: [alg], key: secret ?? publicPem, cache: false });
  list.push({ name: "fast-jwt", sign: () => fjSign(claims), verify: () => fjVerify(token) });
  if (alg !== "EdDSA") {
    // jsonwebtoken has no EdDSA.
    list.push({
      name: "jsonwebtoken",
      sign: () => jsonwebtoken.sign(claims, signKey, { algorithm: alg, expiresIn: 3600 }),
      verify: () => jsonwebtoken.verify(token, verifyKey, { algorithms: [alg] }),
    });
  }
  return list;
}

const JWE_ROWS = ["dir", "A256KW", "RSA-OAEP-256", "ECDH-ES+A256KW"];

function jweContenders(alg) {
  const enc = "A256GCM";
  const plaintext = new TextEncoder().encode(JSON.stringify(claims));
  let ourEncryptKey;
  let ourDecryptKey;
  let joseEncryptKey;
  let joseDecryptKey;
  if (alg === "dir" || alg === "A256KW") {
    const secret = new Uint8Array(randomBytes(32));
    ourEncryptKey = ourDecryptKey = joseEncryptKey = joseDecryptKey = secret;
  } else {
    const pair = nodePair(alg);
    ourEncryptKey = pair.publicKey.export({ type: "spki", format: "pem" });
    ourDecryptKey = pair.privateKey.export({ type: "pkcs8", format: "pem" });
    joseEncryptKey = pair.publicKey;
    joseDecryptKey = pair.privateKey;
  }
  const list = [];
  let token;
  for (const [name, b] of [
    ["ours (native)", "native"],
    ["ours (wasm)", "wasm"],
  ]) {
    const sender = new JWE({ alg, enc, key: ourEncryptKey, backend: b });
    const recipient = new JWE({ alg, enc, key: ourDecryptKey, backend: b });
    token ??= sender.encrypt(plaintext);
    const t = token;
    list.push({ name, encrypt: () => sender.encrypt(plaintext), decrypt: () => recipient.decrypt(t) });
  }
  list.push({
    name: "jose",
    async: true,
    encrypt: () => new jose.CompactEncrypt(plaintext).setProtectedHeader({ alg, enc }).encrypt(joseEncryptKey),
    decrypt: () => jose.compactDecrypt(token, joseDecryptKey),
  });
  return list;
}

function cacheContenders() {
  const pair = nodePair("ES256");
  const privatePem = pair.privateKey.export({ type: "pkcs8", format: "pem" });
  const publicPem = pair.publicKey.export({ type: "spki", format: "pem" });
  const token = new JWT({ alg: "ES256", secretKey: privatePem }).encode({ exp: 3600, payload: claims });
  const list = [];
  for (const [name, b] of [
    ["ours (native)", "native"],
    ["ours (wasm)", "wasm"],
  ]) {
    const verifier = new JWT({ alg: "ES256", secretKey: publicPem, backend: b, cache: { max: 1000 } });
    list.push({ name, verify: () => verifier.decode(token) });
  }
  const fjVerify = createVerifier({ algorithms: ["ES256"], key: publicPem, cache: 1000 });
  list.push({ name: "fast-jwt", verify: () => fjVerify(token) });
  return list;
}

// Ops per CPU-second of this process (all threads: OpenSSL work that jose
// hands to libuv's pool counts too). On a shared machine wall time measures
// the neighbours; CPU time measures us.
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function slice(fn, isAsync) {
  const end = performance.now() + sliceMs;
  let n = 0;
  const start = cpuMs();
  if (isAsync) {
    while (performance.now() < end) {
      for (let i = 0; i < 8; i++) await fn();
      n += 8;
    }
  } else {
    while (performance.now() < end) {
      for (let i = 0; i < 8; i++) fn();
      n += 8;
    }
  }
  return (n * 1000) / Math.max(cpuMs() - start, 0.001);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) =>
  x === undefined
    ? "-"
    : x >= 10_000
      ? `${(x / 1000).toFixed(1)}k`
      : x >= 1000
        ? `${(x / 1000).toFixed(2)}k`
        : x.toFixed(0);
const COLUMNS = [...OURS, "jose", "fast-jwt", "jsonwebtoken"];

const rows = [];
async function measure(label, list, op, alg) {
  const samples = new Map(list.map((c) => [c.name, []]));
  for (const c of list) await slice(c[op], c.async); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const c of list) samples.get(c.name).push(await slice(c[op], c.async));
  }
  const medians = new Map(list.map((c) => [c.name, median(samples.get(c.name))]));
  const peers = list.filter((c) => !OURS.includes(c.name));
  const fastest = peers.reduce((best, c) => (medians.get(c.name) > medians.get(best.name) ? c : best), peers[0]);
  const ours = defaultColumn(alg, op);
  const ratio = medians.get(ours) / medians.get(fastest.name);
  const row = { label, medians, fastest: fastest.name, ratio, ours };
  rows.push(row);
  if (!markdown) {
    const cells = COLUMNS.map((n) => `${n} ${fmt(medians.get(n))}`).join(" | ");
    console.log(`${label.padEnd(24)} ${cells} | ratio ${ours.slice(6, -1)} ${fmtRatio(ratio)} vs ${fastest.name}`);
  }
}

const rssMiB = () => (process.memoryUsage().rss / 1048576).toFixed(1);

async function memory() {
  const pair = nodePair("ES256");
  const signer = new JWT({ alg: "HS256", secretKey: new Uint8Array(randomBytes(32)) });
  const es = new JWT({ alg: "ES256", secretKey: pair.privateKey.export({ type: "pkcs8", format: "pem" }) });
  const results = [];
  for (const [label, jwt] of [
    ["HS256", signer],
    ["ES256 (native)", es],
  ]) {
    const ops = label === "HS256" ? memoryOps : Math.ceil(memoryOps / 10);
    for (let i = 0; i < 10_000; i++) jwt.decode(jwt.encode({ exp: 3600, payload: claims }));
    globalThis.gc?.();
    const before = rssMiB();
    const start = performance.now();
    for (let i = 0; i < ops; i++) jwt.decode(jwt.encode({ exp: 3600, payload: claims }));
    const seconds = (performance.now() - start) / 1000;
    globalThis.gc?.();
    results.push({ label, ops, before, after: rssMiB(), seconds });
  }
  return results;
}

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const where = backend().algorithms;
console.log(
  `node ${process.version}, ${os.cpus().length} x ${cpu}, ${rounds} rounds x ${sliceMs} ms per contender,` +
    " median ops per CPU-second; ratio = ours on the backend the row's alg gets by default" +
    ` (${where["RS256"]} for RSA/EC/EdDSA, ${where["HS256"]} for HMAC) / fastest peer\n`,
);

for (const alg of JWS_ROWS.filter((a) => only.has(a))) {
  const list = jwsContenders(alg);
  await measure(`${alg} sign`, list, "sign", alg);
  await measure(`${alg} verify`, list, "verify", alg);
}
if (only.has("JWE")) {
  for (const alg of JWE_ROWS) {
    const list = jweContenders(alg);
    await measure(`${alg} A256GCM encrypt`, list, "encrypt", alg);
    await measure(`${alg} A256GCM decrypt`, list, "decrypt", alg);
  }
}
if (only.has("cache")) await measure("ES256 verify, cached", cacheContenders(), "verify", "ES256");

if (markdown) {
  console.log(`| row | ${COLUMNS.join(" | ")} | ratio to fastest peer |`);
  console.log(`|---|${COLUMNS.map(() => "---:").join("|")}|---|`);
  for (const r of rows) {
    const cells = COLUMNS.map((n) => fmt(r.medians.get(n)));
    console.log(`| ${r.label} | ${cells.join(" | ")} | ${fmtRatio(r.ratio)} (${r.ours.slice(6, -1)} / ${r.fastest}) |`);
  }
}

if (only.has("memory")) {
  console.log("");
  for (const m of await memory()) {
    const ops = m.ops.toLocaleString("en");
    console.log(
      `RSS ${m.label}: ${m.before} MiB before, ${m.after} MiB after ${ops} sign+verify (${m.seconds.toFixed(1)} s)`,
    );
  }
}
