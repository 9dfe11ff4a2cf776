/** `jam-jose keys`: generate a key (PEM or JWK) to stdout or files; `keys public` prints a key's public half. */
import { writeFileSync } from "node:fs";
import { JWK, type KeySpec } from "../index.js";
import { type Command, out } from "./command.js";
import { type Flags, KEY_OPTIONS, loadKey, parse, text, UsageError } from "./io.js";

const help = `Usage: jam-jose keys rsa|ec|ed25519|x25519|oct [options]
       jam-jose keys public --key FILE [--format pem|jwk]

Generates a key with the runtime's secure random source and prints the
private key (PKCS#8 PEM, or a JWK with --format jwk) to stdout, or writes
it and its public half to files with --out.

Options:
  --bits N          rsa: 2048 (default), 3072 or 4096; oct: 128, 192, 256 (default), 384 or 512
  --curve NAME      ec: P-256 (default), P-384 or P-521
  --format pem|jwk  output format (default pem; oct keys are JWK only)
  --kid ID          JWK kid (default: the RFC 7638 thumbprint)
  --out PREFIX      write PREFIX.pem and PREFIX.pub.pem (or PREFIX.jwk and PREFIX.pub.jwk)
  -h, --help        this help

keys public prints the public half of the key in --key FILE (or --key-env NAME).

Examples:
  jam-jose keys ec --curve P-384 > signing.pem
  jam-jose keys rsa --format jwk --kid 2026-01 --out rsa
  jam-jose keys public --key signing.pem > signing.pub.pem
`;

function spec(type: string, flags: Flags): KeySpec {
  const bits = text(flags, "bits");
  const curve = text(flags, "curve");
  switch (type) {
    case "rsa": {
      const size = bits ?? "2048";
      if (!["2048", "3072", "4096"].includes(size)) throw new UsageError("--bits for rsa is 2048, 3072 or 4096");
      return `RSA-${size}` as KeySpec;
    }
    case "ec": {
      const name = curve ?? "P-256";
      if (!["P-256", "P-384", "P-521"].includes(name)) throw new UsageError("--curve is P-256, P-384 or P-521");
      return name as KeySpec;
    }
    case "ed25519":
      return "Ed25519";
    case "x25519":
      return "X25519";
    case "oct": {
      const size = bits ?? "256";
      if (!["128", "192", "256", "384", "512"].includes(size)) {
        throw new UsageError("--bits for oct is 128, 192, 256, 384 or 512");
      }
      return `oct-${size}` as KeySpec;
    }
    default:
      throw new UsageError(`unknown key type ${JSON.stringify(type)}: rsa, ec, ed25519, x25519 or oct`);
  }
}

function formatOf(flags: Flags, key: JWK): "pem" | "jwk" {
  const format = text(flags, "format") ?? (key.kty === "oct" ? "jwk" : "pem");
  if (format !== "pem" && format !== "jwk") throw new UsageError("--format is pem or jwk");
  if (format === "pem" && key.kty === "oct") throw new UsageError("oct keys have no PEM form: use --format jwk");
  return format;
}

function render(key: JWK, format: "pem" | "jwk", privately: boolean, kid: string): string {
  if (format === "pem") return key.toPem({ private: privately });
  return `${JSON.stringify({ ...key.export({ private: privately }), kid })}\n`;
}

async function run(args: readonly string[]): Promise<void> {
  const { flags, positionals } = parse(args, {
    bits: { type: "string" },
    curve: { type: "string" },
    format: { type: "string" },
    kid: { type: "string" },
    out: { type: "string" },
    ...KEY_OPTIONS,
  });
  if (flags["help"] === true) return out(help);
  const [type, ...rest] = positionals;
  if (type === undefined) throw new UsageError("missing key type: rsa, ec, ed25519, x25519 or oct");
  if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
  if (type === "public") {
    const loaded = loadKey(flags, { remote: false, local: false });
    if (loaded.kind !== "key") throw new UsageError("keys public needs one key");
    const key = loaded.key;
    if (key.kty === "oct") throw new UsageError("a symmetric key has no public half");
    const format = formatOf(flags, key);
    return out(render(key.publicKey(), format, false, text(flags, "kid") ?? key.kid ?? key.thumbprint()));
  }
  const key = JWK.generate(spec(type, flags));
  const format = formatOf(flags, key);
  const kid = text(flags, "kid") ?? key.thumbprint();
  const prefix = text(flags, "out");
  if (prefix === undefined) return out(render(key, format, true, kid));
  const extension = format === "pem" ? "pem" : "jwk";
  const written = [`${prefix}.${extension}`];
  writeFileSync(written[0]!, render(key, format, true, kid), { mode: 0o600 });
  if (key.kty !== "oct") {
    written.push(`${prefix}.pub.${extension}`);
    writeFileSync(written[1]!, render(key, format, false, kid));
  }
  process.stderr.write(`wrote ${written.join(" and ")}\n`);
}

export const keys: Command = {
  name: "keys",
  summary: "generate a key (rsa, ec, ed25519, x25519, oct) as PEM or JWK",
  help,
  run,
};
