/**
 * `pokin pk "QUERY" --tree FILE_OR_TREE_ID`: what a post, PK holder or words are accountable for —
 * sasaran, indicators (formula, unit, targets) and the path to the outcome. Exit 1 when nothing matches.
 */
import { parseArgs } from 'node:util';
import { formatPkAnswer, lookupPk } from '../../core/lookup/pk.ts';
import { loadTreeArg, sayExport } from './export.ts';
import { type CommandIo, langOf, processIo } from './store-messages.ts';
import type { Command } from './types.ts';

export async function runPk(args: string[], io: CommandIo = processIo): Promise<number> {
  let values: { tree?: string; json?: boolean; lang?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { tree: { type: 'string', short: 't' }, json: { type: 'boolean' }, lang: { type: 'string' } },
    }));
  } catch (e) {
    io.err(
      `${e instanceof Error ? e.message : String(e)}\n${sayExport('pk.usage', langOf(undefined, io.env))}\n`,
    );
    return 2;
  }
  const lang = langOf(values.lang, io.env);
  const query = positionals.join(' ').trim();
  if (!query || !values.tree) {
    io.err(`${sayExport('pk.usage', lang)}\n`);
    return 2;
  }
  const loaded = await loadTreeArg(values.tree, io, lang);
  if (!loaded.ok) {
    io.err(`${loaded.error}\n`);
    return 2;
  }
  const result = lookupPk(loaded.value, query);
  io.out(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatPkAnswer(result, lang)}\n`);
  return result.kind === 'found' ? 0 : 1;
}

export const pkCommand: Command = {
  name: 'pk',
  usage: 'pk "QUERY" --tree FILE_OR_TREE_ID [--json]',
  summary: 'look up a PK: sasaran, indicators, targets and path by post, holder or words',
  run: (args) => runPk(args),
};
