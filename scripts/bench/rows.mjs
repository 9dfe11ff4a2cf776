// The rows and contenders of `npm run bench:workers` and `npm run bench:browser`,
// written once in plain JavaScript so that the same file runs inside workerd
// and inside a Chromium page. The drivers (scripts/bench-workers.mjs,
// scripts/bench-browser.mjs) only ask it to run `n` operations of one row on
// one contender; they time the runtime's process from outside.
//
// Ours runs whole JOSE operations (a compact JWS or JWE over a 200-byte
// payload, every JOSE rule checked); the raw columns run the bare primitive
// on the same 200 bytes with the same keys.

/** Row names, in table order. */
export const ROWS = [
  "RS256 sign",
  "RS256 verify",
  "ES256 sign",
  "ES256 verify",
  "EdDSA sign",
  "EdDSA verify",
  "HS256 sign",
  "HS256 verify",
  "JWE dir A256GCM encrypt",
  "JWE dir A256GCM decrypt",
];

const PAYLOAD_BYTES = 200;

const pem = (label, der) => {
  let b64 = "";
  const bytes = new Uint8Array(der);
  for (let i = 0; i < bytes.length; i += 0x8000) b64 += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const lines = btoa(b64)
    .match(/.{1,64}/g)
    .join("\n");
  return `-----BEGIN ${label}-----\n${lines}\n-----END ${label}-----\n`;
};

/** Keys made once with crypto.subtle and exported in the forms each contender takes. */
async function makeKeys(subtle) {
  const gen = (alg, usages) => subtle.generateKey(alg, true, usages);
  const rsa = await gen(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    ["sign", "verify"],
  );
  const ec = await gen({ name: "ECDSA", namedCurve: "P-256" }, ["sign", "verify"]);
  let ed;
  try {
    ed = await gen({ name: "Ed25519" }, ["sign", "verify"]);
  } catch {
    ed = undefined; // a runtime without Ed25519 in WebCrypto leaves that cell empty
  }
  const hmac = await gen({ name: "HMAC", hash: "SHA-256", length: 256 }, ["sign", "verify"]);
  const aes = await gen({ name: "AES-GCM", length: 256 }, ["encrypt", "decrypt"]);
  const out = { subtle: { rsa, ec, ed, hmac, aes }, jwk: {}, pem: {}, spki: {}, raw: {} };
  for (const [name, pair] of [
    ["rsa", rsa],
    ["ec", ec],
    ["ed", ed],
  ]) {
    if (!pair) continue;
    out.jwk[name] = {
      private: await subtle.exportKey("jwk", pair.privateKey),
      public: await subtle.exportKey("jwk", pair.publicKey),
    };
    out.spki[name] = new Uint8Array(await subtle.exportKey("spki", pair.publicKey));
    out.pem[name] = {
      private: pem("PRIVATE KEY", await subtle.exportKey("pkcs8", pair.privateKey)),
      public: pem("PUBLIC KEY", out.spki[name]),
    };
  }
  if (!ed) {
    // Ours still gets an Ed25519 key: from the package itself.
    out.jwk.ed = undefined;
  }
  out.jwk.hmac = await subtle.exportKey("jwk", hmac);
  out.jwk.aes = await subtle.exportKey("jwk", aes);
  out.raw.hmac = new Uint8Array(await subtle.exportKey("raw", hmac));
  out.raw.aes = new Uint8Array(await subtle.exportKey("raw", aes));
  return out;
}

const stripAlg = ({ alg, key_ops, ext, ...rest }) => rest;

/**
 * jam-jose itself. `options` are spread into every JWS/JWE constructor
 * (`{ backend: "native" }`, `{ asyncBackend: "webcrypto" }`...); with
 * `asyncPath` the column times signAsync/verifyAsync/encryptAsync/decryptAsync.
 */
