/**
 * WebCrypto CryptoKeys made once per core key handle and per use (an RSA key
 * signs as RSASSA-PKCS1-v1_5 or RSA-PSS, decrypts as RSA-OAEP: WebCrypto
 * binds a CryptoKey to one algorithm), from the core's own PKCS#8 / SPKI
 * export, so import rules, size bounds and consistency checks stay the
 * core's. Kept beside the handle and dropped with it. A key the runtime
 * cannot import (Ed25519 where it is missing, say) is remembered as null and
 * the caller takes the sync path.
 */
import type { KeyHandle } from "../core/core.js";
import { callCore } from "../core/errors.js";
import { subtle } from "./webcrypto-subtle.js";

/** What a CryptoKey is for: the import algorithm, usage and which half. */
export interface KeyUse {
  /** Cache key: unique per algorithm and half. */
  readonly id: string;
  readonly algorithm: RsaHashedImportParams | EcKeyImportParams | Algorithm;
  readonly usage: KeyUsage;
  readonly private: boolean;
}

const keys = new WeakMap<KeyHandle, Map<string, Promise<CryptoKey | null>>>();

/** The DER bytes of the core's own PEM export (text the core wrote, not untrusted input). */
function derOf(pem: string): Uint8Array<ArrayBuffer> {
  const body = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  const binary = atob(body);
  const der = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) der[i] = binary.charCodeAt(i);
  return der;
}

async function importFor(handle: KeyHandle, use: KeyUse): Promise<CryptoKey | null> {
  const api = subtle();
  if (api === null) return null;
  const der = derOf(callCore("key", () => handle.toPem(use.private)));
  try {
    return await api.importKey(use.private ? "pkcs8" : "spki", der, use.algorithm, false, [use.usage]);
  } catch {
    return null;
  } finally {
    der.fill(0);
  }
}

/** The CryptoKey of `handle` for `use`, imported on first use; null where WebCrypto cannot take it. */
export function webCryptoKey(handle: KeyHandle, use: KeyUse): Promise<CryptoKey | null> {
  let forHandle = keys.get(handle);
  if (forHandle === undefined) {
    forHandle = new Map();
    keys.set(handle, forHandle);
  }
  let made = forHandle.get(use.id);
  if (made === undefined) {
    made = importFor(handle, use);
    forHandle.set(use.id, made);
  }
  return made;
}

/** Forgets the CryptoKeys of a handle being freed. */
export function forgetWebCryptoKeys(handle: KeyHandle): void {
  keys.delete(handle);
}
