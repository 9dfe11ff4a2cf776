/**
 * The guarded boundary to WebAssembly. The wasm-bindgen glue trusts its
 * callers: a number where it expects a string, or a string where it expects
 * bytes, is written into wasm memory as garbage (out-of-bounds traps, or
 * zero bytes signed silently), and a freed key handle is a null pointer.
 * Every glue function is wrapped here: its arguments are checked against its
 * signature first (a typed JamError, never a call), core errors become typed
 * JamErrors, and a trap (a panic inside the core) marks the instance failed
 * so that nothing runs on a possibly corrupted memory afterwards.
 */
import type * as Glue from "./generated/jam_jose.js";
import { JamConfigurationError } from "../errors.js";
import { assertUsable, fromCall, fromCoreError, type Operation } from "./errors.js";

/** What a glue parameter accepts. `?` marks one that may be undefined. */
type Arg = "string" | "bytes" | "bytes?" | "u32" | "u32?" | "boolean" | "key";

interface Signature {
  /** What the caller is doing, for the error class (see fromCoreError). */
  readonly operation: Operation;
  readonly args: readonly Arg[];
}

/**
 * Every function the core exports, with its parameters in order. A function
 * missing here is still guarded against traps but its arguments are not
 * checked; test/security/keys-boundary.test.ts fails until it is added.
 */
export const SIGNATURES: Readonly<Record<string, Signature>> = {
  derive_jam_jwe_key: { operation: "key", args: ["key", "u32"] },
  jwe_check_key: { operation: "key", args: ["key", "string", "string", "boolean"] },
  jwe_decrypt: { operation: "decrypt", args: ["key", "string", "string", "string", "u32", "u32", "u32"] },
  jwe_encrypt: { operation: "encrypt", args: ["key", "string", "string", "bytes", "bytes", "u32"] },
  jws_check_key: { operation: "key", args: ["key", "string", "boolean"] },
  jws_sign: { operation: "sign", args: ["key", "u32", "u32", "u32"] },
  jws_unverified_payload: { operation: "verify", args: ["string"] },
  jws_verify: { operation: "verify", args: ["key", "u32", "u32", "u32"] },
  key_from_der: { operation: "key", args: ["bytes", "bytes?", "u32?", "u32?", "u32?"] },
  key_from_jwk: { operation: "key", args: ["string"] },
  key_from_pem: { operation: "key", args: ["string", "bytes?", "u32?", "u32?", "u32?"] },
  key_from_secret: { operation: "key", args: ["bytes", "boolean"] },
  key_generate: { operation: "key", args: ["string"] },
  token_fingerprint: { operation: "key", args: ["string"] },
  token_list_key: { operation: "key", args: ["string"] },
  sha256_hex_of_bytes: { operation: "key", args: ["bytes"] },
  jws_verify_json: { operation: "verify", args: ["key", "string", "string", "string", "u32", "bytes?"] },
  jws_sign_compact_ext: { operation: "sign", args: ["key", "string", "bytes", "bytes", "boolean"] },
  jws_verify_compact_ext: { operation: "verify", args: ["key", "string", "string", "string", "u32", "bytes?"] },
  token_protected_header: { operation: "verify", args: ["string", "u32"] },
  token_decode_unverified: { operation: "verify", args: ["string", "u32"] },
  jam_jws_sign: { operation: "sign", args: ["key", "string", "bytes", "bytes"] },
  jam_jws_verify: { operation: "verify", args: ["key", "string", "string", "u32"] },
  jam_jwe_encrypt: { operation: "encrypt", args: ["key", "string", "string", "bytes", "bytes", "u32"] },
  jam_jwe_decrypt: { operation: "decrypt", args: ["key", "string", "string", "string", "u32", "u32", "u32"] },
  jws_verify_prepare: { operation: "verify", args: ["key", "u32", "u32", "u32"] },
  scratch_input: { operation: "key", args: ["u32"] },
  scratch_output: { operation: "key", args: [] },
  jwe_encrypt_rsa_oaep_wrapped: {
    operation: "encrypt",
    args: ["key", "string", "string", "bytes", "bytes", "bytes", "bytes"],
  },
  jwe_encrypt_ecdh_agreed: {
    operation: "encrypt",
    args: ["key", "string", "string", "bytes", "bytes", "bytes", "bytes"],
  },
  jwe_decrypt_prepare_rsa_oaep: {
    operation: "decrypt",
    args: ["key", "string", "string", "string", "u32", "u32", "u32"],
  },
  jwe_decrypt_rsa_oaep_unwrapped: {
    operation: "decrypt",
    args: ["key", "string", "string", "string", "u32", "u32", "u32", "bytes?"],
  },
  jwe_decrypt_prepare_ecdh: { operation: "decrypt", args: ["key", "string", "string", "string", "u32", "u32", "u32"] },
  jwe_decrypt_ecdh_agreed: {
    operation: "decrypt",
    args: ["key", "string", "string", "string", "u32", "u32", "u32", "bytes"],
  },
  jwe_decrypt_json: { operation: "decrypt", args: ["key", "string", "string", "string", "u32", "u32", "u32"] },
};

