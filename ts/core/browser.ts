/**
 * Browser (and default) loader: starts instantiating the core at import, so
 * `await ready()` only waits for work already under way. Crypto called before
 * that resolves throws ERR_CORE_NOT_READY.
 *
 * The URL is written as `new URL("...", import.meta.url)` because bundlers
 * (Vite, webpack, Parcel, Rollup plugins) recognise exactly this form and
 * emit the .wasm as an asset; unbundled, it resolves beside this file. The
 * glue fetches it and compiles while the bytes stream in when the server
 * sends `application/wasm`, falling back to compiling the whole buffer.
 */
import { loadAsync } from "./core.js";

loadAsync(new URL("./generated/jam_jose_bg.wasm", import.meta.url)).catch(() => {
  // Reported by ready(), which returns the same rejected promise; caught here
  // so that a page that never awaits ready() sees no unhandled rejection.
});
