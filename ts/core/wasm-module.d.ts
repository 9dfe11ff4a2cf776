// How Workers bundlers (wrangler, workerd's module rules) present an imported
// .wasm file: as a compiled module. Only ts/core/workerd.ts imports one.
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
