/**
 * Which backend runs each algorithm's primitive. `wasm` is the Rust core
 * everywhere; `native` hands the bare primitive (after the core has made
 * every JOSE check) to the runtime's `node:crypto`. `auto`, the default,
 * takes native where the runtime offers it and it measured faster
 * (docs/performance.md), wasm elsewhere.
 */
import { JamConfigurationError } from "../errors.js";
import { JWE_ALGORITHMS, JWS_ALGORITHMS, JWS_KEY_TYPES } from "../generated/tables.js";
import { processEnv } from "../runtime/node-builtins.js";
import { isWorkerd, nodeBuiltins } from "./node-crypto.js";

/** A backend choice: a forced one, or `auto`. */
export type BackendChoice = "wasm" | "native" | "auto";
/** The backend that actually runs an algorithm. */
export type BackendName = "wasm" | "native";

const CHOICES: ReadonlySet<string> = new Set(["wasm", "native", "auto"]);

/** JWS algorithms whose key is a public-key pair (every one but HMAC), from the core's table. */
export const PUBLIC_KEY_JWS: readonly string[] = JWS_ALGORITHMS.filter((alg) => JWS_KEY_TYPES[alg] !== "oct");

/** JWE key management that uses the recipient's key pair: RSA-OAEP and ECDH-ES, from the core's table. */
export const PUBLIC_KEY_JWE: readonly string[] = JWE_ALGORITHMS.filter(
  (alg) => alg.startsWith("RSA-OAEP") || alg.startsWith("ECDH-ES"),
);

/**
 * Algorithms whose primitive `auto` sends to node:crypto: the public-key
 * ones. HMAC stays in the core: its single crossing verified faster than the
 * core's checks plus createHmac (docs/performance.md). AES key wrap and
 * content encryption stay in the core, which measured as fast as or faster
 * than jose there.
 */
const NATIVE_WHEN_AUTO: ReadonlySet<string> = new Set([...PUBLIC_KEY_JWS, ...PUBLIC_KEY_JWE]);

/**
 * Algorithms whose *verification* `auto` keeps in the core on Node although
 * they sign natively: ring's Ed25519 verification in WebAssembly, with the
 * core's checks, measured faster than OpenSSL's through node:crypto on Node
 * 20 (docs/performance.md). Elsewhere (workerd, Bun, Deno) native stays.
 */
const CORE_VERIFIES_FASTER_ON_NODE: ReadonlySet<string> = new Set(["EdDSA"]);

/** True in Node itself, not in a runtime that imitates it (workerd, Bun, Deno). */
function isNode(): boolean {
  const g = globalThis as { process?: { versions?: { node?: unknown; bun?: unknown } }; Deno?: unknown };
  return (
    typeof g.process?.versions?.node === "string" &&
    g.process.versions.bun === undefined &&
    g.Deno === undefined &&
    !isWorkerd()
  );
}

/** What an instance does with a primitive: `auto` may pick a different backend per operation. */
export type PrimitiveOperation = "sign" | "verify";

/** Algorithms the native backend can run at all (forced with `backend: "native"`): HMAC too. */
const NATIVE_CAPABLE: ReadonlySet<string> = new Set([...JWS_ALGORITHMS, ...PUBLIC_KEY_JWE]);

/** Checks a `backend` option. */
export function checkBackendChoice(choice: unknown): BackendChoice {
  if (typeof choice !== "string" || !CHOICES.has(choice)) {
    throw new JamConfigurationError("ERR_INVALID_ARGUMENT", 'backend must be "wasm", "native" or "auto"');
  }
  return choice as BackendChoice;
}

function fromEnvironment(): BackendChoice {
  const value = processEnv()["JAM_JOSE_BACKEND"];
  return value !== undefined && CHOICES.has(value) ? (value as BackendChoice) : "auto";
}

let packageDefault: BackendChoice = fromEnvironment();

/**
 * Sets the backend that instances made from now on use when they are given
 * none. The initial default is `auto`, or the JAM_JOSE_BACKEND environment
 * variable when it names a choice.
 */
export function setDefaultBackend(choice: BackendChoice): void {
  packageDefault = checkBackendChoice(choice);
}

/** The package-level default backend choice. */
export function defaultBackend(): BackendChoice {
  return packageDefault;
}

/** True when this runtime offers node:crypto. */
export function nativeAvailable(): boolean {
  return nodeBuiltins() !== null;
}

/**
 * The backend that runs `alg` under `choice` (the package default when
 * undefined). `native` where the runtime has no node:crypto is a
 * configuration error rather than a silent fallback.
 */
export function resolveBackend(
  alg: string,
  choice: BackendChoice | undefined,
  operation: PrimitiveOperation = "sign",
): BackendName {
  const chosen = choice ?? packageDefault;
  if (chosen === "wasm") return "wasm";
  if (chosen === "native") {
    if (!nativeAvailable()) {
      throw new JamConfigurationError("ERR_CONFIG", 'backend "native" needs node:crypto, which this runtime lacks');
    }
    return NATIVE_CAPABLE.has(alg) ? "native" : "wasm";
  }
  if (operation === "verify" && CORE_VERIFIES_FASTER_ON_NODE.has(alg) && isNode()) return "wasm";
  return nativeAvailable() && NATIVE_WHEN_AUTO.has(alg) ? "native" : "wasm";
}

/** What `backend()` reports. */
export interface BackendReport {
  /** The package-level default choice. */
  default: BackendChoice;
  /** Whether this runtime offers node:crypto. */
  nativeAvailable: boolean;
  /** The backend each algorithm runs on under the default choice (signing, encrypting, decrypting). */
  algorithms: Record<string, BackendName>;
  /** Where each algorithm's signatures are verified under the default choice, where that differs. */
  verify: Record<string, BackendName>;
}

/** Says which backend each algorithm uses here, under the package default. */
export function backendReport(algorithms: readonly string[]): BackendReport {
  const report: Record<string, BackendName> = {};
  const chosen = packageDefault === "native" && !nativeAvailable() ? "wasm" : packageDefault;
  const verify: Record<string, BackendName> = {};
  for (const alg of algorithms) {
    report[alg] = resolveBackend(alg, chosen);
    const verifier = resolveBackend(alg, chosen, "verify");
    if (verifier !== report[alg]) verify[alg] = verifier;
  }
  return { default: packageDefault, nativeAvailable: nativeAvailable(), algorithms: report, verify };
}
