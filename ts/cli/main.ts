#!/usr/bin/env node
/**
 * The `jam-jose` command. One subcommand per job; errors are one line on
 * stderr: exit 2 for bad usage (unknown command or flag, missing input),
 * exit 1 when the work itself fails (a token that does not verify, a key
 * that does not parse, a wrong password).
 */
import { JamError } from "../index.js";
import type { Command } from "./command.js";
import { demo } from "./demo.js";
import { decrypt, encrypt } from "./encrypt.js";
import { inspect } from "./inspect.js";
import { UsageError } from "./io.js";
import { keys } from "./keys.js";
import { sign } from "./sign.js";
import { thumbprint } from "./thumbprint.js";
import { verify } from "./verify.js";

const COMMANDS: readonly Command[] = [demo, keys, sign, verify, encrypt, decrypt, inspect, thumbprint];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: jam-jose <command> [options]

JWT, JWS, JWE and JWK from the command line (a Rust core in WebAssembly).

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Run "jam-jose <command> --help" for a command's options.
Start with: jam-jose demo
`;
}

/** One line, whatever the error. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? rest[0] : undefined;
    const command = COMMANDS.find((c) => c.name === topic);
    if (topic !== undefined && command === undefined) {
      process.stderr.write(`jam-jose: unknown command ${JSON.stringify(topic)} (see jam-jose --help)\n`);
      return 2;
    }
    process.stdout.write(command?.help ?? mainHelp());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    process.stderr.write(`jam-jose: unknown command ${JSON.stringify(name)} (see jam-jose --help)\n`);
    return 2;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`jam-jose ${name}: ${oneLine(error.message)}\n`);
      return 2;
    }
    if (error instanceof JamError) {
      process.stderr.write(`jam-jose ${name}: ${error.name}: ${oneLine(error.message)} [${error.code}]\n`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`jam-jose ${name}: ${oneLine(message)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
