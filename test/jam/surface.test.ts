/**
 * The rest of jam's JWT surface: exp 0 and null claims as jam treats them,
 * jam's error_code strings on our errors, createJwsInstance /
 * createJweInstance, and keys given as a path to a file.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  createJweInstance,
  createJwsInstance,
  JamConfigurationError,
  JamJWEDecryptionError,
  JamJWSVerificationError,
  JamJWTExpired,
  JWS,
  JWT,
} from "../../ts/index.js";
import { KEYS } from "./cases.js";
import { runJam, pythonValueOf } from "./jam-python.js";

const dir = mkdtempSync(join(tmpdir(), "jam-surface-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("claims as jam writes them", () => {
  it("exp: 0 writes no exp, nbf: 0 writes nbf = iat, and null values are dropped", async () => {
    const jwt = new JWT({ alg: "HS256", secretKey: KEYS.hmac });
    const token = jwt.encode({ exp: 0, nbf: 0, payload: { role: null, keep: 1 } as Record<string, unknown> });
    const { payload } = jwt.decode(token);
    expect(payload).not.toHaveProperty("exp");
    expect(payload).not.toHaveProperty("role");
    expect(payload["nbf"]).toBe(payload["iat"]);
    expect(payload["keep"]).toBe(1);
    // jam, given the same arguments, writes the same claim names.
    const [made] = await runJam([
      { op: "make", kind: "jwt", alg: "HS256", key: KEYS.hmac, payload: { role: null, keep: 1 } },
    ]);
    const theirs = jwt.decode(pythonValueOf(made, "jam make") as string).payload;
    expect(Object.keys(theirs).sort()).toEqual(["exp", "iat", "jti", "keep", "sub"]);
  });
});

describe("jam's error_code strings", () => {
  it("expired, bad signature, failed decryption, configuration", () => {
    const jwt = new JWT({ alg: "HS256", secretKey: KEYS.hmac });
    const expired = jwt.encode({ exp: -60 });
    expect(() => jwt.decode(expired)).toThrow(expect.objectContaining({ jamCode: "jwt.token_expired" }));
    try {
      jwt.decode(expired);
    } catch (e) {
      expect(e).toBeInstanceOf(JamJWTExpired);
    }
    const [h, p] = expired.split(".");
    const forged = `${h}.${p}.${"A".repeat(43)}`;
    expect(() => jwt.decode(forged)).toThrow(expect.objectContaining({ jamCode: "jws.verification_error" }));
    expect(() => new JWS({ alg: "HS256", key: "short" })).toThrow(
      expect.objectContaining({ jamCode: "jam.configuration" }),
    );
    const jwe = createJweInstance({ alg: "A256KW", enc: "A256GCM", secret: KEYS.kw256 });
    const token = jwe.encrypt("x").split(".");
    token[3] = "AAAA";
    let caught: unknown;
    try {
      jwe.decrypt(token.join("."));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(JamJWEDecryptionError);
    expect((caught as JamJWEDecryptionError).jamCode).toBe("jwe.decryption_error");
    expect(new JamJWSVerificationError("ERR_SIGNATURE_INVALID", "x").jamCode).toBe("jws.verification_error");
  });
});

describe("createJwsInstance and createJweInstance", () => {
  it("take key or secret (not both) and build working instances", () => {
    const jws = createJwsInstance({ alg: "HS256", secret: KEYS.hmac });
    expect(createJwsInstance({ alg: "HS256", key: KEYS.hmac }).verify(jws.sign("hi")).payload).toEqual(
      new TextEncoder().encode("hi"),
    );
    expect(() => createJwsInstance({ alg: "HS256", key: KEYS.hmac, secret: KEYS.hmac })).toThrow(JamConfigurationError);
    expect(() => createJwsInstance({ alg: "HS256" })).toThrow(JamConfigurationError);
    const jwe = createJweInstance({ alg: "RSA-OAEP", enc: "A256GCM", key: KEYS.rsa, compat: "jam" });
    expect(new TextDecoder().decode(jwe.decrypt(jwe.encrypt("sealed")))).toBe("sealed");
  });
});

describe("keys given as a path to a file", () => {
  it("reads PEM and secret files by path (string or { path }), as jam reads them", () => {
    const pemPath = join(dir, "signing.pem");
    writeFileSync(pemPath, KEYS.p256);
    const secretPath = join(dir, "hmac.key");
    writeFileSync(secretPath, `${KEYS.hmac}\n`);
    const byPath = new JWT({ alg: "ES256", secretKey: pemPath });
    const byPem = new JWT({ alg: "ES256", secretKey: KEYS.p256 });
    expect(byPem.decode(byPath.encode({ sub: "p" })).payload["sub"]).toBe("p");
    const explicit = new JWS({ alg: "ES256", key: { path: pemPath } });
    expect(byPem.jws!.verify(explicit.sign("x")).header["alg"]).toBe("ES256");
    // The file's text, stripped as jam strips it, is the secret.
    const secretByPath = new JWT({ alg: "HS256", secretKey: secretPath });
    expect(
      new JWT({ alg: "HS256", secretKey: KEYS.hmac }).decode(secretByPath.encode({ sub: "s" })).payload["sub"],
    ).toBe("s");
  });

  it("a string that does not look like a path stays a secret even if such a file exists", () => {
    const name = "a-secret-that-is-also-a-file-name-but-no-path-12345";
    const cwd = process.cwd();
    writeFileSync(join(cwd, name), "file content");
    try {
      const jwt = new JWT({ alg: "HS256", secretKey: name });
      const withLiteral = new JWT({ alg: "HS256", secretKey: new TextEncoder().encode(name) });
      expect(withLiteral.decode(jwt.encode({ sub: "lit" })).payload["sub"]).toBe("lit");
    } finally {
      rmSync(join(cwd, name));
    }
  });

  it("a missing explicit path is an error; a path-like secret with no file stays a secret", () => {
    expect(() => new JWS({ alg: "HS256", key: { path: join(dir, "missing.pem") } })).toThrow(JamConfigurationError);
    const pathLike = "./not/a/real/file/but/a/long/secret/value.key";
    const jws = new JWS({ alg: "HS256", key: pathLike });
    expect(new JWS({ alg: "HS256", key: new TextEncoder().encode(pathLike) }).verify(jws.sign("x")).header["alg"]).toBe(
      "HS256",
    );
  });
});
