// Node-only look at the async WebCrypto path against the sync wasm core and
// the raw crypto.subtle primitive, whole operations, one at a time (awaited),
// median ops/s of 5 rounds. A program, not a test:
//   node scripts/bench-webcrypto.mjs        (after scripts/build.sh)
// Node's crypto.subtle is OpenSSL, as Chromium's is BoringSSL and workerd's
// is BoringSSL: the ratios are indicative for those runtimes, not measured there.
import { JWE, JWK, JWS } from "../dist/index.js";

const ROUNDS = 5;
const payload = { sub: "bench", data: "x".repeat(150) };
const subtle = globalThis.crypto.subtle;

async function rate(fn, seconds = 0.4) {
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      await fn();
      n++;
    }
    rounds.push(n / ((performance.now() - start) / 1000));
  }
  return rounds.sort((a, b) => a - b)[2];
}

function jwsRows(alg, spec, subtleAlg, importAlg) {
  const key = JWK.generate(spec);
  const wasm = new JWS({ alg, key, backend: "wasm" });
  const web = new JWS({ alg, key, backend: "wasm", asyncBackend: "webcrypto" });
  const token = wasm.sign(payload);
  const input = new TextEncoder().encode(token.slice(0, token.lastIndexOf(".")));
  const der = (pem) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64");
  return [
    [
      `${alg} sign`,
      () => wasm.sign(payload),
      () => web.signAsync(payload),
      async () => {
        const k = await subtle.importKey("pkcs8", der(key.toPem({ private: true })), importAlg, false, ["sign"]);
        return () => subtle.sign(subtleAlg, k, input);
      },
    ],
    [
      `${alg} verify`,
      () => wasm.verify(token),
      () => web.verifyAsync(token),
      async () => {
        const k = await subtle.importKey("spki", der(key.toPem()), importAlg, false, ["verify"]);
        const sig = Buffer.from(token.split(".")[2], "base64url");
        return () => subtle.verify(subtleAlg, k, sig, input);
      },
    ],
  ];
}

function jweRow(alg, spec) {
  const key = JWK.generate(spec);
  const wasm = new JWE({ alg, enc: "A256GCM", key, backend: "wasm" });
  const web = new JWE({ alg, enc: "A256GCM", key, backend: "wasm", asyncBackend: "webcrypto" });
  const token = wasm.encrypt(payload);
  return [
    [`${alg} encrypt`, () => wasm.encrypt(payload), () => web.encryptAsync(payload), null],
    [`${alg} decrypt`, () => wasm.decrypt(token), () => web.decryptAsync(token), null],
  ];
}

const rows = [
  ...jwsRows("RS256", "RSA-2048", { name: "RSASSA-PKCS1-v1_5" }, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }),
  ...jwsRows("ES256", "P-256", { name: "ECDSA", hash: "SHA-256" }, { name: "ECDSA", namedCurve: "P-256" }),
  ...jwsRows("EdDSA", "Ed25519", { name: "Ed25519" }, { name: "Ed25519" }),
  ...jweRow("RSA-OAEP-256", "RSA-2048"),
  ...jweRow("ECDH-ES+A256KW", "P-256"),
];

console.log(`node ${process.version}, ${ROUNDS} rounds, median ops/s, one operation awaited at a time`);
console.log("| operation | wasm (sync) | WebCrypto path (async) | raw crypto.subtle | async/wasm | async/raw |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const [name, wasmFn, webFn, rawMaker] of rows) {
  const w = await rate(wasmFn);
  const a = await rate(webFn);
  const raw = rawMaker === null ? null : await rate(await rawMaker());
  const f = (x) => (x === null ? "-" : Math.round(x).toLocaleString("en-US"));
  const r = (x, y) => (x === null || y === null ? "-" : (x / y).toFixed(2));
  console.log(`| ${name} | ${f(w)} | ${f(a)} | ${f(raw)} | ${r(a, w)} | ${r(a, raw)} |`);
}
