/**
 * Synchronous access to Node's built-in modules without a static import.
 *
 * The package root must load in browsers and Workers, whose bundlers fail on
 * (or polyfill) `import "node:fs"`. `process.getBuiltinModule` (Node >= 20.16)
 * hands us the module at run time and is invisible to bundlers; elsewhere it
 * is absent and callers fall back to what the runtime can do without files.
 */

type BuiltinGetter = (id: string) => unknown;

function getter(): BuiltinGetter | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: BuiltinGetter } }).process;
  return typeof proc?.getBuiltinModule === "function" ? proc.getBuiltinModule.bind(proc) : undefined;
}

/** `node:fs`, or undefined outside Node. */
export function nodeFs(): typeof import("node:fs") | undefined {
  return getter()?.("node:fs") as typeof import("node:fs") | undefined;
}

/** `node:path`, or undefined outside Node. */
export function nodePath(): typeof import("node:path") | undefined {
  return getter()?.("node:path") as typeof import("node:path") | undefined;
}

/** The process environment where there is one (Node, Bun, Deno's compat). */
export function processEnv(): Record<string, string | undefined> {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return proc?.env ?? {};
}

/**
 * `import(specifier)` hidden from bundlers: for Node-only dependencies
 * (the Redis client) that must never land in a browser or Workers bundle.
 * Resolved by Node at run time from the package's own dependencies.
 */
export function importNodeOnly<T>(specifier: string): Promise<T> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ specifier) as Promise<T>;
}
