// Types of workerd.mjs for the TypeScript runtime tests.

export interface ServedWorkerd {
  readonly url: string;
  readonly version: string;
  readonly pid: number | undefined;
  /** What workerd printed so far. */
  log(): string;
  /** GET (no body) or POST `body` as JSON; the Worker's JSON answer. */
  call(body?: unknown): Promise<unknown>;
  /** Stops workerd; resolves once it has exited. */
  stop(): Promise<void>;
}

export function serveWorkerd(
  outdir: string,
  options?: { wasm?: string[]; compatibilityDate?: string; compatibilityFlags?: string[] },
): Promise<ServedWorkerd>;
