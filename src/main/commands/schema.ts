/** `pokin schema`: prints the JSON Schema of the pokin/1 file, generated from the zod model. */
import { treeJsonSchema } from '../../core/tree/schema.ts';
import { type CheckIo, langOf, processIo } from './check.ts';
import catalogue from './data/check-commands.messages.json' with { type: 'json' };
import type { Command } from './types.ts';

export async function runSchema(args: string[], io: CheckIo = processIo): Promise<number> {
  if (args.length > 0) {
    io.err(`${catalogue['schema.usage'][langOf(undefined, io.env)]}\n`);
    return 2;
  }
  io.out(`${JSON.stringify(treeJsonSchema(), null, 2)}\n`);
  return 0;
}

export const schemaCommand: Command = {
  name: 'schema',
  usage: 'schema',
  summary: 'print the JSON Schema of the pokin/1 tree file',
  run: (args) => runSchema(args),
};
