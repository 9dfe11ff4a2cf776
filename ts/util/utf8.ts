/** UTF-8 helpers shared by every part of the package (no other imports). */

const decoder = new TextDecoder("utf-8", { fatal: true });

/** UTF-8 decoding that refuses invalid sequences instead of replacing them. */
export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** UTF-8 text of `bytes`, or null when they are not valid UTF-8. */
export function decodeUtf8OrNull(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}
