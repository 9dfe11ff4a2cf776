/**
 * Loader for the `jam-jose/slim` entry: nothing is loaded at import; the user
 * passes the .wasm in whatever form their platform has. Loading twice is a
 * no-op, so a slim import beside a runtime entry shares one core.
 */
import { JamError } from "../errors.js";
import { loadAsync, loadSync } from "./core.js";

/** What `init` accepts: bytes, a URL to fetch, a fetch Response, or a compiled module. */
export type CoreSource = BufferSource | WebAssembly.Module | URL | string | Response | Promise<Response>;

/**
 * Loads the core asynchronously. A URL (or URL string) is fetched and a
 * Response compiled while it streams when served as `application/wasm`.
 */
export function init(source: CoreSource): Promise<void> {
  if (source === undefined || source === null) {
    return Promise.reject(
      new JamError(
        "ERR_INVALID_ARGUMENT",
        "init(source): pass the jam-jose .wasm as bytes, a URL, a Response or a WebAssembly.Module",
      ),
    );
  }
  return loadAsync(source);
}

/** Loads the core synchronously from bytes or a compiled `WebAssembly.Module`. */
export function initSync(source: BufferSource | WebAssembly.Module): void {
  if (source === undefined || source === null) {
    throw new JamError(
      "ERR_INVALID_ARGUMENT",
      "initSync(source): pass the jam-jose .wasm as bytes or a WebAssembly.Module",
    );
  }
  loadSync(source);
}
