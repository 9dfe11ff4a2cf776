/**
 * jam-jose for browsers (and the `default` export condition): the core starts
 * loading at import; `await ready()` before the first crypto call.
 */
import "./core/browser.js";

export * from "./api.js";
