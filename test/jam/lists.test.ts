/**
 * Token lists shared with the real Python jam: one real redis-server (from
 * test/setup/redis.ts) and one JSON file, a Python jam list on one side and
 * a jam-jose list in jam's layout (compat = "jam") on the other. Each side
 * revokes a token and the other refuses it; a white list issued on one side
 * admits on the other.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { Jam, JamJWTInBlackList, JamJWTNotInWhiteList, createTokenList } from "../../ts/index.js";
import { KEYS } from "./cases.js";
import { runJam, pythonValueOf } from "./jam-python.js";

const redisUri = inject("redisUri");
const inspector = new Redis(redisUri, { lazyConnect: true });
const dir = mkdtempSync(join(tmpdir(), "jam-lists-"));
const opened: Jam[] = [];

afterAll(async () => {
  await Promise.all(opened.map((j) => j.close()));
  inspector.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

function jamJose(list: Record<string, unknown>): Jam {
  const jam = new Jam({
    config: { jam: { jose: { jwt: { alg: "HS256", secret: KEYS.hmac, compat: "jam", list } } } },
    env: {},
  });
  opened.push(jam);
  return jam;
}

const sub = (n: number) => ({ sub: `user-${n}`, exp: 600 });

describe("a black list in Redis shared with Python jam", () => {
  const prefix = `shared-${process.pid}`;
  const list = { type: "black", backend: "redis", redis_uri: redisUri, prefix, ttl: 120 };
  const py = {
    op: "list" as const,
    backend: "redis",
    redis_uri: redisUri,
    prefix,
    ttl: 120,
    alg: "HS256",
    key: KEYS.hmac,
  };

  it("a token revoked by jam is refused here, and one revoked here is refused by jam", async () => {
    const jam = jamJose(list);
    const [byJam, byUs, clean] = await Promise.all([
      jam.jwtEncode(sub(1)),
      jam.jwtEncode(sub(2)),
      jam.jwtEncode(sub(3)),
    ]);

    pythonValueOf((await runJam([{ ...py, action: "add", token: byJam }]))[0], "jam add");
    await expect(jam.jwtDecode(byJam)).rejects.toBeInstanceOf(JamJWTInBlackList);
    expect((await jam.jwtDecode(byJam, { checkList: false })).payload["sub"]).toBe("user-1");
    expect((await jam.jwtDecode(clean)).payload["sub"]).toBe("user-3");

    await jam.jwtList!.add(byUs);
    const [refused, accepted, seen] = await runJam([
      { ...py, action: "decode", token: byUs },
      { ...py, action: "decode", token: clean },
      { ...py, action: "check_many", tokens: [byJam, byUs, clean] },
    ]);
    expect(refused!.ok ? "accepted" : refused!.error_code).toBe("jwt.blacklist");
    expect((pythonValueOf(accepted, "decode clean") as { payload: { sub: string } }).payload.sub).toBe("user-3");
    expect(pythonValueOf(seen, "check_many")).toEqual({ [byJam]: true, [byUs]: true, [clean]: false });
  });

  it("stores what jam stores: the whole token under the prefix, value 1, expiring after ttl", async () => {
    const jam = jamJose(list);
    const token = await jam.jwtEncode(sub(4));
    await jam.jwtList!.add(token);
    expect(await inspector.get(`${prefix}:${token}`)).toBe("1");
    const pttl = await inspector.pttl(`${prefix}:${token}`);
    expect(pttl).toBeGreaterThan(110_000);
    expect(pttl).toBeLessThanOrEqual(120_000);
    // jam's own entry has the same shape.
    const other = await jam.jwtEncode(sub(5));
    pythonValueOf((await runJam([{ ...py, action: "add", token: other }]))[0], "jam add");
    expect(await inspector.get(`${prefix}:${other}`)).toBe("1");
    expect(await inspector.ttl(`${prefix}:${other}`)).toBeGreaterThan(110);
  });

  it("a list in the default layout does not see jam's entries (it keys by fingerprint)", async () => {
    const jam = jamJose(list);
    const token = await jam.jwtEncode(sub(6));
    await jam.jwtList!.add(token);
    const standard = createTokenList({ type: "black", backend: "redis", redisUri, prefix });
    try {
      expect(await standard.has(token)).toBe(false);
    } finally {
      await standard.close();
    }
  });

  it("deleting on one side un-revokes on the other", async () => {
    const jam = jamJose(list);
    const token = await jam.jwtEncode(sub(7));
    await jam.jwtList!.add(token);
    pythonValueOf((await runJam([{ ...py, action: "delete", token }]))[0], "jam delete");
    expect((await jam.jwtDecode(token)).payload["sub"]).toBe("user-7");
  });
});

describe("a white list in Redis shared with Python jam", () => {
  const prefix = `shared-white-${process.pid}`;
  const list = { type: "white", backend: "redis", redis_uri: redisUri, prefix };
  const py = {
    op: "list" as const,
    type: "white",
    backend: "redis",
    redis_uri: redisUri,
    prefix,
    alg: "HS256",
    key: KEYS.hmac,
  };

  it("a token issued here is admitted by jam; one never issued is refused by both", async () => {
    const jam = jamJose(list);
    const issued = await jam.jwtEncode(sub(8));
    const stranger = jam.jwt!.encode(sub(9)); // made, but never listed
    const [admitted, refused] = await runJam([
      { ...py, action: "decode", token: issued },
      { ...py, action: "decode", token: stranger },
    ]);
    expect((pythonValueOf(admitted, "white decode") as { payload: { sub: string } }).payload.sub).toBe("user-8");
    expect(refused!.ok ? "accepted" : refused!.error_code).toBe("jwt.whitelist");
    await expect(jam.jwtDecode(stranger)).rejects.toBeInstanceOf(JamJWTNotInWhiteList);
    // jam lists on issue too: what it adds, we admit.
    pythonValueOf((await runJam([{ ...py, action: "add", token: stranger }]))[0], "jam add");
    expect((await jam.jwtDecode(stranger)).payload["sub"]).toBe("user-9");
  });
});

describe("a black list in jam's JSON file format", () => {
  it("jam and jam-jose read and write one TinyDB file", async () => {
    const path = join(dir, "list.json");
    const jam = jamJose({ type: "black", backend: "json", json_path: path });
    const py = { op: "list" as const, backend: "json", json_path: path, alg: "HS256", key: KEYS.hmac };
    const [byJam, byUs] = await Promise.all([jam.jwtEncode(sub(10)), jam.jwtEncode(sub(11))]);

    pythonValueOf((await runJam([{ ...py, action: "add", token: byJam }]))[0], "jam add");
    await expect(jam.jwtDecode(byJam)).rejects.toBeInstanceOf(JamJWTInBlackList);

    await jam.jwtList!.add(byUs);
    const file = JSON.parse(readFileSync(path, "utf8")) as { _default: Record<string, { token: string }> };
    expect(file._default).toEqual({ "1": { token: byJam }, "2": { token: byUs } });
    const [refused, seen] = await runJam([
      { ...py, action: "decode", token: byUs },
      { ...py, action: "check_many", tokens: [byJam, byUs] },
    ]);
    expect(refused!.ok ? "accepted" : refused!.error_code).toBe("jwt.blacklist");
    expect(pythonValueOf(seen, "check_many")).toEqual({ [byJam]: true, [byUs]: true });

    await jam.jwtList!.delete(byJam);
    const [gone] = await runJam([{ ...py, action: "check", token: byJam }]);
    expect(pythonValueOf(gone, "check")).toBe(false);
    expect((await jam.jwtDecode(byJam)).payload["sub"]).toBe("user-10");
  });
});
