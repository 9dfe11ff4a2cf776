// Serving a benchmark Worker with workerd (the `workerd` npm package) on a
// free loopback port, for bench-workers.mjs and bench-key-forms.mjs: the
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
 * Serves `outdir`/worker.js, and the .wasm files named in `wasm` as wasm
 * modules, at compatibility date 2026-08-04 (from which nodejs_compat is on
 * by default). Resolves once the Worker answers an HTTP request.
 */
export async function serveWorkerd(outdir, { wasm = [] } = {}) {
  const port = await freePort();
  const modules = [
    '    (name = "worker.js", esModule = embed "worker.js"),',
    ...wasm.map((name) => `    (name = "${name}", wasm = embed "${name}"),`),
  ];
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
  const served = {
    version,
    pid: child.pid,
    /** GET (no body) or POST `body` as JSON; the Worker's JSON answer. */
    async call(body) {
      const response = await fetch(url, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`workerd answered ${response.status}: ${await response.text()}\n${output}`);
      return response.json();
    },
    stop() {
      child.kill("SIGTERM");
    },
  };
  try {
    for (const deadline = Date.now() + 120_000; ; ) {
      if (child.exitCode !== null) throw new Error(`workerd exited ${child.exitCode}:\n${output}`);
      try {
        await (await fetch(url)).arrayBuffer();
        return served;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } catch (error) {
    served.stop();
    throw error;
  }
}
