/** A `pokin` sub-command: parses its own arguments (node:util parseArgs) and returns an exit code. */
export interface Command {
  name: string;
  aliases?: string[];
  /** e.g. "check FILE [--stage N] [--json] [--lang id|en]" */
  usage: string;
  summary: string;
  run(args: string[]): Promise<number>;
}
