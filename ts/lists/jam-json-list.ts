/**
 * A token list in Python jam's JSON file format (jam.lists.json, Node only),
 * so a Node service and a jam service can share one file. jam stores the
 * list with TinyDB: `{"_default": {"1": {"token": "<whole token>"}, ...}}`,
 * document ids counting up from 1; `add` inserts (duplicates allowed),
 * `check` looks for any document with that token, `delete` removes them all.
 * Entries never expire (jam's json backend has no ttl; `ttl` is ignored here
 * as it is there), and the file holds whole tokens.
 *
 * Writes here are atomic (temp file and rename) and serialised within this
 * process. Across processes there is no lock, in jam either: TinyDB also
 * caches its next document id, so a long-running jam process that inserts
 * after this one did can fail once with "Document with ID ... already exists".
 * Share a Redis list between several writers instead.
 */
import type { TokenList } from "./types.js";
import type { ListType } from "./list-config.js";
import { JamListUnavailable } from "../errors.js";
import { nodeFs, nodePath } from "../runtime/node-builtins.js";

type Fs = typeof import("node:fs/promises");
type Table = Record<string, { token?: unknown } & Record<string, unknown>>;
type Db = Record<string, Table>;

const TABLE = "_default";
/** Write queues per resolved path, shared by every list on that file. */
const queues = new Map<string, Promise<void>>();
let tmpCounter = 0;

export interface JamJsonListOptions {
  type: ListType;
  jsonPath: string;
}

function unavailable(path: string, what: string, cause?: unknown): JamListUnavailable {
  return new JamListUnavailable("ERR_LIST_UNAVAILABLE", `jam token list file ${path}: ${what}`, {
    cause,
    details: { backend: "json", layout: "jam", path },
  });
}

export class JamJsonTokenList implements TokenList {
  readonly type: ListType;
  readonly #path: string;
  #closed = false;

  constructor(options: JamJsonListOptions) {
    this.type = options.type;
    this.#path = options.jsonPath;
  }

  async add(token: string): Promise<void> {
    await this.addMany([token]);
  }

  async addMany(tokens: readonly string[]): Promise<void> {
    await this.#write((table) => {
      let next = Object.keys(table).reduce((max, id) => Math.max(max, Number(id) || 0), 0) + 1;
      for (const token of tokens) table[String(next++)] = { token };
    });
  }

  async has(token: string): Promise<boolean> {
    return (await this.hasMany([token]))[0]!;
  }

  async hasMany(tokens: readonly string[]): Promise<boolean[]> {
    this.#checkOpen();
    const table = await this.#read(await this.#fs());
    const present = new Set<unknown>(Object.values(table).map((doc) => doc.token));
    return tokens.map((t) => present.has(t));
  }

  async delete(token: string): Promise<void> {
    await this.deleteMany([token]);
  }

  async deleteMany(tokens: readonly string[]): Promise<void> {
    const gone = new Set<unknown>(tokens);
    await this.#write((table) => {
      for (const [id, doc] of Object.entries(table)) if (gone.has(doc.token)) delete table[id];
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await (queues.get(this.#key()) ?? Promise.resolve());
  }

  #checkOpen(): void {
    if (this.#closed) throw new JamListUnavailable("ERR_LIST_UNAVAILABLE", "the token list is closed");
  }

  #key(): string {
    return nodePath()?.resolve(this.#path) ?? this.#path;
  }

  async #fs(): Promise<Fs> {
    const fs = nodeFs();
    if (!fs) throw unavailable(this.#path, "the json list backend needs Node's fs: use memory or redis here");
    return fs.promises;
  }

  /** The whole file (TinyDB writes nothing until the first insert: an empty file is an empty list). */
  async #readDb(fs: Fs): Promise<Db> {
    let text: string;
    try {
      text = await fs.readFile(this.#path, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw unavailable(this.#path, "cannot read", e);
    }
    if (text.trim() === "") return {};
    let db: unknown;
    try {
      db = JSON.parse(text);
    } catch (e) {
      throw unavailable(this.#path, "is not JSON", e);
    }
    if (typeof db !== "object" || db === null || Array.isArray(db))
      throw unavailable(this.#path, "is not a TinyDB file");
    return db as Db;
  }

  async #read(fs: Fs): Promise<Table> {
    const table = (await this.#readDb(fs))[TABLE] ?? {};
    if (typeof table !== "object" || table === null) throw unavailable(this.#path, `"${TABLE}" is not a table`);
    return table;
  }

  /** Read-modify-write of the default table, atomically, one at a time per file. */
  async #write(change: (table: Table) => void): Promise<void> {
    this.#checkOpen();
    const fs = await this.#fs();
    const key = this.#key();
    const run = (queues.get(key) ?? Promise.resolve()).then(async () => {
      const db = await this.#readDb(fs);
      const table = { ...(db[TABLE] ?? {}) };
      change(table);
      db[TABLE] = table;
      const tmp = `${this.#path}.${Math.random().toString(36).slice(2)}.${tmpCounter++}.tmp`;
      try {
        const handle = await fs.open(tmp, "w", 0o600);
        try {
          await handle.writeFile(JSON.stringify(db));
          await handle.sync();
        } finally {
          await handle.close();
        }
        await fs.rename(tmp, this.#path);
      } catch (e) {
        await fs.rm(tmp, { force: true });
        throw unavailable(this.#path, "cannot write", e);
      }
    });
    queues.set(
      key,
      run.catch(() => undefined),
    );
    await run;
  }
}
