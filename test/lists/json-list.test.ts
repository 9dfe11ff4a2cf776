/**
 * The json backend's promises: atomic replacement (temp file + rename),
 * nothing lost to concurrent writers in one process, changes made by other
 * writers seen, and a damaged file refused (fail closed), never read as empty.
 */
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTokenList, Jam } from "../../ts/index.js";
import { fakeToken, nowS, sha256hex } from "../helpers/tokens.js";

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
    expect(Object.keys(entries).sort()).toEqual(tokens.map((t) => `jwt_list:${sha256hex(t)}`).sort());
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
    writeFileSync(tmp, JSON.stringify({ version: 1, entries: { [`jwt_list:${sha256hex(token)}`]: null } }));
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
