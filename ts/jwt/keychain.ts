/**
 * jam's keychain (jam.keychain, jamlib 4.2.1): key lifecycle for JWT signing.
 * One key is "current" and signs, its id going out as the header `kid`;
 * "retired" keys still verify the tokens they signed; "revoked" keys verify
 * nothing; "standby" keys wait to be activated. `KeyChain` holds the rules;
 * storage is `MemoryKeyChain` here or `FileKeyChain` (keychain-file.ts,
 * jam's directory layout, shared with jam services).
 */
import { core } from "../core/core.js";
import { JamJWSVerificationError, JamKeyChainError } from "../errors.js";
import { JWK } from "../jwk/jwk.js";
import type { KeyInput } from "../jwk/key-input.js";
import { isJwsAlgorithm, type JwsAlgorithm } from "../jws/algorithms.js";
import { JWS } from "../jws/jws.js";
import type { Compat } from "../compat/mode.js";

/** A key's place in its lifecycle. */
export type KeyStatus = "standby" | "current" | "retired" | "revoked";

/** What the chain records about a key (jam's KeyInfo). */
export interface KeyInfo {
  id: string;
  status: KeyStatus;
  /** ISO 8601, as jam writes it (`2026-11-29T22:40:00.123000+00:00`). */
  createdAt: string;
  algorithm: string;
  /** `sha256:<hex of the material>`. */
  fingerprint: string;
}

/** A stored key: its record and its material (secret bytes, or PEM text as bytes). */
export interface StoredKey {
  info: KeyInfo;
  material: Uint8Array;
}

function chainError(jamCode: string, message: string): JamKeyChainError {
  return new JamKeyChainError("ERR_KEYCHAIN", message, { jamCode, details: { jamCode } });
}

const utf8 = new TextEncoder();

/** `sha256:<hex>` of key material, as jam fingerprints it. */
export function fingerprintOf(material: Uint8Array): string {
  return `sha256:${core().sha256_hex_of_bytes(material)}`;
}

/** Now, as Python's `datetime.now(timezone.utc).isoformat()` writes it. */
function isoNow(): string {
  return new Date().toISOString().replace("Z", "000+00:00");
}

/** Key material as a key input: PEM or JWK text when it is text of that kind, raw bytes otherwise. */
export function materialInput(material: Uint8Array): KeyInput {
  const head = new TextDecoder().decode(material.subarray(0, 16)).trimStart();
  if (head.startsWith("-----BEGIN") || head.startsWith("{")) return new TextDecoder().decode(material);
  return material;
}

/** The lifecycle rules, over a storage that subclasses provide (jam's BaseKeyChain). */
export abstract class KeyChain {
  readonly algorithm: string;
  /** JWS per key id and material fingerprint, so a key is parsed once. */
  readonly #signers = new Map<string, JWS>();

  constructor(algorithm: string) {
    this.algorithm = algorithm.toUpperCase();
  }

  protected abstract load(id: string): StoredKey | undefined;
  protected abstract save(key: StoredKey): void;
  protected abstract replace(key: StoredKey): void;
  protected abstract remove_(id: string): void;
  protected abstract all(): StoredKey[];

  /** Every key, oldest first; without revoked ones when `includeRevoked` is false. */
  list(includeRevoked = true): KeyInfo[] {
    return this.all()
      .filter((k) => includeRevoked || k.info.status !== "revoked")
      .map((k) => k.info)
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  }

  get(id: string): KeyInfo {
    return this.require(id).info;
  }

  /** The current key, if any; more than one is an error. */
  current(): KeyInfo | undefined {
    const current = this.all().filter((k) => k.info.status === "current");
    if (current.length > 1) throw chainError("keychain.invalid_current", "KeyChain has more than one current key.");
    return current[0]?.info;
  }

  /** Adds a key on standby: the given material, or a fresh key for the chain's algorithm. */
  add(id: string, material?: Uint8Array | string): KeyInfo {
    validateId(id);
    if (this.load(id) !== undefined) throw chainError("keychain.duplicate_key", `Key '${id}' already exists.`);
    const bytes =
      material === undefined ? this.generate() : typeof material === "string" ? utf8.encode(material) : material;
    const info: KeyInfo = {
      id,
      status: "standby",
      createdAt: isoNow(),
      algorithm: this.algorithm,
      fingerprint: fingerprintOf(bytes),
    };
    this.save({ info, material: bytes });
    return info;
  }

  /** Adds a fresh key and makes it current (the old current key retires). */
  rotate(id?: string): KeyInfo {
    const newId = id ?? newKeyId();
    this.add(newId);
    return this.activate(newId);
  }

  /** Makes a key current; the previous current key retires. */
  activate(id: string): KeyInfo {
    const target = this.require(id);
    if (target.info.status === "revoked") {
      throw chainError("keychain.revoked_key", "A revoked key cannot be activated.");
    }
    const current = this.current();
    if (current !== undefined && current.id !== id) this.setStatus(current.id, "retired");
    if (target.info.status !== "current") this.setStatus(id, "current");
    return this.get(id);
  }

  /** Retires a key that is not current: it still verifies, it signs no more. */
  retire(id: string): KeyInfo {
    const key = this.require(id);
    if (key.info.status === "current") {
      throw chainError("keychain.current_key", "Activate another key before retiring the current key.");
    }
    if (key.info.status === "revoked") throw chainError("keychain.revoked_key", "A revoked key cannot be retired.");
    this.setStatus(id, "retired");
    return this.get(id);
  }

