/** Public helpers of the core boundary. */
import { core, whenLoaded } from "./core.js";

/**
 * Resolves once the WebAssembly core is usable. In Node the core loads at
 * import and this resolves at once; in browsers it waits for the loader.
 */
export async function ready(): Promise<void> {
  await whenLoaded();
}

/** Hex SHA-256 of the whole token, computed in the Rust core. */
export function tokenFingerprint(token: string): string {
  return core().token_fingerprint(token);
}
