/**
 * The runtime's crypto.subtle and what it offers, found once. Kept out of the
 * modules whose declarations the package exports, so that consumers
 * type-checking without the DOM library never meet WebCrypto's types.
 */

/** The runtime's SubtleCrypto, or null (an insecure browser context, old runtimes). */
export function subtle(): SubtleCrypto | null {
  const found = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  return found !== undefined && typeof found.sign === "function" ? found : null;
}

let ed25519: boolean | undefined;
let ed25519Probe: Promise<boolean> | undefined;

/** Whether crypto.subtle has Ed25519: probed once (a key generation), then remembered. */
export function webCryptoEd25519(): Promise<boolean> {
  if (ed25519Probe === undefined) {
    const api = subtle();
    ed25519Probe =
      api === null
        ? Promise.resolve(false)
        : api.generateKey({ name: "Ed25519" }, false, ["sign", "verify"]).then(
            () => true,
            () => false,
          );
    ed25519Probe = ed25519Probe.then((found) => (ed25519 = found));
  }
  return ed25519Probe;
}

/** The Ed25519 probe's answer, or undefined before it has answered. */
export function ed25519Known(): boolean | undefined {
  return ed25519;
}
