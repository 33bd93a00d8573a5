/**
 * The `pokin` command line: `pokin <command> [args]`. Each command lives in src/main/commands/ and is
 * registered below; a command returns its exit code (0 ok, 1 findings/errors, 2 unreadable input).
 */
import { commands } from './commands/index.ts';

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name || c.aliases?.includes(name));
  if (!command) {
    process.stderr.write(`pokin: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(args);
}

function usage(): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return [
    'Usage: pokin <command> [options]',
    '',
    ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
  ].join('\n');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`pokin: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
