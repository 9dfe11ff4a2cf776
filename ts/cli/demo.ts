/**
 * `jam-jose demo`: the main job end to end with nothing to configure. A key
 * pair is generated, a Jam instance is built on it with an in-memory black
 * list, and a token is issued, verified, encrypted, decrypted and revoked,
 * each step printed, with two refusals (a forged token, the revoked one).
 */
import { Jam, JamError, JWK } from "../index.js";
import { type Command, out } from "./command.js";
import { parse } from "./io.js";

const help = `Usage: jam-jose demo

Generates a P-256 key pair, then with a Jam instance (ES256 signatures,
A256GCM encryption via ECDH-ES, an in-memory black list) issues a JWT,
verifies it, refuses a forged copy, encrypts and decrypts the claims,
revokes the token and shows it refused. Prints each step; exits 0 when
every step behaved as expected.

Options:
  -h, --help  this help
`;

/** A long token shortened for the terminal. */
function short(token: string): string {
  return token.length <= 72 ? token : `${token.slice(0, 40)}...${token.slice(-24)} (${token.length} chars)`;
}

async function refused(what: () => Promise<unknown>): Promise<string> {
  try {
    await what();
  } catch (error) {
    if (error instanceof JamError) return `${error.name} (${error.code})`;
    throw error;
  }
  throw new Error("demo: a token that must be refused was accepted");
}

async function run(args: readonly string[]): Promise<void> {
  const { flags } = parse(args, {});
  if (flags["help"] === true) return out(help);
  const step = (n: number, text: string) => out(`${n}. ${text}\n`);

  const key = JWK.generate("P-256");
  step(1, `generated a P-256 key pair in WebAssembly; thumbprint ${key.thumbprint()}`);

  const jam = new Jam({
    config: {
      jam: {
        jose: {
          jwt: {
            alg: "ES256",
            enc: "A256GCM",
            secret: key.toPem({ private: true }),
            list: { type: "black", backend: "memory" },
          },
        },
      },
    },
    env: {},
  });
  try {
    const token = await jam.jwtEncode({ iss: "jam-jose-demo", sub: "alice", exp: 3600, payload: { role: "admin" } });
    step(2, `issued a signed JWT (ES256): ${short(token)}`);

    const { payload } = await jam.jwtDecode(token, { issuer: "jam-jose-demo" });
    step(3, `verified it: sub=${String(payload["sub"])} role=${String(payload["role"])} exp in 3600 s`);

    const [header64, , signature64] = token.split(".");
    const forgedClaims = Buffer.from(JSON.stringify({ ...payload, role: "root" })).toString("base64url");
    const forged = `${header64}.${forgedClaims}.${signature64}`;
    step(4, `a copy with role changed to "root" is refused: ${await refused(() => jam.jwtDecode(forged))}`);

    const encrypted = await jam.jwtEncrypt({ sub: "alice", card: "4111 1111 1111 1111" });
    const header = JSON.parse(Buffer.from(encrypted.split(".")[0]!, "base64url").toString()) as Record<string, unknown>;
    step(5, `encrypted claims (signed, then ${String(header["alg"])} + ${String(header["enc"])}): ${short(encrypted)}`);

    const opened = (await jam.jwtDecrypt(encrypted)) as Record<string, unknown>;
    step(6, `decrypted and verified it: card=${String(opened["card"])}`);

    await jam.jwtList!.add(token);
    step(7, "revoked the JWT: its SHA-256 fingerprint is on the in-memory black list");

    step(8, `the revoked JWT is refused: ${await refused(() => jam.jwtDecode(token))}`);
    out("done: issue, verify, encrypt, decrypt and revoke all behaved as expected\n");
  } finally {
    await jam.close();
    key.dispose();
  }
}

export const demo: Command = {
  name: "demo",
  summary: "issue, verify, encrypt, decrypt and revoke a token, step by step",
  help,
  run,
};
