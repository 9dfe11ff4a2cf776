/**
 * The native JWS backend: the core checks the token (strict base64url,
 * header, allow-list, key fit and usage, exact signature shape) in one
 * crossing; node:crypto then runs only the signature primitive with the
 * key's KeyObject. Signing builds the signing input with Buffer's base64url
 * *encoder* (encoding our own bytes; untrusted input is only ever decoded by
 * the core).
 */
import type { KeyObject, SignKeyObjectInput, VerifyKeyObjectInput } from "node:crypto";
import type { KeyHandle } from "../core/core.js";
import { callCore } from "../core/errors.js";
import { JamError, JamJWSVerificationError } from "../errors.js";
import { JWS_ALGORITHMS, type JwsAlgorithm } from "../jws/algorithms.js";
import { readU32 } from "../jws/header.js";
import { corePrepare } from "./core-jws.js";
import type { JwsBackend, VerifiedParts } from "./jws-backend.js";
import { nodeBuiltins } from "./node-crypto.js";
import { type EncodedKey, type NativeKey, nativeKey } from "./native-keys.js";
import { wasmJws } from "./wasm-jws.js";

/** How node:crypto runs one JWS algorithm. */
interface Primitive {
  /** HMAC: the signature is HMAC(hash) with the secret key. */
  hmac?: true;
  /** Digest name; null for Ed25519, which hashes internally. */
  hash: string | null;
  /** PSS: salt length equal to the hash length, on sign and verify alike. */
  pssSalt?: number;
  /** ECDSA: JOSE's raw r || s. */
  p1363?: true;
}

const PRIMITIVES: Partial<Record<JwsAlgorithm, Primitive>> = {
  HS256: { hash: "sha256", hmac: true },
  HS384: { hash: "sha384", hmac: true },
  HS512: { hash: "sha512", hmac: true },
  RS256: { hash: "sha256" },
  RS384: { hash: "sha384" },
  RS512: { hash: "sha512" },
  PS256: { hash: "sha256", pssSalt: 32 },
  PS384: { hash: "sha384", pssSalt: 48 },
  PS512: { hash: "sha512", pssSalt: 64 },
  ES256: { hash: "sha256", p1363: true },
  ES384: { hash: "sha384", p1363: true },
  ES512: { hash: "sha512", p1363: true },
  EdDSA: { hash: null },
};

// RSA_PKCS1_PSS_PADDING from OpenSSL; read from node:crypto when present.
const PSS_PADDING = 6;

/** One half of a key pair as the primitive takes it: the KeyObject, and in workerd an encoded form. */
interface KeySide {
  readonly object: KeyObject;
  readonly encoded: EncodedKey | undefined;
}

/**
 * The key argument of crypto.sign / crypto.verify. Without options (Ed25519,
 * RSA PKCS#1 v1.5) it is the bare KeyObject, which every runtime takes and
 * which spares an object per call. With options, `{ key: KeyObject, ... }`
 * where the runtime takes it (Node, Bun, Deno), else (workerd) the encoded
 * key: workerd refuses a KeyObject inside an options object.
 */
function keyInput(side: KeySide, primitive: Primitive): KeyObject | (SignKeyObjectInput & VerifyKeyObjectInput) {
  if (primitive.pssSalt === undefined && primitive.p1363 !== true) return side.object;
  // Made once per key and primitive: node:crypto only reads it.
  let inputs = keyInputs.get(side.object);
  if (inputs === undefined) {
    inputs = new Map();
    keyInputs.set(side.object, inputs);
  }
  let input = inputs.get(primitive);
  if (input === undefined) {
    input = keyInputWithOptions(side, primitive);
    inputs.set(primitive, input);
  }
  return input;
}

/** The key inputs made so far, per KeyObject (which lives as long as its core key handle) and primitive. */
const keyInputs = new WeakMap<KeyObject, Map<Primitive, SignKeyObjectInput & VerifyKeyObjectInput>>();

function keyInputWithOptions(side: KeySide, primitive: Primitive): SignKeyObjectInput & VerifyKeyObjectInput {
  // The encoded forms are the PublicKeyInput / JsonWebKeyInput shapes that
  // crypto.sign and crypto.verify take beside the same options.
  const input = { ...(side.encoded ?? { key: side.object }) } as SignKeyObjectInput & VerifyKeyObjectInput;
  if (primitive.pssSalt !== undefined) {
    input.padding = nodeBuiltins()?.crypto.constants.RSA_PKCS1_PSS_PADDING ?? PSS_PADDING;
    input.saltLength = primitive.pssSalt;
  }
  if (primitive.p1363 === true) input.dsaEncoding = "ieee-p1363";
  return input;
}

