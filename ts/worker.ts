/**
 * jam-jose for Cloudflare Workers (the `workerd` condition, which wrangler
 * resolves first): the core is loaded from the imported .wasm module before
 * any handler runs. Not mapped to the generic `worker` condition, which other
 * bundlers and edge runtimes also match (web workers, edge functions) where a
 * .wasm import is not a compiled module. Random values (key generation,
 * encryption, JWT ids) are only available inside a request handler, as
 * everywhere in Workers.
 */
import "./core/workerd.js";

export * from "./api.js";
