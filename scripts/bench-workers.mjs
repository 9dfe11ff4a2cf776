// `npm run bench:workers`: jam-jose against raw WebCrypto and node:crypto
// (nodejs_compat) inside one workerd Worker, on loopback. Ops/s are per CPU
// second of the workerd process (scripts/bench/measure.mjs says why), median
// over interleaved rounds. A program, not a test. Run after `npm run build`:
//   node scripts/bench-workers.mjs [--rounds 5] [--ms 300] [--only "RS256 verify,ES256 verify"] [--dist dir]
// --dist times another build of the package (e.g. a copy of an older dist/).
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { ROWS } from "./bench/rows.mjs";
import { machine, measure, option, table } from "./bench/measure.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const rounds = Number(option("rounds", 5));
const sliceMs = Number(option("ms", 300));
const only = option("only", "");
const dist = option("dist", join(here, "..", "dist"));
const rows = only ? only.split(",").map((r) => r.trim()) : ROWS;

const outdir = mkdtempSync(join(tmpdir(), "jam-jose-bench-workerd-"));
// Bundled as wrangler would: workerd conditions, .wasm kept as a module.
await build({
  entryPoints: [join(here, "bench/worker.mjs")],
  outfile: join(outdir, "worker.js"),
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  conditions: ["workerd", "worker", "browser"],
  external: ["node:*"],
  alias: { "jam-jose-under-test": join(dist, "worker.js") },
  nodePaths: [join(here, "..", "node_modules")], // for a --dist outside the checkout
  logLevel: "error",
  plugins: [
    {
      name: "wasm-modules",
      setup(b) {
        b.onResolve({ filter: /\.wasm$/ }, (args) => {
          const source = join(args.resolveDir, args.path);
          copyFileSync(source, join(outdir, basename(source)));
          return { path: `./${basename(source)}`, external: true };
        });
      },
    },
  ],
});

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
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "jam_jose_bg.wasm", wasm = embed "jam_jose_bg.wasm"),
  ],
  # nodejs_compat is on by default from this date.
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
  const response = await fetch(url, body ? { method: "POST", body: JSON.stringify(body) } : {});
  if (!response.ok) throw new Error(`workerd answered ${response.status}: ${await response.text()}\n${output}`);
  return response.json();
}

try {
  let info;
  for (const deadline = Date.now() + 120_000; !info; ) {
    if (child.exitCode !== null) throw new Error(`workerd exited ${child.exitCode}:\n${output}`);
    try {
      info = await call();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  const result = await measure({
    rows,
    columns: info.columns,
    cells: info.cells,
    run: (row, column, n) => call({ row, column, n }),
    pids: () => [child.pid],
    rounds,
    sliceMs,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(`workerd ${version} (nodejs_compat), ${machine()}, node ${process.version}`);
  console.log(`ops per CPU second of the workerd process, median of ${rounds} interleaved rounds of ~${sliceMs} ms\n`);
  console.log(
    table(
      rows,
      info.columns,
      result,
      info.columns.filter((c) => c.startsWith("jam-jose")),
    ),
  );
} finally {
  child.kill("SIGTERM");
  rmSync(outdir, { recursive: true, force: true });
}
