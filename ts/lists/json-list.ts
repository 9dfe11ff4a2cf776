/**
 * A token list in a JSON file (Node only).
 *
 * Durability: every write goes to a temporary file in the same directory,
 * is fsynced, and is renamed over the list, so a crash mid-write leaves the
 * old file or the new one, never half of one. Concurrency: writes to one
 * file from this process go through one queue (shared by every list on that
 * path), each a read-modify-write of the current file, so concurrent `add`s
 * lose nothing. Across processes there is no lock: readers always see a
 * whole file, but two processes writing at the same moment can lose one
 * write (last rename wins). Use the redis backend for several processes.
 *
 * `fs` is fetched at run time (never imported), so bundles for browsers and
 * Workers do not pull it in.
 */
import type { TokenList } from "./types.js";
import type { ListType } from "./list-config.js";
import { entryKey, entryLifetimeMs } from "./entry.js";
import { JamListUnavailable } from "../errors.js";
import { nodeFs, nodePath } from "../runtime/node-builtins.js";

type Fs = typeof import("node:fs/promises");

/** The file: `{ "version": 1, "entries": { key: expiry epoch ms | null } }`. */
interface ListFile {
  version: 1;
  entries: Record<string, number | null>;
}

interface FileState {
  /** Tail of the write queue for this path. */
  queue: Promise<void>;
  /** The last file read, reused while its identity (inode, size, mtime) holds. */
  cache: { ino: number; size: number; mtimeMs: number; entries: Map<string, number | null> } | undefined;
}

/** One state per resolved path, so two lists on one file still serialise their writes. */
const files = new Map<string, FileState>();
let tmpCounter = 0;

/** Node's fs, fetched at run time (see runtime/node-builtins.ts); the json backend is Node-only. */
async function loadFs(): Promise<Fs> {
  const fs = nodeFs();
  if (!fs) {
    throw new JamListUnavailable(
      "ERR_LIST_UNAVAILABLE",
      "the json list backend needs Node's fs: use memory or redis here",
    );
  }
  return fs.promises;
}

function unavailable(path: string, what: string, cause: unknown): JamListUnavailable {
  return new JamListUnavailable("ERR_LIST_UNAVAILABLE", `token list file ${path}: ${what}`, {
    cause,
    details: { backend: "json", path },
  });
}

export interface JsonListOptions {
  type: ListType;
  prefix: string;
  ttl: number | undefined;
  leeway: number;
  jsonPath: string;
}

export class JsonTokenList implements TokenList {
  readonly type: ListType;
  readonly #prefix: string;
  readonly #ttl: number | undefined;
  readonly #leeway: number;
  readonly #path: string;
  #state: FileState | undefined;
  #closed = false;

  constructor(options: JsonListOptions) {
    this.type = options.type;
    this.#prefix = options.prefix;
    this.#ttl = options.ttl;
    this.#leeway = options.leeway;
    this.#path = options.jsonPath;
  }

  async add(token: string): Promise<void> {
    await this.addMany([token]);
  }

