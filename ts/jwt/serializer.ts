/** How JWT claims become bytes and back (jam's `serializer`); JSON by default. */
import { decodeUtf8 } from "../util/utf8.js";

export interface Serializer {
  encode(claims: Record<string, unknown>): string | Uint8Array;
  decode(data: Uint8Array): unknown;
}

export const jsonSerializer: Serializer = {
  encode: (claims) => JSON.stringify(claims),
  decode: (data) => JSON.parse(decodeUtf8(data)) as unknown,
};
