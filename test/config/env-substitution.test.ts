/** `$VAR`, `${VAR}`, `${VAR:-default}` as a shell expands them, and `$$`. */
import { describe, expect, it } from "vitest";
import { substituteEnv } from "../../ts/index.js";
import { substituteString } from "../../ts/config/index.js";

const env = { HOST: "redis.local", PORT: "6380", EMPTY: "", KEY: "s3cr$t" };
const sub = (text: string) => substituteString(text, env, "jam.jose.jwt.secret");

describe("environment substitution", () => {
  it("expands $VAR up to the end of the name", () => {
    expect(sub("$HOST")).toBe("redis.local");
    expect(sub("redis://$HOST:$PORT/0")).toBe("redis://redis.local:6380/0");
  });

  it("expands ${VAR} inside words", () => {
    expect(sub("${HOST}_x")).toBe("redis.local_x");
  });

  it("takes the default of ${VAR:-default} when VAR is unset", () => {
    expect(sub("${NOPE:-fallback}")).toBe("fallback");
    expect(sub("redis://${NOPE:-localhost}:${PORT:-6379}")).toBe("redis://localhost:6380");
  });

  it("takes the default of ${VAR:-default} when VAR is empty, as a shell does", () => {
    expect(sub("${EMPTY:-fallback}")).toBe("fallback");
  });

  it("allows an empty default", () => {
    expect(sub("a${NOPE:-}b")).toBe("ab");
  });

  it("keeps a set-but-empty ${VAR} empty", () => {
    expect(sub("[${EMPTY}]")).toBe("[]");
  });

  it("does not expand what a variable's value contains", () => {
    expect(sub("$KEY")).toBe("s3cr$t");
  });

  it("reads $$ as a literal dollar and leaves a lone $ alone", () => {
    expect(sub("pa$$word")).toBe("pa$word");
    expect(sub("cost: 5$ or $ 6")).toBe("cost: 5$ or $ 6");
    expect(sub("$1")).toBe("$1");
  });

  it("names a missing $VAR and where it was used", () => {
    expect(() => sub("x $MISSING_VAR y")).toThrow(
      expect.objectContaining({
        name: "JamConfigurationError",
        code: "ERR_CONFIG",
        message: expect.stringContaining("MISSING_VAR"),
        details: { path: "jam.jose.jwt.secret", variable: "MISSING_VAR" },
      }),
    );
  });

  it("names a missing ${VAR}", () => {
    expect(() => sub("${ALSO_MISSING}")).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ variable: "ALSO_MISSING" }) }),
    );
  });

  it("refuses an unterminated ${ and unsupported operators", () => {
    expect(() => sub("${HOST")).toThrow(expect.objectContaining({ name: "JamConfigurationError", code: "ERR_CONFIG" }));
    expect(() => sub("${HOST:+x}")).toThrow(
      expect.objectContaining({ message: expect.stringContaining("unsupported") }),
    );
    expect(() => sub("${}")).toThrow(expect.objectContaining({ name: "JamConfigurationError" }));
  });

  it("walks tables and arrays, naming the key path of a failure", () => {
    expect(substituteEnv({ a: ["$HOST", 1, true], b: { c: "${PORT}" } }, env, "jam")).toEqual({
      a: ["redis.local", 1, true],
      b: { c: "6380" },
    });
    expect(() => substituteEnv({ list: { redis_uri: ["ok", "$GONE"] } }, env, "jam.jose.jwt")).toThrow(
      expect.objectContaining({ details: { path: "jam.jose.jwt.list.redis_uri[1]", variable: "GONE" } }),
    );
  });
});
