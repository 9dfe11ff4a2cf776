/**
 * Where the async methods (signAsync, verifyAsync, encryptAsync, decryptAsync
 * and the JWT ones built on them) run their primitive. The rule, under the
 * default `asyncBackend: "auto"`:
 * - the instance's sync backend is native (node:crypto): the async methods
 *   run that same synchronous path, which is faster than crypto.subtle;
 * - the backend was forced to "wasm" (option or package default): the async
 *   methods stay on the wasm core too, so one code path means one;
 * - otherwise, where `crypto.subtle` exists (browsers, Workers without
 *   nodejs_compat, Deno): WebCrypto, for the algorithms it runs here
 *   (webcrypto-jws.ts, webcrypto-jwe.ts); everything else on the sync path.
 * `asyncBackend: "webcrypto"` (or JAM_JOSE_ASYNC_BACKEND=webcrypto) forces
 * WebCrypto wherever it has the algorithm; `"sync"` forces the sync path.
 */
import { JamConfigurationError } from "../errors.js";
import { processEnv } from "../runtime/node-builtins.js";
import {
  type BackendChoice,
  type BackendName,
  defaultBackend,
  nativeAvailable,
  PUBLIC_KEY_JWE,
  PUBLIC_KEY_JWS,
  resolveBackend,
} from "./select.js";
import { ed25519Known, subtle, webCryptoEd25519 } from "./webcrypto-subtle.js";

/** An async-path choice: WebCrypto, the instance's sync backend, or `auto`. */
export type AsyncBackendChoice = "webcrypto" | "sync" | "auto";
/** The backend that actually runs an algorithm on the async path. */
export type AsyncBackendName = BackendName | "webcrypto";

const CHOICES: ReadonlySet<string> = new Set(["webcrypto", "sync", "auto"]);

/** JWS algorithms WebCrypto runs: every public-key one (EdDSA only where the runtime has Ed25519). */
export const WEBCRYPTO_JWS: ReadonlySet<string> = new Set(PUBLIC_KEY_JWS);

/**
 * JWE algorithms whose key management WebCrypto runs: RSA-OAEP both ways,
 * ECDH-ES to NIST-curve keys on decrypt (deriveBits; the core then runs the
 * Concat KDF, the unwrap and the content decryption).
 */
export const WEBCRYPTO_JWE: ReadonlySet<string> = new Set(PUBLIC_KEY_JWE);

/** Checks an `asyncBackend` option. */
export function checkAsyncBackendChoice(choice: unknown): AsyncBackendChoice {
  if (typeof choice !== "string" || !CHOICES.has(choice)) {
    throw new JamConfigurationError("ERR_INVALID_ARGUMENT", 'asyncBackend must be "webcrypto", "sync" or "auto"');
  }
  return choice as AsyncBackendChoice;
}

function fromEnvironment(): AsyncBackendChoice {
  const value = processEnv()["JAM_JOSE_ASYNC_BACKEND"];
  return value !== undefined && CHOICES.has(value) ? (value as AsyncBackendChoice) : "auto";
}

/**
 * Whether the async path of an instance for `alg` with sync backend
 * `syncName` (made under `choice`) uses WebCrypto, or stays on the sync
 * backend.
 */
export function usesWebCrypto(
  alg: string,
  syncName: BackendName,
  choice: BackendChoice | undefined,
  asyncChoice: AsyncBackendChoice | undefined,
): boolean {
  const chosen = asyncChoice === undefined ? fromEnvironment() : checkAsyncBackendChoice(asyncChoice);
  if (chosen === "sync" || !(WEBCRYPTO_JWS.has(alg) || WEBCRYPTO_JWE.has(alg))) return false;
  if (chosen === "webcrypto") {
    if (subtle() === null) {
      const message = 'asyncBackend "webcrypto" needs crypto.subtle, which this runtime lacks';
      throw new JamConfigurationError("ERR_CONFIG", message);
    }
    return true;
  }
  if (syncName === "native" || (choice ?? defaultBackend()) === "wasm") return false;
  return subtle() !== null;
}

/**
 * The backend each algorithm's async method runs on here under the package
 * defaults. EdDSA reads "webcrypto" only once the Ed25519 probe has answered
 * (`asyncBackendReport()` waits for it).
 */
export function asyncBackends(algorithms: readonly string[]): Record<string, AsyncBackendName> {
  const report: Record<string, AsyncBackendName> = {};
  const choice = defaultBackend();
  for (const alg of algorithms) {
    const sync = resolveBackend(alg, choice === "native" && !nativeAvailable() ? "wasm" : choice);
    const webcrypto =
      (alg !== "EdDSA" || ed25519Known() === true) && subtle() !== null && usesWebCrypto(alg, sync, choice, undefined);
    report[alg] = webcrypto ? "webcrypto" : sync;
  }
  return report;
}

/** `asyncBackends` after the Ed25519 probe has answered. */
export async function asyncBackendReport(algorithms: readonly string[]): Promise<Record<string, AsyncBackendName>> {
  await webCryptoEd25519();
  return asyncBackends(algorithms);
}