/**
 * Exported classes (wasm-bindgen keeps Rust's CamelCase names; functions are
 * snake_case) are not wrapped: `new` must reach them as they are. Their
 * methods take key handles that the JWK wrapper checks before handing out.
 */
export function isExportedClass(name: string): boolean {
  return /^[A-Z]/.test(name);
}

/**
 * Largest string (UTF-16 units) or byte array one argument may be: 128 MiB.
 * Above it the core's allocation could fail, which is a trap, not an error.
 */
export const MAX_ARGUMENT_LENGTH = 128 * 1024 * 1024;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? (value.constructor?.name ?? "an object") : typeof value;
}

function invalid(operation: Operation, message: string): unknown {
  return fromCoreError(new Error(`ERR_INVALID_ARGUMENT|${message}`), operation);
}

/** A live key handle: an instance of the glue's class whose memory is not freed. */
function isLive(value: unknown, keyClass: typeof Glue.KeyHandle): boolean {
  return value instanceof keyClass && (value as unknown as { __wbg_ptr: number }).__wbg_ptr !== 0;
}

function checkArg(
  name: string,
  index: number,
  kind: Arg,
  value: unknown,
  keyClass: typeof Glue.KeyHandle,
  op: Operation,
): void {
  const where = `${name}: argument ${index + 1}`;
  if (kind.endsWith("?") && value === undefined) return;
  switch (kind) {
    case "string":
      if (typeof value !== "string") throw invalid(op, `${where} must be a string, not ${describe(value)}`);
      if (value.length > MAX_ARGUMENT_LENGTH) throw invalid(op, `${where} is longer than ${MAX_ARGUMENT_LENGTH}`);
      return;
    case "bytes":
    case "bytes?":
      if (!(value instanceof Uint8Array)) throw invalid(op, `${where} must be a Uint8Array, not ${describe(value)}`);
      if (value.length > MAX_ARGUMENT_LENGTH) throw invalid(op, `${where} is longer than ${MAX_ARGUMENT_LENGTH}`);
      return;
    case "u32":
    case "u32?":
      if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
        throw invalid(op, `${where} must be an integer from 0 to 2^32 - 1`);
      }
      return;
    case "boolean":
      if (typeof value !== "boolean") throw invalid(op, `${where} must be a boolean, not ${describe(value)}`);
      return;
    case "key":
      if (isLive(value, keyClass)) return;
      if (value instanceof keyClass) {
        throw new JamConfigurationError("ERR_KEY_DISPOSED", `${where}: the key was disposed; import it again`);
      }
      throw invalid(op, `${where} must be a key handle, not ${describe(value)}`);
  }
}

/** The cheap test each kind passes when right; `checkArg` says what is wrong. */
function passes(kind: Arg, keyClass: typeof Glue.KeyHandle): (value: unknown) => boolean {
  switch (kind) {
    case "string":
      return (v) => typeof v === "string" && v.length <= MAX_ARGUMENT_LENGTH;
    case "bytes":
      return (v) => v instanceof Uint8Array && v.length <= MAX_ARGUMENT_LENGTH;
    case "bytes?":
      return (v) => v === undefined || (v instanceof Uint8Array && v.length <= MAX_ARGUMENT_LENGTH);
    case "u32":
      return (v) => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
    case "u32?":
      return (v) => v === undefined || (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 0xffffffff);
    case "boolean":
      return (v) => typeof v === "boolean";
    case "key":
      return (v) => isLive(v, keyClass);
  }
}

function guardFunction(name: string, fn: (...args: unknown[]) => unknown, keyClass: typeof Glue.KeyHandle) {
  const signature = SIGNATURES[name];
  const operation = signature?.operation ?? "key";
  const kinds = signature?.args ?? [];
  const checks = kinds.map((kind) => passes(kind, keyClass));
  return (...args: unknown[]): unknown => {
    assertUsable();
    if (signature !== undefined && args.length > kinds.length) {
      throw invalid(operation, `${name}: takes ${kinds.length} arguments, not ${args.length}`);
    }
    for (let i = 0; i < checks.length; i++) {
      if (!checks[i]?.(args[i])) checkArg(name, i, kinds[i] ?? "string", args[i], keyClass, operation);
    }
    try {
      return fn(...args);
    } catch (error) {
      throw fromCall(error, operation);
    }
  };
}

/** The glue with every exported function guarded (classes and loaders untouched). */
export function guard<T extends typeof Glue>(glue: T): T {
  const guarded: Record<string, unknown> = { ...glue };
  for (const [name, value] of Object.entries(glue)) {
    if (typeof value !== "function" || name === "default" || name === "initSync" || isExportedClass(name)) continue;
    guarded[name] = guardFunction(name, value as (...args: unknown[]) => unknown, glue.KeyHandle);
  }
  return guarded as T;
}
