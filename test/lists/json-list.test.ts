/**
 * The json backend's promises: atomic replacement (temp file + rename),
 * nothing lost to concurrent writers in one process, changes made by other
 * writers seen, and a damaged file refused (fail closed), never read as empty.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { execFileSync } from "node:child_process";
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  promises as fsPromises,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTokenList, Jam } from "../../ts/index.js";
import { fakeToken, nowS, listKey } from "../helpers/tokens.js";

const dir = mkdtempSync(join(tmpdir(), "jam-jose-json-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(dir, `list-${++n}.json`);
const jsonList = (path: string, type: "black" | "white" = "black") =>
  createTokenList({ type, backend: "json", jsonPath: path });

describe("the json backend", () => {
  it("loses nothing to many concurrent writers in one process, over two lists on one file", async () => {
    const path = freshPath();
    const a = jsonList(path);
    const b = jsonList(path);
    const tokens = Array.from({ length: 120 }, (_, i) => fakeToken({ exp: nowS() + 3600, i }));
    await Promise.all(tokens.map((t, i) => (i % 2 ? a : b).add(t)));
    expect(await a.hasMany(tokens)).toEqual(tokens.map(() => true));
    const entries = JSON.parse(readFileSync(path, "utf8")).entries;
    expect(Object.keys(entries).sort()).toEqual(tokens.map((t) => `jwt_list:${listKey(t)}`).sort());
    // Interleaved deletes and adds land too.
    await Promise.all([
      a.deleteMany(tokens.slice(0, 60)),
      b.addMany([fakeToken({ exp: nowS() + 60 })]),
      a.delete(tokens[100]!),
    ]);
    expect((await b.hasMany(tokens)).filter(Boolean)).toHaveLength(59);
    await Promise.all([a.close(), b.close()]);
  });

  it("replaces the file atomically and leaves no temporary files", async () => {
    const path = freshPath();
    const list = jsonList(path);
    await Promise.all(Array.from({ length: 20 }, () => list.add(fakeToken())));
    expect(readdirSync(dir).filter((f) => f.startsWith("list-") && f.endsWith(".tmp"))).toEqual([]);
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ version: 1 });
  });

  it("survives a crash mid-write: a stray temp file does not damage the list", async () => {
    const path = freshPath();
    const list = jsonList(path);
    const token = fakeToken();
    await list.add(token);
    writeFileSync(`${path}.99999.1.tmp`, '{"version":1,"entr'); // what a crash mid-write leaves
    expect(await list.has(token)).toBe(true);
    await list.add(fakeToken());
    expect(await list.has(token)).toBe(true);
  });

  it("sees what another writer renamed into place", async () => {
    const path = freshPath();
    const list = jsonList(path);
    const token = fakeToken();
    expect(await list.has(token)).toBe(false);
    const tmp = `${path}.other.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, entries: { [`jwt_list:${listKey(token)}`]: null } }));
    renameSync(tmp, path);
    expect(await list.has(token)).toBe(true);
  });

  it("fails closed on a damaged file, for reads and for writes", async () => {
    const path = freshPath();
    writeFileSync(path, "{ this is not json");
    const list = jsonList(path);
    await expect(list.has(fakeToken())).rejects.toMatchObject({
      name: "JamListUnavailable",
      code: "ERR_LIST_UNAVAILABLE",
    });
    await expect(list.add(fakeToken())).rejects.toMatchObject({ name: "JamListUnavailable" });
    expect(readFileSync(path, "utf8")).toBe("{ this is not json"); // never overwritten with an empty list
    writeFileSync(path, JSON.stringify({ version: 2, entries: {} }));
    await expect(list.has(fakeToken())).rejects.toMatchObject({ name: "JamListUnavailable" });
  });

  it("reads a missing file as an empty list, but fails closed when its directory is missing", async () => {
    expect(await jsonList(freshPath()).has(fakeToken())).toBe(false);
    const list = jsonList(join(dir, "no-such-dir", "list.json"));
    await expect(list.add(fakeToken())).rejects.toMatchObject({ name: "JamListUnavailable" });
    await expect(list.has(fakeToken())).rejects.toMatchObject({ name: "JamListUnavailable" });
  });

  it("keeps a black list across Jam instances (a restart)", async () => {
    const path = freshPath();
    const config = `[jam.jose.jwt]\nalg = "HS256"\nsecret = "json-tests-secret-of-32-bytes-ok"\n[jam.jose.jwt.list]\ntype = "black"\nbackend = "json"\njson_path = "$LIST"\n`;
    const first = Jam.fromToml(config, { env: { LIST: path } });
    const token = await first.jwtEncode({ exp: 3600 });
    await first.jwtList!.add(token);
    await first.close();
    const second = Jam.fromToml(config, { env: { LIST: path } });
    await expect(second.jwtDecode(token)).rejects.toMatchObject({ name: "JamJWTInBlackList" });
    expect(readFileSync(path, "utf8")).not.toContain(token);
  });
});

describe("the json backend against hostile paths and large lists", () => {
  it("refuses a FIFO at json_path (fails closed at once instead of hanging jwtDecode)", async () => {
    const path = freshPath();
    execFileSync("mkfifo", [path]);
    const config = `[jam.jose.jwt]\nalg = "HS256"\nsecret = "json-tests-secret-of-32-bytes-ok"\n[jam.jose.jwt.list]\ntype = "black"\nbackend = "json"\njson_path = "$LIST"\n`;
    const jam = Jam.fromToml(config, { env: { LIST: path } });
    const token = await jam.jwtEncode({ exp: 3600 });
    await expect(jam.jwtDecode(token)).rejects.toMatchObject({
      name: "JamListUnavailable",
      message: expect.stringMatching(/not a regular file/),
    });
    await expect(jam.jwtList!.add(token)).rejects.toMatchObject({ name: "JamListUnavailable" });
    expect(lstatSync(path).isFIFO()).toBe(true); // never replaced either
    await jam.close();
  });

  it("refuses a directory at json_path", async () => {
    const path = freshPath();
    mkdirSync(path);
    await expect(jsonList(path).has(fakeToken())).rejects.toMatchObject({ name: "JamListUnavailable" });
  });

  it("loses none of 200 concurrent writes made through a symlink and through the real path", async () => {
    const real = freshPath();
    const link = `${real}.link`;
    writeFileSync(real, JSON.stringify({ version: 1, entries: {} }));
    symlinkSync(real, link);
    const viaReal = jsonList(real);
    const viaLink = jsonList(link);
    const tokens = Array.from({ length: 200 }, (_, i) => fakeToken({ exp: nowS() + 3600, i }));
    await Promise.all(tokens.map((t, i) => (i % 2 ? viaReal : viaLink).add(t)));
    const entries = JSON.parse(readFileSync(real, "utf8")).entries as Record<string, unknown>;
    expect(Object.keys(entries)).toHaveLength(200);
    expect(await viaLink.hasMany(tokens)).toEqual(tokens.map(() => true));
    // The rename replaced the file, not the symlink.
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    await Promise.all([viaReal.close(), viaLink.close()]);
  });

  it("coalesces queued writes: 1000 concurrent adds to a 100k-entry list take a handful of rewrites, and all land", async () => {
    const path = freshPath();
    const big: Record<string, null> = {};
    for (let i = 0; i < 100_000; i++) big[`jwt_list:${i.toString(16).padStart(64, "0")}`] = null;
    writeFileSync(path, JSON.stringify({ version: 1, entries: big }));
    const list = jsonList(path);
    const tokens = Array.from({ length: 1000 }, (_, i) => fakeToken({ exp: nowS() + 3600, i }));
    const rename = vi.spyOn(fsPromises, "rename");
    try {
      await Promise.all(tokens.map((t) => list.add(t)));
      const rewrites = rename.mock.calls.filter(([, to]) => to === path).length;
      expect(rewrites).toBeGreaterThanOrEqual(1);
      expect(rewrites).toBeLessThanOrEqual(10);
    } finally {
      rename.mockRestore();
    }
    expect(await list.hasMany(tokens)).toEqual(tokens.map(() => true));
    expect(Object.keys(JSON.parse(readFileSync(path, "utf8")).entries)).toHaveLength(101_000);
    await list.close();
  });

  it("a failed rewrite rejects the writes it carried, and the queue goes on", async () => {
    const path = freshPath();
    const list = jsonList(path);
    const rename = vi.spyOn(fsPromises, "rename").mockRejectedValue(new Error("disk full"));
    try {
      const batch = await Promise.allSettled([list.add(fakeToken()), list.add(fakeToken())]);
      expect(batch.map((r) => r.status)).toEqual(["rejected", "rejected"]);
      expect((batch[0] as PromiseRejectedResult).reason).toMatchObject({ name: "JamListUnavailable" });
    } finally {
      rename.mockRestore();
    }
    const token = fakeToken();
    await list.add(token);
    expect(await list.has(token)).toBe(true);
  });
});
