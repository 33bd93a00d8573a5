/** `pokin trees [--org NAME]`: the trees of the organisations the command-line user belongs to. */
import { parseArgs } from 'node:util';
import { cliActor, openStore } from '../wiring/store.ts';
import { type CommandIo, langOf, processIo, say } from './store-messages.ts';
import type { Command } from './types.ts';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export async function runTrees(args: string[], io: CommandIo = processIo): Promise<number> {
  let values: { org?: string; lang?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { org: { type: 'string' }, lang: { type: 'string' }, json: { type: 'boolean' } },
    }));
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const lang = langOf(values.lang, io.env);
  const store = await openStore(io.env);
  try {
    const actor = cliActor(io.env);
    const orgs = await store.repository.organisationsOf(actor);
    let orgId: string | undefined;
    if (values.org !== undefined) {
      const wanted = values.org.trim().toLocaleLowerCase('id');
      const org = orgs.find((o) => o.name.trim().toLocaleLowerCase('id') === wanted);
      if (!org) {
        io.err(`${say('trees.unknownOrg', lang, { org: values.org })}\n`);
        return 1;
      }
      orgId = org.id;
    }
    const trees = await store.repository.listTrees(actor, orgId);
    const orgName = new Map(orgs.map((o) => [o.id, o.name]));
    if (values.json) {
      io.out(
        `${JSON.stringify(
          trees.map((t) => ({ ...t, organisation: orgName.get(t.organisationId) })),
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    if (trees.length === 0) {
      io.out(`${say('trees.none', lang)}\n`);
      return 0;
    }
    const rows = trees.map((t) => [
      t.id,
      orgName.get(t.organisationId) ?? t.organisationId,
      t.title,
      String(t.stage),
      String(t.nodeCount),
      t.updatedAt.toISOString().slice(0, 16).replace('T', ' '),
    ]);
    io.out(`${table([say('trees.header', lang).split('|'), ...rows])}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

export const treesCommand: Command = {
  name: 'trees',
  usage: 'trees [--org NAME] [--json]',
  summary: 'list the stored trees (id, organisation, title, Tahap, conditions, updated)',
  run: (args) => runTrees(args),
};
