/**
 * A token list in Redis, on one server or a Redis Cluster (Node only).
 *
 * Client: ioredis, for its mature Cluster support (slot map, MOVED/ASK
 * redirection, per-node pipelines) and its explicit offline-queue and
 * per-command timeout switches, which fail-closed behaviour is built on.
 * It is imported on first use, through a specifier bundlers do not follow,
 * so browser and Workers bundles never contain it (or its `net`/`tls`).
 *
 * Failure: every operation races a deadline (`timeout`, default 2 s) that
 * covers connecting, waiting for the connection to come back and the round
 * trip; past it, or on any error, the operation rejects with
 * JamListUnavailable, so a decode that needs the list refuses the token
 * instead of hanging or accepting it. Nothing is queued while Redis is away
 * (no offline queue), and the client reconnects on its own with a backoff
 * capped at one second, so the list recovers when Redis does.
 */
import type { Cluster, Redis, ChainableCommander } from "ioredis";
import { parseRedisUri, type RedisEndpoint } from "./list-config.js";
import { entryKey, type TokenIdentity } from "./entry.js";
import { IdentityTokenList, type CommonListOptions } from "./identity-list.js";
import { JamConfigurationError, JamListUnavailable } from "../errors.js";
import { importNodeOnly } from "../runtime/node-builtins.js";

type Client = Redis | Cluster;
type Command = [name: string, key: string, ...args: Array<string | number>];

export interface RedisListOptions extends CommonListOptions {
  redisUri: readonly string[];
  redisCluster: boolean;
  /** Seconds. */
  timeout: number;
}

/** ioredis is an optional peer dependency: say which package to install when it is absent. */
function missingIoredis(cause: unknown): never {
  throw new JamConfigurationError(
    "ERR_CONFIG",
    'the Redis token list needs the "ioredis" package, an optional peer dependency: npm install ioredis',
    { cause },
  );
}

/** Reconnect forever, backing off to at most one second between tries. */
const reconnectDelay = (times: number): number => Math.min(times * 100, 1000);

export class RedisTokenList extends IdentityTokenList {
  readonly #endpoints: RedisEndpoint[];
  readonly #cluster: boolean;
  readonly #timeoutMs: number;
  #client: Promise<{ client: Client; slotOf: (key: string) => number }> | undefined;
  #lastError: unknown;
  #closed = false;

  constructor(options: RedisListOptions) {
    super(options);
    this.#cluster = options.redisCluster;
    this.#timeoutMs = Math.round(options.timeout * 1000);
    this.#endpoints = options.redisUri.map((u, i) => parseRedisUri(u, `redis_uri[${i}]`, options.redisCluster));
  }

  async addIdentities(identities: readonly TokenIdentity[]): Promise<void> {
    const now = Date.now();
    const commands: Command[] = [];
    for (const identity of identities) {
      const life = this.lifetime(identity, now);
      if (life === 0) continue;
      const key = entryKey(this.prefix, identity);
      commands.push(life === null ? ["set", key, "1"] : ["set", key, "1", "PX", life]);
    }
    await this.#run("add", commands);
  }

