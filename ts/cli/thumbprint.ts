/** `jam-jose thumbprint`: a key's RFC 7638 SHA-256 thumbprint. */
import { type Command, out } from "./command.js";
import { KEY_OPTIONS, loadKey, parse, UsageError } from "./io.js";

const help = `Usage: jam-jose thumbprint --key FILE|--key-env NAME

Prints the RFC 7638 SHA-256 thumbprint (base64url) of a key: the same for
its private and public halves, and for PEM and JWK forms. For a JWK Set,
one line per key: thumbprint and kid.

Options:
  --key FILE        PEM, JWK or JWK Set
  --key-env NAME    the same, from an environment variable
  --password TEXT   passphrase of an encrypted PEM (or --password-env NAME)
  -h, --help        this help

Example:
  jam-jose thumbprint --key signing.pub.pem
`;

async function run(args: readonly string[]): Promise<void> {
  const { flags, positionals } = parse(args, KEY_OPTIONS);
  if (flags["help"] === true) return out(help);
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}; use --key FILE`);
  const loaded = loadKey(flags, { remote: false, local: true });
  if (loaded.kind === "key") return out(`${loaded.key.thumbprint()}\n`);
  if (loaded.kind === "set") {
    return out(loaded.set.keys.map((k) => `${k.thumbprint()}${k.kid === undefined ? "" : ` ${k.kid}`}\n`).join(""));
  }
}

export const thumbprint: Command = { name: "thumbprint", summary: "print a key's RFC 7638 thumbprint", help, run };
