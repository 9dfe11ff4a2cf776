// The Worker of scripts/bench-key-forms.mjs: workerd's node:crypto given one
// key in each form it might take (PEM text, DER and JWK objects, KeyObjects,
// a CryptoKey). POST {setup} checks every form (a good signature accepted, a
// changed signature or message refused, signatures returned for Node's
// OpenSSL to check) and keeps the forms that work; POST {op, n} runs one n
// times, for the driver to time from outside.
import * as nc from "node:crypto";
import { Buffer } from "node:buffer";

/** How each algorithm is called, and its WebCrypto name (for the CryptoKey form). */
const ALGS = {
  EdDSA: { hash: null, options: {}, subtle: { name: "Ed25519" } },
  RS256: { hash: "sha256", options: {}, subtle: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } },
  PS256: {
    hash: "sha256",
    options: { padding: nc.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
    subtle: { name: "RSA-PSS", hash: "SHA-256" },
  },
  ES256: { hash: "sha256", options: { dsaEncoding: "ieee-p1363" }, subtle: { name: "ECDSA", namedCurve: "P-256" } },
};

const fromB64 = (s) => Buffer.from(s, "base64");

/** Every form of one half of a key pair; options ride along where the form can carry them. */
async function forms(k, alg, isPublic) {
  const { options, subtle } = ALGS[alg];
  const der = fromB64(isPublic ? k.spkiDer : k.pkcs8Der);
  const pem = isPublic ? k.spkiPem : k.pkcs8Pem;
  const jwk = isPublic ? k.publicJwk : k.privateJwk;
  const type = isPublic ? "spki" : "pkcs8";
  const create = isPublic ? nc.createPublicKey : nc.createPrivateKey;
  const hasOptions = Object.keys(options).length > 0;
  const made = {
    "PEM string": () => (hasOptions ? { key: pem, ...options } : pem),
    "{ format: der }": () => ({ key: der, format: "der", type, ...options }),
    "{ format: jwk }": () => ({ key: jwk, format: "jwk", ...options }),
    "{ key: KeyObject }": () => ({ key: create(pem), ...options }),
    "bare KeyObject": () => create(pem),
    "bare CryptoKey": () => crypto.subtle.importKey(type, der, subtle, false, [isPublic ? "verify" : "sign"]),
  };
  const out = {};
  for (const [name, make] of Object.entries(made)) {
    try {
      out[name] = { key: await make() };
    } catch (error) {
      out[name] = { error: `refused at import: ${error?.code ?? String(error).slice(0, 60)}` };
    }
  }
  return out;
}

/** "throws CODE" instead of an exception, so one report shows every form. */
function attempt(run) {
  try {
    return run();
  } catch (error) {
    return `throws ${error?.code ?? error?.name ?? String(error).slice(0, 60)}`;
  }
}

let ops = {};

async function setup({ message, keys }) {
  ops = {};
  const report = {};
  const data = fromB64(message);
  const otherData = Buffer.from(data);
  otherData[0] ^= 1;
  for (const [alg, k] of Object.entries(keys)) {
    const { hash } = ALGS[alg];
    const signature = fromB64(k.signature);
    const changed = Buffer.from(signature);
    changed[changed.length >> 1] ^= 1;
    for (const [form, { key, error }] of Object.entries(await forms(k, alg, true))) {
      const row = `${alg} verify, ${form}`;
      if (error) {
        report[row] = { error };
        continue;
      }
      report[row] = {
        good: attempt(() => nc.verify(hash, data, key, signature)),
        changedSignature: attempt(() => nc.verify(hash, data, key, changed)),
        changedMessage: attempt(() => nc.verify(hash, otherData, key, signature)),
      };
      ops[row] = () => nc.verify(hash, data, key, signature);
    }
    for (const [form, { key, error }] of Object.entries(await forms(k, alg, false))) {
      const row = `${alg} sign, ${form}`;
      if (error) {
        report[row] = { error };
        continue;
      }
      const made = attempt(() => nc.sign(hash, data, key).toString("base64"));
      report[row] = made.startsWith("throws") ? { error: made } : { signature: made };
      ops[row] = () => nc.sign(hash, data, key);
    }
    if (alg === "PS256") {
      // Sign and Verify objects, which take `padding` where the one-shot calls do not.
      const { options } = ALGS[alg];
      const priv = { key: k.privateJwk, format: "jwk", ...options };
      const pub = { key: fromB64(k.spkiDer), format: "der", type: "spki", ...options };
      const sign = () => nc.createSign(hash).update(data).sign(priv);
      const verify = (s) => nc.createVerify(hash).update(data).verify(pub, s);
      report["PS256 sign, createSign + { format: jwk }"] = { signature: sign().toString("base64") };
      report["PS256 verify, createVerify + { format: der }"] = {
        good: verify(signature),
        changedSignature: verify(changed),
        changedMessage: nc.createVerify(hash).update(otherData).verify(pub, signature),
      };
      ops["PS256 sign, createSign + { format: jwk }"] = sign;
      ops["PS256 verify, createVerify + { format: der }"] = () => verify(signature);
    }
  }
  return report;
}

export default {
  async fetch(request) {
    if (request.method !== "POST") return new Response("ready");
    const body = await request.json();
    if (body.setup) return Response.json(await setup(body.setup));
    const op = ops[body.op];
    for (let i = 0; i < body.n; i++) op();
    return Response.json({ done: body.n });
  },
};
