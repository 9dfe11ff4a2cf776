/** The backend switch and its introspection, as the package exports them. */
import { JWE_ALGORITHMS } from "../jwe/algorithms.js";
import { JWS_ALGORITHMS } from "../jws/algorithms.js";
import { type BackendReport, backendReport } from "./select.js";

export {
  type BackendChoice,
  type BackendName,
  type BackendReport,
  defaultBackend,
  setDefaultBackend,
} from "./select.js";

/**
 * Which backend each JWS and JWE algorithm runs on in this runtime under the
 * package default: "native" (node:crypto) or "wasm" (the Rust core).
 */
export function backend(): BackendReport {
  return backendReport([...JWS_ALGORITHMS, ...JWE_ALGORITHMS]);
}
