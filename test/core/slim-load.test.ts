/**
 * The slim entry loads nothing at import; a failed init is a typed error that
 * leaves the door open for another attempt.
 */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { init, initSync, JamError, JWS, ready } from "../../ts/slim.js";

test("crypto before init, a failed init, then a good one", async () => {
  expect(() => new JWS({ alg: "HS256", key: "k".repeat(32) })).toThrow(/await ready\(\)/);
  await expect(ready()).rejects.toBeInstanceOf(JamError);

  // No source, or bytes that are not WebAssembly: typed errors, not TypeErrors.
  const missing = await init(undefined as never).catch((error: unknown) => error);
  expect([missing instanceof JamError, (missing as JamError).code]).toEqual([true, "ERR_INVALID_ARGUMENT"]);
  expect(() => initSync(null as never)).toThrow(JamError);
  const bad = (() => {
    try {
      initSync(new Uint8Array([1, 2, 3]));
    } catch (error) {
      return error;
    }
  })();
  expect([bad instanceof JamError, (bad as JamError).code]).toEqual([true, "ERR_CORE_NOT_READY"]);

  const failed = await init(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 255])).catch((error: unknown) => error);
  expect(failed).toBeInstanceOf(JamError);
  expect((failed as JamError).code).toBe("ERR_CORE_NOT_READY");
  expect((failed as JamError).cause).toBeInstanceOf(Error);

  await init(readFileSync(new URL("../../ts/core/generated/jam_jose_bg.wasm", import.meta.url)));
  await ready();
  const jws = new JWS({ alg: "HS256", key: "k".repeat(32) });
  expect(new TextDecoder().decode(jws.verify(jws.sign("after a retry")).payload)).toBe("after a retry");
});
