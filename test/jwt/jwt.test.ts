/** JWT in signing mode: jam's encode semantics, options, factories, logging. */
import { describe, expect, test } from "vitest";
import {
  createInstance,
  createJwtInstance,
  JamConfigurationError,
  JWK,
  JWS,
  JWT,
  type Logger,
} from "../../ts/index.js";

const key = "j".repeat(32);
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("encode", () => {
  const jwt = new JWT({ alg: "HS256", secretKey: key });

  test("writes jam's claims and header", () => {
    const before = Math.floor(Date.now() / 1000);
    const token = jwt.encode({ iss: "svc", sub: "u@x", aud: "api", exp: 3600, nbf: 10, payload: { role: "admin" } });
    const { header, payload } = jwt.decode(token, { clockTolerance: 20 });
    expect(header).toEqual({ alg: "HS256", typ: "JWT" });
    expect(payload["jti"]).toMatch(UUID_V4);
    expect(payload["iat"]).toBeGreaterThanOrEqual(before);
    expect(payload).toMatchObject({ iss: "svc", sub: "u@x", aud: "api", role: "admin" });
    expect(payload["exp"]).toBe((payload["iat"] as number) + 3600);
    expect(payload["nbf"]).toBe((payload["iat"] as number) + 10);
  });

  test("omits claims that were not given and keeps a given jti", () => {
    const { payload } = jwt.decode(jwt.encode({ jti: "fixed" }));
    expect(Object.keys(payload).sort()).toEqual(["iat", "jti"]);
    expect(payload["jti"]).toBe("fixed");
  });

  test("merges payload last, so it may override registered claims", () => {
    const { payload } = jwt.decode(jwt.encode({ sub: "a", payload: { sub: "b", nested: { x: [1, 2] } } }));
    expect(payload["sub"]).toBe("b");
    expect(payload["nested"]).toEqual({ x: [1, 2] });
  });

  test("adds header members but never lets them change alg", () => {
    const token = jwt.encode({ header: { kid: "key-1", alg: "none", typ: "at+jwt" } });
    const { header } = jwt.decode(token, { requireTyp: false });
    expect(header).toEqual({ alg: "HS256", kid: "key-1", typ: "at+jwt" });
  });

  test("refuses non-numeric lifetimes", () => {
    expect(() => jwt.encode({ exp: Number.NaN })).toThrow(JamConfigurationError);
    expect(() => jwt.encode({ exp: "60" as unknown as number })).toThrow(JamConfigurationError);
  });

  test("jti is a fresh UUID v4 each time", () => {
    expect(jwt.jti).toMatch(UUID_V4);
    expect(jwt.jti).not.toBe(jwt.jti);
  });

  test("a payload with dots is just a payload", () => {
    const { payload } = jwt.decode(jwt.encode({ payload: { note: "a.b.c.d.e", url: "https://x.example/a.b" } }));
    expect(payload["note"]).toBe("a.b.c.d.e");
  });
});

describe("options", () => {
  test("a custom serializer encodes and decodes the claims", () => {
    const serializer = {
      encode: (claims: Record<string, unknown>) => JSON.stringify({ wrapped: claims }),
      decode: (data: Uint8Array) => (JSON.parse(new TextDecoder().decode(data)) as { wrapped: unknown }).wrapped,
    };
    const jwt = new JWT({ alg: "HS256", secretKey: key, serializer });
    const token = jwt.encode({ sub: "s" });
    const rawPayload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
    expect(rawPayload.wrapped.sub).toBe("s");
    expect(jwt.decode(token).payload["sub"]).toBe("s");
  });

  test("the logger never sees key material or whole tokens", () => {
    const lines: string[] = [];
    const record = (m: string, c?: Record<string, unknown>) => void lines.push(m + JSON.stringify(c ?? {}));
    const logger: Logger = { debug: record, info: record, warn: record, error: record };
    const jwt = new JWT({ alg: "HS256", secretKey: key, logger, allowShortSecrets: true });
    const token = jwt.encode({ sub: "s" });
    jwt.decode(token);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toContain(key);
      expect(line).not.toContain(token);
      expect(line).not.toContain(token.split(".")[2]);
    }
  });

  test("alg with jws, or none of alg/enc/jws/jwe, is a configuration error", () => {
    const jws = new JWS({ alg: "HS256", key });
    expect(() => new JWT({ alg: "HS256", jws })).toThrow(JamConfigurationError);
    expect(() => new JWT({})).toThrow(JamConfigurationError);
    expect(() => new JWT({ alg: "HS256" })).toThrow(JamConfigurationError);
  });

  test("a pre-built JWS is used as is", () => {
    const jws = new JWS({ alg: "HS384", key: "h".repeat(48) });
    const jwt = new JWT({ jws });
    expect(jwt.decode(jwt.encode({ sub: "p" })).header["alg"]).toBe("HS384");
  });

  test("createJwtInstance takes secret or secretKey, and createInstance is its alias", () => {
    const a = createJwtInstance({ alg: "HS256", secret: key });
    const b = createInstance({ alg: "HS256", secretKey: key });
    expect(b.decode(a.encode({ sub: "same" })).payload["sub"]).toBe("same");
    expect(createInstance).toBe(createJwtInstance);
    expect(() => createJwtInstance({ alg: "HS256", secret: key, secretKey: key })).toThrow(JamConfigurationError);
  });

  test("dispose frees the keys a JWT parsed, including jam's derived JWE key", () => {
    const jwt = new JWT({ alg: "HS256", enc: "A256GCM", secretKey: key });
    const jwe = jwt.jwe!;
    expect(jwt.decrypt(jwt.encrypt({ a: 1 }))).toEqual({ a: 1 });
    jwt.dispose();
    expect(() => jwt.encode({})).toThrow();
    expect(() => jwe.encrypt("x")).toThrow();
    // A key passed in as a JWK stays usable: its owner is the caller.
    const shared = JWK.generate("oct-256");
    const borrowing = new JWT({ alg: "HS256", secretKey: shared });
    borrowing.dispose();
    expect(shared.thumbprint()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