export function ours(lib, name, options = {}, asyncPath = false) {
  return {
    name,
    async: asyncPath,
    async setup(keys, payload) {
      const edJwk = keys.jwk.ed ?? { private: lib.JWK.generate("Ed25519").toJSON(true) };
      const sign = (jws) => (asyncPath ? jws.signAsync(payload) : jws.sign(payload));
      const verify = (jws, token) => (asyncPath ? jws.verifyAsync(token) : jws.verify(token));
      const pair = async (alg, jwk) => {
        const signer = new lib.JWS({ alg, key: stripAlg(jwk.private), ...options });
        const token = await sign(signer);
        const verifier = new lib.JWS({ alg, key: stripAlg(jwk.public ?? jwk.private), ...options });
        await verify(verifier, token); // throws if the pair disagrees
        return { sign: () => sign(signer), verify: () => verify(verifier, token) };
      };
      const rs = await pair("RS256", keys.jwk.rsa);
      const es = await pair("ES256", keys.jwk.ec);
      const ed = await pair("EdDSA", edJwk);
      const hs = await pair("HS256", { private: stripAlg(keys.jwk.hmac) });
      const jwe = new lib.JWE({ alg: "dir", enc: "A256GCM", key: stripAlg(keys.jwk.aes), ...options });
      const encrypt = () => (asyncPath ? jwe.encryptAsync(payload) : jwe.encrypt(payload));
      const sealed = await encrypt();
      const decrypt = () => (asyncPath ? jwe.decryptAsync(sealed) : jwe.decrypt(sealed));
      await decrypt();
      return {
        "RS256 sign": rs.sign,
        "RS256 verify": rs.verify,
        "ES256 sign": es.sign,
        "ES256 verify": es.verify,
        "EdDSA sign": ed.sign,
        "EdDSA verify": ed.verify,
        "HS256 sign": hs.sign,
        "HS256 verify": hs.verify,
        "JWE dir A256GCM encrypt": encrypt,
        "JWE dir A256GCM decrypt": decrypt,
      };
    },
  };
}

/** The runtime's crypto.subtle on the bare primitive (every call awaited). */
export function webCrypto(subtle, name = "WebCrypto") {
  return {
    name,
    async: true,
    async setup(keys, payload) {
      const k = keys.subtle;
      const rsaAlg = { name: "RSASSA-PKCS1-v1_5" };
      const ecAlg = { name: "ECDSA", hash: "SHA-256" };
      const rsSig = await subtle.sign(rsaAlg, k.rsa.privateKey, payload);
      const esSig = await subtle.sign(ecAlg, k.ec.privateKey, payload);
      const edSig = k.ed && (await subtle.sign({ name: "Ed25519" }, k.ed.privateKey, payload));
      const hsSig = await subtle.sign("HMAC", k.hmac, payload);
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = await subtle.encrypt({ name: "AES-GCM", iv }, k.aes, payload);
      const mustVerify = async (ok) => {
        if (!(await ok)) throw new Error("WebCrypto: verification failed");
      };
      return {
        "RS256 sign": () => subtle.sign(rsaAlg, k.rsa.privateKey, payload),
        "RS256 verify": () => mustVerify(subtle.verify(rsaAlg, k.rsa.publicKey, rsSig, payload)),
        "ES256 sign": () => subtle.sign(ecAlg, k.ec.privateKey, payload),
        "ES256 verify": () => mustVerify(subtle.verify(ecAlg, k.ec.publicKey, esSig, payload)),
        "EdDSA sign": k.ed && (() => subtle.sign({ name: "Ed25519" }, k.ed.privateKey, payload)),
        "EdDSA verify": k.ed && (() => mustVerify(subtle.verify({ name: "Ed25519" }, k.ed.publicKey, edSig, payload))),
        "HS256 sign": () => subtle.sign("HMAC", k.hmac, payload),
        "HS256 verify": () => mustVerify(subtle.verify("HMAC", k.hmac, hsSig, payload)),
        "JWE dir A256GCM encrypt": () =>
          subtle.encrypt({ name: "AES-GCM", iv: crypto.getRandomValues(new Uint8Array(12)) }, k.aes, payload),
        "JWE dir A256GCM decrypt": () => subtle.decrypt({ name: "AES-GCM", iv }, k.aes, sealed),
      };
    },
  };
}

/**
 * `node:crypto` on the bare primitive (workerd with nodejs_compat), keys made
 * once, as a careful user would: KeyObjects for RSA PKCS#1 v1.5 and Ed25519.
 * ECDSA needs `dsaEncoding: "ieee-p1363"` beside the key, and workerd refuses
 * `{ key: KeyObject, ...options }`; there the key goes in the fastest form it
 * takes with options (measured: JWK to sign, SPKI DER to verify), parsed on
 * every call as workerd does for any non-KeyObject key.
 */
