/** Types of make-roca-key.mjs (a plain .mjs so that it also runs as a script). */
import type { JsonWebKeyObject } from "../../ts/index.js";

/** A fresh 2048-bit RSA key with the ROCA structure. */
export function rocaKey(): { privateJwk: JsonWebKeyObject; publicJwk: JsonWebKeyObject; spkiPem: string };
