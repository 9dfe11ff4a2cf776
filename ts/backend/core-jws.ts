/**
 * The core's compact JWS calls, through its scratch regions (ts/core/scratch.ts):
 * the text goes in with `encodeInto` and the answer is read in place, so a
 * sign or verify makes no per-argument allocation in WebAssembly memory.
 * Every backend reaches the core's JWS rules through these.
 */
import { core, type KeyHandle } from "../core/core.js";
import { inputRegion, memoryView, outputText, outputView, utf8Capacity, writeText } from "../core/scratch.js";
import { allowListBits, type JwsAlgorithm, jwsAlgorithmIndex } from "../jws/algorithms.js";
import { unpack } from "../jws/header.js";
import type { VerifiedParts } from "./jws-backend.js";

/** Signs `payload` (bytes, or text as UTF-8) under `headerJson` with the core; the compact JWS. */
export function coreSign(
  handle: KeyHandle,
  alg: JwsAlgorithm,
  headerJson: string,
  payload: Uint8Array | string,
): string {
  const payloadCapacity = typeof payload === "string" ? utf8Capacity(payload) : payload.length;
  const region = inputRegion(utf8Capacity(headerJson) + payloadCapacity);
  const headerLength = writeText(region, 0, headerJson);
  let payloadLength = payload.length;
  if (typeof payload === "string") payloadLength = writeText(region, headerLength, payload);
  else region.set(payload, headerLength);
  return outputText(core().jws_sign(handle, jwsAlgorithmIndex(alg), headerLength, payloadLength));
}

/** Writes a token into the input region; where its bytes start, and how many there are. */
function writeToken(token: string): { at: number; length: number } {
  const region = inputRegion(utf8Capacity(token));
  return { at: region.byteOffset, length: writeText(region, 0, token) };
}

/**
 * Verifies a compact JWS with the core: its header and payload where the
 * core left them (valid until the next core call: see `VerifiedParts`).
 */
export function coreVerify(handle: KeyHandle, allowList: string, token: string, maxLength: number): VerifiedParts {
  const { length } = writeToken(token);
  return unpack(outputView(core().jws_verify(handle, allowListBits(allowList), length, maxLength)));
}

/** A token the core checked: the token's bytes and the core's answer (see `unpackPrepared`), both in place. */
export interface PreparedToken {
  token: Uint8Array;
  prepared: Uint8Array;
}

/** Every check but the signature primitive, in place (valid until the next core call). */
export function corePrepare(handle: KeyHandle, allowList: string, token: string, maxLength: number): PreparedToken {
  const { at, length } = writeToken(token);
  const prepared = outputView(core().jws_verify_prepare(handle, allowListBits(allowList), length, maxLength));
  // The view of the token is made after the call: the call may grow the
  // memory, which would leave a view made before it empty.
  return { token: memoryView(at, length), prepared };
}
