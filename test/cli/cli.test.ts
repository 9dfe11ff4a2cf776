/**
 * The `jam-jose` command, each subcommand run as a child process of the
 * built dist/cli/main.js: exit codes, stdout, stderr, stdin input, and the
 * bad inputs (missing key, malformed token, wrong password, unknown command).
 */
import { spawn } from "node:child_process";
import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as jose from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const main = resolve(import.meta.dirname, "../../dist/cli/main.js");
let dir: string;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `jam-jose ...args` with `input` on stdin (stdin is closed either way). */
function cli(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<Result> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [main, ...args], {
      cwd: dir,
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** A failure: the exit code, nothing on stdout, one line on stderr. */
function expectFailure(result: Result, code: number, message: RegExp): void {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe("");
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(result.stderr).toMatch(message);
}

const file = (name: string) => join(dir, name);

beforeAll(() => {
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  dir = mkdtempSync(join(tmpdir(), "jam-jose-cli-"));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("help and usage", () => {
  const commands = ["demo", "keys", "sign", "verify", "encrypt", "decrypt", "inspect", "thumbprint"];

  test("--help lists every command and exits 0", async () => {
    const { code, stdout } = await cli(["--help"]);
    expect(code).toBe(0);
    for (const name of commands) expect(stdout).toMatch(new RegExp(`^  ${name} `, "m"));
  });

  test.each(commands)("%s --help prints its usage and exits 0", async (name) => {
    const { code, stdout, stderr } = await cli([name, "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Usage: jam-jose ${name}`));
    expect(stderr).toBe("");
    expect((await cli(["help", name])).stdout).toBe(stdout);
  });

  test("no command prints the usage and exits 2", async () => {
    const { code, stdout } = await cli([]);
    expect(code).toBe(2);
    expect(stdout).toMatch(/^Usage: jam-jose <command>/);
  });

  test("an unknown command is a one-line error, exit 2", async () => {
    expectFailure(await cli(["frobnicate"]), 2, /^jam-jose: unknown command "frobnicate"/);
  });

  test("an unknown flag is a one-line error, exit 2", async () => {
    expectFailure(await cli(["inspect", "--bogus", "x"]), 2, /^jam-jose inspect: .*--bogus/);
  });
});

describe("keys", () => {
  test.each([
    [["rsa"], "rsa", undefined],
    [["rsa", "--bits", "3072"], "rsa", undefined],
    [["ec"], "ec", "prime256v1"],
    [["ec", "--curve", "P-521"], "ec", "secp521r1"],
    [["ed25519"], "ed25519", undefined],
    [["x25519"], "x25519", undefined],
  ])("keys %j prints a PKCS#8 PEM node:crypto reads", async (args, type, curve) => {
    const { code, stdout } = await cli(["keys", ...args]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const key = createPrivateKey(stdout);
    expect(key.asymmetricKeyType).toBe(type);
    if (curve !== undefined) expect(key.asymmetricKeyDetails?.namedCurve).toBe(curve);
    if (args.includes("3072")) expect(key.asymmetricKeyDetails?.modulusLength).toBe(3072);
  });

  test("keys oct prints a JWK whose kid is its thumbprint", async () => {
    const { code, stdout } = await cli(["keys", "oct", "--bits", "512"]);
    expect(code).toBe(0);
    const jwk = JSON.parse(stdout) as jose.JWK;
    expect(Buffer.from(jwk.k!, "base64url")).toHaveLength(64);
    expect(jwk.kid).toBe(await jose.calculateJwkThumbprint(jwk));
  });

  test("keys --format jwk --kid --out writes a private file (0600) and a public one", async () => {
    const { code, stderr } = await cli(["keys", "ec", "--format", "jwk", "--kid", "k1", "--out", "signing"]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/wrote .*signing\.jwk and .*signing\.pub\.jwk/);
    const privateJwk = JSON.parse(readFileSync(file("signing.jwk"), "utf8")) as jose.JWK;
    const publicJwk = JSON.parse(readFileSync(file("signing.pub.jwk"), "utf8")) as jose.JWK;
    expect(privateJwk.d).toBeDefined();
    expect(publicJwk.d).toBeUndefined();
    expect(publicJwk.kid).toBe("k1");
    expect(statSync(file("signing.jwk")).mode & 0o777).toBe(0o600);
  });

  test("keys public prints the public half of a private key", async () => {
    const pem = (await cli(["keys", "ed25519"])).stdout;
    writeFileSync(file("ed.pem"), pem);
    const { code, stdout } = await cli(["keys", "public", "--key", "ed.pem"]);
    expect(code).toBe(0);
    expect(createPublicKey(stdout).export({ format: "jwk" })).toEqual(createPublicKey(pem).export({ format: "jwk" }));
  });

  test("bad key requests are one-line usage errors", async () => {
    expectFailure(await cli(["keys", "dsa"]), 2, /unknown key type "dsa"/);
    expectFailure(await cli(["keys", "oct", "--format", "pem"]), 2, /oct keys have no PEM form/);
    expectFailure(await cli(["keys", "rsa", "--bits", "1024"]), 2, /2048, 3072 or 4096/);
    expectFailure(await cli(["keys"]), 2, /missing key type/);
  });
});

describe("sign and verify", () => {
  let token: string;

  beforeAll(async () => {
    await cli(["keys", "ec", "--out", "es"]);
    const signed = await cli([
      "sign",
      "--key",
      "es.pem",
      "--sub",
      "alice",
      "--aud",
      "api",
      "--exp",
      "600",
      "--claim",
      "role=admin",
      "--claim",
      "level=3",
    ]);
    expect(signed.code).toBe(0);
    token = signed.stdout.trim();
  });

  test("a token signed with flags verifies and verify prints its claims", async () => {
    const { code, stdout, stderr } = await cli(["verify", token, "--key", "es.pub.pem", "--aud", "api"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const claims = JSON.parse(stdout) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: "alice", aud: "api", role: "admin", level: 3 });
    expect((claims["exp"] as number) - (claims["iat"] as number)).toBe(600);
  });

  test("the token is read from stdin, and the key from an environment variable", async () => {
    const env = { VERIFY_KEY: readFileSync(file("es.pub.pem"), "utf8") };
    const { code, stdout } = await cli(["verify", "--key-env", "VERIFY_KEY"], { input: `${token}\n`, env });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)["sub"]).toBe("alice");
  });

  test("jose verifies the token the command signed", async () => {
    const publicKey = createPublicKey(readFileSync(file("es.pub.pem"), "utf8"));
    const { payload } = await jose.jwtVerify(token, publicKey, { algorithms: ["ES256"], audience: "api" });
    expect(payload["role"]).toBe("admin");
  });

  test("a tampered token exits 1, prints no claims and one line on stderr", async () => {
    const [h, , s] = token.split(".");
    const forged = `${h}.${Buffer.from('{"sub":"mallory"}').toString("base64url")}.${s}`;
    expectFailure(
      await cli(["verify", forged, "--key", "es.pub.pem"]),
      1,
      /JamJWSVerificationError.*ERR_SIGNATURE_INVALID/,
    );
  });

  test("a wrong audience and an expired token exit 1", async () => {
    expectFailure(await cli(["verify", token, "--key", "es.pub.pem", "--aud", "other"]), 1, /ERR_JWT_CLAIM_INVALID/);
    const expired = (await cli(["sign", "--key", "es.pem", "--exp=-60"])).stdout.trim();
    expectFailure(await cli(["verify", expired, "--key", "es.pub.pem"]), 1, /JamJWTExpired/);
  });

  test("a malformed token exits 1 with a one-line error", async () => {
    expectFailure(await cli(["verify", "not.a-token", "--key", "es.pub.pem"]), 1, /ERR_TOKEN_MALFORMED/);
  });

  test("a missing key, an unset variable and an unreadable file are usage errors", async () => {
    expectFailure(await cli(["verify", token]), 2, /missing key/);
    expectFailure(await cli(["sign", "--sub", "x"]), 2, /missing key/);
    expectFailure(await cli(["verify", token, "--key-env", "NO_SUCH_VARIABLE_X"]), 2, /NO_SUCH_VARIABLE_X is not set/);
    expectFailure(await cli(["verify", token, "--key", "nope.pem"]), 2, /cannot read key file nope\.pem/);
  });

  test("no token on stdin or argument is a usage error", async () => {
    expectFailure(await cli(["verify", "--key", "es.pub.pem"]), 2, /no token/);
  });

  test("claims come from a JSON file, merged with flags", async () => {
    writeFileSync(file("claims.json"), JSON.stringify({ scope: ["read", "write"], tenant: "t1" }));
    const signed = await cli(["sign", "--key", "es.pem", "--claims", "claims.json", "--iss", "me"]);
    const { stdout } = await cli(["verify", signed.stdout.trim(), "--key", "es.pub.pem", "--iss", "me"]);
    expect(JSON.parse(stdout)).toMatchObject({ scope: ["read", "write"], tenant: "t1", iss: "me" });
    expectFailure(await cli(["sign", "--key", "es.pem", "--claims", "es.pem"]), 2, /not JSON/);
  });

  test("a JWK Set file verifies by kid, and --alg restricts the algorithms", async () => {
    await cli(["keys", "rsa", "--format", "jwk", "--kid", "r1", "--out", "r1"]);
    await cli(["keys", "rsa", "--format", "jwk", "--kid", "r2", "--out", "r2"]);
    const set = { keys: ["r1.pub.jwk", "r2.pub.jwk"].map((f) => JSON.parse(readFileSync(file(f), "utf8"))) };
    writeFileSync(file("jwks.json"), JSON.stringify(set));
    const signed = (await cli(["sign", "--key", "r2.jwk", "--alg", "PS256", "--sub", "x"])).stdout.trim();
    expect(JSON.parse(Buffer.from(signed.split(".")[0]!, "base64url").toString())).toMatchObject({
      alg: "PS256",
      kid: "r2",
    });
    expect((await cli(["verify", signed, "--key", "jwks.json"])).code).toBe(0);
    expectFailure(await cli(["verify", signed, "--key", "jwks.json", "--alg", "RS256"]), 1, /ERR_ALG_NOT_ALLOWED/);
  });

  test("--jwks verifies against a remote JWK Set served over HTTP", async () => {
    const jwks = readFileSync(file("jwks.json"), "utf8");
    const server: Server = createServer((_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end(jwks),
    );
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
      const signed = (await cli(["sign", "--key", "r1.jwk", "--sub", "remote"])).stdout.trim();
      const { code, stdout } = await cli(["verify", signed, "--jwks", url]);
      expect(code).toBe(0);
      expect(JSON.parse(stdout)["sub"]).toBe("remote");
      const stranger = (await cli(["sign", "--key", "es.pem", "--kid", "r1"])).stdout.trim();
      expectFailure(await cli(["verify", stranger, "--jwks", url]), 1, /ERR_KEY_NOT_FOUND/);
    } finally {
      server.close();
    }
  });

  test("--config signs and verifies with a Jam TOML file", async () => {
    const secret = "a shared secret of at least thirty-two bytes";
    writeFileSync(file("jam.toml"), `[jam.jose.jwt]\nalg = "HS256"\nsecret = "${secret}"\n`);
    const signed = await cli(["sign", "--config", "jam.toml", "--sub", "cfg"]);
    expect(signed.code).toBe(0);
    const verified = await cli(["verify", signed.stdout.trim(), "--config", "jam.toml"]);
    expect(JSON.parse(verified.stdout)["sub"]).toBe("cfg");
    const { payload } = await jose.jwtVerify(signed.stdout.trim(), new TextEncoder().encode(secret));
    expect(payload.sub).toBe("cfg");
    expectFailure(await cli(["verify", signed.stdout.trim(), "--config", "missing.toml"]), 1, /JamConfigurationError/);
  });
});

describe("encrypt and decrypt", () => {
  test("an RSA-encrypted payload decrypts with the private key, and jose decrypts it too", async () => {
    await cli(["keys", "rsa", "--out", "enc"]);
    const encrypted = await cli(["encrypt", '{"card":"4111"}', "--key", "enc.pub.pem"]);
    expect(encrypted.code).toBe(0);
    const token = encrypted.stdout.trim();
    expect(token.split(".")).toHaveLength(5);
    const { code, stdout } = await cli(["decrypt", token, "--key", "enc.pem"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ card: "4111" });
    const { plaintext, protectedHeader } = await jose.compactDecrypt(
      token,
      createPrivateKey(readFileSync(file("enc.pem"))),
    );
    expect(protectedHeader).toMatchObject({ alg: "RSA-OAEP-256", enc: "A256GCM" });
    expect(new TextDecoder().decode(plaintext)).toBe('{"card":"4111"}');
  });

  test("the payload and the token are read from stdin; claims from flags", async () => {
    const token = (await cli(["encrypt", "--password", "correct horse"], { input: "from stdin" })).stdout.trim();
    const { stdout } = await cli(["decrypt", "--password", "correct horse"], { input: token });
    expect(stdout).toBe("from stdin\n");
    const claimsToken = (await cli(["encrypt", "--claim", "a=1", "--password", "pw"])).stdout.trim();
    expect(JSON.parse((await cli(["decrypt", claimsToken, "--password", "pw"])).stdout)).toEqual({ a: 1 });
  });

  test("a wrong password exits 1 with a one-line error", async () => {
    const token = (await cli(["encrypt", "secret", "--password", "right one"])).stdout.trim();
    expectFailure(
      await cli(["decrypt", token, "--password", "wrong one"]),
      1,
      /JamJWEDecryptionError.*ERR_DECRYPTION_FAILED/,
    );
  });

  test("a wrong passphrase for an encrypted PEM exits 1", async () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const pem = privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "right" });
    writeFileSync(file("locked.pem"), pem);
    const signed = await cli(["sign", "--key", "locked.pem", "--password-env", "PASS"], { env: { PASS: "right" } });
    expect(signed.code).toBe(0);
    expectFailure(await cli(["sign", "--key", "locked.pem", "--password", "wrong"]), 1, /ERR_KEY_PASSWORD/);
  });

  test("a token made for other algorithms is refused, not chosen by the token", async () => {
    await cli(["keys", "oct", "--out", "kw"]);
    const token = (await cli(["encrypt", "x", "--key", "kw.jwk", "--enc", "A128GCM"])).stdout.trim();
    expectFailure(await cli(["decrypt", token, "--key", "kw.jwk"]), 1, /ERR_ALG_NOT_ALLOWED/);
    expect((await cli(["decrypt", token, "--key", "kw.jwk", "--enc", "A128GCM"])).stdout).toBe("x\n");
  });

  test("a JWK Set of private keys decrypts by the kid encrypt put in the header", async () => {
    await cli(["keys", "ec", "--format", "jwk", "--kid", "e1", "--out", "e1"]);
    await cli(["keys", "ec", "--format", "jwk", "--kid", "e2", "--out", "e2"]);
    const set = { keys: ["e1.jwk", "e2.jwk"].map((f) => JSON.parse(readFileSync(file(f), "utf8"))) };
    writeFileSync(file("private-set.json"), JSON.stringify(set));
    const token = (await cli(["encrypt", "for e2", "--key", "e2.pub.jwk"])).stdout.trim();
    expect(JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString())).toMatchObject({ kid: "e2" });
    const opened = await cli(["decrypt", token, "--key", "private-set.json", "--alg", "ECDH-ES+A256KW"]);
    expect(opened.stdout).toBe("for e2\n");
    expectFailure(await cli(["decrypt", token, "--key", "private-set.json"]), 2, /with a JWK Set, give --alg/);
  });

  test("--config encrypts and decrypts with a Jam TOML file", async () => {
    writeFileSync(
      file("enc.toml"),
      `[jam.jose.jwt]\nenc = "A256GCM"\nsecret = "a shared secret of at least thirty-two bytes"\n`,
    );
    const token = (await cli(["encrypt", "--config", "enc.toml", "--claim", "x=1"])).stdout.trim();
    expect(JSON.parse((await cli(["decrypt", token, "--config", "enc.toml"])).stdout)).toEqual({ x: 1 });
  });
});

describe("inspect and thumbprint", () => {
  beforeAll(async () => {
    expect((await cli(["keys", "ed25519", "--out", "ed2"])).code).toBe(0);
  });

  test("inspect --json marks the token untrusted and says it has expired", async () => {
    const token = (await cli(["sign", "--key", "ed2.pem", "--sub", "s", "--exp=-120"])).stdout.trim();
    const { code, stdout } = await cli(["inspect", "--json", token]);
    expect(code).toBe(0);
    const shown = JSON.parse(stdout);
    expect(shown).toMatchObject({
      untrusted: true,
      kind: "JWS",
      header: { alg: "EdDSA", typ: "JWT" },
      claims: { sub: "s" },
    });
    expect(shown.times.expired).toBe(true);
    expect(shown.times.exp).toBe(new Date(shown.claims.exp * 1000).toISOString());
  });

  test("inspect prints UNVERIFIED, dates, and whether the token is still valid (from stdin)", async () => {
    const token = (await cli(["sign", "--key", "ed2.pem", "--exp", "3600", "--nbf", "60"])).stdout.trim();
    const { code, stdout } = await cli(["inspect"], { input: token });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^UNVERIFIED JWS/);
    expect(stdout).toMatch(/expires: {4}\d{4}-\d\d-\d\dT.*\(valid for (59m \d+s|1h 0m) more\)/);
    expect(stdout).toMatch(/not before: .*not valid for (\d+s|1m 0s) yet/);
  });

  test("inspect shows a JWE's header only", async () => {
    const token = (await cli(["encrypt", "hidden", "--password", "pw"])).stdout.trim();
    const { stdout } = await cli(["inspect", token]);
    expect(stdout).toMatch(/^UNVERIFIED JWE/);
    expect(stdout).toMatch(/"alg": "PBES2-HS256\+A128KW"/);
    expect(stdout).not.toMatch(/hidden/);
  });

  test("inspect refuses a malformed token with one line, exit 1", async () => {
    expectFailure(await cli(["inspect", "e30.e30"]), 1, /ERR_TOKEN_MALFORMED/);
    expectFailure(await cli(["inspect", "eyJhbGciOiJIUzI1NiIsImFsZyI6Im5vbmUifQ.e30.c2ln"]), 1, /ERR_HEADER_INVALID/);
  });

  test("thumbprint matches jose's RFC 7638 thumbprint, for private and public forms", async () => {
    const jwk = JSON.parse(readFileSync(file("signing.pub.jwk"), "utf8")) as jose.JWK;
    const expected = await jose.calculateJwkThumbprint(jwk);
    expect((await cli(["thumbprint", "--key", "signing.pub.jwk"])).stdout).toBe(`${expected}\n`);
    expect((await cli(["thumbprint", "--key", "signing.jwk"])).stdout).toBe(`${expected}\n`);
    const pemThumb = (await cli(["thumbprint", "--key", "es.pem"])).stdout;
    expect((await cli(["thumbprint", "--key", "es.pub.pem"])).stdout).toBe(pemThumb);
    expectFailure(await cli(["thumbprint"]), 2, /missing key/);
  });
});

describe("demo", () => {
  test("runs every step and exits 0", async () => {
    const { code, stdout, stderr } = await cli(["demo"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    for (let n = 1; n <= 8; n++) expect(stdout).toMatch(new RegExp(`^${n}\\. `, "m"));
    expect(stdout).toMatch(/^4\. .*JamJWSVerificationError/m);
    expect(stdout).toMatch(/^8\. .*JamJWTInBlackList/m);
    expect(stdout).toMatch(/^done:/m);
  });
});
