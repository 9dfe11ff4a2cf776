/**
 * Checks for what callers pass to the public classes (JWS, JWE, JWT, Jam):
 * options objects, numeric bounds, headers and payloads. A wrong type is a
 * JamConfigurationError with code ERR_INVALID_ARGUMENT naming the option,
 * never a TypeError or RangeError, and never an option silently ignored (a
 * check that a bad value turns off fails open).
 */
import { JamConfigurationError } from "../errors.js";

/** The typed error for a caller's argument of the wrong type or range. */
export function invalidArgument(name: string, message: string, cause?: unknown): JamConfigurationError {
  return new JamConfigurationError("ERR_INVALID_ARGUMENT", `${name} ${message}`, {
    details: { option: name },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** A caller's value for an error message: a string quoted, else its type (never serialised: that may throw). */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}...` : value);
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/** True for `{}`-like objects: not null, not an array, not bytes, not a Date. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !ArrayBuffer.isView(value) &&
    !(value instanceof Date)
  );
}

/**
 * A snapshot of an options object's own properties (undefined: `{}`). Read
 * once, so a getter cannot answer differently to the check and to the use;
 * a getter that throws is a typed error.
 */
export function readOptions<T extends object>(name: string, options: unknown): Partial<T> {
  if (options === undefined) return {};
  if (!isRecord(options)) throw invalidArgument(name, "must be an object");
  try {
    return { ...options } as Partial<T>;
  } catch (error) {
    throw invalidArgument(name, "could not be read", error);
  }
}

/** An integer in [min, 2^32 - 1] (the core's u32 bounds), else `fallback` when absent. */
export function integerOption(name: string, value: unknown, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > 0xffff_ffff) {
    throw invalidArgument(name, `must be an integer from ${min} to ${0xffff_ffff}`);
  }
  return value;
}

/** A finite number of seconds, at least 0; undefined when absent. */
export function secondsOption(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw invalidArgument(name, "must be a finite, non-negative number of seconds");
  }
  return value;
}

/** A string; undefined when absent. */
export function stringOption(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw invalidArgument(name, "must be a string");
  return value;
}

/** A boolean; undefined when absent. */
export function booleanOption(name: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") throw invalidArgument(name, "must be true or false");
  return value;
}

/** A copy of an array of strings; undefined when absent. A lone string is refused (it would match substrings). */
export function stringListOption(name: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalidArgument(name, "must be an array of strings");
  let copy: unknown[];
  try {
    copy = Array.from(value as unknown[]);
  } catch (error) {
    throw invalidArgument(name, "could not be read", error);
  }
  if (!copy.every((v) => typeof v === "string")) throw invalidArgument(name, "must be an array of strings");
  return copy as string[];
}

/** A string or an array of strings, as an array; undefined when absent. */
export function stringOrListOption(name: string, value: unknown): string[] | undefined {
  return typeof value === "string" ? [value] : stringListOption(name, value);
}

/** A valid Date; undefined when absent. An Invalid Date would skip every time check. */
export function dateOption(name: string, value: unknown): Date | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Date) || !Number.isFinite(value.getTime()))
    throw invalidArgument(name, "must be a valid Date");
  return value;
}

/** A protected header given by a caller: a plain object, copied. */
export function headerArgument(name: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw invalidArgument(name, "must be an object");
  try {
    return { ...value };
  } catch (error) {
    throw invalidArgument(name, "could not be read", error);
  }
}

/** JSON text of a caller's value; BigInt, cycles and throwing toJSON/getters are typed errors. */
export function jsonOf(name: string, value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw invalidArgument(name, "cannot be serialised as JSON", error);
  }
  if (text === undefined) throw invalidArgument(name, "cannot be serialised as JSON");
  return text;
}
