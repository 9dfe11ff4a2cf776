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

/** A verified token's protected header and payload, as bytes. */
export interface VerifiedParts {
  header: Uint8Array;
  payload: Uint8Array;
}

/** JWS sign and verify on one backend. */
export interface JwsBackend {
  readonly name: BackendName;
  /**
   * Signs `payload` under the protected header `headerJson` (which names
   * `alg`); the key has passed the core's signing checks for `alg`.
   */
  sign(handle: KeyHandle, alg: JwsAlgorithm, headerJson: string, payload: Uint8Array): string;
  /** Verifies a compact JWS against the comma-separated allow-list. */
  verify(handle: KeyHandle, allowList: string, token: string, maxLength: number): VerifiedParts;
}
