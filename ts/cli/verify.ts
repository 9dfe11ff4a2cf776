/** `jam-jose verify`: verify a JWT and print its claims, only when it verifies. */
import { Jam, JWS_ALGORITHMS, JWT, type DecodeOptions, type JwsAlgorithm } from "../index.js";
import { type Command, out } from "./command.js";
import {
  type Flags,
  json,
  jwsAlgorithmsFor,
  KEY_OPTIONS,
  list,
  loadKey,
  parse,
  seconds,
  text,
  tokenInput,
  UsageError,
} from "./io.js";

const help = `Usage: jam-jose verify [TOKEN] --key FILE|--key-env NAME|--jwks URL [options]

Verifies a signed JWT (from the argument, or stdin) and validates its
claims. On success prints the claims as JSON and exits 0; otherwise prints
one line on stderr and exits 1. Nothing is printed from a token that fails.

Key (one of):
  --key FILE        PEM, JWK, a JWK Set (the key chosen by kid), or a secret
  --key-env NAME    the same, from an environment variable
  --jwks URL        a remote JWK Set (an identity provider's jwks_uri)
  --config FILE     a Jam TOML config (its [jam.jose.jwt] section and token list)
  --password TEXT   passphrase of an encrypted PEM (or --password-env NAME)

Checks:
  --alg ALG         accepted algorithm (repeatable; default: those the key's type can verify)
  --iss ISSUER  --aud AUDIENCE  --sub SUBJECT  --typ TYPE
  --require CLAIM   a claim that must be present (repeatable)
  --leeway SECONDS  clock tolerance for exp/nbf/iat
  -h, --help        this help

Example:
  jam-jose verify "$TOKEN" --jwks https://idp.example/.well-known/jwks.json --iss https://idp.example --aud api
`;

function decodeOptions(flags: Flags): DecodeOptions {
  const options: DecodeOptions = {};
  const iss = text(flags, "iss");
  const sub = text(flags, "sub");
  const typ = text(flags, "typ");
  const audiences = list(flags, "aud");
  const leeway = seconds(flags, "leeway");
  const required = list(flags, "require");
  if (iss !== undefined) options.issuer = iss;
  if (sub !== undefined) options.subject = sub;
  if (typ !== undefined) options.typ = typ;
  if (audiences.length > 0) options.audience = audiences;
  if (leeway !== undefined) options.clockTolerance = leeway;
  if (required.length > 0) options.requiredClaims = required;
  return options;
}

function allowList(flags: Flags, fallback: readonly JwsAlgorithm[]): JwsAlgorithm[] {
  const given = list(flags, "alg");
  for (const alg of given) {
    if (!(JWS_ALGORITHMS as readonly string[]).includes(alg)) throw new UsageError(`unknown JWS alg ${alg}`);
  }
  return given.length > 0 ? (given as JwsAlgorithm[]) : [...fallback];
}

async function run(args: readonly string[]): Promise<void> {
  const { flags, positionals } = parse(args, {
    ...KEY_OPTIONS,
    jwks: { type: "string" },
    config: { type: "string" },
    alg: { type: "string", multiple: true },
    iss: { type: "string" },
    aud: { type: "string", multiple: true },
    sub: { type: "string" },
    typ: { type: "string" },
    require: { type: "string", multiple: true },
    leeway: { type: "string" },
  });
  if (flags["help"] === true) return out(help);
  const options = decodeOptions(flags);
  const config = text(flags, "config");
  const token = tokenInput(positionals);
  if (config !== undefined) {
    const jam = new Jam({ config });
    try {
      const decoded = await jam.jwtDecode(token, options);
      return out(json(decoded.payload));
    } finally {
      await jam.close();
    }
  }
  const loaded = loadKey(flags, { remote: true, local: true });
  // With a key set, the key's type is only known per token: every algorithm
  // is allowed and selection never pairs a token with a key of another type.
  const algorithms = allowList(flags, loaded.kind === "key" ? jwsAlgorithmsFor(loaded.key) : JWS_ALGORITHMS);
  if (algorithms.length === 0) throw new UsageError("this key cannot verify; give --alg");
  const secretKey = loaded.kind === "key" ? loaded.key : loaded.set;
  const jwt = new JWT({ alg: algorithms[0]!, secretKey });
  const decoded = await jwt.decodeAsync(token, { ...options, algorithms });
  out(json(decoded.payload));
}

export const verify: Command = {
  name: "verify",
  summary: "verify a JWT; print its claims only if it verifies",
  help,
  run,
};
