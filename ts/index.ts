/**
 * jam-jose for Node: the core loads synchronously at import, so every class
 * is usable at once.
 */
import "./core/node.js";

export * from "./api.js";
