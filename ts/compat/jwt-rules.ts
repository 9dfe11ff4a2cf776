/**
 * JWT rules taken from Python jam where the RFCs leave room, in every mode:
 * how `encode` treats `exp: 0` and null values, the `typ` decode requires,
 * and the nested-token `cty` jam leaves out (accepted in compat mode only).
 */
import { JamJWSVerificationError } from "../errors.js";
import type { Compat } from "./mode.js";

/**
 * jam's claim set: `exp: 0` means no expiry (jam writes exp only for a
 * truthy lifetime), and claims whose value is null are dropped, payload
 * included (jam filters `None` after merging).
 */
export function jamClaims(
  base: Record<string, unknown>,
  exp: number | undefined,
  payload: Record<string, unknown> | undefined,
): Record<string, unknown> {
  // The same claims, in the same order, as `{ ...base, ...payload }` minus
  // the dropped ones, built without `delete`: deleting turns the object into
  // a slow dictionary that JSON.stringify then walks on every encode.
  const dropExp = exp === 0 && (payload === undefined || !("exp" in payload));
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(base)) {
    const value = payload !== undefined && Object.hasOwn(payload, name) ? payload[name] : base[name];
    if (value !== null && !(dropExp && name === "exp")) putClaim(out, name, value);
  }
  if (payload !== undefined) {
    for (const name of Object.keys(payload)) {
      if (!Object.hasOwn(base, name) && payload[name] !== null) putClaim(out, name, payload[name]);
    }
  }
  return out;
}

/** Adds a claim as an own property; a claim named `__proto__` must not set the prototype. */
function putClaim(claims: Record<string, unknown>, name: string, value: unknown): void {
  if (name === "__proto__") {
    Object.defineProperty(claims, name, { value, enumerable: true, writable: true, configurable: true });
  } else {
    claims[name] = value;
  }
}

/** RFC 7515 4.1.9 media type comparison: case-insensitive, "application/" optional. */
function isJwtTyp(typ: unknown): boolean {
  if (typeof typ !== "string") return false;
  const lower = typ.toLowerCase();
  return (lower.startsWith("application/") ? lower.slice("application/".length) : lower) === "jwt";
}

/** jam's decode refuses a token whose header typ is not "JWT". */
export function checkJwtTyp(header: Record<string, unknown>): void {
  if (!isJwtTyp(header["typ"])) {
    throw new JamJWSVerificationError(
      "ERR_HEADER_INVALID",
      'invalid token type: header typ must be "JWT" (decode option requireTyp: false accepts others)',
    );
  }
}

/**
 * A nested JWT's outer header must say cty "JWT" (RFC 7519 5.2); jam writes
 * none, so compat mode also accepts a missing cty (never a different one).
 */
export function nestedCtyOk(cty: unknown, compat: Compat | undefined): boolean {
  if (cty === undefined) return compat === "jam";
  return isJwtTyp(cty);
}

/** A JWT in compat mode keeps its list in jam's layout unless the list says otherwise. */
export function listInMode<T extends object>(list: T, compat: Compat | undefined): T {
  return compat === undefined || (list as { compat?: unknown }).compat !== undefined ? list : { ...list, compat };
}
