/** The shape of one `jam-jose` subcommand. */
export interface Command {
  /** The word after `jam-jose`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full --help text. */
  help: string;
  /** Runs with the arguments after the command word; writes to stdout itself. */
  run(args: readonly string[]): Promise<void>;
}

/** Writes to stdout. */
export function out(text: string): void {
  process.stdout.write(text);
}
