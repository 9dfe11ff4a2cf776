/**
 * Cloudflare Workers loader. Workers refuse to compile WebAssembly from bytes
 * at run time, so the .wasm is imported as a module: wrangler and workerd
 * hand a `.wasm` import over as a compiled `WebAssembly.Module`, and
 * instantiating a compiled module synchronously is allowed. The core is
 * therefore usable as soon as the entry is imported, as in Node.
 */
import wasmModule from "./generated/jam_jose_bg.wasm";
import { loadSync } from "./core.js";

loadSync(wasmModule);
