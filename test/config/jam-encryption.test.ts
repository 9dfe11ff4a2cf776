/**
 * Jam's encryption paths from config: [jam.jose.jwt] with enc (alone, and
 * with alg: sign then encrypt), [jam.jose.jwe], and lists on encrypted tokens.
 */
import { describe, expect, it } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { Jam } from "../../ts/index.js";

const SECRET = "encryption-tests-secret-32-bytes";
const rsa = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const ed = generateKeyPairSync("ed25519", {
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const toml = (text: string, env: Record<string, string> = {}) => Jam.fromToml(text, { env });

describe("[jam.jose.jwt] with enc", () => {
  it("encrypts and decrypts with enc alone (A256KW from the secret, as jam chooses)", async () => {
    const jam = toml(`[jam.jose.jwt]\nenc = "A256GCM"\nsecret = "${SECRET}"\n`);
    const token = await jam.jwtEncrypt({ user_id: 123 }, { custom: "value" });
    expect(token.split(".")).toHaveLength(5);
    expect(JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString())).toMatchObject({
      alg: "A256KW",
      enc: "A256GCM",
      custom: "value",
    });
    expect(await jam.jwtDecrypt(token)).toEqual({ user_id: 123 });
  });

  it("signs then encrypts with alg and enc (RSA: RSA-OAEP)", async () => {
    const jam = toml(`[jam.jose.jwt]\nalg = "RS256"\nenc = "A128CBC-HS256"\nsecret = "$KEY"\n`, {
      KEY: rsa.privateKey,
    });
    const token = await jam.jwtEncrypt({ sub: "user", role: "admin" });
    expect(await jam.jwtDecrypt(token)).toMatchObject({ sub: "user", role: "admin" });
    // The same Jam still signs plain JWTs.
    expect((await jam.jwtDecode(await jam.jwtEncode({ sub: "s" }))).payload.sub).toBe("s");
  });

  it("refuses jwtEncrypt without enc, naming where it belongs", async () => {
    const jam = toml(`[jam.jose.jwt]\nalg = "HS256"\nsecret = "${SECRET}"\n`);
    await expect(jam.jwtEncrypt({ a: 1 })).rejects.toMatchObject({
      name: "JamConfigurationError",
      details: { path: "jam.jose.jwt.enc" },
    });
  });

  it("refuses an Ed25519 key with enc up front", () => {
    expect(() =>
      toml(`[jam.jose.jwt]\nalg = "EdDSA"\nenc = "A256GCM"\nsecret = "$KEY"\n`, { KEY: ed.privateKey }),
    ).toThrow(
      expect.objectContaining({
        name: "JamConfigurationError",
        code: "ERR_CONFIG",
        details: expect.objectContaining({ path: "jam.jose.jwt" }),
      }),
    );
  });
});

describe("lists on encrypted tokens", () => {
  const config = (type: string) =>
    `[jam.jose.jwt]\nenc = "A256GCM"\nsecret = "${SECRET}"\n[jam.jose.jwt.list]\ntype = "${type}"\nbackend = "memory"\n`;

  it("a white list gets what jwtEncrypt issues, and jwtDecrypt consults it", async () => {
    const jam = toml(config("white"));
    const issued = await jam.jwtEncrypt({ n: 1 });
    expect(await jam.jwtDecrypt(issued)).toEqual({ n: 1 });
    const outsider = await toml(`[jam.jose.jwt]\nenc = "A256GCM"\nsecret = "${SECRET}"\n`).jwtEncrypt({ n: 2 });
    await expect(jam.jwtDecrypt(outsider)).rejects.toMatchObject({ name: "JamJWTNotInWhiteList" });
  });

  it("a black list revokes an encrypted token", async () => {
    const jam = toml(config("black"));
    const token = await jam.jwtEncrypt({ n: 1 });
    await jam.jwtList!.add(token);
    await expect(jam.jwtDecrypt(token)).rejects.toMatchObject({ name: "JamJWTInBlackList" });
  });

  it("a token that does not decrypt costs no list I/O", async () => {
    const jam = toml(config("white"));
    const token = await jam.jwtEncrypt({ n: 1 });
    const parts = token.split(".");
    parts[3] = parts[3]!.startsWith("A") ? `B${parts[3]!.slice(1)}` : `A${parts[3]!.slice(1)}`;
    let calls = 0;
    const list = jam.jwtList!;
    const has = list.has.bind(list);
    list.has = async (t) => {
      calls++;
      return has(t);
    };
    await expect(jam.jwtDecrypt(parts.join("."))).rejects.toMatchObject({ name: "JamJWEDecryptionError" });
    expect(calls).toBe(0);
  });
});

describe("[jam.jose.jwe]", () => {
  it("encrypts and decrypts with RSA-OAEP-256", async () => {
    const jam = toml(`[jam.jose.jwe]\nalg = "RSA-OAEP-256"\nenc = "A256GCM"\nkey = "$KEY"\n`, { KEY: rsa.privateKey });
    const token = await jam.jweEncrypt("hello", { kid: "k" });
    expect(new TextDecoder().decode(await jam.jweDecrypt(token))).toBe("hello");
  });

  it("encrypts and decrypts with a PBES2 password as the key", async () => {
    const jam = toml(
      `[jam.jose.jwe]\nalg = "PBES2-HS256+A128KW"\nenc = "A128GCM"\nkey = "\${PASSPHRASE:-correct horse battery staple}"\n`,
    );
    const token = await jam.jweEncrypt({ a: 1 });
    expect(JSON.parse(new TextDecoder().decode(await jam.jweDecrypt(token)))).toEqual({ a: 1 });
  });

  it("refuses a key that does not fit, naming jam.jose.jwe.key", () => {
    expect(() => toml(`[jam.jose.jwe]\nalg = "RSA-OAEP"\nenc = "A256GCM"\nkey = "${SECRET}"\n`)).toThrow(
      expect.objectContaining({
        name: "JamConfigurationError",
        details: expect.objectContaining({ path: "jam.jose.jwe.key" }),
      }),
    );
  });

  it("refuses jweEncrypt without the section", async () => {
    const jam = toml(`[jam.jose.jwt]\nalg = "HS256"\nsecret = "${SECRET}"\n`);
    await expect(jam.jweEncrypt("x")).rejects.toMatchObject({
      name: "JamConfigurationError",
      details: { path: "jam.jose.jwe" },
    });
  });
});
