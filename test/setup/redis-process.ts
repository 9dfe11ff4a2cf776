/**
 * Real redis-server processes for the list tests: one server, or a cluster
 * of masters, on free loopback ports with their own temp directories.
 * Debian's redis-server and redis-cli (packages redis-server, redis-tools).
 */
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** True if nothing listens on 127.0.0.1:port and we may bind it. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

/** A free port whose cluster bus port (port + 10000) is free too. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    if ((await portIsFree(port)) && (await portIsFree(port + 10000))) return port;
  }
  throw new Error("no free port pair found");
}

/** PING over a raw socket; resolves true on +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: "127.0.0.1", port });
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(500, () => done(false));
    sock.once("error", () => done(false));
    sock.once("connect", () => sock.write("PING\r\n"));
    sock.once("data", (d) => done(d.toString().startsWith("+PONG")));
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, ms = 15000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export interface RedisOptions {
  appendonly?: boolean;
  cluster?: boolean;
}

/** One redis-server process; restart() brings it back on the same port and directory. */
export class RedisServer {
  readonly port: number;
  readonly dir: string;
  readonly #options: RedisOptions;
  #child: ChildProcess | undefined;

  private constructor(port: number, dir: string, options: RedisOptions) {
    this.port = port;
    this.dir = dir;
    this.#options = options;
  }

  static async start(options: RedisOptions = {}): Promise<RedisServer> {
    const dir = mkdtempSync(join(tmpdir(), "jam-jose-redis-"));
    const server = new RedisServer(await freePort(), dir, options);
    await server.restart();
    return server;
  }

  get uri(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  async restart(): Promise<void> {
    if (this.#child) throw new Error("already running");
    const args = [
      "--port",
      String(this.port),
      "--bind",
      "127.0.0.1",
      "--dir",
      this.dir,
      "--logfile",
      join(this.dir, "redis.log"),
      "--save",
      "",
      "--appendonly",
      this.#options.appendonly ? "yes" : "no",
      "--appendfsync",
      "always",
    ];
    if (this.#options.cluster) {
      args.push(
        "--cluster-enabled",
        "yes",
        "--cluster-config-file",
        join(this.dir, "nodes.conf"),
        "--cluster-node-timeout",
        "2000",
        // With no replicas, keep the other masters serving while one is down.
        "--cluster-require-full-coverage",
        "no",
      );
    }
    const child = spawn("/usr/bin/redis-server", args, { stdio: "ignore" });
    this.#child = child;
    child.once("exit", () => {
      if (this.#child === child) this.#child = undefined;
    });
    await waitFor(`redis-server on ${this.port}`, () => ping(this.port));
  }

  /** Sends a signal (SIGSTOP freezes it: a "slow" server; SIGCONT thaws it). */
  signal(sig: NodeJS.Signals): void {
    this.#child?.kill(sig);
  }

  /** Stops the process (SIGKILL: a crash; SIGTERM: a clean stop) and waits for it to exit. */
  async stop(sig: NodeJS.Signals = "SIGTERM"): Promise<void> {
    const child = this.#child;
    if (!child) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGCONT");
    child.kill(sig);
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }

  async destroy(): Promise<void> {
    await this.stop("SIGKILL");
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** redis-cli against this server. */
  async cli(...args: string[]): Promise<string> {
    const { stdout } = await run("/usr/bin/redis-cli", ["-h", "127.0.0.1", "-p", String(this.port), ...args]);
    return stdout;
  }
}

/** A Redis Cluster of `masters` masters and no replicas. */
export class RedisCluster {
  readonly nodes: RedisServer[];

  private constructor(nodes: RedisServer[]) {
    this.nodes = nodes;
  }

  static async start(masters = 3, options: Omit<RedisOptions, "cluster"> = {}): Promise<RedisCluster> {
    const nodes = await Promise.all(
      Array.from({ length: masters }, () => RedisServer.start({ ...options, cluster: true })),
    );
    const cluster = new RedisCluster(nodes);
    try {
      await run("/usr/bin/redis-cli", [
        "--cluster",
        "create",
        ...nodes.map((n) => `127.0.0.1:${n.port}`),
        "--cluster-replicas",
        "0",
        "--cluster-yes",
      ]);
      await cluster.waitHealthy();
    } catch (e) {
      await cluster.destroy();
      throw e;
    }
    return cluster;
  }

  get uris(): string[] {
    return this.nodes.map((n) => n.uri);
  }

  /** Waits until every node reports cluster_state:ok and knows every other node. */
  async waitHealthy(): Promise<void> {
    await waitFor(
      "cluster_state:ok on every node",
      async () => {
        const infos = await Promise.all(this.nodes.map((n) => n.cli("cluster", "info").catch(() => "")));
        return infos.every(
          (i) => i.includes("cluster_state:ok") && i.includes(`cluster_known_nodes:${this.nodes.length}`),
        );
      },
      30000,
    );
  }

  /** The node that serves a key's slot. */
  async nodeFor(key: string): Promise<RedisServer> {
    const slot = Number((await this.nodes[0]!.cli("cluster", "keyslot", key)).trim());
    // CLUSTER NODES lists each master's slot ranges: "... connected 0-5460".
    const nodes = await this.nodes[0]!.cli("cluster", "nodes");
    for (const line of nodes.trim().split("\n")) {
      const parts = line.split(" ");
      const port = Number(parts[1]!.split(":")[1]!.split("@")[0]);
      for (const range of parts.slice(8)) {
        const [lo, hi] = range.split("-").map(Number);
        if (slot >= lo! && slot <= (hi ?? lo)!) {
          const node = this.nodes.find((n) => n.port === port);
          if (node) return node;
        }
      }
    }
    throw new Error(`no node serves slot ${slot}`);
  }

  async destroy(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.destroy()));
  }
}
