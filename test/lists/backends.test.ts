/**
 * The TokenList contract on every backend: memory, a JSON file, one Redis
 * server and a three-master Redis Cluster (real redis-server processes from
 * test/setup/redis.ts). Tokens here are token-shaped strings: lists never
 * verify, they hash a JWS's signing input and read `exp` for the TTL.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { Cluster, Redis } from "ioredis";
import { createTokenList, type MemoryTokenList, type TokenList } from "../../ts/index.js";
import { fakeToken, nowS, listKey, sleep } from "../helpers/tokens.js";

const dir = mkdtempSync(join(tmpdir(), "jam-jose-lists-"));
const redisUri = inject("redisUri");
const clusterUris = inject("redisClusterUris");
const inspector = new Redis(redisUri, { lazyConnect: true });
const clusterInspector = new Cluster(
  clusterUris.map((u) => {
    const url = new URL(u);
    return { host: url.hostname, port: Number(url.port) };
  }),
  { lazyConnect: true },
);
const toClose: TokenList[] = [];

afterAll(async () => {
  await Promise.all(toClose.map((l) => l.close()));
  inspector.disconnect();
  clusterInspector.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

/** What a backend stores: key -> remaining life in ms (-1: forever). */
type Stored = Map<string, number>;

interface Backend {
  name: string;
  make(prefix: string, extra?: Record<string, unknown>): TokenList;
  stored(list: TokenList, prefix: string): Promise<Stored>;
}

async function redisStored(nodes: Redis[], prefix: string): Promise<Stored> {
  const out: Stored = new Map();
  for (const node of nodes) {
    const keys = await node.keys(`${prefix}:*`);
    for (const k of keys) out.set(k, await node.pttl(k));
  }
  return out;
}

const backends: Backend[] = [
  {
    name: "memory",
    make: (prefix, extra) => createTokenList({ type: "black", backend: "memory", prefix, ...extra }),
    async stored(list) {
      return new Map((list as MemoryTokenList).keys().map((k) => [k, -1]));
    },
  },
  {
    name: "json",
    make: (prefix, extra) =>
      createTokenList({ type: "black", backend: "json", json_path: join(dir, `${prefix}.json`), prefix, ...extra }),
    async stored(_list, prefix) {
      let text: string;
      try {
        text = readFileSync(join(dir, `${prefix}.json`), "utf8");
      } catch {
        return new Map();
      }
      const entries = JSON.parse(text).entries as Record<string, number | null>;
      return new Map(Object.entries(entries).map(([k, v]) => [k, v === null ? -1 : v - Date.now()]));
    },
  },
  {
    name: "redis",
    make: (prefix, extra) =>
      createTokenList({ type: "black", backend: "redis", redis_uri: redisUri, prefix, ...extra }),
    stored: (_list, prefix) => redisStored([inspector], prefix),
  },
  {
    name: "redis cluster",
    make: (prefix, extra) =>
      createTokenList({
        type: "black",
        backend: "redis",
        redis_uri: clusterUris,
        redis_cluster: true,
        prefix,
        ...extra,
      }),
    async stored(_list, prefix) {
      if (clusterInspector.status !== "ready") await clusterInspector.connect().catch(() => undefined);
      return redisStored(clusterInspector.nodes("master"), prefix);
    },
  },
];

