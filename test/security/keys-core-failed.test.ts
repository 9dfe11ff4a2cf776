/**
 * A trap inside the core (a Rust panic, an out-of-bounds access) leaves its
 * memory in an unknown state. The first trap fails the core for good: that
 * call and every later one throw ERR_CORE_FAILED instead of running on it.
 * The trap here is a real one, made by calling the raw, unguarded glue with
 * a number where it expects a string (what `tokenFingerprint(12345)` did
 * before the boundary checked its arguments). This file runs in its own
 * module graph, so the failed core does not leak into other tests.
 */
import { expect, test } from "vitest";
import * as glue from "../../ts/core/generated/jam_jose.js";
import { callCore } from "../../ts/core/errors.js";
import { JamError, JWK } from "../../ts/index.js";

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

test("a real trap fails the core: that call and every later one are ERR_CORE_FAILED", () => {
  expect(JWK.generate("oct-256").kty).toBe("oct");
  const raw = glue as unknown as { token_fingerprint(token: unknown): string };
  const trapped = thrown(() => callCore("key", () => raw.token_fingerprint(12345)));
  expect(trapped).toBeInstanceOf(JamError);
  expect((trapped as JamError).code).toBe("ERR_CORE_FAILED");
  expect((trapped as JamError).cause).toBeInstanceOf(WebAssembly.RuntimeError);
  const later = thrown(() => JWK.generate("oct-256"));
  expect((later as JamError).code).toBe("ERR_CORE_FAILED");
});
