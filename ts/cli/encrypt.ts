/** `jam-jose encrypt` and `jam-jose decrypt`: compact JWE with a key or a password. */
import { Jam, JWE, JWE_ENCRYPTIONS, type JWK, type JweEncryption } from "../index.js";
import { type Command, out } from "./command.js";
import {
  claimPairs,
  type Flags,
  json,
  jsonObjectFile,
  jweAlgorithm,
  KEY_OPTIONS,
  loadKey,
  parse,
  password,
  payloadText,
  readStdin,
  text,
  tokenInput,
  UsageError,
} from "./io.js";

const keyHelp = `Key (one of):
  --key FILE        PEM, JWK, or a secret (A128KW/A192KW/A256KW, dir)
  --key-env NAME    the same, from an environment variable
  --password TEXT   a password: PBES2 (or --password-env NAME); with --key, the PEM's passphrase
  --config FILE     a Jam TOML config: its [jam.jose.jwt] section (enc, with alg: nested JWT)

Options:
  --alg ALG         key management (default from the key: RSA-OAEP-256, ECDH-ES+A256KW,
                    A128KW/A192KW/A256KW by secret length, PBES2-HS256+A128KW for a password)
  --enc ENC         content encryption (default A256GCM)
  -h, --help        this help`;

const encryptHelp = `Usage: jam-jose encrypt [PAYLOAD] --key FILE [options]

Encrypts a payload to a compact JWE and prints it. The payload is the
argument, or a JSON object from --claims FILE / --claim NAME=VALUE, or stdin.

${keyHelp}
  --claims FILE     a JSON object to encrypt ("-" for stdin)
  --claim NAME=VALUE  a member of that object; VALUE is JSON if it parses (repeatable)

Example:
  jam-jose encrypt '{"card":"4111"}' --key recipient.pub.pem
`;

const decryptHelp = `Usage: jam-jose decrypt [TOKEN] --key FILE [options]

Decrypts a compact JWE (from the argument, or stdin) and prints the
plaintext (pretty JSON when it is JSON). The token's alg and enc must be
the ones given (or the key's defaults): the token never chooses.

${keyHelp}

Example:
  jam-jose decrypt "$JWE" --key recipient.pem
`;

const OPTIONS = {
  ...KEY_OPTIONS,
  alg: { type: "string" },
  enc: { type: "string" },
  config: { type: "string" },
} as const;

function encOf(flags: Flags): JweEncryption {
  const enc = text(flags, "enc") ?? "A256GCM";
  if (!(JWE_ENCRYPTIONS as readonly string[]).includes(enc)) throw new UsageError(`unknown JWE enc ${enc}`);
  return enc as JweEncryption;
}

/** The JWE for --key (its PEM passphrase from --password) or for a --password alone (PBES2). */
function jweOf(flags: Flags): JWE {
  const pass = password(flags);
  const hasKey = text(flags, "key") !== undefined || text(flags, "key-env") !== undefined;
  if (!hasKey && pass !== undefined) {
    return new JWE({ alg: jweAlgorithm(flags, undefined, true), enc: encOf(flags), key: pass });
  }
  const loaded = loadKey(flags, { remote: false, local: true });
  if (loaded.kind === "set") {
    if (text(flags, "alg") === undefined) throw new UsageError("with a JWK Set, give --alg");
    return new JWE({ alg: jweAlgorithm(flags, undefined, false), enc: encOf(flags), key: loaded.set });
  }
  if (loaded.kind !== "key") throw new UsageError("encrypt and decrypt need --key or --password");
  return new JWE({ alg: jweAlgorithm(flags, loaded.key as JWK, false), enc: encOf(flags), key: loaded.key });
}

function payloadOf(flags: Flags, positionals: string[]): string | Record<string, unknown> {
  const file = text(flags, "claims");
  const pairs = claimPairs(flags);
  if (file !== undefined || Object.keys(pairs).length > 0) {
    if (positionals.length > 0) throw new UsageError("give a PAYLOAD argument or claims, not both");
    return { ...(file === undefined ? {} : jsonObjectFile(file, "claims file")), ...pairs };
  }
  if (positionals.length > 1) throw new UsageError("give one payload");
  const payload = positionals[0] ?? readStdin("payload");
  return payload;
}

async function runEncrypt(args: readonly string[]): Promise<void> {
  const { flags, positionals } = parse(args, {
    ...OPTIONS,
    claims: { type: "string" },
    claim: { type: "string", multiple: true },
  });
  if (flags["help"] === true) return out(encryptHelp);
  const payload = payloadOf(flags, positionals);
  const config = text(flags, "config");
  if (config !== undefined) {
    const jam = new Jam({ config });
    try {
      return out(`${await jam.jwtEncrypt(payload)}\n`);
    } finally {
      await jam.close();
    }
  }
  const jwe = jweOf(flags);
  // The recipient's kid goes in the header, so that a JWK Set can pick the key.
  const kid = jwe.keySource === undefined ? jwe.key.kid : undefined;
  out(`${jwe.encrypt(payload, kid === undefined ? {} : { kid })}\n`);
}

async function runDecrypt(args: readonly string[]): Promise<void> {
  const { flags, positionals } = parse(args, OPTIONS);
  if (flags["help"] === true) return out(decryptHelp);
  const token = tokenInput(positionals);
  const config = text(flags, "config");
  if (config !== undefined) {
    const jam = new Jam({ config });
    try {
      const value = await jam.jwtDecrypt(token);
      return out(typeof value === "string" ? `${value}\n` : json(value));
    } finally {
      await jam.close();
    }
  }
  out(payloadText(jweOf(flags).decrypt(token)));
}

export const encrypt: Command = {
  name: "encrypt",
  summary: "encrypt a payload to a compact JWE",
  help: encryptHelp,
  run: runEncrypt,
};
export const decrypt: Command = {
  name: "decrypt",
  summary: "decrypt a compact JWE",
  help: decryptHelp,
  run: runDecrypt,
};
