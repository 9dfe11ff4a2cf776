/**
 * Backend selection: the package default (JAM_JOSE_BACKEND or
 * setDefaultBackend), the per-instance option, and `backend()`.
 */
import { afterEach, describe, expect, test } from "vitest";
import { backend, defaultBackend, JWE, JWK, JWS, setDefaultBackend } from "../../ts/index.js";

const fromEnv = process.env["JAM_JOSE_BACKEND"] ?? "auto";

describe("backend selection on Node", () => {
  afterEach(() => setDefaultBackend(fromEnv as "auto"));

  test("the package default comes from JAM_JOSE_BACKEND", () => {
    expect(defaultBackend()).toBe(fromEnv);
  });

  test("backend() says where each algorithm runs under the default", () => {
    const report = backend();
    expect(report.nativeAvailable).toBe(true);
    const expected = fromEnv === "wasm" ? "wasm" : "native";
    for (const alg of ["RS256", "PS512", "ES256", "ES512", "EdDSA", "RSA-OAEP-256", "ECDH-ES+A256KW"]) {
      expect(report.algorithms[alg]).toBe(expected);
    }
    expect(report.algorithms["HS256"]).toBe("wasm");
    expect(report.algorithms["A256KW"]).toBe("wasm");
    // Only EdDSA verifies elsewhere than it signs, and only under auto on Node.
    expect(report.verify).toEqual(fromEnv === "auto" ? { EdDSA: "wasm" } : {});
  });

  test("auto verifies EdDSA in the core on Node (measured faster) and signs natively; native forces both", async () => {
    setDefaultBackend("auto");
    const key = JWK.generate("Ed25519");
    const auto = new JWS({ alg: "EdDSA", key });
    expect([auto.backend, auto.verifyBackend]).toEqual(["native", "wasm"]);
    const forced = new JWS({ alg: "EdDSA", key, backend: "native" });
    expect([forced.backend, forced.verifyBackend]).toEqual(["native", "native"]);
    // Each verifies what the other signed, and both refuse a changed signature.
    const token = forced.sign("x");
    expect(auto.verify(token).payload).toEqual(new TextEncoder().encode("x"));
    expect(forced.verify(auto.sign("y")).payload).toEqual(new TextEncoder().encode("y"));
    const tampered = `${token.slice(0, -2)}${token.at(-2) === "A" ? "B" : "A"}${token.slice(-1)}`;
    for (const jws of [auto, forced]) {
      expect(() => jws.verify(tampered)).toThrow(expect.objectContaining({ code: "ERR_SIGNATURE_INVALID" }));
      // The async path verifies where the sync one does, with the same decisions.
      expect((await jws.verifyAsync(token)).payload).toEqual(new TextEncoder().encode("x"));
      await expect(jws.verifyAsync(tampered)).rejects.toMatchObject({ code: "ERR_SIGNATURE_INVALID" });
    }
  });

  test("setDefaultBackend changes what new instances use, not existing ones", () => {
    const key = JWK.generate("P-256");
    setDefaultBackend("native");
    const before = new JWS({ alg: "ES256", key });
    setDefaultBackend("wasm");
    const after = new JWS({ alg: "ES256", key });
    expect(before.backend).toBe("native");
    expect(after.backend).toBe("wasm");
    expect(backend().algorithms["ES256"]).toBe("wasm");
    expect(after.verify(before.sign("x")).payload).toEqual(new TextEncoder().encode("x"));
  });

  test("an instance option overrides the package default", () => {
    setDefaultBackend("wasm");
    expect(new JWS({ alg: "EdDSA", key: JWK.generate("Ed25519"), backend: "native" }).backend).toBe("native");
  });

  test("ECDH-ES with an X25519 key reports the wasm backend, where its agreement runs", () => {
    setDefaultBackend("native");
    expect(new JWE({ alg: "ECDH-ES", enc: "A128GCM", key: JWK.generate("X25519") }).backend).toBe("wasm");
    expect(new JWE({ alg: "ECDH-ES", enc: "A128GCM", key: JWK.generate("P-256") }).backend).toBe("native");
  });

  test("an unknown backend name is a configuration error", () => {
    expect(() => setDefaultBackend("fast" as "auto")).toThrow(
      expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }),
    );
    expect(() => new JWS({ alg: "HS256", key: "k".repeat(32), backend: "gpu" as "auto" })).toThrow(
      expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }),
    );
  });

  test("a native signing key freed with dispose() cannot sign any more", () => {
    const key = JWK.generate("P-256");
    const jws = new JWS({ alg: "ES256", key, backend: "native" });
    jws.sign("warm the KeyObject");
    key.dispose();
    expect(() => jws.sign("after dispose")).toThrow();
  });
});
