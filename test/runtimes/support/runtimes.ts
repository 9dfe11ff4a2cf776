/**
 * One driver per runtime, all with the same shape: start once, then
 * `exercise(incoming)` runs test/fixtures/shared/ops.mjs in that runtime and
 * returns its report. Sized for a 2-core machine: one Chromium, one workerd,
 * short-lived Node processes; every wait has a generous bound and nothing
 * asserts on time.
 */
import { execFile } from "node:child_process";
import { copyFileSync, createReadStream, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { basename, extname, join, normalize, sep } from "node:path";
import { build, type Plugin } from "esbuild";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { build as viteBuild } from "vite";
import { type ServedWorkerd, serveWorkerd as serveWorker } from "../../../scripts/bench/workerd.mjs";

/** Tokens keyed by the runtime that made them, then by op name. */
export type Incoming = Record<string, Record<string, string>>;

/** What exercise() in test/fixtures/shared/ops.mjs reports. */
export interface Report {
  runtime: string;
  made: Record<string, string>;
  opened: Record<string, Record<string, unknown>>;
  failed: Record<string, unknown>;
  checks: Record<string, unknown>;
}

export interface Runtime {
  name: string;
  start(): Promise<void>;
  exercise(incoming: Incoming): Promise<Report>;
  stop(): Promise<void>;
}

/** A Node script of the consumer project, fed the incoming tokens on stdin. */
export function nodeRuntime(name: string, project: string, script: string): Runtime {
  return {
    name,
    start: async () => {},
    exercise: (incoming) =>
      new Promise((resolve, reject) => {
        const child = execFile(
          process.execPath,
          [join(project, script)],
          { cwd: project, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
          (error, stdout, stderr) => {
            if (error) return reject(new Error(`${name}: ${error.message}\n${stderr}`));
            resolve(JSON.parse(stdout) as Report);
          },
        );
        child.stdin?.end(JSON.stringify(incoming));
      }),
    stop: async () => {},
  };
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  // application/wasm lets the browser compile while the bytes stream in.
  ".wasm": "application/wasm",
};

/** Serves a directory read-only on 127.0.0.1 (port chosen by the OS). */
function serveDirectory(root: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.setHeader("content-type", CONTENT_TYPES[extname(file)] ?? "application/octet-stream");
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/**
 * Builds the consumer's browser pages with Vite, as an application would:
 * the package resolves through its `browser` export conditions, its
 * dependencies are bundled, and the .wasm is emitted as an asset.
 */
async function buildPages(project: string, outDir: string): Promise<void> {
  await viteBuild({
    root: project,
    logLevel: "warn",
    configFile: false,
    build: {
      outDir,
      emptyOutDir: true,
      target: "es2022",
      rollupOptions: {
        input: {
          index: join(project, "browser/index.html"),
          slim: join(project, "browser/slim.html"),
        },
      },
    },
  });
}

/**
 * One headless Debian Chromium (driven by playwright-core, fresh profile) and
 * one loopback server, shared by every browser page runtime.
 */
export class ChromiumHost {
  private server: Server | undefined;
  private context: BrowserContext | undefined;
  private users = 0;
  private profile: string | undefined;
  private site: string | undefined;
  readonly messages: string[] = [];

  constructor(readonly project: string) {}

  /** Opens `path` in a new page; a failure releases what it took. */
  async open(path: string): Promise<Page> {
    this.users += 1;
    try {
      return await this.load(path);
    } catch (error) {
      await this.release();
      throw error;
    }
  }

  private async load(path: string): Promise<Page> {
    if (!this.site) {
      this.site = mkdtempSync(join(tmpdir(), "jam-jose-site-"));
      await buildPages(this.project, this.site);
    }
    this.server ??= await serveDirectory(this.site);
    this.profile ??= mkdtempSync(join(tmpdir(), "jam-jose-chromium-"));
    this.context ??= await chromium.launchPersistentContext(this.profile, {
      executablePath: "/usr/bin/chromium",
      headless: true,
      timeout: 120_000,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    const page = await this.context.newPage();
    page.on("console", (message) => this.messages.push(`${path} ${message.type()}: ${message.text()}`));
    page.on("pageerror", (error) => this.messages.push(`${path} pageerror: ${error.message}`));
    const { port } = this.server.address() as AddressInfo;
    // A page that throws never sets window.jam: fail with its error at once
    // rather than at the timeout. (Later page errors are in `messages`.)
    const failed = new Promise<never>((_, reject) => page.once("pageerror", reject));
    failed.catch(() => {});
    await page.goto(`http://127.0.0.1:${port}${path}`, { timeout: 120_000 });
    await Promise.race([page.waitForFunction(() => "jam" in window, undefined, { timeout: 120_000 }), failed]);
    return page;
  }

  async release(): Promise<void> {
    this.users -= 1;
    if (this.users > 0) return;
    await this.context?.close();
    const server = this.server;
    if (server) await new Promise((resolve) => server.close(resolve));
    for (const dir of [this.profile, this.site]) if (dir) rmSync(dir, { recursive: true, force: true });
    this.context = undefined;
    this.server = undefined;
    this.profile = undefined;
    this.site = undefined;
  }
}

/** A page of the consumer project that sets `window.jam.exercise`. */
export function browserRuntime(host: ChromiumHost, name: string, path: string): Runtime {
  let page: Page | undefined;
  return {
    name,
    start: async () => {
      page = await host.open(path);
    },
    exercise: async (incoming) => {
      if (!page) throw new Error(`${name} not started`);
      return (await page.evaluate(
        (tokens) => (window as unknown as { jam: { exercise(i: unknown): unknown } }).jam.exercise(tokens),
        incoming,
      )) as Report;
    },
    stop: async () => {
      if (page) await host.release();
      page = undefined;
    },
  };
}

/**
 * Keeps `.wasm` imports as module imports beside the bundle, as wrangler
 * does: workerd then receives them as compiled WebAssembly.Modules.
 */
function wasmModules(outdir: string): Plugin {
  return {
    name: "wasm-modules",
    setup(b) {
      b.onResolve({ filter: /\.wasm$/ }, (args) => {
        const source = join(args.resolveDir, args.path);
        copyFileSync(source, join(outdir, basename(source)));
        return { path: `./${basename(source)}`, external: true };
      });
    },
  };
}

/** Bundles the fixture Worker (or `entry`, inside the project) as wrangler would (its export conditions). */
export async function bundleWorker(
  project: string,
  outdir: string,
  entry = join(project, "worker/worker.mjs"),
): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    outfile: join(outdir, "worker.js"),
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    plugins: [wasmModules(outdir)],
    metafile: true,
    logLevel: "silent",
  });
  return JSON.stringify(result.metafile);
}

/** A running workerd: its loopback URL, what it printed, and how to stop it. */
export type Workerd = Pick<ServedWorkerd, "url" | "log" | "stop">;

/**
 * Serves the bundle in `outdir` (worker.js and jam_jose_bg.wasm) with
 * workerd from the `workerd` npm package, one module Worker, loopback only
 * (scripts/bench/workerd.mjs, which the benchmarks use too); with
 * `nodejsCompat`, the `nodejs_compat` flag (node:crypto for the native
 * backend). Resolves once it answers; the caller removes `outdir`.
 */
export function serveWorkerd(outdir: string, nodejsCompat: boolean): Promise<Workerd> {
  return serveWorker(outdir, {
    wasm: ["jam_jose_bg.wasm"],
    compatibilityDate: "2025-09-01",
    compatibilityFlags: nodejsCompat ? ["nodejs_compat"] : [],
  });
}

/**
 * The fixture Worker in workerd (serveWorkerd); with `nodejsCompat`, the
 * `nodejs_compat` flag, reporting as `name`.
 */
export function workerdRuntime(
  project: string,
  { name = "workerd", nodejsCompat = false }: { name?: string; nodejsCompat?: boolean } = {},
): Runtime & { log: () => string } {
  let served: Workerd | undefined;
  let outdir: string | undefined;
  return {
    name,
    log: () => served?.log() ?? "",
    start: async () => {
      outdir = mkdtempSync(join(tmpdir(), "jam-jose-workerd-"));
      await bundleWorker(project, outdir);
      served = await serveWorkerd(outdir, nodejsCompat);
    },
    exercise: async (incoming) => {
      if (!served) throw new Error(`${name} not started`);
      const response = await fetch(`${served.url}?as=${name}`, {
        method: "POST",
        body: JSON.stringify(incoming),
        signal: AbortSignal.timeout(60_000),
      });
      if (!response.ok) {
        throw new Error(`workerd answered ${response.status}: ${await response.text()}\n${served.log()}`);
      }
      return (await response.json()) as Report;
    },
    stop: async () => {
      await served?.stop();
      if (outdir) rmSync(outdir, { recursive: true, force: true });
    },
  };
}
