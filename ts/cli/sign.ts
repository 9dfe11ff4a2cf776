/** `jam-jose sign`: issue a signed JWT from flags or a claims file. */
import { Jam, JWT, type EncodeClaims } from "../index.js";
import { type Command, out } from "./command.js";
import {
  claimPairs,
  type Flags,
  jsonObjectFile,
  jwsAlgorithm,
  KEY_OPTIONS,
  list,
  loadKey,
  parse,
  seconds,
  text,
  UsageError,
} from "./io.js";

const help = `Usage: jam-jose sign --key FILE [claims] [options]

Signs a JWT and prints it. The claims come from flags and/or a JSON file;
exp and nbf are lifetimes in seconds from now (as in jam), iat and jti
(a UUID) are added.

Key (one of):
  --key FILE         PEM, JWK JSON, or a secret (HS*)
  --key-env NAME     the same, from an environment variable
  --config FILE      a Jam TOML config: its [jam.jose.jwt] section signs
  --password TEXT    passphrase of an encrypted PEM (or --password-env NAME)

Claims:
  --iss ISSUER  --sub SUBJECT  --aud AUDIENCE (repeatable)  --jti ID
  --exp SECONDS       lifetime (e.g. 3600)
  --nbf SECONDS       not before, from now
  --claim NAME=VALUE  a custom claim; VALUE is JSON if it parses (repeatable)
  --claims FILE       a JSON object of claims ("-" for stdin)

Options:
  --alg ALG     JWS algorithm (default from the key: RS256, ES256/384/512, EdDSA, HS256)
  --kid ID      kid header (default: the key's kid)
  -h, --help    this help

Example:
  jam-jose sign --key signing.pem --sub alice --aud api --exp 3600 --claim role=admin
`;

export const CLAIM_OPTIONS = {
  iss: { type: "string" },
  sub: { type: "string" },
  aud: { type: "string", multiple: true },
  jti: { type: "string" },
  exp: { type: "string" },
  nbf: { type: "string" },
  claim: { type: "string", multiple: true },
  claims: { type: "string" },
} as const;

/** jam's encode claims from the flags. */
export function encodeClaims(flags: Flags): EncodeClaims {
  const audiences = list(flags, "aud");
  const file = text(flags, "claims");
  const payload = { ...(file === undefined ? {} : jsonObjectFile(file, "claims file")), ...claimPairs(flags) };
  const claims: EncodeClaims = { payload };
  const iss = text(flags, "iss");
  const sub = text(flags, "sub");
  const jti = text(flags, "jti");
  const exp = seconds(flags, "exp");
  const nbf = seconds(flags, "nbf");
  if (iss !== undefined) claims.iss = iss;
  if (sub !== undefined) claims.sub = sub;
  if (jti !== undefined) claims.jti = jti;
  if (audiences.length > 0) claims.aud = audiences.length === 1 ? audiences[0]! : audiences;
  if (exp !== undefined) claims.exp = exp;
  if (nbf !== undefined) claims.nbf = nbf;
  return claims;
}

async function run(args: readonly string[]): Promise<void> {
  const { flags, positionals } = parse(args, {
    ...KEY_OPTIONS,
    ...CLAIM_OPTIONS,
    alg: { type: "string", multiple: true },
    kid: { type: "string" },
    config: { type: "string" },
  });
  if (flags["help"] === true) return out(help);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const claims = encodeClaims(flags);
  const config = text(flags, "config");
  if (config !== undefined) {
    const jam = new Jam({ config });
    try {
      return out(`${await jam.jwtEncode(claims)}\n`);
    } finally {
      await jam.close();
    }
  }
  const loaded = loadKey(flags, { remote: false, local: false });
  if (loaded.kind !== "key") throw new UsageError("sign needs one key");
  const kid = text(flags, "kid") ?? loaded.key.kid;
  if (kid !== undefined) claims.header = { kid };
  const jwt = new JWT({ alg: jwsAlgorithm(flags, loaded.key), secretKey: loaded.key });
  out(`${jwt.encode(claims)}\n`);
}

export const sign: Command = { name: "sign", summary: "sign a JWT (claims from flags or a JSON file)", help, run };
