/**
 * `node:crypto` and `node:buffer` where the runtime has them (Node, Bun, Deno,
 * workerd with `nodejs_compat`), found at run time through
 * `process.getBuiltinModule` so that no bundler sees a `node:` import and a
 * browser or a Worker without the flag still loads the package.
 */

type NodeCrypto = typeof import("node:crypto");
type NodeBuffer = typeof import("node:buffer").Buffer;

/** crypto.verify's arguments for a signature over a digest (RSA, ECDSA). */
type VerifyHashed = (
  hash: string,
  data: Uint8Array,
  key: Parameters<NodeCrypto["verify"]>[2],
  signature: Uint8Array,
) => boolean;

interface Builtins {
  crypto: NodeCrypto;
  Buffer: NodeBuffer;
  /**
   * Verifies an RSA or ECDSA signature. On Node through a Verify object,
   * which measured 0.2-0.5 us (1-3% of an RS256 verify) faster than the
   * one-shot crypto.verify, whose job copies its inputs first
   * (scripts/bench/native-overhead.mjs); in workerd the one-shot call (PSS
   * corrected below), as its benchmarks were made.
   */
  verifyHashed: VerifyHashed;
}

let found: Builtins | null | undefined;

function lookup(): Builtins | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== "function") return null;
  try {
    const crypto = proc.getBuiltinModule("node:crypto") as NodeCrypto | undefined;
    const buffer = proc.getBuiltinModule("node:buffer") as typeof import("node:buffer") | undefined;
    if (typeof crypto?.sign !== "function" || typeof crypto.createPrivateKey !== "function") return null;
    if (typeof buffer?.Buffer?.from !== "function") return null;
    const workerd = isWorkerd();
    const runtime = workerd ? withWorkerdPss(crypto) : crypto;
    const verifyHashed: VerifyHashed =
      !workerd && typeof crypto.createVerify === "function"
        ? (hash, data, key, signature) => crypto.createVerify(hash).update(data).verify(key, signature)
        : (hash, data, key, signature) => runtime.verify(hash, data, key, signature);
    return { crypto: runtime, Buffer: buffer.Buffer, verifyHashed };
  } catch {
    return null;
  }
}

/**
 * workerd's one-shot crypto.sign and crypto.verify (1.20261117) ignore
 * `padding`: asked for RSA-PSS they sign PKCS#1 v1.5, and verify a PSS
 * signature as PKCS#1 v1.5 (so they refuse a good PS256 token and would
 * accept a PKCS#1 v1.5 signature under a PS256 header). Its Sign and Verify
 * objects honour `padding` and `saltLength`, so PSS calls go through those;
 * every other call is the runtime's own.
 */
function withWorkerdPss(crypto: NodeCrypto): NodeCrypto {
  const pss = crypto.constants.RSA_PKCS1_PSS_PADDING;
  const isPss = (key: unknown) => typeof key === "object" && key !== null && "padding" in key && key.padding === pss;
  const sign: NodeCrypto["sign"] = (algorithm, data, key) =>
    isPss(key) && typeof algorithm === "string"
      ? crypto.createSign(algorithm).update(data).sign(key)
      : crypto.sign(algorithm, data, key);
  const verify: NodeCrypto["verify"] = (algorithm, data, key, signature) =>
    isPss(key) && typeof algorithm === "string"
      ? crypto.createVerify(algorithm).update(data).verify(key, signature)
      : crypto.verify(algorithm, data, key, signature);
  return { ...crypto, sign, verify } as NodeCrypto;
}

/** `node:crypto` and `Buffer`, or null when the runtime has no `node:crypto`. */
export function nodeBuiltins(): Builtins | null {
  if (found === undefined) found = lookup();
  return found;
}

/**
 * True inside Cloudflare's workerd, whose `node:crypto` refuses a KeyObject
 * with `dsaEncoding: "ieee-p1363"` but takes the same key as PEM text.
 */
export function isWorkerd(): boolean {
  const nav = (globalThis as { navigator?: { userAgent?: string } }).navigator;
  return nav?.userAgent === "Cloudflare-Workers";
}
