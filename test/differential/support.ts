/**
 * Shared parts of the differential tests against `jose`: the fast-check seed
 * policy, token mutations, running both libraries on one token, and the
 * deliberate differences (each listed in SECURITY.md) a disagreement may be
 * explained by. Anything else that makes the two disagree fails the test.
 */
import * as fc from "fast-check";
import { JamError } from "../../ts/index.js";

/**
 * Fixed in CI (CI=true) so a red run reproduces; random locally so each run
 * explores new inputs. JAM_FC_SEED pins it; JAM_FC_RUNS scales the run count.
 */
export const seed = process.env["JAM_FC_SEED"]
  ? Number(process.env["JAM_FC_SEED"])
  : process.env["CI"] === "true"
    ? 20261129
    : Math.floor(Math.random() * 2 ** 31);
const scale = Number(process.env["JAM_FC_RUNS_SCALE"] ?? "1");
export const runs = (n: number) => Math.max(1, Math.round(n * scale));
/** A test timeout that grows with the run count (about 20 ms a token on a busy machine). */
export const timeoutFor = (numRuns: number) => 30_000 + runs(numRuns) * 20;
export const fcParams = (numRuns: number) => ({ seed, numRuns: runs(numRuns), endOnFailure: true });

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");

/** A named change to a compact token (JWS: 3 segments, JWE: 5). */
export interface Mutation {
  name: string;
  apply: (token: string) => string;
}

/** A mutation that prints as its name in fast-check's counterexamples. */
const named = (name: string, apply: (t: string) => string): Mutation & { [fc.toStringMethod]: () => string } => ({
  name,
  apply,
  [fc.toStringMethod]: () => name,
});

/** One character's code XOR a bit, kept in 7-bit ASCII. */
const bitFlip = fc.record({ at: fc.nat(), bit: fc.integer({ min: 0, max: 6 }) }).map(({ at, bit }) =>
  named(`bit flip (bit ${bit})`, (t: string) => {
    const i = at % t.length;
    return t.slice(0, i) + String.fromCharCode(t.charCodeAt(i) ^ (1 << bit)) + t.slice(i + 1);
  }),
);

const segmentSwap = fc.record({ i: fc.nat(4), j: fc.nat(4) }).map(({ i, j }) =>
  named(`swap segments ${i} and ${j}`, (t: string) => {
    const s = t.split(".");
    const a = i % s.length;
    const b = j % s.length;
    [s[a], s[b]] = [s[b]!, s[a]!];
    return s.join(".");
  }),
);

/** The same bytes written differently: padding, the standard alphabet, whitespace, stray bits. */
const reEncoding = fc
  .record({ seg: fc.nat(4), how: fc.constantFrom("padding", "standard", "whitespace", "trailing-bits", "plus-slash") })
  .map(({ seg, how }) =>
    named(`re-encode segment ${seg} (${how})`, (t: string) => {
      const s = t.split(".");
      const k = seg % s.length;
      const raw = Buffer.from(s[k]!, "base64url");
      const v = s[k]!;
      if (how === "padding") s[k] = raw.toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
      else if (how === "standard") s[k] = raw.toString("base64");
      else if (how === "whitespace") s[k] = `${v.slice(0, 4)} \n${v.slice(4)}`;
      else if (how === "plus-slash") s[k] = v.replace(/-/g, "+").replace(/_/g, "/");
      else if (v.length % 4 !== 0 && v.length > 0) {
        // Set the low (unused) bits of the last character: same bytes, non-canonical text.
        const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        const last = alphabet.indexOf(v[v.length - 1]!);
        s[k] = v.slice(0, -1) + alphabet[last | 1];
      }
      return s.join(".");
    }),
  );

const truncation = fc.nat().map((n) => named("truncate", (t: string) => t.slice(0, n % t.length)));

const appendix = fc
  .constantFrom(".", "=", ".AAAA", " ", "\n")
  .map((tail) => named(`append ${JSON.stringify(tail)}`, (t: string) => t + tail));

