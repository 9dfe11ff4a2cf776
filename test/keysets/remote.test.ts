/**
 * Remote JWK Sets against a real HTTP server on 127.0.0.1 that this file
 * starts: caching, cooldown, refetch on unknown kid, shared fetches, stale
 * sets within a bound, and slow, failing, oversized, non-JSON, secret-holding
 * and rotating responses. A fake clock drives the durations; timeouts are real.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createRemoteJWKSet, JamError, JWK, JWS, JWT, type RemoteJWKSetOptions } from "../../ts/index.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const hits = new Map<string, number>();
const routes = new Map<string, Handler>();
let server: Server;
let base: string;

function keyWith(spec: Parameters<typeof JWK.generate>[0], kid: string): JWK {
  return JWK.import({ ...JWK.generate(spec).export({ private: true }), kid });
}
const keyA = keyWith("P-256", "a");
const keyB = keyWith("P-256", "b");
const keyC = keyWith("P-256", "c");
const signer = (key: JWK) => new JWT({ alg: "ES256", secretKey: key });
const tokenOf = (key: JWK, extra: Record<string, unknown> = {}) =>
  signer(key).encode({ sub: "u", exp: 60, header: { kid: key.kid, ...extra } });

/** The JWKS route serves whatever `published` holds at request time. */
let published: JWK[] = [];
const serveJson =
  (body: unknown): Handler =>
  (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const handler = routes.get(path);
    if (handler === undefined) {
      res.writeHead(404).end();
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  hits.clear();
  published = [keyA];
  routes.set("/jwks", (req, res) => serveJson({ keys: published.map((k) => k.export()) })(req, res));
  routes.set("/jwks-slow-ok", (req, res) => {
    setTimeout(() => serveJson({ keys: published.map((k) => k.export()) })(req, res), 100);
  });
  routes.set("/slow", (_req, res) => {
    setTimeout(() => res.writeHead(200).end(JSON.stringify({ keys: [keyA.export()] })), 3_000);
  });
  routes.set("/slow-body", (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"keys":[');
    setTimeout(() => res.end("]}"), 3_000);
  });
  routes.set("/fail", (_req, res) => res.writeHead(503).end("unavailable"));
  routes.set("/html", (_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>login</html>"));
  routes.set("/big-chunked", (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    const chunk = " ".repeat(16 * 1024);
    for (let i = 0; i < 64; i++) res.write(chunk);
    res.end('{"keys":[]}');
  });
  routes.set("/big-declared", (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": String(10 * 1024 * 1024) });
    res.write("{");
    setTimeout(() => res.destroy(), 500);
  });
  routes.set("/secret", serveJson({ keys: [keyA.export(), JWK.generate("oct-256").export({ private: true })] }));
  routes.set("/private", serveJson({ keys: [keyA.export({ private: true })] }));
  routes.set("/unsupported", serveJson({ keys: [{ kty: "OKP", crv: "X448", x: "AAAA" }, keyA.export()] }));
  routes.set("/empty", serveJson({ keys: [] }));
  routes.set("/jku", serveJson({ keys: [keyC.export()] }));
});

/** A remote set with a controllable clock. */
function remote(path: string, options: RemoteJWKSetOptions = {}) {
  const clock = { t: 1_000_000 };
  const set = createRemoteJWKSet(`${base}${path}`, { now: () => clock.t, ...options });
  return { set, clock, jwt: new JWT({ alg: "ES256", secretKey: set }) };
}

async function failure(promise: Promise<unknown>): Promise<JamError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof JamError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("caching", () => {
  test("the set is fetched once and reused while fresh", async () => {
    const { jwt } = remote("/jwks");
    expect((await jwt.decodeAsync(tokenOf(keyA))).payload["sub"]).toBe("u");
    await jwt.decodeAsync(tokenOf(keyA));
    expect(hits.get("/jwks")).toBe(1);
  });

  test("concurrent verifications on a cold cache share one fetch", async () => {
    const { jwt } = remote("/jwks-slow-ok");
    const results = await Promise.all(Array.from({ length: 10 }, () => jwt.decodeAsync(tokenOf(keyA))));
    expect(results.map((r) => r.payload["sub"])).toEqual(Array(10).fill("u"));
    expect(hits.get("/jwks-slow-ok")).toBe(1);
  });

  test("after maxAge the set is fetched again and a rotated-out key stops verifying", async () => {
    const { jwt, clock, set } = remote("/jwks", { maxAge: 60_000, cooldown: 1_000 });
    await jwt.decodeAsync(tokenOf(keyA));
    expect(set.fresh).toBe(true);
    published = [keyB];
    clock.t += 61_000;
    expect(set.fresh).toBe(false);
    const error = await failure(jwt.decodeAsync(tokenOf(keyA)));
    expect(error.code).toBe("ERR_KEY_NOT_FOUND");
    expect(hits.get("/jwks")).toBe(2);
    expect((await jwt.decodeAsync(tokenOf(keyB))).header["kid"]).toBe("b");
  });
});

describe("rotation and unknown kid", () => {
  test("an unknown kid triggers one refetch that finds the new key", async () => {
    const { jwt, clock } = remote("/jwks", { cooldown: 30_000 });
    await jwt.decodeAsync(tokenOf(keyA));
    published = [keyA, keyB];
    clock.t += 30_001;
    expect((await jwt.decodeAsync(tokenOf(keyB))).header["kid"]).toBe("b");
    expect(hits.get("/jwks")).toBe(2);
  });

  test("within the cooldown an unknown kid fails at once, without a request", async () => {
    const { jwt, clock, set } = remote("/jwks", { cooldown: 30_000 });
    await jwt.decodeAsync(tokenOf(keyA));
    published = [keyA, keyB];
    clock.t += 5_000;
    expect(set.coolingDown).toBe(true);
    expect((await failure(jwt.decodeAsync(tokenOf(keyB)))).code).toBe("ERR_KEY_NOT_FOUND");
    expect(hits.get("/jwks")).toBe(1);
  });

  test("a flood of tokens with random kids costs at most one fetch per cooldown", async () => {
    const { jwt, clock } = remote("/jwks", { cooldown: 30_000 });
    await jwt.decodeAsync(tokenOf(keyA));
    clock.t += 30_001;
    const forged = Array.from({ length: 20 }, (_, i) => tokenOf(keyC, { kid: `random-${i}` }));
    const errors = await Promise.all(forged.map((t) => failure(jwt.decodeAsync(t))));
    expect(new Set(errors.map((e) => e.code))).toEqual(new Set(["ERR_KEY_NOT_FOUND"]));
    expect(hits.get("/jwks")).toBe(2);
  });

  test("jku and x5u in a token are never followed", async () => {
    const { jwt } = remote("/jwks", { cooldown: 0 });
    const token = tokenOf(keyC, { jku: `${base}/jku`, x5u: `${base}/jku` });
    expect((await failure(jwt.decodeAsync(token))).code).toBe("ERR_KEY_NOT_FOUND");
    expect(hits.get("/jku")).toBeUndefined();
    expect(hits.get("/jwks")).toBe(2);
  });
});

describe("failing refreshes", () => {
  test("a stale set is served while the refresh fails, up to maxStale, then verification fails closed", async () => {
    const { jwt, clock } = remote("/jwks", { maxAge: 60_000, maxStale: 120_000, cooldown: 10_000 });
    await jwt.decodeAsync(tokenOf(keyA));
    routes.set("/jwks", (_req, res) => res.writeHead(500).end());
    clock.t += 61_000;
    expect((await jwt.decodeAsync(tokenOf(keyA))).payload["sub"]).toBe("u");
    expect(hits.get("/jwks")).toBe(2);
    clock.t += 5_000; // within the cooldown: stale set, no new request
    await jwt.decodeAsync(tokenOf(keyA));
    expect(hits.get("/jwks")).toBe(2);
    clock.t += 120_000; // past maxAge + maxStale
    const error = await failure(jwt.decodeAsync(tokenOf(keyA)));
    expect(error.name).toBe("JamJWKSUnavailable");
    expect(error.code).toBe("ERR_JWKS_UNAVAILABLE");
    expect(error.message).toMatch(/HTTP status 500/);
  });

  test("with no set yet, a failure is JamJWKSUnavailable and the cooldown holds back the next request", async () => {
    const { jwt, clock } = remote("/fail", { cooldown: 10_000 });
    expect((await failure(jwt.decodeAsync(tokenOf(keyA)))).message).toMatch(/HTTP status 503/);
    expect((await failure(jwt.decodeAsync(tokenOf(keyA)))).code).toBe("ERR_JWKS_UNAVAILABLE");
    expect(hits.get("/fail")).toBe(1);
    clock.t += 10_001;
    await failure(jwt.decodeAsync(tokenOf(keyA)));
    expect(hits.get("/fail")).toBe(2);
  });
});

describe("bad responses", () => {
  test.each([
    ["/slow", /timed out/],
    ["/slow-body", /timed out/],
    ["/html", /not JSON/],
    ["/big-chunked", /larger than 65536 bytes/],
    ["/big-declared", /larger than 65536 bytes/],
    ["/secret", /private or symmetric/],
    ["/private", /private or symmetric/],
    ["/empty", /no usable key/],
    ["/nowhere", /HTTP status 404/],
  ])("%s is refused with JamJWKSUnavailable", async (path, message) => {
    const { jwt } = remote(path, { timeout: 300, maxResponseBytes: 64 * 1024 });
    const started = Date.now();
    const error = await failure(jwt.decodeAsync(tokenOf(keyA)));
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(error.name).toBe("JamJWKSUnavailable");
    expect(error.message).toMatch(message);
  });

  test("a refused connection is JamJWKSUnavailable", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const set = createRemoteJWKSet(`http://127.0.0.1:${port}/jwks`);
    const error = await failure(new JWT({ alg: "ES256", secretKey: set }).decodeAsync(tokenOf(keyA)));
    expect(error.code).toBe("ERR_JWKS_UNAVAILABLE");
  });

  test("keys of unsupported types are skipped and the rest of the set is used", async () => {
    const { jwt, set } = remote("/unsupported");
    expect((await jwt.decodeAsync(tokenOf(keyA))).payload["sub"]).toBe("u");
    expect(set.current?.keys.map((k) => k.kid)).toEqual(["a"]);
  });
});

describe("API", () => {
  test("sync decode refuses a remote set, names the async method, and starts no fetch", async () => {
    const { jwt } = remote("/jwks");
    expect(() => jwt.decode(tokenOf(keyA))).toThrow(/decodeAsync/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hits.get("/jwks")).toBeUndefined();
  });

  test("a remote set never decrypts", async () => {
    const { set } = remote("/jwks");
    const error = await failure(Promise.resolve(set({ alg: "RSA-OAEP", enc: "A128GCM" }, "decrypt")));
    expect(error.code).toBe("ERR_CONFIG");
  });

  test("JWS.verifyAsync works with a remote set, and reload() fetches now", async () => {
    const { set } = remote("/jwks");
    const token = new JWS({ alg: "ES256", key: keyA }).sign("hi", { kid: "a" });
    const { payload } = await new JWS({ alg: "ES256", key: set }).verifyAsync(token);
    expect(Buffer.from(payload).toString()).toBe("hi");
    await set.reload();
    expect(hits.get("/jwks")).toBe(2);
    expect(set.url).toBe(`${base}/jwks`);
  });

  test("non-http URLs and bad durations are configuration errors", () => {
    expect(() => createRemoteJWKSet("file:///etc/passwd")).toThrow(/http/);
    expect(() => createRemoteJWKSet("not a url")).toThrow(/URL/);
    expect(() => createRemoteJWKSet(`${base}/jwks`, { timeout: -1 })).toThrow(/timeout/);
  });
});
