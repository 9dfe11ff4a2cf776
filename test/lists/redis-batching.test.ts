/**
 * Batch operations are one pipeline per Redis node: one round trip on a
 * single server, one per master that owns some of the keys on a cluster.
 */
import { afterAll, describe, expect, inject, it, vi } from "vitest";
import { Pipeline } from "ioredis";
import { createTokenList, type TokenList } from "../../ts/index.js";
import { fakeToken, nowS } from "../helpers/tokens.js";

const lists: TokenList[] = [];
afterAll(async () => {
  await Promise.all(lists.map((l) => l.close()));
});

describe.each([
  { name: "one server", config: () => ({ redis_uri: inject("redisUri") }), maxPipelines: 1, minPipelines: 1 },
  {
    name: "a 3-master cluster",
    config: () => ({ redis_uri: inject("redisClusterUris"), redis_cluster: true }),
    maxPipelines: 3,
    minPipelines: 2,
  },
])("batches on $name", ({ config, maxPipelines, minPipelines }) => {
  it("sends addMany, hasMany and deleteMany as one pipeline per node", async () => {
    const list = createTokenList({ type: "black", backend: "redis", prefix: `batch${Date.now()}`, ...config() });
    lists.push(list);
    await list.has(fakeToken()); // connect and learn the slot map first
    const tokens = Array.from({ length: 100 }, (_, i) => fakeToken({ exp: nowS() + 600, i }));
    const exec = vi.spyOn(Pipeline.prototype, "exec");
    try {
      for (const op of [() => list.addMany(tokens), () => list.hasMany(tokens), () => list.deleteMany(tokens)]) {
        exec.mockClear();
        await op();
        expect(exec.mock.calls.length).toBeGreaterThanOrEqual(minPipelines);
        expect(exec.mock.calls.length).toBeLessThanOrEqual(maxPipelines);
      }
    } finally {
      exec.mockRestore();
    }
    expect(await list.hasMany(tokens)).toEqual(tokens.map(() => false));
  });
});
