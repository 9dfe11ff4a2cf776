/**
 * The package as users get it: `npm pack` of the built dist/, installed from
 * the tarball into a throwaway project under the system temp dir, with the
 * fixtures copied beside it. Tests never reach into dist/ directly, so a file
 * missing from `files` or a wrong `exports` path fails here as it would for
 * a user.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

export const repoRoot = resolve(import.meta.dirname, "../../..");
export const fixturesDir = join(repoRoot, "test/fixtures");
const run = promisify(execFile);

export interface PackedFile {
  path: string;
  size: number;
}

export interface Packed {
  /** The temp dir holding the tarball and the consumer project. */
  dir: string;
  tarball: string;
  files: PackedFile[];
  /** The consumer project: node_modules/jam-jose installed from the tarball. */
  project: string;
  /** Removes everything this made. */
  cleanup(): void;
}

/** Packs the package and installs the tarball into a fresh consumer project. */
export async function packAndInstall(label: string): Promise<Packed> {
  const dir = mkdtempSync(join(tmpdir(), `jam-jose-${label}-`));
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", dir], {
    cwd: repoRoot,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [info] = JSON.parse(stdout) as [{ filename: string; files: PackedFile[] }];
  const tarball = join(dir, info.filename);

  const project = join(dir, "project");
  cpSync(fixturesDir, project, { recursive: true });
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "jam-jose-consumer", private: true, type: "module" }, null, 2),
  );
  // Dependencies come from the npm cache that setup filled (npm ci), the
  // registry only for what the cache lacks.
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--no-package-lock", tarball], {
    cwd: project,
  });
  return {
    dir,
    tarball,
    files: info.files,
    project,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
