/**
 * jam's keychain file storage (jam.keychain.file.FileStorage), byte for byte
 * in layout so a Node service and jam services share one key directory:
 *
 *     <dir>/            mode 0700, owned by this user
 *     <dir>/<id>.json   mode 0600: {"id","status","created_at","algorithm",
 *                       "fingerprint","material"} (material in base64)
 *     <dir>/current.jam the current key's id and a newline
 *
 * Every file is written to a temporary file in the directory, fsynced and
 * renamed over the old one, as jam does; a key file whose id or fingerprint
 * does not match its content is corrupt. Node only (synchronous fs: JWT
 * encode/decode are synchronous). jam also takes an flock on `jam.lock`
 * around each step; Node has no flock, so key management (rotate, revoke...)
 * from Node and Python at the same instant can race. Signing and verifying
 * only read, and renames keep every read whole.
 */
import { JamKeyChainError } from "../errors.js";
import { nodeFs, nodePath } from "../runtime/node-builtins.js";
import { fingerprintOf, KeyChain, type KeyInfo, type KeyStatus, type StoredKey, validateId } from "./keychain.js";

type Fs = typeof import("node:fs");
const CURRENT = "current.jam";
const STATUSES: readonly string[] = ["standby", "current", "retired", "revoked"];

function chainError(jamCode: string, message: string, cause?: unknown): JamKeyChainError {
  return new JamKeyChainError("ERR_KEYCHAIN", message, { jamCode, details: { jamCode }, cause });
}

/** A keychain in a directory jam's FileStorage can share. */
export class FileKeyChain extends KeyChain {
  readonly path: string;
  readonly #fs: Fs;
  readonly #join: (...parts: string[]) => string;
  #tmp = 0;

  constructor(path: string, algorithm: string) {
    super(algorithm);
    const fs = nodeFs();
    const p = nodePath();
    if (!fs || !p) throw chainError("keychain.error", "the file keychain needs Node's fs: use MemoryKeyChain here");
    this.#fs = fs;
    this.#join = p.join;
    this.path = path;
    this.#prepare();
  }

  #prepare(): void {
    const fs = this.#fs;
    if (fs.existsSync(this.path) && fs.lstatSync(this.path).isSymbolicLink()) {
      throw chainError("keychain.error", "Storage path must not be a symlink.");
    }
    fs.mkdirSync(this.path, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(this.path);
    if (!stat.isDirectory()) throw chainError("keychain.error", "Storage path must be a regular directory.");
    if (typeof process.geteuid === "function" && stat.uid !== process.geteuid()) {
      throw chainError("keychain.ownership", "Storage directory must be owned by the current user.");
    }
    fs.chmodSync(this.path, 0o700);
  }

