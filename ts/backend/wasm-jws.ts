/** The wasm JWS backend: the Rust core does everything, one crossing per operation. */
import { core, type KeyHandle } from "../core/core.js";
import { callCore } from "../core/errors.js";
import type { JwsAlgorithm } from "../jws/algorithms.js";
import { unpack } from "../jws/header.js";
import type { JwsBackend, VerifiedParts } from "./jws-backend.js";

const utf8 = new TextEncoder();

export const wasmJws: JwsBackend = {
  name: "wasm",
  sign(handle: KeyHandle, alg: JwsAlgorithm, headerJson: string, payload: Uint8Array): string {
    const header = utf8.encode(headerJson);
    return callCore("sign", () => core().jws_sign(handle, alg, header, payload));
  },
  verify(handle: KeyHandle, allowList: string, token: string, maxLength: number): VerifiedParts {
    return unpack(callCore("verify", () => core().jws_verify(handle, allowList, token, maxLength)));
  },
};
