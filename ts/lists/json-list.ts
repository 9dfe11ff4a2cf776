/**
 * A token list in a JSON file (Node only).
 *
 * Durability: every write goes to a temporary file in the same directory,
 * is fsynced, and is renamed over the list, so a crash mid-write leaves the
 * old file or the new one, never half of one. Concurrency: writes to one
 * file from this process go through one queue (shared by every list on that
 * file, however its path is spelt: symlinks are resolved), and the writes
 * that queue up while one rewrite runs land together in the next one (one
 * read-modify-write of the current file for the whole batch), so concurrent
 * `add`s lose nothing and a large list is not rewritten once per `add`.
 * Across processes there is no lock: readers always see a whole file, but
 * two processes writing at the same moment can lose one write (last rename
 * wins). Use the redis backend for several processes. The path must name a
 * regular file (or nothing yet): a FIFO or device there fails closed.
 *
 * `fs` is fetched at run time (never imported), so bundles for browsers and
 * Workers do not pull it in.
 */
import { entryKey, type TokenIdentity } from "./entry.js";
import { IdentityTokenList, type CommonListOptions } from "./identity-list.js";
import { JamListUnavailable } from "../errors.js";
import { nodeFs, nodePath } from "../runtime/node-builtins.js";

type Fs = typeof import("node:fs/promises");
type FsConstants = typeof import("node:fs").constants;
type Entries = Map<string, number | null>;

/** The file: `{ "version": 1, "entries": { key: expiry epoch ms | null } }`. */
interface ListFile {
  version: 1;
  entries: Record<string, number | null>;
}

/** Writes waiting for the next rewrite of one file: applied together, settled together. */
interface Batch {
  mutations: Array<(entries: Entries) => void>;
  done: Promise<void>;
  settle: (error?: unknown) => void;
}

interface FileState {
  /** The rewrite in progress, if any. */
  running: Promise<void> | undefined;
  /** Writes queued behind it; they all land in the next rewrite. */
  pending: Batch | undefined;
  /** The last file read, reused while its identity (inode, size, mtime) holds. */
  cache: { ino: number; size: number; mtimeMs: number; entries: Entries } | undefined;
}

/**
 * One state per real path (symlinks resolved), so every list on one file,
 * whatever path reached it, shares one write queue.
 */
const files = new Map<string, FileState>();
let tmpCounter = 0;

/** Node's fs, fetched at run time (see runtime/node-builtins.ts); the json backend is Node-only. */
function loadFs(): { fs: Fs; constants: FsConstants } {
  const fs = nodeFs();
  if (!fs) {
    throw new JamListUnavailable(
      "ERR_LIST_UNAVAILABLE",
      "the json list backend needs Node's fs: use memory or redis here",
    );
  }
  return { fs: fs.promises, constants: fs.constants };
}

function unavailable(path: string, what: string, cause: unknown): JamListUnavailable {
  return new JamListUnavailable("ERR_LIST_UNAVAILABLE", `token list file ${path}: ${what}`, {
    cause,
    details: { backend: "json", path },
  });
}

const isMissing = (e: unknown): boolean => (e as NodeJS.ErrnoException | null)?.code === "ENOENT";

export interface JsonListOptions extends CommonListOptions {
  jsonPath: string;
}

export class JsonTokenList extends IdentityTokenList {
  readonly #path: string;
  #closed = false;
  /** Writes of this list not yet landed (close() waits for them). */
  readonly #inFlight = new Set<Promise<void>>();

  constructor(options: JsonListOptions) {
    super(options);
    this.#path = options.jsonPath;
  }

