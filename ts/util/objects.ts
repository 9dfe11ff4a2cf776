/** Object shape checks shared by every part of the package (no other imports). */

/** True for `{}`-style objects (what TOML and JSON parse tables into). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
