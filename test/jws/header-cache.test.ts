/**
 * A verifier keeps the last protected header it parsed (ts/jws/header.ts,
 * LastHeader): each caller must still get a header object of its own, and a
 * header that differs in any byte, nests values or carries crit is parsed
 * again.
 */
import { describe, expect, test } from "vitest";
import { JWK, JWS } from "../../ts/index.js";

const key = JWK.generate("oct-256");
const jws = new JWS({ alg: "HS256", key });

describe("the last parsed header", () => {
  test("the same header twice gives equal, separate objects: a caller's change does not reach the next", () => {
    const token = jws.sign("a", { typ: "JWT", kid: "k1" });
    // The first parses; the next ones are answered from the kept header.
    const headers = [jws.verify(token).header, jws.verify(token).header];
    for (const header of headers) {
      header["kid"] = "changed";
      delete header["typ"];
    }
    const third = jws.verify(jws.sign("b", { typ: "JWT", kid: "k1" })).header;
    expect(third).toEqual({ alg: "HS256", typ: "JWT", kid: "k1" });
    expect(headers).not.toContain(third);
  });

  test("a header one byte different is its own", () => {
    expect(jws.verify(jws.sign("a", { kid: "k1" })).header["kid"]).toBe("k1");
    expect(jws.verify(jws.sign("a", { kid: "k2" })).header["kid"]).toBe("k2");
    expect(jws.verify(jws.sign("a", { kid: "k1" })).header["kid"]).toBe("k1");
  });

  test("nested values are never shared between callers", () => {
    const header = { x5c: ["a", "b"], ext: { deep: 1 } };
    const first = jws.verify(jws.sign("a", header)).header;
    (first["x5c"] as string[]).push("c");
    (first["ext"] as { deep: number }).deep = 2;
    const second = jws.verify(jws.sign("a", header)).header;
    expect(second["x5c"]).toEqual(["a", "b"]);
    expect(second["ext"]).toEqual({ deep: 1 });
  });

  test("crit is processed on every token, with each call's own understood names", () => {
    const token = jws.sign("a", { crit: ["exp"], exp: 1 });
    expect(jws.verify(token, { crit: ["exp"] }).header["exp"]).toBe(1);
    expect(() => jws.verify(token, { crit: ["other"] })).toThrow(
      expect.objectContaining({ code: "ERR_CRIT_UNSUPPORTED" }),
    );
    expect(() => jws.verify(token)).toThrow(expect.objectContaining({ code: "ERR_CRIT_UNSUPPORTED" }));
  });

  test("a header named __proto__ stays an own member in every copy", () => {
    const first = jws.verify(jws.sign("a", JSON.parse('{"__proto__": "x"}') as Record<string, unknown>)).header;
    const second = jws.verify(jws.sign("b", JSON.parse('{"__proto__": "x"}') as Record<string, unknown>)).header;
    for (const header of [first, second]) {
      expect(Object.getPrototypeOf(header)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(header, "__proto__")?.value).toBe("x");
    }
  });
});