  async addMany(tokens: readonly string[]): Promise<void> {
    const now = Date.now();
    const rows: Array<[string, number | null]> = [];
    for (const t of tokens) {
      const life = entryLifetimeMs(t, this.#ttl, this.#leeway, now);
      if (life !== 0) rows.push([entryKey(this.#prefix, t), life === null ? null : now + life]);
    }
    if (rows.length === 0) return this.#checkOpen();
    await this.#write((entries) => {
      for (const [k, v] of rows) entries.set(k, v);
    });
  }

  async has(token: string): Promise<boolean> {
    return (await this.hasMany([token]))[0]!;
  }

  async hasMany(tokens: readonly string[]): Promise<boolean[]> {
    this.#checkOpen();
    const keys = tokens.map((t) => entryKey(this.#prefix, t));
    const entries = await this.#read(await loadFs());
    const now = Date.now();
    return keys.map((k) => {
      const exp = entries.get(k);
      return exp !== undefined && (exp === null || exp > now);
    });
  }

  async delete(token: string): Promise<void> {
    await this.deleteMany([token]);
  }

  async deleteMany(tokens: readonly string[]): Promise<void> {
    const keys = tokens.map((t) => entryKey(this.#prefix, t));
    await this.#write((entries) => {
      for (const k of keys) entries.delete(k);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    // Let queued writes land before the caller moves on (e.g. exits).
    await this.#stateFor().queue;
  }

  #checkOpen(): void {
    if (this.#closed) throw new JamListUnavailable("ERR_LIST_UNAVAILABLE", "the token list is closed");
  }

  #stateFor(): FileState {
    if (this.#state) return this.#state;
    const path = nodePath();
    const key = path ? path.resolve(this.#path) : this.#path;
    let state = files.get(key);
    if (!state) {
      state = { queue: Promise.resolve(), cache: undefined };
      files.set(key, state);
    }
    this.#state = state;
    return state;
  }

  /** The current entries (the cached map while the file is unchanged: treat it as read-only). */
  async #read(fs: Fs): Promise<Map<string, number | null>> {
    const state = this.#stateFor();
    let stat: Awaited<ReturnType<Fs["stat"]>>;
    try {
      stat = await fs.stat(this.#path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return this.#missing(fs, e);
      throw unavailable(this.#path, "cannot stat", e);
    }
    const c = state.cache;
    if (c && c.ino === stat.ino && c.size === stat.size && c.mtimeMs === stat.mtimeMs) return c.entries;
    let text: string;
    try {
      text = await fs.readFile(this.#path, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return this.#missing(fs, e);
      throw unavailable(this.#path, "cannot read", e);
    }
    const entries = parseListFile(text, this.#path);
    state.cache = { ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs, entries };
    return entries;
  }

  /**
   * No file yet is an empty list, but only inside a directory that exists: a
   * mistyped or vanished directory would otherwise make a black list forget
   * every revocation, silently.
   */
  async #missing(fs: Fs, cause: unknown): Promise<Map<string, number | null>> {
    const path = nodePath();
    const dir = path ? path.dirname(this.#path) : ".";
    try {
      if ((await fs.stat(dir)).isDirectory()) return new Map();
    } catch {
      // fall through: no directory
    }
    throw unavailable(this.#path, `its directory ${dir} does not exist`, cause);
  }

  /** Queues a read-modify-write; resolves once the new file is renamed into place. */
  #write(mutate: (entries: Map<string, number | null>) => void): Promise<void> {
    this.#checkOpen();
    const state = this.#stateFor();
    const run = async (): Promise<void> => {
      const fs = await loadFs();
      const entries = new Map(await this.#read(fs));
      mutate(entries);
      const now = Date.now();
      for (const [k, exp] of entries) if (exp !== null && exp <= now) entries.delete(k);
      const body: ListFile = { version: 1, entries: Object.fromEntries(entries) };
      await writeAtomically(fs, this.#path, JSON.stringify(body));
      state.cache = undefined;
    };
    const result = state.queue.then(run);
    // The queue goes on after a failed write; the failure goes to its caller.
    state.queue = result.catch(() => undefined);
    return result;
  }
}

function parseListFile(text: string, path: string): Map<string, number | null> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw unavailable(path, "is not valid JSON", e);
  }
  const entries = (data as Partial<ListFile> | null)?.entries;
  if ((data as Partial<ListFile> | null)?.version !== 1 || typeof entries !== "object" || entries === null) {
    throw unavailable(path, "is not a jam-jose token list (version 1)", undefined);
  }
  const out = new Map<string, number | null>();
  for (const [k, v] of Object.entries(entries)) {
    if (v !== null && typeof v !== "number") throw unavailable(path, `entry ${k} has a bad expiry`, undefined);
    out.set(k, v);
  }
  return out;
}

/** temp file in the same directory (rename is atomic only within a filesystem), fsync, rename. */
async function writeAtomically(fs: Fs, path: string, text: string): Promise<void> {
  const pid = (globalThis as { process?: { pid?: number } }).process?.pid ?? 0;
  const tmp = `${path}.${pid}.${++tmpCounter}.tmp`;
  try {
    const handle = await fs.open(tmp, "w", 0o600);
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw unavailable(path, "cannot write", e);
  }
  // Make the rename itself durable; not every platform lets a directory be fsynced.
  const dir = nodePath()?.dirname(path) ?? ".";
  try {
    const d = await fs.open(dir, "r");
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // best effort: the data file itself is already synced
  }
}
