/**
 * base64url *encoding* of bytes we produced (headers, payloads, signatures)
 * for the WebCrypto path, which has no Buffer. Decoding of untrusted input is
 * never done here: the core's strict decoder does that.
 */

const CHUNK = 0x8000;

/** Unpadded base64url of `bytes`. */
export function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
