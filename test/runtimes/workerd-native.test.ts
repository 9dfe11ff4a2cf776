/**
 * The native backend inside real workerd with nodejs_compat, per key type:
 * tokens made by jose in Node verify, every forgery and tampering that the
 * Node backends refuse is refused there too (with the same code), and the
 * Worker's own tokens verify with jose in Node. Written after workerd's
 * node:crypto was found to throw on `{ key: KeyObject, ...options }` and to
 * ignore `padding` in its one-shot sign/verify (PS256 came out PKCS#1 v1.5).
 */
import { constants, generateKeyPairSync, type JsonWebKey, type KeyObject, sign as nodeSign } from "node:crypto";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CompactSign, compactVerify, importJWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JamError, JWS, type JwsAlgorithm } from "../../ts/index.js";
import { type Packed, packAndInstall } from "./support/packed.js";
import { bundleWorker, serveWorkerd, type Workerd } from "./support/runtimes.js";
import { nonCanonicalEd25519 } from "../helpers/tokens.js";

interface Case {
  alg: JwsAlgorithm;
  publicJwk: JsonWebKey;
  privateJwk: JsonWebKey;
  /** Token name -> token; "valid" must be accepted, every other one refused. */
  tokens: Record<string, string>;
}

interface WorkerResult {
  opened: Record<string, string>;
  made: string;
  ownAccepted: string;
}

const ORDERS: Partial<Record<JwsAlgorithm, string>> = {
  ES256: "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
  ES384: "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
};

const HASH: Record<string, string> = { "256": "sha256", "384": "sha384", "512": "sha512" };

const pairs = {
  rsa: generateKeyPairSync("rsa", { modulusLength: 2048 }),
  rsaOther: generateKeyPairSync("rsa", { modulusLength: 2048 }),
  p256: generateKeyPairSync("ec", { namedCurve: "P-256" }),
  p256Other: generateKeyPairSync("ec", { namedCurve: "P-256" }),
  p384: generateKeyPairSync("ec", { namedCurve: "P-384" }),
  p384Other: generateKeyPairSync("ec", { namedCurve: "P-384" }),
  ed: generateKeyPairSync("ed25519"),
  edOther: generateKeyPairSync("ed25519"),
};

const PAYLOAD = JSON.stringify({ sub: "workerd-native", n: 1 });

async function joseSign(alg: JwsAlgorithm, privateKey: KeyObject, payload = PAYLOAD): Promise<string> {
  return new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ alg }).sign(privateKey);
}

/** `token` carrying `signature` (bytes) over its own signing input. */
function withSignature(token: string, signature: Uint8Array): string {
  return `${token.slice(0, token.lastIndexOf("."))}.${Buffer.from(signature).toString("base64url")}`;
}

function signatureOf(token: string): Buffer {
  return Buffer.from(token.slice(token.lastIndexOf(".") + 1), "base64url");
}

function signingInput(token: string): Buffer {
  return Buffer.from(token.slice(0, token.lastIndexOf(".")), "ascii");
}

/** The tokens every key type gets: valid, a changed signature, a changed payload, another key's signature. */
async function common(alg: JwsAlgorithm, privateKey: KeyObject, otherKey: KeyObject) {
  const valid = await joseSign(alg, privateKey);
  const flipped = signatureOf(valid);
  flipped[flipped.length >> 1]! ^= 1;
  const [header, , signature] = valid.split(".");
  const otherPayload = Buffer.from(JSON.stringify({ sub: "workerd-native", n: 2 })).toString("base64url");
  return {
    valid,
    "a changed signature": withSignature(valid, flipped),
    "a changed payload": `${header}.${otherPayload}.${signature}`,
    "another key's signature": withSignature(valid, signatureOf(await joseSign(alg, otherKey))),
  };
}

async function rsaCase(alg: JwsAlgorithm): Promise<Case> {
  const { privateKey, publicKey } = pairs.rsa;
  const tokens: Record<string, string> = await common(alg, privateKey, pairs.rsaOther.privateKey);
  const hash = HASH[alg.slice(2)]!;
  const valid = tokens["valid"]!;
  const signature = signatureOf(valid);
  tokens["a leading zero byte added"] = withSignature(valid, Buffer.concat([Buffer.alloc(1), signature]));
  if (alg.startsWith("PS")) {
    const hashLength = Number(alg.slice(2)) / 8;
    const pss = (saltLength: number) =>
      nodeSign(hash, signingInput(valid), { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength });
    // What workerd's one-shot calls produced and accepted for PSS before.
    tokens["a PKCS#1 v1.5 signature"] = withSignature(valid, nodeSign(hash, signingInput(valid), privateKey));
    tokens["salt length 0"] = withSignature(valid, pss(0));
    tokens["salt length 20"] = withSignature(valid, pss(20));
    tokens[`salt length ${hashLength + 1}`] = withSignature(valid, pss(hashLength + 1));
  } else {
    tokens["a PSS signature"] = withSignature(
      valid,
      nodeSign(hash, signingInput(valid), { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING }),
    );
  }
  return {
    alg,
    publicJwk: publicKey.export({ format: "jwk" }),
    privateJwk: privateKey.export({ format: "jwk" }),
    tokens,
  };
}

