/**
 * Builders for the hostile and weak keys the keys-*.test.ts files feed the
 * core: encrypted PKCS#8 with chosen PBES2 parameters (real encryption via
 * node:crypto, or arbitrary bytes when only the parameters matter), and a
 * small DER writer for them. Plain .mjs (types in keys-fixtures.d.mts) so
 * that scripts/bench-kdf.mjs can use it too.
 */
import { createCipheriv, pbkdf2Sync, randomBytes, scryptSync } from "node:crypto";

function length(n) {
  if (n < 0x80) return Buffer.from([n]);
  const bytes = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag, body) {
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const seq = (...items) => tlv(0x30, Buffer.concat(items));
const octets = (bytes) => tlv(0x04, Buffer.from(bytes));
const nullValue = () => Buffer.from([0x05, 0x00]);

/** A DER INTEGER (non-negative). */
function integer(value) {
  let hex = BigInt(value).toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let bytes = Buffer.from(hex, "hex");
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

function oid(dotted) {
  const parts = dotted.split(".").map(Number);
  const out = [40 * (parts[0] ?? 0) + (parts[1] ?? 0)];
  for (const part of parts.slice(2)) {
    const chunk = [part & 0x7f];
    for (let v = part >>> 7; v > 0; v >>>= 7) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

const OID = {
  pbes2: "1.2.840.113549.1.5.13",
  pbkdf2: "1.2.840.113549.1.5.12",
  scrypt: "1.3.6.1.4.1.11591.4.11",
  hmacWithSha256: "1.2.840.113549.2.9",
  aes256Cbc: "2.16.840.1.101.3.4.1.42",
};

/**
 * An encrypted PKCS#8 PEM of `pkcs8` (DER) under `password`. With
 * `encrypt: false` the parameters are written but the data is random bytes:
 * enough to test what is refused before any key derivation runs.
 */
export function encryptedPkcs8Pem(pkcs8, password, kdf, encrypt = true) {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const kdfAlgorithm =
    kdf.type === "pbkdf2"
      ? seq(oid(OID.pbkdf2), seq(octets(salt), integer(kdf.iterations), seq(oid(OID.hmacWithSha256), nullValue())))
      : seq(oid(OID.scrypt), seq(octets(salt), integer(kdf.N), integer(kdf.r), integer(kdf.p)));
  let data = randomBytes(pkcs8.length + 16 - (pkcs8.length % 16));
  if (encrypt) {
    const key =
      kdf.type === "pbkdf2"
        ? pbkdf2Sync(password, salt, kdf.iterations, 32, "sha256")
        : scryptSync(password, salt, 32, { N: Number(kdf.N), r: kdf.r, p: kdf.p, maxmem: 1024 * 1024 * 1024 });
    const cipher = createCipheriv("aes-256-cbc", key, iv);
    data = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  }
  const der = seq(seq(oid(OID.pbes2), seq(kdfAlgorithm, seq(oid(OID.aes256Cbc), octets(iv)))), octets(data));
  const body = der.toString("base64").replace(/.{64}/g, "$&\n");
  return `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${body}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
}
