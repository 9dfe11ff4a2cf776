/**
 * jam-jose for Cloudflare Workers (`workerd` / `worker` conditions): the core
 * is loaded from the imported .wasm module before any handler runs. Random
 * values (key generation, encryption, JWT ids) are only available inside a
 * request handler, as everywhere in Workers.
 */
import "./core/workerd.js";

export * from "./api.js";