export function nodeCrypto(nc, name = "node:crypto") {
  return {
    name,
    async setup(keys, payload) {
      const data = payload;
      const priv = (n) => nc.createPrivateKey(keys.pem[n].private);
      const pub = (n) => nc.createPublicKey(keys.pem[n].public);
      const rsa = { priv: priv("rsa"), pub: pub("rsa") };
      const p1363 = { dsaEncoding: "ieee-p1363" };
      // A KeyObject where the runtime takes one with dsaEncoding, else the encoded key.
      const ecKey = (keyObject, encoded, tryIt) => {
        try {
          tryIt({ key: keyObject, ...p1363 });
          return { key: keyObject, ...p1363 };
        } catch {
          return { ...encoded, ...p1363 };
        }
      };
      const ecSignKey = ecKey(priv("ec"), { key: stripAlg(keys.jwk.ec.private), format: "jwk" }, (k) =>
        nc.sign("sha256", data, k),
      );
      const probe = nc.sign("sha256", data, ecSignKey);
      const ecVerifyKey = ecKey(pub("ec"), { key: keys.spki.ec, format: "der", type: "spki" }, (k) =>
        nc.verify("sha256", data, k, probe),
      );
      const ed = keys.pem.ed && { priv: priv("ed"), pub: pub("ed") };
      const rsSig = nc.sign("sha256", data, rsa.priv);
      const esSig = nc.sign("sha256", data, ecSignKey);
      const edSig = ed && nc.sign(null, data, ed.priv);
      const must = (ok) => {
        if (!ok) throw new Error("node:crypto: verification failed");
      };
      const hmacKey = keys.raw.hmac;
      const hmac = () => nc.createHmac("sha256", hmacKey).update(data).digest();
      const hsSig = hmac();
      const aesKey = keys.raw.aes;
      const iv = nc.randomBytes(12);
      const cipher = nc.createCipheriv("aes-256-gcm", aesKey, iv);
      const sealed = cipher.update(data);
      cipher.final(); // GCM emits no more bytes at the end, only the tag
      const tag = cipher.getAuthTag();
      return {
        "RS256 sign": () => nc.sign("sha256", data, rsa.priv),
        "RS256 verify": () => must(nc.verify("sha256", data, rsa.pub, rsSig)),
        "ES256 sign": () => nc.sign("sha256", data, ecSignKey),
        "ES256 verify": () => must(nc.verify("sha256", data, ecVerifyKey, esSig)),
        "EdDSA sign": ed && (() => nc.sign(null, data, ed.priv)),
        "EdDSA verify": ed && (() => must(nc.verify(null, data, ed.pub, edSig))),
        "HS256 sign": hmac,
        "HS256 verify": () => must(nc.timingSafeEqual(hmac(), hsSig)),
        "JWE dir A256GCM encrypt": () => {
          const c = nc.createCipheriv("aes-256-gcm", aesKey, nc.randomBytes(12));
          return [c.update(data), c.final(), c.getAuthTag()];
        },
        "JWE dir A256GCM decrypt": () => {
          const d = nc.createDecipheriv("aes-256-gcm", aesKey, iv);
          d.setAuthTag(tag);
          return [d.update(sealed), d.final()];
        },
      };
    },
  };
}

/**
 * Sets up every contender in this runtime and returns run(row, column, n),
 * which performs n operations (awaiting each for async contenders) and
 * reports which cells exist.
 */
export async function prepare(subtle, contenders) {
  const keys = await makeKeys(subtle);
  const payload = crypto.getRandomValues(new Uint8Array(PAYLOAD_BYTES));
  const ready = [];
  for (const c of contenders) {
    const ops = await c.setup(keys, payload);
    for (const row of ROWS) if (ops[row]) await ops[row](); // every cell works before it is timed
    ready.push({ name: c.name, async: Boolean(c.async), ops });
  }
  return {
    columns: ready.map((c) => c.name),
    cells: Object.fromEntries(ready.map((c) => [c.name, ROWS.filter((row) => Boolean(c.ops[row]))])),
    async run(row, column, n) {
      const c = ready.find((x) => x.name === column);
      const op = c.ops[row];
      if (c.async) for (let i = 0; i < n; i++) await op();
      else for (let i = 0; i < n; i++) op();
      return n;
    },
  };
}
