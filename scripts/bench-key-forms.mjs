// `node scripts/bench-key-forms.mjs`: which key forms workerd's node:crypto
// (nodejs_compat) handles correctly, and how fast, for Ed25519, RSA PKCS#1
// v1.5, RSA-PSS and ECDSA P-256 (ieee-p1363). Keys and a reference signature
// per algorithm come from Node's OpenSSL; the Worker checks each form (good
// signature accepted, changed signature or message refused) and returns its
// own signatures, which Node verifies. Forms that pass are timed like
// bench-workers.mjs: ops per CPU second of the workerd process, median of
// interleaved rounds. A program, not a test; docs/runtimes.md quotes it.
//   node scripts/bench-key-forms.mjs [--rounds 3] [--ms 200]
import { spawn } from "node:child_process";
import * as nc from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fmt, machine, measure, option } from "./bench/measure.mjs";

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
const port = await new Promise((resolve, reject) => {
  const probe = createServer();
  probe.once("error", reject);
  probe.listen(0, "127.0.0.1", () => {
    const { port: p } = probe.address();
    probe.close(() => resolve(p));
  });
});
writeFileSync(
  join(outdir, "config.capnp"),
  `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2026-08-04",
);
`,
);
const workerdModule = await import("workerd");
const binary = typeof workerdModule.default === "string" ? workerdModule.default : workerdModule.default.default;
const version = (await import("workerd/package.json", { with: { type: "json" } })).default.version;
let output = "";
const child = spawn(binary, ["serve", join(outdir, "config.capnp")], {
  cwd: outdir,
  stdio: ["ignore", "pipe", "pipe"],
});
child.stdout.on("data", (chunk) => (output += chunk));
child.stderr.on("data", (chunk) => (output += chunk));
const url = `http://127.0.0.1:${port}/`;
async function call(body) {
  const response = await fetch(url, { method: "POST", body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`workerd answered ${response.status}: ${await response.text()}\n${output}`);
  return response.json();
}

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
  for (const deadline = Date.now() + 120_000; ; ) {
    if (child.exitCode !== null) throw new Error(`workerd exited ${child.exitCode}:\n${output}`);
    try {
      await (await fetch(url)).arrayBuffer();
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  const report = await call({ setup: { message: message.toString("base64"), keys } });
  const verdicts = Object.fromEntries(Object.entries(report).map(([row, r]) => [row, verdict(row.split(" ")[0], r)]));
  const rows = Object.keys(report).filter((row) => verdicts[row].ok);
  const result = await measure({
    rows,
    columns: ["ops/s"],
    cells: { "ops/s": rows },
    run: (op, _column, n) => call({ op, n }),
    pids: () => [child.pid],
    rounds,
    sliceMs,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(`workerd ${version} (nodejs_compat), ${machine()}, node ${process.version}`);
  console.log(`ops per CPU second of the workerd process, median of ${rounds} interleaved rounds of ~${sliceMs} ms\n`);
  console.log("| operation, key form | correct? | ops/s |\n|---|---|---:|");
  for (const row of Object.keys(report)) {
    const { ok, text } = verdicts[row];
    console.log(
      `| ${row} | ${ok ? "yes" : `no: ${text.replaceAll("|", "/")}`} | ${ok ? fmt(result[row]["ops/s"]) : "–"} |`,
    );
  }
} finally {
  child.kill("SIGTERM");
  rmSync(outdir, { recursive: true, force: true });
}
