/**
 * Algorithm confusion through the key input. A PEM with text before
 * "-----BEGIN" (OpenSSL's "Bag Attributes") used to become an HMAC secret,
 * so a token HMAC'd with the public PEM text verified; a Buffer holding a
 * PEM did the same. Now a string holding a PEM block is parsed as PEM
 * whatever precedes it (as OpenSSL does), and no secret, string or bytes,
 * may be a PEM, JWK or DER key.
 */
import { createHmac, generateKeyPairSync } from "node:crypto";
import { describe, expect, test } from "vitest";
import { JamError, JWS, JWT } from "../../ts/index.js";

const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
const publicPem = pair.publicKey.export({ type: "spki", format: "pem" }) as string;
const privatePem = pair.privateKey.export({ type: "pkcs8", format: "pem" }) as string;
/** What `openssl pkcs12 -nodes` writes before each PEM block. */
const bagAttributes =
  "Bag Attributes\n    localKeyID: 01 00 00 00 \n    friendlyName: server\nKey Attributes: <No Attributes>\n";

const b64 = (text: string) => Buffer.from(text).toString("base64url");

/** A token HMAC-SHA256'd with `secret`, made with node:crypto. */
function hs256(secret: string | Uint8Array, claims: object): string {
  const input = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(JSON.stringify(claims))}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(JamError);
    return (error as JamError).code;
  }
  throw new Error("expected a JamError");
}

describe("a PEM with a preamble", () => {
  test("is parsed as the PEM key it holds: it signs and verifies RS256", () => {
    const token = new JWT({ alg: "RS256", secretKey: bagAttributes + privatePem }).encode({ sub: "bag" });
    expect(new JWT({ alg: "RS256", secretKey: bagAttributes + publicPem }).decode(token).payload["sub"]).toBe("bag");
    expect(new JWT({ alg: "RS256", secretKey: publicPem }).decode(token).payload["sub"]).toBe("bag");
  });

  test("cannot be an HS256 secret, so a token forged with the public PEM text is refused", () => {
    for (const key of [bagAttributes + publicPem, `junk\r\n${publicPem}`, ` \n${publicPem}`]) {
      expect(code(() => new JWT({ alg: "HS256", secretKey: key }))).toBe("ERR_KEY_ALG_MISMATCH");
      expect(code(() => new JWS({ alg: "HS256", key }))).toBe("ERR_KEY_ALG_MISMATCH");
      const verifier = new JWT({ alg: "RS256", secretKey: key });
      for (const secret of [key, publicPem]) {
        const forged = hs256(secret, { sub: "admin" });
        expect(code(() => verifier.decode(forged))).toBe("ERR_ALG_NOT_ALLOWED");
        expect(code(() => verifier.decode(forged, { algorithms: ["RS256", "HS256"] }))).toBe("ERR_KEY_ALG_MISMATCH");
      }
    }
  });

  test("that does not parse is a key encoding error, never a secret", () => {
    expect(code(() => new JWT({ alg: "HS256", secretKey: `${"s".repeat(40)}-----BEGIN PUBLIC KEY-----` }))).toBe(
      "ERR_KEY_ENCODING",
    );
  });
});

describe("secrets that are keys", () => {
  const der = new Uint8Array(pair.publicKey.export({ type: "spki", format: "der" }));
  const jwkJson = JSON.stringify(pair.publicKey.export({ format: "jwk" }));
  const utf8 = (text: string) => new TextEncoder().encode(text);

  test.each([
    ["a Buffer holding a PEM", Buffer.from(publicPem)],
    ["a Uint8Array holding a PEM", utf8(publicPem)],
    ["bytes holding a PEM with a preamble", utf8(bagAttributes + publicPem)],
    ["bytes holding a private PEM", utf8(privatePem)],
    ["bytes holding a JWK", utf8(jwkJson)],
    ["bytes holding a JWK with whitespace", utf8(`\n  ${jwkJson}  \n`)],
    ["bytes holding SPKI DER", der],
  ])("%s is refused as an HMAC secret with ERR_KEY_TYPE", (_name, secret) => {
    expect(code(() => new JWT({ alg: "HS256", secretKey: secret }))).toBe("ERR_KEY_TYPE");
    expect(code(() => new JWS({ alg: "HS512", key: secret, allowShortSecrets: true }))).toBe("ERR_KEY_TYPE");
  });

  test("the forgery with the PEM as bytes is refused by the RSA verifier", () => {
    const verifier = new JWT({ alg: "RS256", secretKey: publicPem });
    const forged = hs256(Buffer.from(publicPem), { sub: "admin" });
    expect(code(() => verifier.decode(forged, { algorithms: ["RS256", "HS256"] }))).toBe("ERR_KEY_ALG_MISMATCH");
  });

  test("ordinary secrets, JSON that is not a JWK, and random bytes are still secrets", () => {
    for (const secret of [
      "a 32-byte-or-longer shared secret!!",
      utf8('{"not": "a key", "padding": "xxxxxxxxxxxx"}'),
      new Uint8Array(64).map((_, i) => (i * 37 + 11) & 0xff),
    ]) {
      const jwt = new JWT({ alg: "HS256", secretKey: secret });
      expect(jwt.decode(jwt.encode({ sub: "ok" })).payload["sub"]).toBe("ok");
    }
  });
});
