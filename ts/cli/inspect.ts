/** `jam-jose inspect`: a token's header and claims, marked unverified, with its dates. */
import { decodeUnverified } from "../index.js";
import { type Command, out } from "./command.js";
import { json, parse, tokenInput } from "./io.js";

const help = `Usage: jam-jose inspect [TOKEN] [--json]

Shows a JWS's header and claims, or a JWE's header, WITHOUT verifying
anything (no key needed): the output says UNVERIFIED. exp, nbf and iat are
shown as dates, with whether the token has expired or is not valid yet.
The token is parsed as strictly as verify parses it.

Options:
  --json      print one JSON object (untrusted: true, kind, header, claims, times)
  -h, --help  this help

Example:
  jam-jose inspect "$TOKEN"
  echo "$TOKEN" | jam-jose inspect --json
`;

/** A NumericDate claim as an ISO date, or undefined when absent or not a number. */
function dateOf(value: unknown): string | undefined {
  return typeof value === "number" && Number.isFinite(value) ? new Date(value * 1000).toISOString() : undefined;
}

function span(totalSeconds: number): string {
  const s = Math.floor(Math.abs(totalSeconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

async function run(args: readonly string[]): Promise<void> {
  const { flags, positionals } = parse(args, { json: { type: "boolean" } });
  if (flags["help"] === true) return out(help);
  const decoded = decodeUnverified(tokenInput(positionals));
  const claims = decoded.claims ?? {};
  const now = Date.now() / 1000;
  const exp = typeof claims["exp"] === "number" ? claims["exp"] : undefined;
  const nbf = typeof claims["nbf"] === "number" ? claims["nbf"] : undefined;
  const times = {
    iat: dateOf(claims["iat"]),
    nbf: dateOf(nbf),
    exp: dateOf(exp),
    expired: exp === undefined ? undefined : exp <= now,
    notYetValid: nbf === undefined ? undefined : nbf > now,
  };
  if (flags["json"] === true) {
    return out(json({ untrusted: true, kind: decoded.kind, header: decoded.header, claims: decoded.claims, times }));
  }
  const lines = [
    `UNVERIFIED ${decoded.kind}: nothing below has been checked (no signature or key was used)`,
    `header: ${JSON.stringify(decoded.header, null, 2)}`,
  ];
  if (decoded.kind === "JWE") lines.push("payload: encrypted (decrypt it with a key to read it)");
  else if (decoded.claims !== undefined) lines.push(`claims: ${JSON.stringify(decoded.claims, null, 2)}`);
  else lines.push(`payload: ${decoded.payload?.byteLength ?? 0} bytes, not a JSON object`);
  if (times.iat !== undefined) lines.push(`issued at:  ${times.iat}`);
  if (times.nbf !== undefined) {
    lines.push(`not before: ${times.nbf} (${times.notYetValid ? `not valid for ${span(nbf! - now)} yet` : "reached"})`);
  }
  if (times.exp !== undefined) {
    const state = times.expired ? `EXPIRED ${span(now - exp!)} ago` : `valid for ${span(exp! - now)} more`;
    lines.push(`expires:    ${times.exp} (${state})`);
  } else if (decoded.kind === "JWS") {
    lines.push("expires:    never (no exp claim)");
  }
  out(`${lines.join("\n")}\n`);
}

export const inspect: Command = { name: "inspect", summary: "show a token's header and claims, UNVERIFIED", help, run };