  /** Revokes a key: tokens it signed verify no more. */
  revoke(id: string): KeyInfo {
    this.require(id);
    this.setStatus(id, "revoked");
    return this.get(id);
  }

  /** Deletes a key that is not current. */
  remove(id: string): void {
    const key = this.require(id);
    if (key.info.status === "current") {
      throw chainError("keychain.current_key", "Activate another key before removing the current key.");
    }
    this.remove_(id);
  }

  /** The JWS that signs new tokens, and its kid. */
  signer(alg: JwsAlgorithm, compat: Compat | undefined): { kid: string; jws: JWS } {
    const current = this.current();
    if (current === undefined) throw chainError("keychain.no_current", "KeyChain has no current key.");
    return { kid: current.id, jws: this.jwsFor(this.require(current.id), alg, compat) };
  }

  /** The JWS that verifies a token signed with `kid`; revoked keys verify nothing. */
  verifier(kid: string, alg: JwsAlgorithm, compat: Compat | undefined): JWS {
    const key = this.require(kid);
    if (key.info.status === "revoked") throw chainError("keychain.revoked_key", `Key '${kid}' has been revoked.`);
    return this.jwsFor(key, alg, compat);
  }

  private jwsFor(key: StoredKey, alg: JwsAlgorithm, compat: Compat | undefined): JWS {
    const cacheKey = `${key.info.id}|${key.info.fingerprint}|${alg}|${compat ?? ""}`;
    let jws = this.#signers.get(cacheKey);
    if (jws === undefined) {
      jws = new JWS({ alg, key: materialInput(key.material), allowShortSecrets: false, ...(compat ? { compat } : {}) });
      this.#signers.set(cacheKey, jws);
    }
    return jws;
  }

  private setStatus(id: string, status: KeyStatus): void {
    const key = this.require(id);
    this.replace({ info: { ...key.info, status }, material: key.material });
  }

  protected require(id: string): StoredKey {
    const key = this.load(id);
    if (key === undefined) throw chainError("keychain.key_not_found", `Key '${id}' does not exist.`);
    return key;
  }

  /** Fresh material as jam makes it: 32 random bytes for HS*, a PKCS#8 PEM private key otherwise. */
  private generate(): Uint8Array {
    const alg = this.algorithm;
    if (alg.startsWith("HS")) return crypto.getRandomValues(new Uint8Array(32));
    const spec =
      alg.startsWith("RS") || alg.startsWith("PS")
        ? "RSA-2048"
        : ({ ES256: "P-256", ES384: "P-384", ES512: "P-521", EDDSA: "Ed25519", ED25519: "Ed25519" } as const)[alg];
    if (spec === undefined) {
      throw chainError("keychain.unsupported_algorithm", `Cannot generate material for algorithm '${alg}'.`);
    }
    const key = JWK.generate(spec);
    try {
      return utf8.encode(key.toPem({ private: true }));
    } finally {
      key.dispose();
    }
  }
}

/** jam's id rule: non-empty and file-name safe. */
export function validateId(id: string): void {
  if (id === "" || id.includes("/") || id.includes("\\") || id === "." || id === "..") {
    throw chainError("keychain.invalid_key_id", "Key ID must be a non-empty file-name-safe string.");
  }
}

/** jam's generated ids: UTC `YYYYMMDDHHMMSS-` and 8 hex digits. */
function newKeyId(): string {
  const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const hex = Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, "0")).join("");
  return `${stamp}-${hex}`;
}

/** A keychain in this process's memory (jam's keychain.memory.Memory). */
export class MemoryKeyChain extends KeyChain {
  readonly #keys = new Map<string, StoredKey>();

  protected load(id: string): StoredKey | undefined {
    return this.#keys.get(id);
  }
  protected save(key: StoredKey): void {
    this.#keys.set(key.info.id, key);
  }
  protected replace(key: StoredKey): void {
    this.#keys.set(key.info.id, key);
  }
  protected remove_(id: string): void {
    this.#keys.delete(id);
  }
  protected all(): StoredKey[] {
    return [...this.#keys.values()];
  }
}

/** Checks the algorithm a keychain JWT signs with. */
export function keychainAlg(alg: string | undefined): JwsAlgorithm {
  if (alg === undefined || !isJwsAlgorithm(alg)) {
    throw new JamKeyChainError("ERR_CONFIG", "a JWT with a keychain needs a JWS alg", {
      jamCode: "configuration.jwt.missing_jws_key",
    });
  }
  return alg;
}

/** The `kid` of a compact JWS, read before verification to pick the key (as jam does). */
export function kidOf(token: string): string {
  try {
    const header = JSON.parse(new TextDecoder().decode(base64urlBytes(token.slice(0, token.indexOf("."))))) as unknown;
    const kid = (header as { kid?: unknown } | null)?.kid;
    if (typeof kid === "string" && kid !== "") return kid;
  } catch {
    // fall through: no usable kid
  }
  throw new JamJWSVerificationError("ERR_HEADER_INVALID", "a keychain JWT needs a kid in its header", {
    details: { reason: "missing_or_invalid_kid" },
  });
}

function base64urlBytes(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new Error("not base64url");
  const b64 = text
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(text.length / 4) * 4, "=");
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}
