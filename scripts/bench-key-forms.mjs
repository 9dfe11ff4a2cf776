// `node scripts/bench-key-forms.mjs`: which key forms workerd's node:crypto
// (nodejs_compat) handles correctly, and how fast, for Ed25519, RSA PKCS#1
// v1.5, RSA-PSS and ECDSA P-256 (ieee-p1363). Keys and a reference signature
// per algorithm come from Node's OpenSSL; the Worker checks each form (good
// signature accepted, changed signature or message refused) and returns its
// own signatures, which Node verifies. Forms that pass are timed like
// bench-workers.mjs: ops per CPU second of the workerd process, median of
// interleaved rounds. A program, not a test; docs/runtimes.md quotes it.
//   node scripts/bench-key-forms.mjs [--rounds 3] [--ms 200]
import * as nc from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fmt, machine, measure, option } from "./bench/measure.mjs";
import { serveWorkerd } from "./bench/workerd.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const rounds = Number(option("rounds", 3));
const sliceMs = Number(option("ms", 200));

const KEYS = {
  EdDSA: { type: "ed25519", options: {}, hash: null, sign: {} },
  RS256: { type: "rsa", options: { modulusLength: 2048 }, hash: "sha256", sign: {} },
  PS256: {
    type: "rsa",
    options: { modulusLength: 2048 },
    hash: "sha256",
    sign: { padding: nc.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
  },
  ES256: { type: "ec", options: { namedCurve: "P-256" }, hash: "sha256", sign: { dsaEncoding: "ieee-p1363" } },
};

const message = nc.randomBytes(300);
const keys = {};
const publicKeys = {};
for (const [alg, spec] of Object.entries(KEYS)) {
  const { publicKey, privateKey } = nc.generateKeyPairSync(spec.type, spec.options);
  publicKeys[alg] = publicKey;
  keys[alg] = {
    spkiPem: publicKey.export({ type: "spki", format: "pem" }),
    spkiDer: publicKey.export({ type: "spki", format: "der" }).toString("base64"),
    pkcs8Pem: privateKey.export({ type: "pkcs8", format: "pem" }),
    pkcs8Der: privateKey.export({ type: "pkcs8", format: "der" }).toString("base64"),
    publicJwk: publicKey.export({ format: "jwk" }),
    privateJwk: privateKey.export({ format: "jwk" }),
    signature: nc.sign(spec.hash, message, { key: privateKey, ...spec.sign }).toString("base64"),
  };
}

const outdir = mkdtempSync(join(tmpdir(), "jam-jose-key-forms-"));
copyFileSync(join(here, "bench/key-forms-worker.mjs"), join(outdir, "worker.js"));
const workerd = await serveWorkerd(outdir);
const call = (body) => workerd.call(body);

/** One line per form: correct or what went wrong. */
function verdict(alg, result) {
  if (result.error) return { ok: false, text: result.error };
  if (result.signature !== undefined) {
    const { hash, sign } = KEYS[alg];
    const signature = Buffer.from(result.signature, "base64");
    const ok = nc.verify(hash, message, { key: publicKeys[alg], ...sign }, signature);
    const pkcs1 = alg === "PS256" && nc.verify(hash, message, publicKeys[alg], signature);
    return { ok, text: ok ? "correct" : `Node's OpenSSL refuses its signature${pkcs1 ? " (PKCS#1 v1.5)" : ""}` };
  }
  const ok = result.good === true && result.changedSignature === false && result.changedMessage === false;
  const text = ok
    ? "correct"
    : typeof result.good === "string"
      ? result.good
      : result.good !== true
        ? "good signature refused"
        : "a changed signature or message accepted";
  return { ok, text };
}

try {
  const report = await call({ setup: { message: message.toString("base64"), keys } });
  const verdicts = Object.fromEntries(Object.entries(report).map(([row, r]) => [row, verdict(row.split(" ")[0], r)]));
  const rows = Object.keys(report).filter((row) => verdicts[row].ok);
  const result = await measure({
    rows,
    columns: ["ops/s"],
    cells: { "ops/s": rows },
    run: (op, _column, n) => call({ op, n }),
    pids: () => [workerd.pid],
    rounds,
    sliceMs,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(`workerd ${workerd.version} (nodejs_compat), ${machine()}, node ${process.version}`);
  console.log(`ops per CPU second of the workerd process, median of ${rounds} interleaved rounds of ~${sliceMs} ms\n`);
  console.log("| operation, key form | correct? | ops/s |\n|---|---|---:|");
  for (const row of Object.keys(report)) {
    const { ok, text } = verdicts[row];
    console.log(
      `| ${row} | ${ok ? "yes" : `no: ${text.replaceAll("|", "/")}`} | ${ok ? fmt(result[row]["ops/s"]) : "–"} |`,
    );
  }
} finally {
  workerd.stop();
  rmSync(outdir, { recursive: true, force: true });
}