async function ecCase(alg: JwsAlgorithm, pair: typeof pairs.p256, other: typeof pairs.p256): Promise<Case> {
  const tokens: Record<string, string> = await common(alg, pair.privateKey, other.privateKey);
  const valid = tokens["valid"]!;
  const raw = signatureOf(valid);
  const size = raw.length / 2;
  const order = Buffer.from(ORDERS[alg]!, "hex");
  tokens["a DER signature"] = withSignature(
    valid,
    nodeSign(HASH[alg.slice(2)]!, signingInput(valid), { key: pair.privateKey, dsaEncoding: "der" }),
  );
  tokens["r = 0"] = withSignature(valid, Buffer.concat([Buffer.alloc(size), raw.subarray(size)]));
  tokens["s = 0"] = withSignature(valid, Buffer.concat([raw.subarray(0, size), Buffer.alloc(size)]));
  tokens["s = n"] = withSignature(valid, Buffer.concat([raw.subarray(0, size), order]));
  tokens["one byte short"] = withSignature(valid, raw.subarray(1));
  return {
    alg,
    publicJwk: pair.publicKey.export({ format: "jwk" }),
    privateJwk: pair.privateKey.export({ format: "jwk" }),
    tokens,
  };
}

async function edCase(): Promise<Case> {
  const tokens: Record<string, string> = await common("EdDSA", pairs.ed.privateKey, pairs.edOther.privateKey);
  const valid = tokens["valid"]!;
  const signature = signatureOf(valid);
  tokens["S + L"] = withSignature(valid, nonCanonicalEd25519(signature));
  tokens["one byte short"] = withSignature(valid, signature.subarray(1));
  return {
    alg: "EdDSA",
    publicJwk: pairs.ed.publicKey.export({ format: "jwk" }),
    privateJwk: pairs.ed.privateKey.export({ format: "jwk" }),
    tokens,
  };
}

/** What jam-jose in Node says of `token` on `backend`: "accepted" or the refusal code. */
function nodeOutcome(c: Case, token: string, backend: "native" | "wasm"): string {
  try {
    new JWS({ alg: c.alg, key: { kty: c.publicJwk.kty ?? "", ...c.publicJwk }, backend }).verify(token);
    return "accepted";
  } catch (error) {
    if (error instanceof JamError) return error.code;
    throw error;
  }
}

let packed: Packed;
let outdir: string;
let workerd: Workerd;
let cases: Case[];
let results: Record<string, WorkerResult>;
let backendReport: Record<string, string>;
let navigatorSeen: string;

beforeAll(async () => {
  cases = [
    await rsaCase("RS256"),
    await rsaCase("RS512"),
    await rsaCase("PS256"),
    await rsaCase("PS384"),
    await rsaCase("PS512"),
    await ecCase("ES256", pairs.p256, pairs.p256Other),
    await ecCase("ES384", pairs.p384, pairs.p384Other),
    await edCase(),
  ];
  packed = await packAndInstall("workerd-native");
  const entry = join(packed.project, "workerd-native/worker.mjs");
  cpSync(join(import.meta.dirname, "workerd-native/worker.mjs"), entry);
  outdir = mkdtempSync(join(tmpdir(), "jam-jose-workerd-native-"));
  await bundleWorker(packed.project, outdir, entry);
  workerd = await serveWorkerd(outdir, true);
  const response = await fetch(workerd.url, {
    method: "POST",
    body: JSON.stringify({ cases }),
    signal: AbortSignal.timeout(60_000),
  });
  if (!response.ok) throw new Error(`workerd answered ${response.status}: ${await response.text()}\n${workerd.log()}`);
  const body = (await response.json()) as {
    results: Record<string, WorkerResult>;
    backend: Record<string, string>;
    navigator: string;
  };
  ({ results, backend: backendReport, navigator: navigatorSeen } = body);
}, 300_000);

afterAll(async () => {
  await workerd?.stop();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
  packed?.cleanup();
}, 60_000);

it("ran in workerd with node:crypto: the native backend runs every public-key JWS algorithm", () => {
  expect(navigatorSeen).toBe("Cloudflare-Workers");
  for (const c of cases) expect(backendReport[c.alg], c.alg).toBe("native");
});

const ALGS: JwsAlgorithm[] = ["RS256", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA"];

describe.each(ALGS)("%s on workerd's node:crypto", (alg) => {
  it("accepts jose's token and refuses every forgery, as both Node backends do", () => {
    const c = cases.find((x) => x.alg === alg) as Case;
    const opened = results[alg]?.opened ?? {};
    const expected = Object.fromEntries(
      Object.keys(c.tokens).map((name) => [name, name === "valid" ? "accepted" : "ERR_SIGNATURE_INVALID"]),
    );
    expect(opened).toEqual(expected);
    for (const backend of ["native", "wasm"] as const) {
      const inNode = Object.fromEntries(Object.entries(c.tokens).map(([n, t]) => [n, nodeOutcome(c, t, backend)]));
      expect(inNode, `Node, ${backend} backend`).toEqual(expected);
    }
  });

  it("signs a token that jose verifies with Node's OpenSSL, and verifies it itself", async () => {
    const c = cases.find((x) => x.alg === alg) as Case;
    const result = results[alg] as WorkerResult;
    expect(result.ownAccepted).toBe("accepted");
    const { payload, protectedHeader } = await compactVerify(result.made, await importJWK(c.publicJwk, alg));
    expect(protectedHeader.alg).toBe(alg);
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({ alg, from: "workerd" });
  });
});
