/**
 * Tokens shared with the real Python jam (jamlib 4.2.1), both ways, for every
 * mode x algorithm x enc jam offers (cases.ts). In compat mode ("jam") every
 * token jam makes opens here, and every token made here opens in jam; in
 * standard mode jam's non-standard forms are refused. Where jam cannot open
 * its own tokens (ECDH-ES, A*GCMKW), compat mode refuses to make them and
 * jam's are refused here too. One Python process runs the whole matrix.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { JamError, JWE, JWT } from "../../ts/index.js";
import { CASES, type Case } from "./cases.js";
import { type JamJob, type JamResult, runJam, runJamParallel, pythonValueOf } from "./jam-python.js";

const FROM_JOSE = "jam-jose";
const TEXT_FROM_JOSE = "plain text from jam-jose";

/** A jam-jose instance for a case: make and open, in compat or standard mode. */
function side(c: Case, compat: boolean): { make(): string; open(token: string): unknown } {
  const mode = compat ? ({ compat: "jam" } as const) : {};
  switch (c.kind) {
    case "jwt": {
      const jwt = new JWT({ alg: c.alg as "HS256", secretKey: c.key, ...mode });
      return {
        make: () => jwt.encode({ sub: "jam-jose-user", exp: 3600, payload: { from: FROM_JOSE } }),
        open: (token) => jwt.decode(token).payload["from"],
      };
    }
    case "jwt-enc": {
      const jwt = new JWT({
        ...(c.alg ? { alg: c.alg as "HS256" } : {}),
        enc: c.enc as "A128GCM",
        secretKey: c.key,
        ...mode,
      });
      return {
        make: () => jwt.encrypt({ from: FROM_JOSE }),
        open: (token) => (jwt.decrypt(token) as Record<string, unknown>)["from"],
      };
    }
    case "jwe": {
      // jam makes PBES2 tokens with 100 000 iterations: raise the cap to read them.
      const jwe = new JWE({ alg: c.alg as "A128KW", enc: c.enc as "A128GCM", key: c.key, p2cMax: 100_000, ...mode });
      return {
        make: () => jwe.encrypt(TEXT_FROM_JOSE),
        open: (token) => new TextDecoder().decode(jwe.decrypt(token)),
      };
    }
  }
}

const base = (c: Case): JamJob => ({
  op: "make",
  kind: c.kind,
  ...(c.alg ? { alg: c.alg } : {}),
  ...(c.enc ? { enc: c.enc } : {}),
  key: c.key,
  ...(c.password ? { password: c.password } : {}),
});

/** What the jam side of `c` yields for a value made here (it returns the whole payload). */
function jamSaw(c: Case, value: unknown): unknown {
  if (c.kind === "jwt") return (value as { payload: Record<string, unknown> }).payload["from"];
  if (c.kind === "jwt-enc") return (value as Record<string, unknown>)["from"];
  return value;
}

const working = CASES.filter((c) => !c.jamBroken);
const broken = CASES.filter((c) => c.jamBroken);

let jamMade: Map<string, JamResult>;
let jamOpened: Map<string, JamResult>;
let jamOpenedOwn: Map<string, JamResult>;
const madeHere = new Map<string, string>();

beforeAll(async () => {
  for (const c of working) madeHere.set(c.name, side(c, true).make());
  const jobs: JamJob[] = [];
  for (const c of CASES) jobs.push(base(c));
  for (const c of working) jobs.push({ ...base(c), op: "open", token: madeHere.get(c.name)! });
  const results = await runJamParallel(jobs);
  jamMade = new Map(CASES.map((c, i) => [c.name, results[i]!]));
  jamOpened = new Map(working.map((c, i) => [c.name, results[CASES.length + i]!]));
  // jam's broken forms: does jam open what it made itself? (second batch, small)
  const made = broken.filter((c) => jamMade.get(c.name)!.ok);
  const own = await runJam(
    made.map((c) => ({ ...base(c), op: "open", token: pythonValueOf(jamMade.get(c.name), c.name) })),
  );
  jamOpenedOwn = new Map(made.map((c, i) => [c.name, own[i]!]));
}, 120_000);

describe("jam makes, jam-jose opens in compat mode", () => {
  it.each(working.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const token = pythonValueOf(jamMade.get(c.name), c.name) as string;
    const expected = c.kind === "jwe" ? "plain text from jam" : "jam";
    expect(side(c, true).open(token)).toBe(expected);
  });
});

describe("jam-jose makes in compat mode, jam opens", () => {
  it.each(working.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const value = pythonValueOf(jamOpened.get(c.name), c.name);
    expect(jamSaw(c, value)).toBe(c.kind === "jwe" ? TEXT_FROM_JOSE : FROM_JOSE);
  });
});

describe("standard mode refuses jam's forms and opens jam's standard ones", () => {
  it.each(working.map((c) => [`${c.name}: ${c.differs ? "refused" : "opens"}`, c] as const))("%s", (_, c) => {
    const token = pythonValueOf(jamMade.get(c.name), c.name) as string;
    const standard = side(c, false);
    if (c.differs) {
      expect(() => standard.open(token)).toThrow(JamError);
    } else {
      expect(standard.open(token)).toBe(c.kind === "jwe" ? "plain text from jam" : "jam");
    }
  });
});

describe("forms jam cannot open itself: compat mode neither makes nor opens them", () => {
  it.each(broken.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const here = side(c, true);
    expect(() => here.make()).toThrow(expect.objectContaining({ code: "ERR_ALG_UNSUPPORTED" }));
    const made = jamMade.get(c.name)!;
    if (!made.ok) {
      // jam's ECDH-ES uses a P-256 ephemeral whatever the key: P-384/P-521 keys fail in jam already.
      expect(made.error_code).toBe("jwe.encryption_error");
      return;
    }
    const own = jamOpenedOwn.get(c.name)!;
    expect(own.ok ? "opened" : own.error_code).toBe("jwe.decryption_error");
    expect(() => here.open(made.value as string)).toThrow(JamError);
  });
});