  async addIdentities(identities: readonly TokenIdentity[]): Promise<void> {
    this.#checkOpen();
    const now = Date.now();
    const rows: Array<[string, number | null]> = [];
    for (const identity of identities) {
      const life = this.lifetime(identity, now);
      if (life !== 0) rows.push([entryKey(this.prefix, identity), life === null ? null : now + life]);
    }
    if (rows.length === 0) return;
    await this.#write((entries) => {
      for (const [k, v] of rows) entries.set(k, v);
    });
  }

  async hasIdentities(identities: readonly TokenIdentity[]): Promise<boolean[]> {
    this.#checkOpen();
    const keys = identities.map((identity) => entryKey(this.prefix, identity));
    const { fs, constants } = loadFs();
    const real = await this.#realPath(fs);
    const entries = await read(fs, constants, real, stateFor(real));
    const now = Date.now();
    return keys.map((k) => {
      const exp = entries.get(k);
      return exp !== undefined && (exp === null || exp > now);
    });
  }

  async deleteIdentities(identities: readonly TokenIdentity[]): Promise<void> {
    this.#checkOpen();
    const keys = identities.map((identity) => entryKey(this.prefix, identity));
    await this.#write((entries) => {
      for (const k of keys) entries.delete(k);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    // Let queued writes land before the caller moves on (e.g. exits).
    await Promise.allSettled([...this.#inFlight]);
  }

  #checkOpen(): void {
    if (this.#closed) throw new JamListUnavailable("ERR_LIST_UNAVAILABLE", "the token list is closed");
  }

  /**
   * The file's real path: symlinks in it resolved, so that the write queue is
   * per file and the rename replaces the file, not a symlink to it. A file
   * that does not exist yet resolves through its directory.
   */
  async #realPath(fs: Fs): Promise<string> {
    try {
      return await fs.realpath(this.#path);
    } catch (e) {
      if (!isMissing(e)) throw unavailable(this.#path, "cannot resolve its path", e);
    }
    const path = nodePath();
    if (!path) return this.#path;
    const dir = path.dirname(this.#path);
    try {
      return path.join(await fs.realpath(dir), path.basename(this.#path));
    } catch (e) {
      // A mistyped or vanished directory would otherwise make a black list
      // forget every revocation, silently.
      throw unavailable(this.#path, `its directory ${dir} does not exist`, e);
    }
  }

  /**
   * Queues a mutation. Every write queued while a rewrite runs joins one
   * batch, applied in order to one read of the file and written by one
   * rename; each caller's promise settles when that rename has landed.
   */
  async #write(mutate: (entries: Entries) => void): Promise<void> {
    this.#checkOpen();
    const { fs, constants } = loadFs();
    const landed = this.#realPath(fs).then((real) => enqueue(fs, constants, real, mutate));
    this.#inFlight.add(landed);
    try {
      await landed;
    } finally {
      this.#inFlight.delete(landed);
    }
  }
}

function stateFor(real: string): FileState {
  let state = files.get(real);
  if (!state) {
    state = { running: undefined, pending: undefined, cache: undefined };
    files.set(real, state);
  }
  return state;
}

function enqueue(fs: Fs, constants: FsConstants, real: string, mutate: (entries: Entries) => void): Promise<void> {
  const state = stateFor(real);
  if (!state.pending) {
    let settle: Batch["settle"] = () => undefined;
    const done = new Promise<void>((resolve, reject) => {
      settle = (error) => (error === undefined ? resolve() : reject(error));
    });
    state.pending = { mutations: [], done, settle };
    if (!state.running) state.running = runBatches(fs, constants, real, state);
  }
  state.pending.mutations.push(mutate);
  return state.pending.done;
}

/** Runs batch after batch until none is waiting: one read-modify-write each. */
async function runBatches(fs: Fs, constants: FsConstants, real: string, state: FileState): Promise<void> {
  // Let the writes made about now (their path lookups finishing in this turn
  // of the event loop) join the first batch.
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  while (state.pending) {
    const batch = state.pending;
    state.pending = undefined;
    try {
      const entries = new Map(await read(fs, constants, real, state));
      for (const mutate of batch.mutations) mutate(entries);
      const now = Date.now();
      for (const [k, exp] of entries) if (exp !== null && exp <= now) entries.delete(k);
      const body: ListFile = { version: 1, entries: Object.fromEntries(entries) };
      await writeAtomically(fs, real, JSON.stringify(body));
      state.cache = undefined;
      batch.settle();
    } catch (error) {
      // The queue goes on after a failed write; the failure goes to its callers.
      batch.settle(error ?? new Error("write failed"));
    }
  }
  state.running = undefined;
}

/**
 * The current entries (the cached map while the file is unchanged: treat it
 * as read-only). The file is opened non-blocking and must be a regular file:
 * a FIFO or device at the path would otherwise hang every decode.
 */
async function read(fs: Fs, constants: FsConstants, real: string, state: FileState): Promise<Entries> {
  let handle: import("node:fs/promises").FileHandle;
  try {
    handle = await fs.open(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if (isMissing(e)) return new Map();
    throw unavailable(real, "cannot open", e);
  }
  try {
    let stat: import("node:fs").Stats;
    try {
      stat = await handle.stat();
    } catch (e) {
      throw unavailable(real, "cannot stat", e);
    }
    if (!stat.isFile()) throw unavailable(real, "is not a regular file", undefined);
    const c = state.cache;
    if (c && c.ino === stat.ino && c.size === stat.size && c.mtimeMs === stat.mtimeMs) return c.entries;
    let text: string;
    try {
      text = await handle.readFile("utf8");
    } catch (e) {
      throw unavailable(real, "cannot read", e);
    }
    const entries = parseListFile(text, real);
    state.cache = { ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs, entries };
    return entries;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function parseListFile(text: string, path: string): Entries {
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
  const out: Entries = new Map();
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
