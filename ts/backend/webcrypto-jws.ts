/**
 * The WebCrypto JWS backend (async). Verify: the core checks the token in one
 * crossing (strict base64url, header, allow-list, key fit and usage, exact
 * signature shape: ECDSA raw r || s of the curve's length with r and s in
 * [1, n-1], which is also WebCrypto's own format), then crypto.subtle runs the
 * signature primitive alone. Sign: the instance checked the key at
 * construction; the signing input is built here with a base64url *encoder*
 * (our own bytes; untrusted input is only ever decoded by the core).
 * Algorithms WebCrypto does not run here (HMAC, Ed25519 where the runtime
 * lacks it) take the instance's sync backend.
 */
import type { KeyHandle } from "../core/core.js";
import { JamError, JamJWSVerificationError } from "../errors.js";
import type { JwsAlgorithm } from "../jws/algorithms.js";
import { corePrepare } from "./core-jws.js";
import { copied, type JwsBackend, type VerifiedParts } from "./jws-backend.js";
import { unpackPrepared } from "./native-jws.js";
import { base64url } from "./webcrypto-base64url.js";
import { type KeyUse, webCryptoKey } from "./webcrypto-keys.js";
import { WEBCRYPTO_JWS } from "./webcrypto-select.js";
import { subtle, webCryptoEd25519 } from "./webcrypto-subtle.js";

/** A JWS backend whose operations return promises. */
export interface AsyncJwsBackend {
  readonly name: "webcrypto" | JwsBackend["name"];
  sign(handle: KeyHandle, alg: JwsAlgorithm, headerJson: string, payload: Uint8Array): Promise<string>;
  verify(handle: KeyHandle, allowList: string, token: string, maxLength: number): Promise<VerifiedParts>;
}

const HASH: Record<string, string> = { "256": "SHA-256", "384": "SHA-384", "512": "SHA-512" };
const CURVE: Record<string, string> = { "256": "P-256", "384": "P-384", "512": "P-521" };

/** The import algorithm and the sign/verify parameters of one JWS alg. */
function paramsOf(alg: JwsAlgorithm): { importAs: KeyUse["algorithm"]; run: Algorithm } {
  const bits = alg.slice(2);
  const hash = HASH[bits] ?? "";
  switch (alg.slice(0, 2)) {
    case "RS":
      return { importAs: { name: "RSASSA-PKCS1-v1_5", hash }, run: { name: "RSASSA-PKCS1-v1_5" } };
    case "PS":
      // The salt is as long as the hash (RFC 7518 3.5), on sign and verify alike.
      return {
        importAs: { name: "RSA-PSS", hash },
        run: { name: "RSA-PSS", saltLength: Number(bits) / 8 } as RsaPssParams,
      };
    case "ES":
      return {
        importAs: { name: "ECDSA", namedCurve: CURVE[bits] ?? "" },
        run: { name: "ECDSA", hash } as EcdsaParams,
      };
    default:
      return { importAs: { name: "Ed25519" }, run: { name: "Ed25519" } };
  }
}

/** The CryptoKey for `alg` and half, or null when WebCrypto does not run it here. */
async function keyFor(handle: KeyHandle, alg: JwsAlgorithm, signing: boolean): Promise<CryptoKey | null> {
  if (!WEBCRYPTO_JWS.has(alg) || subtle() === null) return null;
  if (alg === "EdDSA" && (handle.crv !== "Ed25519" || !(await webCryptoEd25519()))) return null;
  const { importAs } = paramsOf(alg);
  return webCryptoKey(handle, {
    id: `${alg}:${signing ? "private" : "public"}`,
    algorithm: importAs,
    usage: signing ? "sign" : "verify",
    private: signing,
  });
}

const utf8 = new TextEncoder();

/** A WebCrypto JWS backend falling back to `sync` where WebCrypto does not run the alg. */
export function webCryptoJws(sync: JwsBackend): AsyncJwsBackend {
  return {
    name: "webcrypto",
    async sign(handle, alg, headerJson, payload) {
      const key = await keyFor(handle, alg, true);
      if (key === null) return sync.sign(handle, alg, headerJson, payload);
      const input = `${base64url(utf8.encode(headerJson))}.${base64url(payload)}`;
      let signature: ArrayBuffer;
      try {
        signature = await (subtle() as SubtleCrypto).sign(paramsOf(alg).run, key, utf8.encode(input));
      } catch (error) {
        throw new JamError("ERR_KEY_TYPE", "WebCrypto refused to sign with this key", { cause: error });
      }
      return `${input}.${base64url(new Uint8Array(signature))}`;
    },

    async verify(handle, allowList, token, maxLength) {
      // A copy: the core's answer moves at the next core call, and the await may make one.
      const prepared = unpackPrepared(corePrepare(handle, allowList, token, maxLength).prepared.slice());
      const key = await keyFor(handle, prepared.alg, false);
      if (key === null) return copied(sync.verify(handle, allowList, token, maxLength));
      // The core checked that the first inputLength characters are base64url
      // and dots: ASCII, so UTF-8 encoding gives the signing input's bytes.
      const input = utf8.encode(token.slice(0, prepared.inputLength));
      let valid = false;
      try {
        const signature = prepared.signature as Uint8Array<ArrayBuffer>;
        valid = await (subtle() as SubtleCrypto).verify(paramsOf(prepared.alg).run, key, signature, input);
      } catch {
        valid = false;
      }
      if (!valid) throw new JamJWSVerificationError("ERR_SIGNATURE_INVALID", "signature verification failed");
      return { header: prepared.header, payload: prepared.payload };
    },
  };
}

/**
 * The sync backends behind the async interface (`verifier`: where the
 * instance verifies, when `auto` chose another backend for that): the same
 * decisions, resolved promises.
 */
export function syncAsAsync(sync: JwsBackend, verifier: JwsBackend = sync): AsyncJwsBackend {
  return {
    name: sync.name,
    sign: async (handle, alg, headerJson, payload) => sync.sign(handle, alg, headerJson, payload),
    verify: async (handle, allowList, token, maxLength) => copied(verifier.verify(handle, allowList, token, maxLength)),
  };
}
