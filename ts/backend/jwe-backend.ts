/**
 * The seam between JWE and whatever runs its key-management primitive
 * (see jws-backend.ts for the shape's reasons). The core always parses the
 * header, checks the allow-lists, key fit and limits, and runs the content
 * encryption; a backend may take over only the key-management primitive.
 */
import type { KeyHandle } from "../core/core.js";
import type { JweAlgorithm, JweEncryption } from "../jwe/algorithms.js";
import type { VerifiedParts } from "./jws-backend.js";
import type { BackendName } from "./select.js";

/** Bounds on untrusted input, passed to the core on decrypt. */
export interface JweLimits {
  maxTokenLength: number;
  p2cMax: number;
  zipMax: number;
}

/** JWE encrypt and decrypt on one backend. */
export interface JweBackend {
  readonly name: BackendName;
  encrypt(
    handle: KeyHandle,
    alg: JweAlgorithm,
    enc: JweEncryption,
    headerJson: Uint8Array,
    plaintext: Uint8Array,
    p2c: number,
  ): string;
  /** Opens a token against the allow-lists; returns its header and plaintext. */
  decrypt(handle: KeyHandle, alg: JweAlgorithm, enc: JweEncryption, token: string, limits: JweLimits): VerifiedParts;
}
