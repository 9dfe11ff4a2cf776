/**
 * The wasm JWS backends: the Rust core does everything, one crossing per
 * operation, in the standard dialect or in Python jam's (compat: "jam").
 */
import { core, type KeyHandle } from "../core/core.js";
import { callCore } from "../core/errors.js";
import type { JwsAlgorithm } from "../jws/algorithms.js";
import { unpack } from "../jws/header.js";
import { coreSign, coreVerify } from "./core-jws.js";
import type { JwsBackend, VerifiedParts } from "./jws-backend.js";

const utf8 = new TextEncoder();

export const wasmJws: JwsBackend = {
  name: "wasm",
  sign(handle: KeyHandle, alg: JwsAlgorithm, headerJson: string, payload: Uint8Array | string): string {
    return coreSign(handle, alg, headerJson, payload);
  },
  verify(handle: KeyHandle, allowList: string, token: string, maxLength: number): VerifiedParts {
    return coreVerify(handle, allowList, token, maxLength);
  },
};

/** The wasm backend in jam's dialect (crate/src/jam/): writes jam's forms, reads them and the standard ones. */
export const jamDialectJws: JwsBackend = {
  name: "wasm",
  sign(handle: KeyHandle, alg: JwsAlgorithm, headerJson: string, payload: Uint8Array | string): string {
    const header = utf8.encode(headerJson);
    const bytes = typeof payload === "string" ? utf8.encode(payload) : payload;
    return callCore("sign", () => core().jam_jws_sign(handle, alg, header, bytes));
  },
  verify(handle: KeyHandle, allowList: string, token: string, maxLength: number): VerifiedParts {
    return unpack(callCore("verify", () => core().jam_jws_verify(handle, allowList, token, maxLength)));
  },
};
