// `npm run bench:workers`: jam-jose against raw WebCrypto and node:crypto
// (nodejs_compat) inside one workerd Worker, on loopback. Ops/s are per CPU
// second of the workerd process (scripts/bench/measure.mjs says why), median
// over interleaved rounds. A program, not a test. Run after `npm run build`:
//   node scripts/bench-workers.mjs [--rounds 5] [--ms 300] [--only "RS256 verify,ES256 verify"] [--dist dir]
// --dist times another build of the package (e.g. a copy of an older dist/).
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { ROWS } from "./bench/rows.mjs";
import { machine, measure, option, table } from "./bench/measure.mjs";
import { serveWorkerd } from "./bench/workerd.mjs";

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

const workerd = await serveWorkerd(outdir, { wasm: ["jam_jose_bg.wasm"] });
const call = (body) => workerd.call(body);

try {
  const info = await call();
  const result = await measure({
    rows,
    columns: info.columns,
    cells: info.cells,
    run: (row, column, n) => call({ row, column, n }),
    pids: () => [workerd.pid],
    rounds,
    sliceMs,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(`workerd ${workerd.version} (nodejs_compat), ${machine()}, node ${process.version}`);
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
  workerd.stop();
  rmSync(outdir, { recursive: true, force: true });
}