/** The private half; `encoded` is present only in workerd (native-keys.ts makes it there). */
function signingKey(native: NativeKey): KeySide {
  if (native.privateKey === undefined) {
    throw new JamError("ERR_KEY_NOT_PRIVATE", "signing needs a private key");
  }
  return { object: native.privateKey, encoded: native.privateEncoded };
}

/** The public half; `encoded` is present only in workerd. */
function verifyingKey(native: NativeKey): KeySide {
  return { object: native.publicKey, encoded: native.publicEncoded };
}

/**
 * Reads the buffer `jws_verify_prepare` returns (crate/src/jws/compact.rs,
 * `prepare_packed`): u8 alg index, u32 LE signing-input, header and
 * signature lengths, then the header, the signature and the payload. The
 * parts are subarrays of it: in place if it is.
 */
export function unpackPrepared(packed: Uint8Array) {
  const index = packed[0] ?? 0;
  const inputLength = readU32(packed, 1);
  const headerEnd = 13 + readU32(packed, 5);
  const signatureEnd = headerEnd + readU32(packed, 9);
  return {
    alg: JWS_ALGORITHMS[index] as JwsAlgorithm,
    inputLength,
    header: packed.subarray(13, headerEnd),
    signature: packed.subarray(headerEnd, signatureEnd),
    payload: packed.subarray(signatureEnd),
  };
}

export const nativeJws: JwsBackend = {
  name: "native",
  sign(handle: KeyHandle, alg: JwsAlgorithm, headerJson: string, payload: Uint8Array | string): string {
    const primitive = PRIMITIVES[alg];
    const builtins = nodeBuiltins();
    if (primitive === undefined || builtins === null) return wasmJws.sign(handle, alg, headerJson, payload);
    const { crypto, Buffer } = builtins;
    const native = callCore("sign", () => nativeKey(handle));
    const input =
      Buffer.from(headerJson, "utf8").toString("base64url") +
      "." +
      (typeof payload === "string"
        ? Buffer.from(payload, "utf8")
        : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)
      ).toString("base64url");
    const signature =
      primitive.hmac === true && native.secretKey !== undefined
        ? crypto
            .createHmac(primitive.hash ?? "", native.secretKey)
            .update(input, "latin1")
            .digest()
        : crypto.sign(primitive.hash, Buffer.from(input, "latin1"), keyInput(signingKey(native), primitive));
    return `${input}.${signature.toString("base64url")}`;
  },

  verify(handle: KeyHandle, allowList: string, token: string, maxLength: number): VerifiedParts {
    const builtins = nodeBuiltins();
    // The native key first: making it calls the core, which would move what
    // the core's answer below points into.
    const native = builtins === null ? undefined : callCore("verify", () => nativeKey(handle));
    const checked = corePrepare(handle, allowList, token, maxLength);
    const prepared = unpackPrepared(checked.prepared);
    const primitive = PRIMITIVES[prepared.alg];
    if (primitive === undefined || builtins === null || native === undefined) {
      // An algorithm the native backend does not run: the core verifies.
      return wasmJws.verify(handle, allowList, token, maxLength);
    }
    const { crypto, verifyHashed } = builtins;
    // The core checked the token's first inputLength bytes (base64url and a
    // dot): they are the signing input, read where they lie.
    const input = checked.token.subarray(0, prepared.inputLength);
    let valid = false;
    try {
      if (primitive.hmac === true && native.secretKey !== undefined) {
        // The core checked the signature's length; compare in constant time.
        const mac = crypto
          .createHmac(primitive.hash ?? "", native.secretKey)
          .update(input)
          .digest();
        valid = crypto.timingSafeEqual(mac, prepared.signature);
      } else {
        const key = keyInput(verifyingKey(native), primitive);
        valid =
          primitive.hash === null
            ? crypto.verify(null, input, key, prepared.signature)
            : verifyHashed(primitive.hash, input, key, prepared.signature);
      }
    } catch {
      valid = false;
    }
    if (!valid) throw new JamJWSVerificationError("ERR_SIGNATURE_INVALID", "signature verification failed");
    return { header: prepared.header, payload: prepared.payload };
  },
};