  async hasIdentities(identities: readonly TokenIdentity[]): Promise<boolean[]> {
    const replies = await this.#run(
      "has",
      identities.map((identity): Command => ["exists", entryKey(this.prefix, identity)]),
    );
    return replies.map((r) => r === 1);
  }

  async deleteIdentities(identities: readonly TokenIdentity[]): Promise<void> {
    await this.#run(
      "delete",
      identities.map((identity): Command => ["del", entryKey(this.prefix, identity)]),
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
    const pending = this.#client;
    this.#client = undefined;
    if (!pending) return;
    const { client } = await pending.catch(() => ({ client: undefined }));
    // disconnect, not quit: quit waits for a reply a dead server never sends.
    client?.disconnect();
  }

  /**
   * Runs commands in one pipeline per node (one round trip each, all in
   * parallel) within the deadline; replies come back in command order.
   */
  async #run(what: string, commands: Command[]): Promise<unknown[]> {
    if (this.#closed) throw new JamListUnavailable("ERR_LIST_UNAVAILABLE", "the token list is closed");
    if (commands.length === 0) return [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopWaiting = (): void => undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(this.#unavailable(`${what} got no answer within ${this.#timeoutMs} ms`, this.#lastError)),
        this.#timeoutMs,
      );
    });
    const work = (async () => {
      const { client, slotOf } = await this.#connect();
      // Known to be down (a connection failed and the client is backing off):
      // answer now rather than hold every caller for the whole timeout.
      if (client.status === "reconnecting") {
        throw this.#unavailable(`${what}: Redis is unreachable, reconnecting`, this.#lastError);
      }
      if (client.status !== "ready") {
        await new Promise<void>((resolve) => {
          const onReady = (): void => resolve();
          client.once("ready", onReady);
          stopWaiting = () => client.off("ready", onReady);
        });
      }
      return this.#exec(client, slotOf, commands);
    })();
    work.catch(() => undefined); // the deadline may win; its loser must not go unhandled
    try {
      return await Promise.race([work, deadline]);
    } catch (e) {
      if (e instanceof JamListUnavailable || e instanceof JamConfigurationError) throw e;
      throw this.#unavailable(`${what} failed`, e);
    } finally {
      clearTimeout(timer);
      stopWaiting();
    }
  }

  async #exec(client: Client, slotOf: (key: string) => number, commands: Command[]): Promise<unknown[]> {
    // A cluster pipeline must stay on one node: group by the master serving
    // each key's slot (by slot while the slot map is not known yet).
    const groups = new Map<string, number[]>();
    if (this.#cluster) {
      const slots = (client as Cluster).slots;
      commands.forEach((c, i) => {
        const slot = slotOf(c[1]);
        const node = slots[slot]?.[0] ?? `slot:${slot}`;
        const g = groups.get(node);
        if (g) g.push(i);
        else groups.set(node, [i]);
      });
    } else {
      groups.set(
        "",
        commands.map((_, i) => i),
      );
    }
    const replies = new Array<unknown>(commands.length);
    await Promise.all(
      [...groups.values()].map(async (indexes) => {
        const pipeline: ChainableCommander = client.pipeline(indexes.map((i) => commands[i]!));
        const results = await pipeline.exec();
        if (!results) throw new Error("pipeline was discarded");
        results.forEach(([err, reply], k) => {
          if (err) throw err;
          replies[indexes[k]!] = reply;
        });
      }),
    );
    return replies;
  }

  #connect(): Promise<{ client: Client; slotOf: (key: string) => number }> {
    this.#client ??= (async () => {
      const [{ Redis, Cluster }, { default: slotOf }] = await Promise.all([
        importNodeOnly<typeof import("ioredis")>("ioredis").catch(missingIoredis),
        importNodeOnly<{ default: typeof import("cluster-key-slot") }>("cluster-key-slot"),
      ]);
      const first = this.#endpoints[0]!;
      const common = {
        username: first.username,
        password: first.password,
        ...(first.tls ? { tls: {} } : {}),
        connectTimeout: this.#timeoutMs,
        commandTimeout: this.#timeoutMs,
        // Fail, never queue: a command is sent on a live connection or not at all.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        autoResendUnfulfilledCommands: false,
        retryStrategy: reconnectDelay,
      };
      let client: Client;
      if (this.#cluster) {
        client = new Cluster(
          this.#endpoints.map((e) => ({ host: e.host, port: e.port })),
          {
            enableOfflineQueue: false,
            clusterRetryStrategy: reconnectDelay,
            slotsRefreshTimeout: this.#timeoutMs,
            // Keep a lost node in the pool and reconnect to it (a restarted
            // master keeps its slots); the default drops it for good.
            clusterNodeRetryStrategy: reconnectDelay,
            redisOptions: common,
          },
        );
      } else {
        client = new Redis({ host: first.host, port: first.port, db: first.db, ...common });
      }
      // Errors surface through the operations (as the cause of
      // JamListUnavailable); an unheard "error" event would only be logged.
      client.on("error", (e: unknown) => {
        this.#lastError = e;
      });
      return { client, slotOf };
    })();
    return this.#client;
  }

  #unavailable(message: string, cause: unknown): JamListUnavailable {
    const where = this.#endpoints.map((e) => `${e.host}:${e.port}`).join(",");
    const why = cause instanceof Error ? ` (${cause.message})` : "";
    return new JamListUnavailable("ERR_LIST_UNAVAILABLE", `token list on Redis ${where}: ${message}${why}`, {
      cause,
      details: { backend: "redis", cluster: this.#cluster, timeoutMs: this.#timeoutMs },
    });
  }
}