describe.each(backends)("the $name backend", (backend) => {
  const fresh = (extra?: Record<string, unknown>) => {
    const prefix = `t${randomBytes(6).toString("hex")}`;
    const list = backend.make(prefix, extra);
    toClose.push(list);
    return { list, prefix };
  };

  it("adds, finds and deletes a token", async () => {
    const { list } = fresh();
    const token = fakeToken({ exp: nowS() + 3600 });
    expect(await list.has(token)).toBe(false);
    await list.add(token);
    expect(await list.has(token)).toBe(true);
    expect(await list.has(fakeToken({ exp: nowS() + 3600 }))).toBe(false);
    await list.delete(token);
    expect(await list.has(token)).toBe(false);
  });

  it("stores the SHA-256 of the signing input under the prefix, never the token", async () => {
    const { list, prefix } = fresh();
    const token = fakeToken({ exp: nowS() + 3600, sub: "someone@example.com" });
    await list.add(token);
    const keys = [...(await backend.stored(list, prefix)).keys()];
    expect(keys).toEqual([`${prefix}:${listKey(token)}`]);
    for (const k of keys) {
      expect(k).not.toContain(token.split(".")[1]);
      expect(k).not.toContain(token.split(".")[2]);
    }
  });

  it("adds, checks and deletes in batches, answering in order", async () => {
    const { list, prefix } = fresh();
    const tokens = Array.from({ length: 60 }, (_, i) => fakeToken({ exp: nowS() + 3600, i }));
    const [listed, unlisted] = [tokens.slice(0, 40), tokens.slice(40)];
    await list.addMany(listed);
    expect((await backend.stored(list, prefix)).size).toBe(40);
    const answers = await list.hasMany(tokens);
    expect(answers).toEqual(tokens.map((_, i) => i < 40));
    await list.deleteMany(listed.slice(0, 20));
    expect(await list.hasMany(listed)).toEqual(listed.map((_, i) => i >= 20));
    expect(await list.hasMany([])).toEqual([]);
    await list.addMany([]);
    await list.deleteMany([]);
    expect(await list.hasMany(unlisted)).toEqual(unlisted.map(() => false));
  });

  it("lets an entry expire when its token does", async () => {
    const { list, prefix } = fresh({ ttl: 3600 });
    const exp = nowS() + 2;
    const shortLived = fakeToken({ exp });
    const longLived = fakeToken({ exp: nowS() + 3600 });
    await list.addMany([shortLived, longLived]);
    expect(await list.hasMany([shortLived, longLived])).toEqual([true, true]);
    const stored = await backend.stored(list, prefix);
    if (backend.name !== "memory") {
      // exp wins over ttl: about two seconds left, not an hour.
      const life = stored.get(`${prefix}:${listKey(shortLived)}`)!;
      expect(life).toBeGreaterThan(0);
      expect(life).toBeLessThanOrEqual(2000);
    }
    // Redis counts a PX lifetime from when the command arrives (a first
    // cluster connection can take a while on a loaded machine): allow a second.
    await sleep(exp * 1000 - Date.now() + 1000);
    expect(await list.hasMany([shortLived, longLived])).toEqual([false, true]);
  });

  it("on a white list falls back to ttl for a token without exp, and keeps it forever without either", async () => {
    const withTtl = fresh({ type: "white", ttl: 1 });
    const forever = fresh({ type: "white" });
    const token = fakeToken();
    await withTtl.list.add(token);
    await forever.list.add(token);
    expect(await withTtl.list.has(token)).toBe(true);
    if (backend.name !== "memory") {
      expect([...(await backend.stored(forever.list, forever.prefix)).values()]).toEqual([-1]);
      const [life] = [...(await backend.stored(withTtl.list, withTtl.prefix)).values()];
      expect(life).toBeGreaterThan(0);
      expect(life).toBeLessThanOrEqual(1000);
    }
    await sleep(1300);
    expect(await withTtl.list.has(token)).toBe(false);
    expect(await forever.list.has(token)).toBe(true);
  });

  it("on a black list keeps a revoked token without exp forever, whatever ttl says (it never expires)", async () => {
    const { list, prefix } = fresh({ ttl: 1 });
    const token = fakeToken();
    await list.add(token);
    if (backend.name !== "memory") {
      expect([...(await backend.stored(list, prefix)).values()]).toEqual([-1]);
    }
    await sleep(1300);
    expect(await list.has(token)).toBe(true);
  });

  it("on a black list keeps a token revoked after its exp (forever); a white list does not store it", async () => {
    const { list, prefix } = fresh();
    const white = fresh({ type: "white" });
    const expired = fakeToken({ exp: nowS() - 10 });
    await list.add(expired);
    await white.list.add(expired);
    expect(await list.has(expired)).toBe(true);
    if (backend.name !== "memory") {
      expect([...(await backend.stored(list, prefix)).values()]).toEqual([-1]);
    }
    expect(await white.list.has(expired)).toBe(false);
    expect((await backend.stored(white.list, white.prefix)).size).toBe(0);
  });

  it("keeps an entry `leeway` seconds past exp, for decoders with clock tolerance", async () => {
    const { list } = fresh({ leeway: 60 });
    const justExpired = fakeToken({ exp: nowS() - 10 });
    await list.add(justExpired);
    expect(await list.has(justExpired)).toBe(true);
  });

  it("refuses use after close with JamListUnavailable", async () => {
    const { list } = fresh();
    await list.close();
    await expect(list.has(fakeToken())).rejects.toMatchObject({
      name: "JamListUnavailable",
      code: "ERR_LIST_UNAVAILABLE",
    });
  });
});

it("keys entries under the default prefix jwt_list", async () => {
  const list = createTokenList({ type: "white", backend: "memory" }) as MemoryTokenList;
  const token = fakeToken();
  await list.add(token);
  expect(list.keys()).toEqual([`jwt_list:${listKey(token)}`]);
});
