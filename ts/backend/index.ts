/** The backend switch and its introspection, as the package exports them. */
import { JWE_ALGORITHMS } from "../jwe/algorithms.js";
import { JWS_ALGORITHMS } from "../jws/algorithms.js";
import { type BackendReport, backendReport } from "./select.js";
import { type AsyncBackendName, asyncBackendReport, asyncBackends } from "./webcrypto-select.js";

export {
  type BackendChoice,
  type BackendName,
  type BackendReport,
  defaultBackend,
  setDefaultBackend,
} from "./select.js";
export type { AsyncBackendChoice, AsyncBackendName } from "./webcrypto-select.js";

/** `backend()`'s answer: the sync backends, and where the async methods run (docs/webcrypto.md). */
export type BackendReportWithAsync = BackendReport & { async: Record<string, AsyncBackendName> };

/**
 * Which backend each JWS and JWE algorithm runs on in this runtime under the
 * package default: "native" (node:crypto) or "wasm" (the Rust core); and,
 * under `async`, where the async methods run it ("webcrypto" included).
 */
export function backend(): BackendReportWithAsync {
  const algorithms = [...JWS_ALGORITHMS, ...JWE_ALGORITHMS];
  return { ...backendReport(algorithms), async: asyncBackends(algorithms) };
}

/** `backend()` once WebCrypto's Ed25519 probe has answered, so that its EdDSA async entry is final. */
export async function backendAsync(): Promise<BackendReportWithAsync> {
  const algorithms = [...JWS_ALGORITHMS, ...JWE_ALGORITHMS];
  return { ...backendReport(algorithms), async: await asyncBackendReport(algorithms) };
}
