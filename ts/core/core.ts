/**
 * The one boundary to WebAssembly. Runtime loaders (node.ts, and the browser
 * and Workers loaders) instantiate the wasm-bindgen glue; everything else in
 * the package reaches the core through `core()`, which refuses with a typed
 * error until a loader has run.
 */
import * as glue from "./generated/jam_jose.js";
import { JamError } from "../errors.js";
import { guard } from "./boundary.js";

export type Core = typeof glue;
export type KeyHandle = glue.KeyHandle;

let loaded = false;
let loading: Promise<void> | undefined;
/** The instance's memory, for the scratch regions (scratch.ts). */
let memory: WebAssembly.Memory | undefined;
/** The glue with every function's arguments checked (see boundary.ts). */
const guarded: Core = guard(glue);

/** The core's functions; throws ERR_CORE_NOT_READY before it is loaded. */
export function core(): Core {
  if (!loaded) {
    throw new JamError("ERR_CORE_NOT_READY", "the jam-jose WebAssembly core is not loaded yet: await ready() first");
  }
  return guarded;
}

/** The loaded instance's memory; throws ERR_CORE_NOT_READY before it is loaded. */
export function coreMemory(): WebAssembly.Memory {
  if (memory === undefined) core();
  return memory as WebAssembly.Memory;
}

/** True once a loader has instantiated the core. */
export function isLoaded(): boolean {
  return loaded;
}

/** Instantiates the core synchronously from bytes or a compiled module. */
export function loadSync(module: BufferSource | WebAssembly.Module): void {
  if (loaded) return;
  try {
    memory = glue.initSync({ module }).memory;
  } catch (error) {
    throw new JamError("ERR_CORE_NOT_READY", "the jam-jose WebAssembly core failed to load", { cause: error });
  }
  loaded = true;
}

/** Instantiates the core asynchronously (streaming where the input allows). */
export function loadAsync(input: glue.InitInput | Promise<glue.InitInput>): Promise<void> {
  if (loaded) return Promise.resolve();
  loading ??= glue.default({ module_or_path: input }).then(
    (exports) => {
      memory = exports.memory;
      loaded = true;
    },
    (error: unknown) => {
      // Forget the failed attempt so that init() can be called again (a
      // network blip), and say what failed with a typed error.
      loading = undefined;
      throw new JamError("ERR_CORE_NOT_READY", "the jam-jose WebAssembly core failed to load", { cause: error });
    },
  );
  return loading;
}

/** Resolves when the core is loaded; rejects when no loader has started. */
export function whenLoaded(): Promise<void> {
  if (loaded) return Promise.resolve();
  if (loading) return loading;
  return Promise.reject(
    new JamError("ERR_CORE_NOT_READY", "no jam-jose loader has run: import the package entry or call init()"),
  );
}
