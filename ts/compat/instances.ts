/**
 * Factories in the style of jam's `create_jwt_instance` for JWS and JWE:
 * `secret` and `key` are synonyms, as `secret` and `secretKey` are for JWT.
 * (jamlib 4.2.1's jam.jose exports none of the create_* functions; its
 * docs name create_jwt_instance, which jam-jose has as createJwtInstance.)
 */
import { JamConfigurationError } from "../errors.js";
import { JWE, type JWEOptions } from "../jwe/jwe.js";
import type { JWK } from "../jwk/jwk.js";
import type { KeyInput } from "../jwk/key-input.js";
import { JWS, type JWSOptions } from "../jws/jws.js";

type WithSecret<T extends { key: unknown }> = Omit<T, "key"> & { key?: KeyInput | JWK; secret?: KeyInput | JWK };

function keyOf(options: { key?: KeyInput | JWK; secret?: KeyInput | JWK }, what: string): KeyInput | JWK {
  if (options.key !== undefined && options.secret !== undefined) {
    throw new JamConfigurationError("ERR_CONFIG", `${what}: give key or secret, not both`);
  }
  const key = options.key ?? options.secret;
  if (key === undefined) throw new JamConfigurationError("ERR_CONFIG", `${what} needs a key (or secret)`);
  return key;
}

/** Builds a JWS; `secret` is a synonym of `key`. */
export function createJwsInstance(options: WithSecret<JWSOptions>): JWS {
  const { secret: _secret, key: _key, ...rest } = options;
  return new JWS({ ...rest, key: keyOf(options, "createJwsInstance") });
}

/** Builds a JWE; `secret` is a synonym of `key`. */
export function createJweInstance(options: WithSecret<JWEOptions>): JWE {
  const { secret: _secret, key: _key, ...rest } = options;
  return new JWE({ ...rest, key: keyOf(options, "createJweInstance") });
}
