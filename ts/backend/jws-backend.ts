/**
 * The seam between JWS and whatever runs its primitives. A backend takes a
 * whole operation so that each can cross into the core as few times as it
 * needs: the wasm backend once, the native one once to have the core check
 * the token, then node:crypto for the primitive alone. An asynchronous
 * (WebCrypto) backend would implement the same two operations returning
 * promises.
 */
import type { KeyHandle } from "../core/core.js";
import type { JwsAlgorithm } from "../jws/algorithms.js";
import type { BackendName } from "./select.js";

/**
 * A verified token's protected header and payload, as bytes. A sync backend
 * may hand them out where the core left them in WebAssembly memory, valid
 * only until the next core call: read or copy them at once (`copied`).
 */
export interface VerifiedParts {
  header: Uint8Array;
  payload: Uint8Array;
}

/** Parts that stay valid: copies of both. */
export function copied(parts: VerifiedParts): VerifiedParts {
  return { header: parts.header.slice(), payload: parts.payload.slice() };
}

/** JWS sign and verify on one backend. */
export interface JwsBackend {
  readonly name: BackendName;
  /**
   * Signs `payload` under the protected header `headerJson` (which names
   * `alg`); the key has passed the core's signing checks for `alg`. A text
   * payload is signed as its UTF-8 bytes.
   */
  sign(handle: KeyHandle, alg: JwsAlgorithm, headerJson: string, payload: Uint8Array | string): string;
  /** Verifies a compact JWS against the comma-separated allow-list. */
  verify(handle: KeyHandle, allowList: string, token: string, maxLength: number): VerifiedParts;
}
