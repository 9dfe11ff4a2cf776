/**
 * Layering the package relies on: token lists know nothing of JWS, JWE,
 * JWT or config parsing (they see tokens as opaque strings and use the
 * core's fingerprint), and ts/util imports nothing at all, so anything can
 * share it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..", "ts");
const importsOf = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".ts"))
    .flatMap((f) =>
      [...readFileSync(join(root, dir, f), "utf8").matchAll(/^\s*(?:import|export)[^;]*?from\s+"([^"]+)"/gms)].map(
        (m) => ({ file: `${dir}/${f}`, from: m[1] }),
      ),
    );

describe("module boundaries", () => {
  it("ts/lists imports nothing from jws/, jwe/, jwt/ or config/", () => {
    const lists = importsOf("lists");
    expect(lists.length).toBeGreaterThan(5);
    expect(lists.filter((i) => /^\.\.\/(jws|jwe|jwt|config)\//.test(i.from ?? ""))).toEqual([]);
  });

  it("ts/util imports nothing", () => {
    expect(readdirSync(join(root, "util")).length).toBeGreaterThan(0);
    expect(importsOf("util")).toEqual([]);
  });
});
