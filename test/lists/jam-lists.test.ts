/**
 * Black and white lists through Jam, on every backend: the list is consulted
 * after signature and claims, tokens are keyed by fingerprint, a white list
 * gets every token jwtEncode issues, and entries expire with their tokens.
 */
import { afterAll, describe, expect, inject, it, vi } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { createJwtInstance, type IdentityTokenList, Jam, JWT } from "../../ts/index.js";
import { nowS, sleep } from "../helpers/tokens.js";

const SECRET = "list-tests-secret-of-32-bytes-ok";
const dir = mkdtempSync(join(tmpdir(), "jam-jose-jam-lists-"));
const jams: Jam[] = [];
afterAll(async () => {
  await Promise.all(jams.map((j) => j.close()));
  rmSync(dir, { recursive: true, force: true });
});

const backends: Array<{ name: string; table: () => Record<string, unknown> }> = [
  { name: "memory", table: () => ({ backend: "memory" }) },
  { name: "json", table: () => ({ backend: "json", json_path: join(dir, `${randomBytes(4).toString("hex")}.json`) }) },
  { name: "redis", table: () => ({ backend: "redis", redis_uri: inject("redisUri") }) },
  {
    name: "redis cluster",
    table: () => ({ backend: "redis", redis_uri: inject("redisClusterUris"), redis_cluster: true }),
  },
];

function jamWith(type: "black" | "white", table: Record<string, unknown>): Jam {
  const jam = new Jam({
    config: {
      jam: {
        jose: {
          jwt: {
            alg: "HS256",
            secret: SECRET,
            list: { type, prefix: `jam${randomBytes(4).toString("hex")}`, ...table },
          },
        },
      },
    },
    env: {},
  });
  jams.push(jam);
  return jam;
}

describe.each(backends)("through Jam, on the $name backend", ({ table }) => {
  it("a black list rejects a revoked token and accepts others", async () => {
    const jam = jamWith("black", table());
    const token = await jam.jwtEncode({ sub: "alice", exp: 3600 });
    const other = await jam.jwtEncode({ sub: "bob", exp: 3600 });
    expect((await jam.jwtDecode(token)).payload.sub).toBe("alice");
    await jam.jwtList!.add(token);
    await expect(jam.jwtDecode(token)).rejects.toMatchObject({
      name: "JamJWTInBlackList",
      code: "ERR_JWT_IN_BLACK_LIST",
    });
    expect((await jam.jwtDecode(other)).payload.sub).toBe("bob");
    await jam.jwtList!.delete(token);
    expect((await jam.jwtDecode(token)).payload.sub).toBe("alice");
  });

  it("a white list accepts what jwtEncode issued and rejects anything else", async () => {
    const jam = jamWith("white", table());
    const issued = await jam.jwtEncode({ sub: "alice", exp: 3600 });
    expect(await jam.jwtList!.has(issued)).toBe(true);
    expect((await jam.jwtDecode(issued)).payload.sub).toBe("alice");
    // Validly signed with the same key, but not issued through this Jam.
    const outsider = new JWT({ alg: "HS256", secretKey: SECRET }).encode({ sub: "mallory", exp: 3600 });
    await expect(jam.jwtDecode(outsider)).rejects.toMatchObject({
      name: "JamJWTNotInWhiteList",
      code: "ERR_JWT_NOT_IN_WHITE_LIST",
    });
    await jam.jwtList!.delete(issued); // logout
    await expect(jam.jwtDecode(issued)).rejects.toMatchObject({ name: "JamJWTNotInWhiteList" });
  });

  it("a white list entry expires with its token", async () => {
    const jam = jamWith("white", { ...table(), ttl: 3600 });
    const token = await jam.jwtEncode({ exp: 2 });
    const exp = jam.jwt!.decode(token).payload.exp as number; // the token's own, not a guess at its iat
    expect(exp).toBeLessThanOrEqual(nowS() + 2);
    expect(await jam.jwtList!.has(token)).toBe(true);
    await sleep(exp * 1000 - Date.now() + 200);
    expect(await jam.jwtList!.has(token)).toBe(false);
    await expect(jam.jwtDecode(token)).rejects.toMatchObject({ name: "JamJWTExpired" });
  });

  it("checks signature and claims before the list: forged and expired tokens cost no list I/O", async () => {
    const jam = jamWith("black", table());
    const has = vi.spyOn(jam.jwtList as IdentityTokenList, "hasIdentities");
    const token = await jam.jwtEncode({ exp: 3600 });
    const [h, p, s] = token.split(".");
    const forged = `${h}.${p}.${s!.slice(0, -2)}${s!.endsWith("AA") ? "BB" : "AA"}`;
    await expect(jam.jwtDecode(forged)).rejects.toMatchObject({ name: "JamJWSVerificationError" });
    const expired = new JWT({ alg: "HS256", secretKey: SECRET }).encode({ exp: -10 });
    await expect(jam.jwtDecode(expired)).rejects.toMatchObject({ name: "JamJWTExpired" });
    await expect(jam.jwtDecode("not.a.token")).rejects.toMatchObject({ name: "JamJWSVerificationError" });
    expect(has).not.toHaveBeenCalled();
    await jam.jwtDecode(token);
    expect(has).toHaveBeenCalledTimes(1);
  });
});

describe("JWT with a list", () => {
  it("accepts a list config object as well as a TokenList", async () => {
    const jwt = new JWT({ alg: "HS256", secretKey: SECRET, list: { type: "black", backend: "memory" } });
    expect(jwt.list?.type).toBe("black");
    const token = jwt.encode({});
    await jwt.list!.add(token);
    expect(await jwt.list!.has(token)).toBe(true);
    const shared = new JWT({ alg: "HS256", secretKey: SECRET, list: jwt.list! });
    expect(shared.list).toBe(jwt.list);
  });

  it("createJwtInstance takes a list config too", async () => {
    const jwt = createJwtInstance({
      alg: "HS256",
      secret: SECRET,
      list: { type: "white", backend: "memory", ttl: 60 },
    });
    expect(jwt.list?.type).toBe("white");
    expect(await jwt.list!.has(jwt.encode({}))).toBe(false);
  });

  it("refuses a bad list config with the key's path", () => {
    expect(
      () => new JWT({ alg: "HS256", secretKey: SECRET, list: { type: "black", backend: "redis", redisUri: "nope" } }),
    ).toThrow(
      expect.objectContaining({
        name: "JamConfigurationError",
        details: expect.objectContaining({ path: "list.redis_uri" }),
      }),
    );
  });
});
