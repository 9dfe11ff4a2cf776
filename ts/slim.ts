/**
 * jam-jose/slim: the whole API with no loader. Call `init(source)` or
 * `initSync(source)` with the .wasm (`jam-jose/jam_jose_bg.wasm`) first.
 */
export { type CoreSource, init, initSync } from "./core/slim.js";

export * from "./api.js";
