/**
 * Jam's configuration: every section and source, and every error, each a
 * JamConfigurationError (code ERR_CONFIG) whose details.path names the key.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Jam, JsonTokenList, MemoryTokenList, RedisTokenList, type Logger } from "../../ts/index.js";

const dir = mkdtempSync(join(tmpdir(), "jam-jose-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRET = "a-secret-of-thirty-two-bytes-xyz";
const rsa = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const rsaEncrypted = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "open sesame" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

const recordingLogger = (): Logger & { warnings: string[] } => {
  const warnings: string[] = [];
  return { warnings, debug() {}, info() {}, warn: (m) => void warnings.push(m), error() {} };
};

/** Expects `fn` to throw a configuration error at `path`; returns it. */
function configErrorAt(fn: () => unknown, path: string): Error & { details: Record<string, unknown> } {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toMatchObject({
    name: "JamConfigurationError",
    code: "ERR_CONFIG",
    details: expect.objectContaining({ path }),
  });
  return caught as Error & { details: Record<string, unknown> };
}

const toml = (text: string, env: Record<string, string> = {}) => Jam.fromToml(text, { env, logger: recordingLogger() });

async function roundTrip(jam: Jam): Promise<void> {
  const token = await jam.jwtEncode({ iss: "svc", sub: "user@mail.com", exp: 60, payload: { role: "admin" } });
  const { header, payload } = await jam.jwtDecode(token);
  expect(header).toMatchObject({ typ: "JWT" });
  expect(payload).toMatchObject({ iss: "svc", sub: "user@mail.com", role: "admin" });
}

describe("[jam.jose.jwt]", () => {
  it("signs and verifies with alg and secret", async () => {
    const jam = toml(`[jam.jose.jwt]\nalg = "HS256"\nsecret = "${SECRET}"\n`);
    await roundTrip(jam);
    expect(jam.jwtList).toBeUndefined();
    expect(jam.jwt?.jws?.alg).toBe("HS256");
  });

  it("takes secret_key as a synonym of secret", async () => {
    await roundTrip(toml(`[jam.jose.jwt]\nalg = "HS384"\nsecret_key = "${SECRET}${SECRET}"\n`));
  });

  it("reads an RSA key from $RSA_PRIVATE_KEY, as in jam's docs", async () => {
    const jam = toml(`[jam.jose.jwt]\nalg = "RS256"\nsecret = "$RSA_PRIVATE_KEY"\n`, {
      RSA_PRIVATE_KEY: rsa.privateKey,
    });
    await roundTrip(jam);
  });

  it("decrypts an encrypted private key with password", async () => {
    const jam = toml(`[jam.jose.jwt]\nalg = "PS256"\nsecret = "\${KEY}"\npassword = "\${PASS:-open sesame}"\n`, {
      KEY: rsaEncrypted.privateKey,
    });
    await roundTrip(jam);
  });

  it("uses JAM_JWT_SECRET_KEY when no secret is configured", async () => {
    const jam = toml(`[jam.jose.jwt]\nalg = "HS256"\n`, { JAM_JWT_SECRET_KEY: SECRET });
    await roundTrip(jam);
    const other = toml(`[jam.jose.jwt]\nalg = "HS256"\nsecret = "${SECRET.toUpperCase()}"\n`);
    const token = await other.jwtEncode({});
    await expect(jam.jwtDecode(token)).rejects.toMatchObject({ name: "JamJWSVerificationError" });
  });

  it("reads a secret that names an existing file (dropping one trailing newline)", async () => {
    const file = join(dir, "jwt_secret");
    writeFileSync(file, `${SECRET}\n`);
    const fromFile = toml(`[jam.jose.jwt]\nalg = "HS256"\nsecret = "${file}"\n`);
    const inline = toml(`[jam.jose.jwt]\nalg = "HS256"\nsecret = "${SECRET}"\n`);
    expect(await inline.jwtDecode(await fromFile.jwtEncode({ sub: "x" }))).toMatchObject({ payload: { sub: "x" } });
  });

  it("reads a PEM key from a file named through an environment variable", async () => {
    const file = join(dir, "rsa.pem");
    writeFileSync(file, rsa.privateKey);
    await roundTrip(toml(`[jam.jose.jwt]\nalg = "RS512"\nsecret = "\${KEY_FILE}"\n`, { KEY_FILE: file }));
  });

  it("builds the configured list", () => {
    const memory = toml(
      `[jam.jose.jwt]\nalg = "HS256"\nsecret = "${SECRET}"\n[jam.jose.jwt.list]\ntype = "black"\nbackend = "memory"\n`,
    );
    expect(memory.jwtList).toBeInstanceOf(MemoryTokenList);
    expect(memory.jwtList?.type).toBe("black");
    const json = toml(
      `[jam.jose.jwt]\nalg = "HS256"\nsecret = "${SECRET}"\n[jam.jose.jwt.list]\ntype = "white"\nbackend = "json"\njson_path = "\${DATA:-/tmp}/list.json"\n`,
    );
    expect(json.jwtList).toBeInstanceOf(JsonTokenList);
    expect(json.jwtList?.type).toBe("white");
    const redis = toml(
      `[jam.jose.jwt]\nalg = "HS256"\nsecret = "${SECRET}"\n[jam.jose.jwt.list]\ntype = "black"\nbackend = "redis"\nredis_uri = "redis://\${REDIS_HOST}:6379/2"\nprefix = "revoked"\nttl = 600\ntimeout = 0.5\n`,
      { REDIS_HOST: "127.0.0.1" },
    );
    expect(redis.jwtList).toBeInstanceOf(RedisTokenList);
  });

  it("reads a legacy [jam.jwt] section as [jam.jose.jwt], with a deprecation warning", async () => {
    const logger = recordingLogger();
    const jam = Jam.fromToml(`[jam.jwt]\nalg = "HS256"\nsecret = "${SECRET}"\n`, { env: {}, logger });
    await roundTrip(jam);
    expect(logger.warnings).toEqual([expect.stringContaining("deprecated")]);
    expect(jam.jwt?.jws?.alg).toBe("HS256");
  });

  it("warns on the console by default", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      Jam.fromToml(`[jam.jwt]\nalg = "HS256"\nsecret = "${SECRET}"\n`, { env: {} });
      expect(warn).toHaveBeenCalledWith(expect.stringContaining("[jam.jwt] is deprecated"));
    } finally {
      warn.mockRestore();
    }
  });
});