  #keyPath(id: string): string {
    validateId(id);
    return this.#join(this.path, `${id}.json`);
  }

  /** A regular file of ours, mode 0600 (jam refuses anything else). */
  #checkFile(file: string): void {
    const stat = this.#fs.lstatSync(file);
    if (stat.isSymbolicLink() || !stat.isFile()) {
      throw chainError("keychain.unsafe_path", `Key path '${file}' is not a regular file.`);
    }
    if (typeof process.geteuid === "function" && stat.uid !== process.geteuid()) {
      throw chainError("keychain.ownership", `Key path '${file}' must be owned by the current user.`);
    }
    if ((stat.mode & 0o777) !== 0o600) throw chainError("keychain.permissions", `Unsafe permissions on '${file}'.`);
  }

  protected load(id: string): StoredKey | undefined {
    const file = this.#keyPath(id);
    if (!this.#fs.existsSync(file)) return undefined;
    this.#checkFile(file);
    let key: StoredKey;
    try {
      const data = JSON.parse(this.#fs.readFileSync(file, "utf8")) as Record<string, unknown>;
      const status = data["status"];
      const fields = ["id", "created_at", "algorithm", "fingerprint", "material"].map((k) => data[k]);
      if (typeof status !== "string" || !STATUSES.includes(status) || fields.some((f) => typeof f !== "string")) {
        throw new Error("missing or mistyped fields");
      }
      const info: KeyInfo = {
        id: data["id"] as string,
        status: status as KeyStatus,
        createdAt: data["created_at"] as string,
        algorithm: data["algorithm"] as string,
        fingerprint: data["fingerprint"] as string,
      };
      key = { info, material: new Uint8Array(Buffer.from(data["material"] as string, "base64")) };
    } catch (e) {
      throw chainError("keychain.corrupt_key", `Key file '${id}.json' is corrupt.`, e);
    }
    if (key.info.id !== id || fingerprintOf(key.material) !== key.info.fingerprint) {
      throw chainError("keychain.corrupt_key", `Key file '${id}.json' failed integrity validation.`);
    }
    return key;
  }

  protected save(key: StoredKey): void {
    const file = this.#keyPath(key.info.id);
    if (this.#fs.existsSync(file)) throw chainError("keychain.duplicate_key", `Key '${key.info.id}' already exists.`);
    this.#write(file, key);
  }

  protected replace(key: StoredKey): void {
    const file = this.#keyPath(key.info.id);
    if (!this.#fs.existsSync(file)) throw chainError("keychain.key_not_found", `Key '${key.info.id}' does not exist.`);
    this.#checkFile(file);
    this.#write(file, key);
    const pointer = this.#join(this.path, CURRENT);
    if (key.info.status === "current") {
      this.#atomic(pointer, `${key.info.id}\n`);
    } else if (key.info.status === "revoked" && this.#fs.existsSync(pointer)) {
      this.#checkFile(pointer);
      if (this.#fs.readFileSync(pointer, "utf8").trim() === key.info.id) this.#fs.unlinkSync(pointer);
    }
  }

  protected remove_(id: string): void {
    const file = this.#keyPath(id);
    this.#checkFile(file);
    this.#fs.unlinkSync(file);
  }

  protected all(): StoredKey[] {
    return this.#fs
      .readdirSync(this.path)
      .filter((name) => name.endsWith(".json") && !name.startsWith("."))
      .map((name) => this.load(name.slice(0, -".json".length)))
      .filter((k): k is StoredKey => k !== undefined);
  }

  /** The key current.jam points to (jam reads the pointer, not the statuses). */
  override current(): KeyInfo | undefined {
    const pointer = this.#join(this.path, CURRENT);
    if (!this.#fs.existsSync(pointer)) {
      if (super.current() !== undefined)
        throw chainError("keychain.invalid_current", "Current key pointer is missing.");
      return undefined;
    }
    this.#checkFile(pointer);
    const id = this.#fs.readFileSync(pointer, "utf8").trim();
    const key = this.load(id);
    if (key === undefined)
      throw chainError("keychain.invalid_current", "Current key pointer references a missing key.");
    if (key.info.status !== "current") {
      throw chainError("keychain.invalid_current", "Current key pointer references a non-current key.");
    }
    return key.info;
  }

  #write(file: string, key: StoredKey): void {
    const data = {
      id: key.info.id,
      status: key.info.status,
      created_at: key.info.createdAt,
      algorithm: key.info.algorithm,
      fingerprint: key.info.fingerprint,
      material: Buffer.from(key.material).toString("base64"),
    };
    this.#atomic(file, JSON.stringify(data));
  }

  /** Temp file in the directory, mode 0600, fsync, rename, fsync the directory. */
  #atomic(file: string, text: string): void {
    const fs = this.#fs;
    const tmp = this.#join(this.path, `.key-${process.pid}-${this.#tmp++}`);
    try {
      const fd = fs.openSync(tmp, "wx", 0o600);
      try {
        fs.writeSync(fd, text);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, file);
      const dir = fs.openSync(this.path, "r");
      try {
        fs.fsyncSync(dir);
      } finally {
        fs.closeSync(dir);
      }
    } finally {
      if (fs.existsSync(tmp)) fs.unlinkSync(tmp);
    }
  }
}
