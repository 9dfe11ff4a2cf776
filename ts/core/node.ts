/**
 * Node loader: reads the .wasm beside the glue and instantiates it
 * synchronously at import, so the whole API is usable right away.
 */
import { readFileSync } from "node:fs";
import { loadSync } from "./core.js";

loadSync(readFileSync(new URL("./generated/jam_jose_bg.wasm", import.meta.url)));
