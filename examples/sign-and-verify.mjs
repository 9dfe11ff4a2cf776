// The main job, end to end: generate keys, sign a JWT, verify it, and watch
// a tampered token and a token for the wrong audience get refused.
// Run after `npm run build`:   node examples/sign-and-verify.mjs
import { JWK, JWT, JamError } from "../dist/index.js";

const step = (text) => console.log(`\n== ${text}`);

step("generate an ES256 key pair and a 256-bit HMAC secret (in WebAssembly)");
const ecKey = JWK.generate("P-256");
const publicJwk = ecKey.publicKey().export();
console.log("public JWK:", JSON.stringify(publicJwk));
console.log("thumbprint:", ecKey.thumbprint());
const secret = JWK.generate("oct-256");

step("sign a JWT with the private key (jam's encode: exp is a lifetime in seconds)");
const signer = new JWT({ alg: "ES256", secretKey: ecKey });
const token = signer.encode({ iss: "example", sub: "user@example.com", aud: "api", exp: 3600, payload: { role: "admin" } });
console.log("token:", token);

step("verify it with the public key only (PEM works as well as JWK)");
const verifier = new JWT({ alg: "ES256", secretKey: ecKey.publicKey().toPem() });
const { header, payload } = verifier.decode(token, { issuer: "example", audience: "api" });
console.log("header:", header);
console.log("payload:", payload);

step("a tampered token is refused with a typed error");
const [h, p, s] = token.split(".");
const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, role: "root" })).toString("base64url")}.${s}`;
try {
  verifier.decode(forged);
} catch (error) {
  if (!(error instanceof JamError)) throw error;
  console.log(`${error.name} ${error.code}: ${error.message}`);
}

step("the wrong audience is refused too");
try {
  verifier.decode(token, { audience: "billing" });
} catch (error) {
  if (!(error instanceof JamError)) throw error;
  console.log(`${error.name} ${error.code}: ${error.message}`);
}

step("HS256 with the generated secret");
const hs = new JWT({ alg: "HS256", secretKey: secret });
console.log("decoded sub:", hs.decode(hs.encode({ sub: "svc" })).payload.sub);
