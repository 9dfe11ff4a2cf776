// `npm run bench:browser`: jam-jose against the page's crypto.subtle in
// headless Chromium (Debian's, driven by playwright-core), served on
// loopback. Ops/s are per CPU second of Chromium's processes
// (scripts/bench/measure.mjs says why), median over interleaved rounds. A
// program, not a test. Run after `npm run build`:
//   node scripts/bench-browser.mjs [--rounds 5] [--ms 300] [--only "RS256 sign,ES256 verify"] [--dist dir]
// --dist times another build of the package.
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { ROWS } from "./bench/rows.mjs";
import { machine, measure, option, table } from "./bench/measure.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const rounds = Number(option("rounds", 5));
const sliceMs = Number(option("ms", 300));
const only = option("only", "");
const dist = option("dist", join(root, "dist"));
const rows = only ? only.split(",").map((r) => r.trim()) : ROWS;

// The page bundled as an application would (browser conditions), with the
// .wasm where the loader's new URL("./generated/...", import.meta.url) finds it.
const site = mkdtempSync(join(tmpdir(), "jam-jose-bench-site-"));
await build({
  entryPoints: [join(root, "scripts", "bench", "page.mjs")],
  outfile: join(site, "page.js"),
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  alias: { "jam-jose-under-test": join(dist, "browser.js") },
  nodePaths: [join(root, "node_modules")], // for a --dist outside the checkout
  logLevel: "error",
});
mkdirSync(join(site, "generated"));
copyFileSync(join(dist, "core", "generated", "jam_jose_bg.wasm"), join(site, "generated", "jam_jose_bg.wasm"));
writeFileSync(
  join(site, "index.html"),
  '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>',
);

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
const server = createServer((request, response) => {
  const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
  const file = normalize(join(site, path === "/" ? "index.html" : path));
  if (!file.startsWith(site + sep) || !existsSync(file) || !statSync(file).isFile()) {
    response.writeHead(404).end();
    return;
  }
  response.setHeader("content-type", TYPES[extname(file)] ?? "application/octet-stream");
  createReadStream(file).pipe(response);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address();

/** Chromium's processes: the one started with our profile and its descendants. */
function chromiumPids(profile) {
  const parent = new Map();
  let top;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parent.set(entry, stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!top && readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(profile)) top = entry;
    } catch {
      // gone already
    }
  }
  const pids = new Set(top ? [top] : []);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (!pids.has(pid) && pids.has(ppid)) {
        pids.add(pid);
        grew = true;
      }
    }
  }
  return [...pids];
}

const profile = mkdtempSync(join(tmpdir(), "jam-jose-bench-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page
    .waitForFunction(() => "bench" in window || false, undefined, { timeout: 120_000 })
    .catch((error) => {
      throw new Error(`the page did not get ready: ${errors.join("; ") || error.message}`);
    });
  const info = await page.evaluate(() => ({ columns: window.bench.columns, cells: window.bench.cells }));
  let pids = chromiumPids(profile);
  const result = await measure({
    rows,
    columns: info.columns,
    cells: info.cells,
    run: (row, column, n) => page.evaluate(([r, c, k]) => window.bench.run(r, c, k), [row, column, n]),
    pids: () => pids,
    rounds,
    sliceMs,
    log: (line) => {
      pids = chromiumPids(profile);
      process.stderr.write(`${line}\n`);
    },
  });
  const version = execFileSync("/usr/bin/chromium", ["--version"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  }).trim();
  console.log(`${version}, headless, ${machine()}, node ${process.version}`);
  console.log(`ops per CPU second of Chromium's processes, median of ${rounds} interleaved rounds of ~${sliceMs} ms\n`);
  console.log(
    table(
      rows,
      info.columns,
      result,
      info.columns.filter((c) => c.startsWith("jam-jose")),
    ),
  );
} finally {
  await context.close();
  server.close();
  for (const dir of [profile, site]) rmSync(dir, { recursive: true, force: true });
}
