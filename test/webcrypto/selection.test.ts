/**
 * Where the async methods run (docs/webcrypto.md): the rule under "auto" on
 * Node, the asyncBackend option and JAM_JOSE_ASYNC_BACKEND, backend()'s async
 * report, CryptoKeys made once per key and dropped with it, and Jam's methods
 * on the async path.
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import { backend, backendAsync, Jam, JWE, JWK, JWS, setDefaultBackend } from "../../ts/index.js";

const fromEnv = process.env["JAM_JOSE_BACKEND"] ?? "auto";

afterEach(() => {
  setDefaultBackend(fromEnv as "auto");
  vi.restoreAllMocks();
  delete process.env["JAM_JOSE_ASYNC_BACKEND"];
});

describe("the async path's backend on Node", () => {
  test("auto: where the sync backend is native, the async methods use it (faster than crypto.subtle)", () => {
    setDefaultBackend("auto");
    expect(new JWS({ alg: "RS256", key: JWK.generate("RSA-2048") }).asyncBackend).toBe("native");
    expect(new JWE({ alg: "RSA-OAEP-256", enc: "A256GCM", key: JWK.generate("RSA-2048") }).asyncBackend).toBe("native");
  });

  test("auto: algorithms WebCrypto does not run here (HMAC, AES key wrap) stay on the sync backend", () => {
    setDefaultBackend("auto");
    expect(new JWS({ alg: "HS256", key: JWK.generate("oct-256") }).asyncBackend).toBe("wasm");
    expect(new JWE({ alg: "A256KW", enc: "A256GCM", key: JWK.generate("oct-256") }).asyncBackend).toBe("wasm");
    expect(new JWS({ alg: "HS256", key: JWK.generate("oct-256"), asyncBackend: "webcrypto" }).asyncBackend).toBe(
      "wasm",
    );
  });

  test('backend: "wasm" keeps the async methods on wasm too; asyncBackend: "webcrypto" overrides', () => {
    const key = JWK.generate("P-256");
    expect(new JWS({ alg: "ES256", key, backend: "wasm" }).asyncBackend).toBe("wasm");
    expect(new JWS({ alg: "ES256", key, backend: "wasm", asyncBackend: "webcrypto" }).asyncBackend).toBe("webcrypto");
    const sync = new JWS({ alg: "ES256", key, asyncBackend: "sync" });
    expect(sync.asyncBackend).toBe(new JWS({ alg: "ES256", key }).backend);
  });

  test("JAM_JOSE_ASYNC_BACKEND=webcrypto forces WebCrypto for instances made after it is set", () => {
    const key = JWK.generate("P-256");
    process.env["JAM_JOSE_ASYNC_BACKEND"] = "webcrypto";
    expect(new JWS({ alg: "ES256", key }).asyncBackend).toBe("webcrypto");
  });

  test("an unknown asyncBackend is a configuration error", () => {
    expect(() => new JWS({ alg: "ES256", key: JWK.generate("P-256"), asyncBackend: "gpu" as "auto" })).toThrow(
      expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }),
    );
  });

  test("backend().async reports the rule under the package default", async () => {
    setDefaultBackend("auto");
    const report = await backendAsync();
    for (const alg of ["RS256", "ES256", "EdDSA", "RSA-OAEP-256", "ECDH-ES+A256KW"]) {
      expect(report.async[alg]).toBe("native");
    }
    expect(report.async["HS256"]).toBe("wasm");
    setDefaultBackend("wasm");
    expect(backend().async["ES256"]).toBe("wasm");
    process.env["JAM_JOSE_ASYNC_BACKEND"] = "webcrypto";
    const forced = backend().async;
    expect([forced["ES256"], forced["RSA-OAEP"], forced["EdDSA"], forced["A256KW"]]).toEqual([
      "webcrypto",
      "webcrypto",
      "webcrypto",
      "wasm",
    ]);
  });
});

describe("CryptoKeys are made once per key and dropped with it", () => {
  test("five signatures and three verifications import the key twice (private, public)", async () => {
    const importKey = vi.spyOn(globalThis.crypto.subtle, "importKey");
    const key = JWK.generate("P-256");
    const jws = new JWS({ alg: "ES256", key, asyncBackend: "webcrypto" });
    const tokens = [];
    for (let i = 0; i < 5; i++) tokens.push(await jws.signAsync({ i }));
    for (const token of tokens.slice(0, 3)) await jws.verifyAsync(token);
    expect(importKey).toHaveBeenCalledTimes(2);
    expect(importKey.mock.calls.map((call) => call[0])).toEqual(["pkcs8", "spki"]);
  });

  test("a key freed with dispose() cannot sign on the WebCrypto path any more", async () => {
    const key = JWK.generate("P-256");
    const jws = new JWS({ alg: "ES256", key, asyncBackend: "webcrypto" });
    await jws.signAsync("warm the CryptoKey");
    key.dispose();
    await expect(jws.signAsync("after dispose")).rejects.toThrow();
  });
});

describe("Jam's methods run on the async path", () => {
  test("jwtEncode / jwtDecode sign and verify with crypto.subtle when WebCrypto is forced", async () => {
    process.env["JAM_JOSE_ASYNC_BACKEND"] = "webcrypto";
    const sign = vi.spyOn(globalThis.crypto.subtle, "sign");
    const verify = vi.spyOn(globalThis.crypto.subtle, "verify");
    const jwk = JSON.stringify(JWK.generate("P-256").export({ private: true }));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's ${VAR} substitution, not a template
    const jam = Jam.fromToml(["[jam.jose.jwt]", 'alg = "ES256"', "secret = '${ES256_JWK}'"].join("\n"), {
      env: { ES256_JWK: jwk },
    });
    const token = await jam.jwtEncode({ exp: 60, payload: { role: "reader" } });
    const decoded = await jam.jwtDecode(token);
    expect(decoded.payload["role"]).toBe("reader");
    expect(sign).toHaveBeenCalledTimes(1);
    expect(verify).toHaveBeenCalledTimes(1);
    await expect(jam.jwtDecode(`${token.slice(0, -4)}AAAA`)).rejects.toMatchObject({ code: "ERR_SIGNATURE_INVALID" });
  });
});
