/**
 * Runs batches of jobs in the real Python jam (test/jam/py/driver.py, with
 * the interpreter of the virtual environment scripts/setup.sh creates), one
 * child process per batch.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
/** The venv's python: jamlib is pinned there by scripts/setup.sh. */
export const PYTHON = join(root, ".venv-jam", "bin", "python");
const DRIVER = join(here, "py", "driver.py");

export type JamJob = Record<string, unknown> & { op: "make" | "open" | "list" | "keychain" | "config" };
export type JamResult =
  | { ok: true; value: unknown }
  | { ok: false; error: string; error_code: string | null; message: string; trace?: string | null };

/** Runs `jobs` in one Python process; results come back in job order. */
export function runJam(jobs: readonly JamJob[]): Promise<JamResult[]> {
  if (!existsSync(PYTHON)) {
    throw new Error(`${PYTHON} is missing: run scripts/setup.sh (it installs jamlib into .venv-jam)`);
  }
  return new Promise((resolve, reject) => {
    const child = execFile(
      PYTHON,
      [DRIVER],
      { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`jam driver failed: ${error.message}\n${stderr}`));
          return;
        }
        const parsed = JSON.parse(stdout) as { results: JamResult[] };
        if (parsed.results.length !== jobs.length) reject(new Error("jam driver lost results"));
        else resolve(parsed.results);
      },
    );
    child.stdin!.end(JSON.stringify({ jobs }));
  });
}

/**
 * Runs `jobs` split over `processes` Python processes in parallel (jam loads
 * and checks an RSA key on every call, ~0.1 s each); results in job order.
 */
export async function runJamParallel(jobs: readonly JamJob[], processes = 2): Promise<JamResult[]> {
  const size = Math.ceil(jobs.length / processes);
  const parts = [];
  for (let i = 0; i < jobs.length; i += size) parts.push(runJam(jobs.slice(i, i + size)));
  return (await Promise.all(parts)).flat();
}

/** The value of a result that must have succeeded (its message otherwise). */
export function pythonValueOf(result: JamResult | undefined, what: string): unknown {
  if (!result) throw new Error(`no result for ${what}`);
  if (!result.ok) throw new Error(`jam failed ${what}: ${result.error} ${result.error_code} ${result.message}`);
  return result.value;
}
