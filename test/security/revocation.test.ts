/**
 * A revoked token stays revoked, whatever its form and whatever the decode
 * options: ECDSA signature malleability, re-encryption of a nested token's
 * inner JWS or of an encrypt-only token's plaintext with the public key,
 * and decoding past exp (validateClaims: false, clockTolerance above the
 * list's leeway) on every backend.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Jam, JWE, JWT } from "../../ts/index.js";
import { listKey, sha256hex, sleep } from "../helpers/tokens.js";

const dir = mkdtempSync(join(tmpdir(), "jam-jose-revocation-"));
const jams: Jam[] = [];
afterAll(async () => {
  await Promise.all(jams.map((j) => j.close()));
  rmSync(dir, { recursive: true, force: true });
});

const pem = {
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
} as const;
const ec = generateKeyPairSync("ec", { namedCurve: "P-256", ...pem });
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048, ...pem });
/** The order of P-256. */
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

function jamWith(jwt: Record<string, unknown>, list: Record<string, unknown> = { backend: "memory" }): Jam {
  const jam = new Jam({
    config: {
      jam: {
        jose: { jwt: { ...jwt, list: { type: "black", prefix: `r${randomBytes(4).toString("hex")}`, ...list } } },
      },
    },
    env: {},
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  jams.push(jam);
  return jam;
}

/** The same ES256 token with its signature's s replaced by n - s (also a valid signature). */
function malleate(token: string): string {
  const [h, p, sig] = token.split(".");
  const raw = Buffer.from(sig!, "base64url");
  const s = BigInt(`0x${raw.subarray(32).toString("hex")}`);
  const flipped = Buffer.from((P256_N - s).toString(16).padStart(64, "0"), "hex");
  return `${h}.${p}.${Buffer.concat([raw.subarray(0, 32), flipped]).toString("base64url")}`;
}

const b64json = (segment: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));

describe("list keys", () => {
  it("a JWS is listed by the SHA-256 of its signing input, not of the whole token", async () => {
    const jam = jamWith({ alg: "ES256", secret: ec.privateKey });
    const token = await jam.jwtEncode({ exp: 3600 });
    const [h, p] = token.split(".");
    expect(jam.jwt!.identify(token).id).toBe(sha256hex(`${h}.${p}`));
    expect(jam.jwt!.identify(token).id).not.toBe(sha256hex(token));
  });

  it("ECDSA malleability: a revoked ES256 token with s swapped for n - s is still refused", async () => {
    const jam = jamWith({ alg: "ES256", secret: ec.privateKey });
    const token = await jam.jwtEncode({ sub: "alice", exp: 3600 });
    const twin = malleate(token);
    expect(twin).not.toBe(token);
    // The twin is a valid token in its own right: a list keyed on the whole token would let it through.
    expect(new JWT({ alg: "ES256", secretKey: ec.publicKey }).decode(twin).payload.sub).toBe("alice");
    await jam.jwtList!.add(token);
    await expect(jam.jwtDecode(token)).rejects.toMatchObject({ name: "JamJWTInBlackList" });
    await expect(jam.jwtDecode(twin)).rejects.toMatchObject({
      name: "JamJWTInBlackList",
      code: "ERR_JWT_IN_BLACK_LIST",
    });
    // Revoking the twin revokes the original too, and deleting either restores both.
    await jam.jwtList!.delete(twin);
    expect((await jam.jwtDecode(token)).payload.sub).toBe("alice");
  });

  it("a nested token is listed by its inner JWS: re-encrypting it with the public key does not bring it back", async () => {
    const jam = jamWith({ alg: "RS256", enc: "A256GCM", secret: rsa.privateKey });
    const token = await jam.jwtEncrypt({ sub: "alice", exp: Math.floor(Date.now() / 1000) + 3600 });
    const inner = new TextDecoder().decode(jam.jwt!.jwe!.decrypt(token));
    expect(inner.split(".")).toHaveLength(3);
    // Anyone with the public key can wrap the same inner JWS again.
    const stranger = new JWE({ alg: "RSA-OAEP", enc: "A256GCM", key: rsa.publicKey });
    const rewrapped = stranger.encrypt(inner, { cty: "JWT" });
    expect(rewrapped).not.toBe(token);
    expect(await jam.jwtDecrypt(rewrapped)).toMatchObject({ sub: "alice" });

    await jam.jwtList!.add(token);
    await expect(jam.jwtDecrypt(token)).rejects.toMatchObject({ name: "JamJWTInBlackList" });
    await expect(jam.jwtDecrypt(rewrapped)).rejects.toMatchObject({ name: "JamJWTInBlackList" });
    expect(jam.jwt!.identify(rewrapped)).toEqual(jam.jwt!.identify(token));
    expect(jam.jwt!.identify(token).id).toBe(listKey(inner));
  });

  it("an encrypt-only token is listed by its jti: a re-encryption, even with other claims, stays refused", async () => {
    const jam = jamWith({ enc: "A256GCM", secret: rsa.privateKey });
    const claims = { jti: "token-1", sub: "alice", exp: Math.floor(Date.now() / 1000) + 3600 };
    const token = await jam.jwtEncrypt(claims);
    const stranger = new JWE({ alg: "RSA-OAEP", enc: "A256GCM", key: rsa.publicKey });
    const sameClaims = stranger.encrypt(JSON.stringify(claims));
    const reordered = stranger.encrypt(JSON.stringify({ sub: "alice", jti: "token-1", exp: claims.exp, extra: 1 }));
    const otherToken = stranger.encrypt(JSON.stringify({ ...claims, jti: "token-2" }));
    await jam.jwtList!.add(token);
    for (const t of [token, sameClaims, reordered]) {
      await expect(jam.jwtDecrypt(t)).rejects.toMatchObject({ name: "JamJWTInBlackList" });
    }
    expect(await jam.jwtDecrypt(otherToken)).toMatchObject({ jti: "token-2" });
  });

  it("an encrypt-only token without jti is listed by its plaintext", async () => {
    const jam = jamWith({ enc: "A256GCM", secret: rsa.privateKey });
    const token = await jam.jwtEncrypt("a plain text message");
    const stranger = new JWE({ alg: "RSA-OAEP", enc: "A256GCM", key: rsa.publicKey });
    await jam.jwtList!.add(token);
    await expect(jam.jwtDecrypt(stranger.encrypt("a plain text message"))).rejects.toMatchObject({
      name: "JamJWTInBlackList",
    });
    expect(await jam.jwtDecrypt(stranger.encrypt("another message"))).toBe("another message");
  });

  it("a list that is not built in is given the inner JWS of a nested token (listToken)", () => {
    const jwt = new JWT({ alg: "RS256", enc: "A256GCM", secretKey: rsa.privateKey });
    const token = jwt.encrypt({ sub: "alice", exp: Math.floor(Date.now() / 1000) + 60 });
    const { payload, identity, listToken } = jwt.decryptAndIdentify(token);
    expect(payload).toMatchObject({ sub: "alice" });
    expect(listToken.split(".")).toHaveLength(3);
    expect(b64json(listToken.split(".")[1]!)).toMatchObject({ sub: "alice" });
    expect(identity.id).toBe(listKey(listToken));
  });
});

const backends: Array<{ name: string; table: () => Record<string, unknown> }> = [
  { name: "memory", table: () => ({ backend: "memory" }) },
  { name: "json", table: () => ({ backend: "json", json_path: join(dir, `${randomBytes(4).toString("hex")}.json`) }) },
  { name: "redis", table: () => ({ backend: "redis", redis_uri: inject("redisUri") }) },
];

describe.each(backends)("retention on the $name backend", ({ table }) => {
  it("revoke, pass exp: validateClaims false or a clockTolerance above leeway still refuses the token", async () => {
    const jam = jamWith({ alg: "ES256", secret: ec.privateKey }, table());
    const token = await jam.jwtEncode({ exp: 3 });
    await jam.jwtList!.add(token);
    await expect(jam.jwtDecode(token)).rejects.toMatchObject({ name: "JamJWTInBlackList" });
    const exp = b64json(token.split(".")[1]!)["exp"] as number;
    await sleep(exp * 1000 - Date.now() + 300);
    for (const options of [
      { validateClaims: false },
      { clockTolerance: 3600 },
      { currentDate: new Date((exp - 10) * 1000) },
    ]) {
      await expect(jam.jwtDecode(token, options)).rejects.toMatchObject({
        name: "JamJWTExpired",
        code: "ERR_JWT_EXPIRED",
        details: { claim: "exp", reason: "past_list_retention" },
      });
    }
    // Its ECDSA twin too.
    await expect(jam.jwtDecode(malleate(token), { validateClaims: false })).rejects.toMatchObject({
      name: "JamJWTExpired",
    });
  });

  it("within leeway the entry is still there: a clockTolerance up to leeway meets the black list", async () => {
    const jam = jamWith({ alg: "ES256", secret: ec.privateKey }, { ...table(), leeway: 60 });
    const token = await jam.jwtEncode({ exp: 1 });
    await jam.jwtList!.add(token);
    const exp = b64json(token.split(".")[1]!)["exp"] as number;
    await sleep(exp * 1000 - Date.now() + 300);
    await expect(jam.jwtDecode(token, { clockTolerance: 30 })).rejects.toMatchObject({ name: "JamJWTInBlackList" });
    await expect(jam.jwtDecode(token, { validateClaims: false })).rejects.toMatchObject({ name: "JamJWTInBlackList" });
    await expect(jam.jwtDecode(token)).rejects.toMatchObject({ name: "JamJWTExpired" });
  });

  it("add() of an already expired token stores it, and it is refused in every mode", async () => {
    const jam = jamWith({ alg: "ES256", secret: ec.privateKey }, table());
    const expired = new JWT({ alg: "ES256", secretKey: ec.privateKey }).encode({ exp: -10 });
    await jam.jwtList!.add(expired);
    expect(await jam.jwtList!.has(expired)).toBe(true);
    expect(await jam.jwtList!.has(malleate(expired))).toBe(true);
    await expect(jam.jwtDecode(expired, { validateClaims: false })).rejects.toMatchObject({ name: "JamJWTExpired" });
  });

  it("a revoked token without exp stays revoked, whatever ttl says", async () => {
    const jam = jamWith({ alg: "ES256", secret: ec.privateKey }, { ...table(), ttl: 1 });
    const forever = new JWT({ alg: "ES256", secretKey: ec.privateKey }).encode({});
    await jam.jwtList!.add(forever);
    await sleep(1300);
    await expect(jam.jwtDecode(forever)).rejects.toMatchObject({ name: "JamJWTInBlackList" });
  });
});

it("a white list is not cut short by the retention rule: an unexpired listed token passes", async () => {
  const jam = new Jam({
    config: {
      jam: { jose: { jwt: { alg: "ES256", secret: ec.privateKey, list: { type: "white", backend: "memory" } } } },
    },
    env: {},
  });
  jams.push(jam);
  const token = await jam.jwtEncode({ exp: 60 });
  expect((await jam.jwtDecode(token, { validateClaims: false })).payload).toHaveProperty("exp");
});
