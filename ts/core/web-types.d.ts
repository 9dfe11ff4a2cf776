/**
 * Web platform types that the shipped declarations name, taken from whatever
 * libs the consumer compiles with. A Node project (@types/node, no DOM lib)
 * has no `WebAssembly` namespace, `BufferSource` or `RequestInfo`, and its
 * tsc must still accept our declarations with skipLibCheck off; where the DOM
 * lib is present these are exactly the DOM types. scripts/build-package.mjs
 * points the emitted declarations here; the sources use the DOM names.
 */
type Global = typeof globalThis;

/** `WebAssembly.Module`, or an opaque object where no lib declares it. */
export type WasmModule = Global extends { WebAssembly: { Module: { prototype: infer T } } } ? T : object;
/** `WebAssembly.Memory`, or an opaque object where no lib declares it. */
export type WasmMemory = Global extends { WebAssembly: { Memory: { prototype: infer T } } } ? T : object;
/** `WebAssembly.Table`, or an opaque object where no lib declares it. */
export type WasmTable = Global extends { WebAssembly: { Table: { prototype: infer T } } } ? T : object;
/** The DOM's `BufferSource`: bytes in an ArrayBuffer or a view of one. */
export type BinarySource = ArrayBuffer | ArrayBufferView;
/** The DOM's `RequestInfo`: a URL string or a `Request`, where one is declared. */
export type FetchRequestInfo = string | (Global extends { Request: { prototype: infer T } } ? T : never);
