/**
 * node:crypto KeyObjects made once per core key handle from the core's PEM
 * export of that same key (so import rules, size bounds and consistency
 * checks are the core's), kept beside the handle and dropped with it.
 */
import type { ECDH, JsonWebKey, KeyObject } from "node:crypto";
import type { KeyHandle } from "../core/core.js";
import { isWorkerd, nodeBuiltins } from "./node-crypto.js";

/**
 * A key encoded for a node:crypto call that also carries options. workerd
 * (1.20261117) refuses `{ key: KeyObject, ...options }` in crypto.sign and
 * crypto.verify, and a bare KeyObject carries no options, so there ECDSA
 * (`dsaEncoding`) and RSA-PSS (`padding`, `saltLength`) take one of these.
 */
export type EncodedKey =
  | { readonly key: Uint8Array; readonly format: "der"; readonly type: "spki" }
  | { readonly key: JsonWebKey; readonly format: "jwk" };

/** The native forms of one key. */
export interface NativeKey {
  /** A symmetric key (HMAC); the other members are then absent. */
  readonly secretKey?: KeyObject;
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject | undefined;
  /**
   * workerd, RSA and EC only: the public key as SPKI DER (its fastest
   * correct verify form beside options, measured against PEM and JWK).
   */
  readonly publicEncoded?: EncodedKey;
  /** workerd, RSA and EC private keys only: the private key as JWK (its fastest correct sign form beside options). */
  readonly privateEncoded?: EncodedKey;
  /** NIST-curve private keys: an OpenSSL ECDH context holding the scalar, made once. */
  readonly ecdh?: ECDH;
  /**
   * NIST-curve keys: OpenSSL's curve name and the public point as
   * uncompressed SEC1, what an ECDH-ES sender agrees with.
   */
  readonly agreement?: { readonly curve: string; readonly publicPoint: Uint8Array };
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
  const publicKey = crypto.createPublicKey(publicPem);
  const made: NativeKey = {
    publicKey,
    privateKey,
    ...(ecdh === undefined ? {} : { ecdh }),
    ...(curve === undefined ? {} : { agreement: { curve, publicPoint: uncompressedPoint(publicKey, Buffer) } }),
    ...(isWorkerd() && (handle.kty === "RSA" || handle.kty === "EC") ? encodedForms(publicKey, privateKey) : {}),
  };
  keys.set(handle, made);
  return made;
}

/** An EC public key as uncompressed SEC1 (0x04 || x || y), from its JWK export. */
function uncompressedPoint(publicKey: KeyObject, Buffer: typeof import("node:buffer").Buffer): Uint8Array {
  const { x, y } = publicKey.export({ format: "jwk" });
  return Buffer.concat([Buffer.of(4), Buffer.from(x ?? "", "base64url"), Buffer.from(y ?? "", "base64url")]);
}

/** The encoded forms workerd needs for calls with options, exported from the KeyObjects just made. */
function encodedForms(publicKey: KeyObject, privateKey: KeyObject | undefined) {
  const publicEncoded: EncodedKey = {
    key: publicKey.export({ type: "spki", format: "der" }),
    format: "der",
    type: "spki",
  };
  if (privateKey === undefined) return { publicEncoded };
  const privateEncoded: EncodedKey = { key: privateKey.export({ format: "jwk" }), format: "jwk" };
  return { publicEncoded, privateEncoded };
}

/** Forgets the native key of a handle being freed. */
export function forgetNativeKey(handle: KeyHandle): void {
  keys.delete(handle);
}
