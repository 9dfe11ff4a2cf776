/**
 * node:crypto KeyObjects made once per core key handle from the core's PEM
 * export of that same key (so import rules, size bounds and consistency
 * checks are the core's), kept beside the handle and dropped with it.
 */
import type { ECDH, KeyObject } from "node:crypto";
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
  /** NIST-curve private keys: an OpenSSL ECDH context holding the scalar, made once. */
  readonly ecdh?: ECDH;
}

const OPENSSL_CURVES: Record<string, string> = { "P-256": "prime256v1", "P-384": "secp384r1", "P-521": "secp521r1" };

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
  const curve = handle.kty === "EC" ? OPENSSL_CURVES[handle.crv ?? ""] : undefined;
  let ecdh: ECDH | undefined;
  if (curve !== undefined && handle.isPrivate) {
    // The core's own JWK export: `d` is base64url the core wrote.
    const d = Buffer.from((JSON.parse(handle.toJwk(true)) as { d: string }).d, "base64url");
    ecdh = crypto.createECDH(curve);
    ecdh.setPrivateKey(d);
    d.fill(0);
  }
  const made: NativeKey = {
    publicKey: crypto.createPublicKey(publicPem),
    privateKey,
    publicPem,
    privatePem,
    ...(ecdh === undefined ? {} : { ecdh }),
  };
  keys.set(handle, made);
  return made;
}

/** Forgets the native key of a handle being freed. */
export function forgetNativeKey(handle: KeyHandle): void {
  keys.delete(handle);
}