describe("[jam.jose.jws]", () => {
  it("signs and verifies", async () => {
    const jam = toml(`[jam.jose.jws]\nalg = "RS256"\nkey = "$KEY"\n`, { KEY: rsa.privateKey });
    const token = await jam.jwsSign({ hello: "world" }, { kid: "k1" });
    const { header, payload } = await jam.jwsVerify(token);
    expect(header).toMatchObject({ alg: "RS256", kid: "k1" });
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({ hello: "world" });
    expect(jam.jwt).toBeUndefined();
    await expect(jam.jwtEncode({})).rejects.toMatchObject({
      name: "JamConfigurationError",
      details: { path: "jam.jose.jwt" },
    });
  });

  it("verifies with a public key only", async () => {
    const signer = toml(`[jam.jose.jws]\nalg = "RS256"\nkey = "$KEY"\n`, { KEY: rsa.privateKey });
    const verifier = toml(`[jam.jose.jws]\nalg = "RS256"\nkey = "$KEY"\n`, { KEY: rsa.publicKey });
    const token = await signer.jwsSign("text");
    expect(new TextDecoder().decode((await verifier.jwsVerify(token)).payload)).toBe("text");
  });
});

describe("config sources", () => {
  const body = `[jam.jose.jwt]\nalg = "HS256"\nsecret = "${SECRET}"\n`;

  it("reads a TOML file", async () => {
    const file = join(dir, "config.toml");
    writeFileSync(file, body);
    await roundTrip(new Jam({ config: file, env: {} }));
  });

  it("reads a JSON file", async () => {
    const file = join(dir, "config.json");
    writeFileSync(file, JSON.stringify({ jam: { jose: { jwt: { alg: "HS256", secret: "$S" } } } }));
    await roundTrip(new Jam({ config: file, env: { S: SECRET } }));
  });

  it("takes a plain object: the whole document or the jam table", async () => {
    await roundTrip(new Jam({ config: { jam: { jose: { jwt: { alg: "HS256", secret: SECRET } } } }, env: {} }));
    await roundTrip(new Jam({ config: { jose: { jwt: { alg: "HS256", secret: SECRET } } }, env: {} }));
  });

  it("ignores other jam modules' tables, substitution included", async () => {
    await roundTrip(toml(`${body}\n[jam.oauth2]\nclient_secret = "$NOT_SET_ANYWHERE"\n`));
  });
});

