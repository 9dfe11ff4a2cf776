/**
 * The core's scratch regions (crate/src/bindings/scratch.rs), which the hot
 * JWS calls use instead of wasm-bindgen's per-argument allocations: text is
 * written into the input region with `encodeInto` (no intermediate bytes),
 * and the answer is read from the output region in place. A view of the
 * instance's memory is kept and made again only when the memory has grown
 * (growing detaches the old buffer, and its views read as empty, so a view
 * kept too long fails closed: an empty header or signature is refused).
 */
import { core, coreMemory } from "./core.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

let view = new Uint8Array(0);

function memoryBytes(): Uint8Array {
  if (view.byteLength === 0) view = new Uint8Array(coreMemory().buffer);
  return view;
}

/** Room for `capacity` bytes in the input region, as a view to write into. */
export function inputRegion(capacity: number): Uint8Array {
  const at = core().scratch_input(capacity);
  return memoryBytes().subarray(at, at + capacity);
}

/** `length` bytes of the instance's memory from `at`, in place (valid until the next core call). */
export function memoryView(at: number, length: number): Uint8Array {
  return memoryBytes().subarray(at, at + length);
}

/** Writes `text` as UTF-8 at `offset` of `region`; returns the bytes written. */
export function writeText(region: Uint8Array, offset: number, text: string): number {
  return encoder.encodeInto(text, offset === 0 ? region : region.subarray(offset)).written;
}

/** The worst-case UTF-8 length of `text` (three bytes per UTF-16 unit). */
export function utf8Capacity(text: string): number {
  return text.length * 3;
}

/**
 * The last call's answer (`length` bytes) where it lies in the output
 * region: valid only until the next core call, so read it at once (or copy
 * it). A copy costs an allocation of its own (~0.4 µs for a few hundred
 * bytes on Node 20, about an eighth of an HS256 verify).
 */
export function outputView(length: number): Uint8Array {
  const at = core().scratch_output();
  return memoryBytes().subarray(at, at + length);
}

/** The last call's answer as text (the core writes UTF-8). */
export function outputText(length: number): string {
  const at = core().scratch_output();
  return decoder.decode(memoryBytes().subarray(at, at + length));
}