/** Header members changed without re-signing or re-encrypting (the old signature or tag stays). */
export const headerEdits: Record<string, (h: Record<string, unknown>) => Record<string, unknown> | string> = {
  "alg none": (h) => ({ ...h, alg: "none" }),
  "alg lowercase": (h) => ({ ...h, alg: String(h["alg"]).toLowerCase() }),
  "alg removed": ({ alg: _alg, ...rest }) => rest,
  "alg HS256": (h) => ({ ...h, alg: "HS256" }),
  "alg RS256": (h) => ({ ...h, alg: "RS256" }),
  "crit unknown": (h) => ({ ...h, crit: ["x-unknown"], "x-unknown": 1 }),
  "crit empty": (h) => ({ ...h, crit: [] }),
  "b64 false": (h) => ({ ...h, b64: false, crit: ["b64"] }),
  "kid added": (h) => ({ ...h, kid: "other" }),
  "typ changed": (h) => ({ ...h, typ: "at+jwt" }),
  "duplicate alg": (h) => `${JSON.stringify(h).slice(0, -1)},"alg":"none"}`,
  "array header": (h) => JSON.stringify([h]),
  "header with BOM": (h) => `\uFEFF${JSON.stringify(h)}`,
};

const headerEdit = fc.constantFrom(...Object.keys(headerEdits)).map((edit) =>
  named(`header: ${edit}`, (t: string) => {
    const s = t.split(".");
    const header = JSON.parse(Buffer.from(s[0]!, "base64url").toString("utf8")) as Record<string, unknown>;
    const edited = headerEdits[edit]!(header);
    s[0] = b64(typeof edited === "string" ? edited : JSON.stringify(edited));
    return s.join(".");
  }),
);

const identity = fc.constant(named("unchanged", (t: string) => t));

/** Every mutation kind, the unchanged token weighted up so valid tokens are compared too. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: identity, weight: 3 },
  { arbitrary: bitFlip, weight: 3 },
  { arbitrary: segmentSwap, weight: 1 },
  { arbitrary: reEncoding, weight: 2 },
  { arbitrary: truncation, weight: 1 },
  { arbitrary: appendix, weight: 1 },
  { arbitrary: headerEdit, weight: 2 },
);

/** What one library did with a token. */
export type Outcome = { ok: true; payload: Uint8Array } | { ok: false; error: unknown };

export async function outcome(run: () => Uint8Array | Promise<Uint8Array>): Promise<Outcome> {
  try {
    return { ok: true, payload: await run() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** True when every segment is canonical unpadded base64url (what the core accepts). */
function canonicalSegments(token: string): boolean {
  return token
    .split(".")
    .every((s) => /^[A-Za-z0-9_-]*$/.test(s) && Buffer.from(s, "base64url").toString("base64url") === s);
}

function headerText(token: string): string | undefined {
  const first = token.split(".")[0] ?? "";
  if (!/^[A-Za-z0-9_-]*$/.test(first)) return undefined;
  return Buffer.from(first, "base64url").toString("utf8");
}

/** Members named more than once at the top level of a JSON object text (JSON.parse keeps the last). */
function hasDuplicateMembers(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return false;
  return Object.keys(parsed).some((k) => text.split(JSON.stringify(k)).length > 2);
}

/**
 * The documented reason (SECURITY.md, "Deliberate differences from jose") why
 * jose accepts a token we refuse, or undefined when none applies.
 */
export function deliberateDifference(token: string, ours: Outcome, theirs: Outcome): string | undefined {
  if (ours.ok || !theirs.ok) return undefined;
  const code = (ours.error as JamError).code;
  if (code === "ERR_BASE64" && !canonicalSegments(token)) return "strict base64url";
  if (code === "ERR_TOKEN_MALFORMED" && !canonicalSegments(token)) return "strict base64url";
  const text = headerText(token);
  if (text !== undefined && hasDuplicateMembers(text) && code === "ERR_HEADER_INVALID") {
    return "duplicate header members";
  }
  if (text?.includes('"b64"') && code === "ERR_HEADER_INVALID") return "RFC 7797 b64 not supported";
  if (text?.startsWith("\uFEFF") && code === "ERR_HEADER_INVALID") return "byte order mark before the header";
  return undefined;
}

/** Compares two outcomes; returns a description of an unexplained disagreement, or undefined. */
export function disagreement(token: string, ours: Outcome, theirs: Outcome, seen: Map<string, number>) {
  if (!ours.ok && !(ours.error instanceof JamError)) {
    return `our refusal is not a JamError: ${String(ours.error)}`;
  }
  if (ours.ok && theirs.ok) {
    return Buffer.from(ours.payload).equals(Buffer.from(theirs.payload)) ? undefined : "payloads differ";
  }
  if (ours.ok === theirs.ok) return undefined;
  const reason = deliberateDifference(token, ours, theirs);
  if (reason) {
    seen.set(reason, (seen.get(reason) ?? 0) + 1);
    return undefined;
  }
  return ours.ok
    ? `we accept what jose refuses (${String((theirs as { error: unknown }).error)})`
    : `jose accepts what we refuse (${(ours.error as JamError).code}: ${(ours.error as Error).message})`;
}
