// Serving a Worker with workerd (the `workerd` npm package) on a free
// loopback port, for bench-workers.mjs, bench-key-forms.mjs and the runtime
// tests (test/runtimes/support/runtimes.ts; types in workerd.d.mts): the
// config, the process, the wait until it answers, and a JSON call.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

/** A free loopback port (the probe server is closed before workerd binds it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The native workerd binary. The `workerd` package's default export names the
 * one its platform package ships (so no postinstall step is relied on), and
 * spawning it directly means stop() signals workerd itself, not a wrapper.
 */
async function workerdBinary() {
  const workerdModule = await import("workerd");
  return typeof workerdModule.default === "string" ? workerdModule.default : workerdModule.default.default;
}

/**
 * Serves `outdir`/worker.js, and the .wasm files named in `wasm` as wasm
 * modules, one module Worker on loopback. The default compatibility date,
 * 2026-08-04, turns nodejs_compat on; the runtime tests pass an earlier date
 * and the flag or not. Resolves once the Worker answers a HEAD request;
 * the caller removes `outdir`.
 */
export async function serveWorkerd(
  outdir,
  { wasm = [], compatibilityDate = "2026-08-04", compatibilityFlags = [] } = {},
) {
  const port = await freePort();
  const modules = [
    '    (name = "worker.js", esModule = embed "worker.js"),',
    ...wasm.map((name) => `    (name = "${name}", wasm = embed "${name}"),`),
  ];
  const flags =
    compatibilityFlags.length === 0 ? "" : `\n  compatibilityFlags = ${JSON.stringify(compatibilityFlags)},`;
  writeFileSync(
    join(outdir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
${modules.join("\n")}
  ],
  compatibilityDate = "${compatibilityDate}",${flags}
);
`,
  );
  const version = (await import("workerd/package.json", { with: { type: "json" } })).default.version;
  let output = "";
  const child = spawn(await workerdBinary(), ["serve", join(outdir, "config.capnp")], {
    cwd: outdir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}/`;
  const served = {
    url,
    version,
    pid: child.pid,
    /** What workerd printed so far. */
    log: () => output,
    /** GET (no body) or POST `body` as JSON; the Worker's JSON answer. */
    async call(body) {
      const response = await fetch(url, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`workerd answered ${response.status}: ${await response.text()}\n${output}`);
      return response.json();
    },
    /** Stops workerd; resolves once it has exited. */
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
  // Ready when it answers; bounded, so a broken start fails the caller.
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`workerd exited ${child.exitCode}:\n${output}`);
    try {
      await (await fetch(url, { method: "HEAD" })).arrayBuffer();
      return served;
    } catch {
      if (Date.now() > deadline) {
        await served.stop();
        throw new Error(`workerd did not answer on ${port}:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
