/**
 * node:crypto KeyObjects made once per core key handle from the core's PEM
 * export of that same key (so import rules, size bounds and consistency
 * checks are the core's), kept beside the handle and dropped with it.
 */
import type { KeyObject } from "node:crypto";
import type { KeyHandle } from "../core/core.js";
import { nodeBuiltins } from "./node-crypto.js";

/** The native forms of one key. PEM text is kept for runtimes (workerd) that need it. */
export interface NativeKey {
  /** A symmetric key (HMAC); the other members are then absent. */
  readonly secretKey?: KeyObject;
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject | undefined;
  readonly publicPem: string;
  readonly privatePem: string | undefined;
}

const keys = new WeakMap<KeyHandle, NativeKey>();

/** The native key for `handle`, built on first use. */
export function nativeKey(handle: KeyHandle): NativeKey {
  const cached = keys.get(handle);
  if (cached !== undefined) return cached;
  const builtins = nodeBuiltins();
  if (builtins === null) throw new Error("node:crypto is not available");
  const { crypto, Buffer } = builtins;
  if (handle.kty === "oct") {
    // The core's own JWK export: `k` is base64url the core wrote, not untrusted input.
    const k = (JSON.parse(handle.toJwk(true)) as { k: string }).k;
    const secret = Buffer.from(k, "base64url");
    const made = { secretKey: crypto.createSecretKey(secret) } as NativeKey;
    secret.fill(0);
    keys.set(handle, made);
    return made;
  }
  const privatePem = handle.isPrivate ? handle.toPem(true) : undefined;
  const privateKey = privatePem === undefined ? undefined : crypto.createPrivateKey(privatePem);
  const publicPem = handle.toPem(false);
  const made: NativeKey = { publicKey: crypto.createPublicKey(publicPem), privateKey, publicPem, privatePem };
  keys.set(handle, made);
  return made;
}

/** Forgets the native key of a handle being freed. */
export function forgetNativeKey(handle: KeyHandle): void {
  keys.delete(handle);
}
