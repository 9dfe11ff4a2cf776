/**
 * Config sources jam reads: YAML (`.yml`/`.yaml`) and `pyproject.toml`, with
 * `$VAR`/`${VAR}` substitution. The same file configures a Python jam
 * instance and a jam-jose one, and each opens the other's tokens.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Jam, JamConfigurationError, parseYaml } from "../../ts/index.js";
import { runJam, pythonValueOf } from "./jam-python.js";

const dir = mkdtempSync(join(tmpdir(), "jam-config-"));
const SECRET_VAR = "JAM_JOSE_TEST_CONFIG_SECRET";
process.env[SECRET_VAR] = "a-config-file-secret-shared-by-python-and-node-48b!";
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  delete process.env[SECRET_VAR];
});

const FILES = {
  "config.yml": `jam:\n  jose:\n    jwt:\n      alg: HS256\n      secret_key: \${${SECRET_VAR}}\n      compat: jam\n`,
  "pyproject.toml":
    `[project]\nname = "svc"\nversion = "1.0"\n\n` +
    `[jam.jose.jwt]\nalg = "HS384"\nsecret_key = "$${SECRET_VAR}"\ncompat = "jam"\n`,
} as const;

describe.each(Object.entries(FILES))("%s", (name, text) => {
  it("configures Python jam and jam-jose alike: each opens the other's token", async () => {
    const path = join(dir, name);
    writeFileSync(path, text);
    const jam = new Jam({ config: path });
    try {
      const ours = await jam.jwtEncode({ sub: "node", exp: 600 });
      const [decoded, made] = await runJam([
        { op: "config", path, action: "decode", token: ours },
        { op: "config", path, action: "encode" },
      ]);
      expect((pythonValueOf(decoded, "jam decode") as { payload: { sub: string } }).payload.sub).toBe("node");
      const theirs = pythonValueOf(made, "jam encode") as string;
      expect((await jam.jwtDecode(theirs)).payload["sub"]).toBe("jam-config");
    } finally {
      await jam.close();
    }
  });
});

describe("YAML errors", () => {
  it("malformed YAML and a non-mapping document are configuration errors", () => {
    expect(() => parseYaml("jam: [unclosed", "bad.yml")).toThrow(JamConfigurationError);
    expect(() => parseYaml("- a\n- b\n", "list.yml")).toThrow(JamConfigurationError);
  });
});
