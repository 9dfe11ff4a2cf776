/**
 * Redis failing under the list: killed, frozen, never there, restarted, and a
 * cluster master stopped. Every operation must fail closed with
 * JamListUnavailable within the configured timeout (never hang, never
 * answer "not listed"), and the list must recover by itself. These tests
 * start their own servers so killing them disturbs nobody else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenList, Jam, type TokenList } from "../../ts/index.js";
import { RedisCluster, RedisServer, freePort } from "../setup/redis-process.js";
import { fakeToken, nowS, listKey, sleep } from "../helpers/tokens.js";

const TIMEOUT_S = 1;
/** Generous: the bound under test is TIMEOUT_S; this only absorbs a slow CI machine. */
const BOUND_MS = TIMEOUT_S * 1000 + 2500;

/** Awaits `op`, expecting JamListUnavailable; returns how long the failure took. */
async function failsClosed(op: () => Promise<unknown>): Promise<number> {
  const start = Date.now();
  await expect(op()).rejects.toMatchObject({ name: "JamListUnavailable", code: "ERR_LIST_UNAVAILABLE" });
  return Date.now() - start;
}

/** Retries `op` until it stops failing with JamListUnavailable (bounded). */
async function recovered<T>(op: () => Promise<T>, ms = 20000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await op();
    } catch (e) {
      if ((e as Error).name !== "JamListUnavailable" || Date.now() > until) throw e;
      await sleep(200);
    }
  }
}

describe("one Redis server failing", () => {
  let server: RedisServer;
  let jam: Jam;
  let list: TokenList;

  beforeAll(async () => {
    server = await RedisServer.start({ appendonly: true });
    jam = Jam.fromToml(
      [
        "[jam.jose.jwt]",
        'alg = "HS256"',
        'secret = "fault-tests-secret-of-32-bytes!!"',
        "[jam.jose.jwt.list]",
        'type = "black"',
        'backend = "redis"',
        'redis_uri = "$REDIS_URI"',
        `timeout = ${TIMEOUT_S}`,
      ].join("\n"),
      { env: { REDIS_URI: server.uri } },
    );
    list = jam.jwtList!;
  });
  afterAll(async () => {
    await jam.close();
    await server.destroy();
  });

  it("fails closed while the server is frozen (a slow server), then answers again", async () => {
    const revoked = await jam.jwtEncode({ exp: 3600 });
    const fine = await jam.jwtEncode({ exp: 3600 });
    await list.add(revoked);
    server.signal("SIGSTOP");
    try {
      expect(await failsClosed(() => jam.jwtDecode(revoked))).toBeLessThan(BOUND_MS);
      expect(await failsClosed(() => jam.jwtDecode(fine))).toBeLessThan(BOUND_MS);
      expect(await failsClosed(() => list.hasMany([revoked, fine]))).toBeLessThan(BOUND_MS);
      // (A write that timed out may still land when the server wakes: a
      // timeout says "unknown", not "not done". Hence a token of its own.)
      const another = await jam.jwtEncode({ exp: 3600 });
      expect(await failsClosed(() => list.add(another))).toBeLessThan(BOUND_MS);
    } finally {
      server.signal("SIGCONT");
    }
    await expect(recovered(() => jam.jwtDecode(revoked))).rejects.toMatchObject({ name: "JamJWTInBlackList" });
    expect((await recovered(() => jam.jwtDecode(fine))).payload.exp).toBeGreaterThan(nowS());
  });

  it("fails closed when the server is killed, and a revoked token stays revoked after restart (appendonly)", async () => {
    const revoked = await jam.jwtEncode({ exp: 3600 });
    const fine = await jam.jwtEncode({ exp: 3600 });
    await list.add(revoked);
    await expect(jam.jwtDecode(revoked)).rejects.toMatchObject({ name: "JamJWTInBlackList" });

    await server.stop("SIGKILL");
    expect(await failsClosed(() => jam.jwtDecode(revoked))).toBeLessThan(BOUND_MS);
    expect(await failsClosed(() => jam.jwtDecode(fine))).toBeLessThan(BOUND_MS);
    expect(await failsClosed(() => list.delete(revoked))).toBeLessThan(BOUND_MS);

    await server.restart();
    // The client reconnects by itself: no new Jam, no call to reconnect.
    await expect(recovered(() => jam.jwtDecode(revoked))).rejects.toMatchObject({ name: "JamJWTInBlackList" });
    expect((await recovered(() => jam.jwtDecode(fine))).payload.exp).toBeGreaterThan(nowS());
    expect(await server.cli("exists", `jwt_list:${listKey(revoked)}`)).toContain("1");
  });
});

describe("a Redis server that is not there", () => {
  it("fails closed within the timeout on the first operation", async () => {
    const port = await freePort(); // nothing listens here
    const list = createTokenList({
      type: "white",
      backend: "redis",
      redis_uri: `redis://127.0.0.1:${port}`,
      timeout: TIMEOUT_S,
    });
    try {
      expect(await failsClosed(() => list.has(fakeToken()))).toBeLessThan(BOUND_MS);
      expect(await failsClosed(() => list.addMany([fakeToken(), fakeToken()]))).toBeLessThan(BOUND_MS);
    } finally {
      await list.close();
    }
  });

  it("uses a default timeout of at most two seconds", async () => {
    const port = await freePort();
    const list = createTokenList({ type: "black", backend: "redis", redis_uri: `redis://127.0.0.1:${port}` });
    try {
      expect(await failsClosed(() => list.has(fakeToken()))).toBeLessThan(2000 + 2500);
    } finally {
      await list.close();
    }
  });
});

describe("a Redis Cluster losing a master", () => {
  let cluster: RedisCluster;
  let list: TokenList;

  beforeAll(async () => {
    cluster = await RedisCluster.start(3, { appendonly: true });
    list = createTokenList({
      type: "black",
      backend: "redis",
      redis_uri: cluster.uris,
      redis_cluster: true,
      timeout: TIMEOUT_S,
    });
  });
  afterAll(async () => {
    await list.close();
    await cluster.destroy();
  });

  it("fails closed for keys on the stopped node, keeps serving the others, and recovers", async () => {
    const tokens = Array.from({ length: 30 }, () => fakeToken({ exp: nowS() + 3600 }));
    await list.addMany(tokens);
    const owners = await Promise.all(tokens.map((t) => cluster.nodeFor(`jwt_list:${listKey(t)}`)));
    const victim = cluster.nodes[1]!;
    const onVictim = tokens.filter((_, i) => owners[i] === victim);
    const elsewhere = tokens.filter((_, i) => owners[i] !== victim);
    expect(onVictim.length).toBeGreaterThan(0);
    expect(elsewhere.length).toBeGreaterThan(0);

    await victim.stop("SIGKILL");
    expect(await failsClosed(() => list.has(onVictim[0]!))).toBeLessThan(BOUND_MS);
    // A batch that touches the lost node fails as a whole: no partial "not listed".
    expect(await failsClosed(() => list.hasMany(tokens))).toBeLessThan(BOUND_MS);
    expect(await recovered(() => list.hasMany(elsewhere))).toEqual(elsewhere.map(() => true));

    await victim.restart();
    await cluster.waitHealthy();
    expect(await recovered(() => list.hasMany(tokens))).toEqual(tokens.map(() => true));
  });
});
