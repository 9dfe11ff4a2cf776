/**
 * The slim entry loads nothing at import; a failed init is a typed error that
 * leaves the door open for another attempt.
 */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { init, JamError, JWS, ready } from "../../ts/slim.js";

test("crypto before init, a failed init, then a good one", async () => {
  expect(() => new JWS({ alg: "HS256", key: "k".repeat(32) })).toThrow(/await ready\(\)/);
  await expect(ready()).rejects.toBeInstanceOf(JamError);

  const failed = await init(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 255])).catch((error: unknown) => error);
  expect(failed).toBeInstanceOf(JamError);
  expect((failed as JamError).code).toBe("ERR_CORE_NOT_READY");
  expect((failed as JamError).cause).toBeInstanceOf(Error);

  await init(readFileSync(new URL("../../ts/core/generated/jam_jose_bg.wasm", import.meta.url)));
  await ready();
  const jws = new JWS({ alg: "HS256", key: "k".repeat(32) });
  expect(new TextDecoder().decode(jws.verify(jws.sign("after a retry")).payload)).toBe("after a retry");
});