describe("configuration errors", () => {
  const jwt =
    (extra: string, env: Record<string, string> = {}) =>
    () =>
      toml(`[jam.jose.jwt]\nalg = "HS256"\nsecret = "${SECRET}"\n${extra}`, env);
  const list = (body: string) => jwt(`[jam.jose.jwt.list]\n${body}\n`);

  it("unknown alg", () => {
    configErrorAt(() => toml(`[jam.jose.jwt]\nalg = "HS999"\nsecret = "${SECRET}"\n`), "jam.jose.jwt.alg");
    configErrorAt(() => toml(`[jam.jose.jwt]\nalg = "none"\nsecret = "${SECRET}"\n`), "jam.jose.jwt.alg");
    configErrorAt(() => toml(`[jam.jose.jws]\nalg = "RS1"\nkey = "${SECRET}"\n`), "jam.jose.jws.alg");
    configErrorAt(
      () => toml(`[jam.jose.jwe]\nalg = "RSA1_5"\nenc = "A256GCM"\nkey = "${SECRET}"\n`),
      "jam.jose.jwe.alg",
    );
  });

  it("unknown enc", () => {
    configErrorAt(jwt(`enc = "A256XYZ"\n`), "jam.jose.jwt.enc");
    configErrorAt(() => toml(`[jam.jose.jwe]\nalg = "A256KW"\nenc = "A1GCM"\nkey = "${SECRET}"\n`), "jam.jose.jwe.enc");
  });

  it("neither alg nor enc", () => {
    configErrorAt(() => toml(`[jam.jose.jwt]\nsecret = "${SECRET}"\n`), "jam.jose.jwt.alg");
  });

  it("unknown list type or backend", () => {
    configErrorAt(list(`type = "grey"\nbackend = "memory"`), "jam.jose.jwt.list.type");
    configErrorAt(list(`backend = "memory"`), "jam.jose.jwt.list.type");
    configErrorAt(list(`type = "black"\nbackend = "sqlite"`), "jam.jose.jwt.list.backend");
  });

  it("malformed Redis URIs", () => {
    for (const uri of [
      "localhost:6379",
      "http://localhost:6379",
      "redis://",
      "redis://host:notaport",
      "redis://host:6379/db",
      "redis://host:99999",
      "redis://host:6379/0?x=1",
    ]) {
      configErrorAt(list(`type = "black"\nbackend = "redis"\nredis_uri = "${uri}"`), "jam.jose.jwt.list.redis_uri");
    }
    configErrorAt(list(`type = "black"\nbackend = "redis"`), "jam.jose.jwt.list.redis_uri");
    configErrorAt(
      list(`type = "black"\nbackend = "redis"\nredis_uri = ["redis://a:1", "redis://b:2"]`),
      "jam.jose.jwt.list.redis_uri",
    );
    configErrorAt(
      list(`type = "black"\nbackend = "redis"\nredis_cluster = true\nredis_uri = ["redis://a:1", "redis://b:2/3"]`),
      "jam.jose.jwt.list.redis_uri[1]",
    );
  });

  it("does not put a Redis password in error details", () => {
    const e = configErrorAt(
      list(`type = "black"\nbackend = "redis"\nredis_uri = "redis://u:hunter2@host:bad"`),
      "jam.jose.jwt.list.redis_uri",
    );
    expect(JSON.stringify(e.details)).not.toContain("hunter2");
  });

  it("json backend without json_path, and options of another backend", () => {
    configErrorAt(list(`type = "black"\nbackend = "json"`), "jam.jose.jwt.list.json_path");
    configErrorAt(list(`type = "black"\nbackend = "memory"\nredis_uri = "redis://h"`), "jam.jose.jwt.list.redisUri");
  });

  it("bad ttl, timeout, prefix and unknown list keys", () => {
    configErrorAt(list(`type = "black"\nbackend = "memory"\nttl = -1`), "jam.jose.jwt.list.ttl");
    configErrorAt(list(`type = "black"\nbackend = "memory"\nttl = "1h"`), "jam.jose.jwt.list.ttl");
    configErrorAt(
      list(`type = "black"\nbackend = "redis"\nredis_uri = "redis://h"\ntimeout = 0`),
      "jam.jose.jwt.list.timeout",
    );
    configErrorAt(list(`type = "black"\nbackend = "memory"\nprefix = ""`), "jam.jose.jwt.list.prefix");
    configErrorAt(list(`type = "black"\nbackend = "memory"\nexpire = 5`), "jam.jose.jwt.list.expire");
  });

  it("a key that does not parse, keeping the key's own error as the cause", () => {
    const e = configErrorAt(
      () =>
        toml(
          `[jam.jose.jwt]\nalg = "RS256"\nsecret = "-----BEGIN PRIVATE KEY-----\\nnot base64\\n-----END PRIVATE KEY-----\\n"\n`,
        ),
      "jam.jose.jwt.secret",
    );
    expect(e.cause).toMatchObject({ name: "JamConfigurationError" });
    configErrorAt(() => toml(`[jam.jose.jws]\nalg = "ES256"\nkey = "{\\"kty\\": \\"EC\\"}"\n`), "jam.jose.jws.key");
  });

  it("a key of the wrong kind or size for the alg", () => {
    configErrorAt(() => toml(`[jam.jose.jwt]\nalg = "RS256"\nsecret = "${SECRET}"\n`), "jam.jose.jwt.secret");
    configErrorAt(() => toml(`[jam.jose.jwt]\nalg = "HS256"\nsecret = "short"\n`), "jam.jose.jwt.secret");
    configErrorAt(() => toml(`[jam.jose.jwt]\nalg = "HS256"\n`, { JAM_JWT_SECRET_KEY: "short" }), "JAM_JWT_SECRET_KEY");
  });

  it("a wrong password for an encrypted key", () => {
    configErrorAt(
      () =>
        toml(`[jam.jose.jwt]\nalg = "RS256"\nsecret = "$KEY"\npassword = "wrong"\n`, { KEY: rsaEncrypted.privateKey }),
      "jam.jose.jwt.password",
    );
  });

  it("no secret and no JAM_JWT_SECRET_KEY", () => {
    const e = configErrorAt(() => toml(`[jam.jose.jwt]\nalg = "HS256"\n`), "jam.jose.jwt.secret");
    expect(e.message).toContain("JAM_JWT_SECRET_KEY");
  });

  it("a missing environment variable, named", () => {
    const e = configErrorAt(
      () => toml(`[jam.jose.jwt]\nalg = "RS256"\nsecret = "$RSA_PRIVATE_KEY"\n`),
      "jam.jose.jwt.secret",
    );
    expect(e.message).toContain("RSA_PRIVATE_KEY");
    expect(e.details.variable).toBe("RSA_PRIVATE_KEY");
  });

  it("unknown keys, wrong types and empty strings in a section", () => {
    configErrorAt(jwt(`secert = "typo"\n`), "jam.jose.jwt.secert");
    configErrorAt(() => toml(`[jam.jose.jwt]\nalg = 256\nsecret = "${SECRET}"\n`), "jam.jose.jwt.alg");
    configErrorAt(() => toml(`[jam.jose.jwt]\nalg = "HS256"\nsecret = ""\n`), "jam.jose.jwt.secret");
    configErrorAt(jwt(`secret_key = "${SECRET}"\n`), "jam.jose.jwt.secret_key");
    configErrorAt(() => toml(`[jam.jose.jws]\nalg = "HS256"\n`), "jam.jose.jws.key");
    configErrorAt(() => toml(`[jam.jose.jwk]\nx = 1\n`), "jam.jose.jwk");
  });

  it("names legacy [jam.jwt] keys by where they are", () => {
    configErrorAt(() => toml(`[jam.jwt]\nalg = "HS999"\nsecret = "${SECRET}"\n`), "jam.jwt.alg");
    configErrorAt(
      () => toml(`[jam.jwt]\nalg = "HS256"\nsecret = "${SECRET}"\n[jam.jwt.list]\ntype = "black"\nbackend = "json"\n`),
      "jam.jwt.list.json_path",
    );
  });

  it("both [jam.jwt] and [jam.jose.jwt]", () => {
    configErrorAt(
      () => toml(`[jam.jwt]\nalg = "HS256"\n[jam.jose.jwt]\nalg = "HS256"\nsecret = "${SECRET}"\n`),
      "jam.jwt",
    );
  });

  it("no jam table, or no section in it", () => {
    configErrorAt(() => toml(`[app]\nname = "x"\n`), "jam");
    configErrorAt(() => toml(`[jam.session]\nx = 1\n`), "jam.jose");
  });

  it("TOML that does not parse, with its line", () => {
    const e = configErrorAt(() => toml(`[jam.jose.jwt]\nalg = "HS256\n`), "jam");
    expect(e.details.line).toBe(2);
  });

  it("a config file that cannot be read or parsed", () => {
    configErrorAt(() => new Jam({ config: join(dir, "nope.toml") }), "jam");
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "{ not json");
    configErrorAt(() => new Jam({ config: bad }), "jam");
  });
});
