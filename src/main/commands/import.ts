/**
 * `pokin import FILE [--org NAME]`: validates a pokin/1 file with the core parser and stores it as a new
 * tree. A file that does not parse is refused with each problem's JSON path (exit 2); otherwise the tree
 * is imported, the rule check is summarised, and the new tree id is printed.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkTree } from '../../core/rules/index.ts';
import type { Stage } from '../../core/rules/types.ts';
import { parseTreeText } from '../../core/tree/parse.ts';
import type { Node, Tree } from '../../core/tree/schema.ts';
import type { Actor, TreeRepository } from '../../ports/repository.ts';
import { cliActor, openStore } from '../wiring/store.ts';
import { type CommandIo, langOf, processIo, say } from './store-messages.ts';
import type { Command } from './types.ts';

/** The furthest Tahap the file's content reaches (planning → 5, indicators → 4, …). */
export function inferStage(tree: Tree): Stage {
  let stage: Stage = 1;
  const walk = (n: Node) => {
    if (n.planning?.length) stage = 5;
    else if (n.indicators?.length && stage < 4) stage = 4;
    else if ((n.level === 'kondisi_antara_utama' || n.level === 'kondisi_antara') && stage < 3) stage = 3;
    else if (n.level === 'csf' && stage < 2) stage = 2;
    n.children.forEach(walk);
  };
  walk(tree.tree);
  return stage;
}

function organisationName(tree: Tree): string {
  const org = tree.organization as { name: string; region?: string };
  return org.region ? `${org.name} ${org.region}` : org.name;
}

function defaultTitle(tree: Tree): string {
  const org = tree.organization as { name: string; short?: string };
  const period = tree.period as { from: number; to: number } | undefined;
  return `Pohon Kinerja ${org.short ?? org.name}${period ? ` ${period.from}–${period.to}` : ''}`;
}

/** The organisation named `name` that the actor belongs to, created (actor as admin) if there is none. */
async function organisationFor(
  repo: TreeRepository,
  actor: Actor,
  name: string,
): Promise<{ id: string; name: string }> {
  const mine = await repo.organisationsOf(actor);
  const wanted = name.trim().toLocaleLowerCase('id');
  const found = mine.find((o) => o.name.trim().toLocaleLowerCase('id') === wanted);
  return found ?? repo.createOrganisation(name.trim(), actor);
}

export async function runImport(args: string[], io: CommandIo = processIo): Promise<number> {
  let values: { org?: string; title?: string; stage?: string; lang?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        org: { type: 'string' },
        title: { type: 'string' },
        stage: { type: 'string' },
        lang: { type: 'string' },
      },
    }));
  } catch (e) {
    io.err(
      `${e instanceof Error ? e.message : String(e)}\n${say('import.usage', langOf(undefined, io.env))}\n`,
    );
    return 2;
  }
  const lang = langOf(values.lang, io.env);
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    io.err(`${say('import.usage', lang)}\n`);
    return 2;
  }
  let stage: Stage | undefined;
  if (values.stage !== undefined) {
    const n = Number(values.stage);
    if (![1, 2, 3, 4, 5].includes(n)) {
      io.err(`${say('import.badStage', lang)}\n`);
      return 2;
    }
    stage = n as Stage;
  }

  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    io.err(`${say('import.unreadable', lang, { file, reason })}\n`);
    return 2;
  }
  const parsed = parseTreeText(text);
  if (!parsed.ok) {
    io.err(`${say('import.refused', lang, { file })}\n`);
    for (const issue of parsed.error) io.err(`  ${issue.path}: ${issue.message}\n`);
    return 2;
  }
  const tree = parsed.value;
  const atStage = stage ?? inferStage(tree);
  const findings = checkTree(tree, { stage: atStage });

  const store = await openStore(io.env);
  try {
    const actor = cliActor(io.env);
    const org = await organisationFor(store.repository, actor, values.org ?? organisationName(tree));
    const title = values.title ?? defaultTitle(tree);
    const created = await store.repository.createTree(
      actor,
      org.id,
      { title, tree, stage: atStage },
      { actor, source: 'import', summary: `Impor ${file}` },
    );
    if (!created.ok) {
      io.err(`${say('import.failed', lang, { reason: created.error.kind })}\n`);
      return 1;
    }
    io.out(
      `${say('import.done', lang, { org: org.name, title, nodes: created.value.nodeCount, stage: atStage })}\n`,
    );
    if (findings.length === 0) io.out(`${say('import.clean', lang)}\n`);
    else {
      const byRule = new Map<string, number>();
      for (const f of findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
      const top = [...byRule]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 5)
        .map(([rule, n]) => `${rule} ×${n}`)
        .join(', ');
      const errors = findings.filter((f) => f.severity === 'error').length;
      io.out(`${say('import.findings', lang, { errors, warnings: findings.length - errors, top, file })}\n`);
    }
    io.out(`${say('import.id', lang, { id: created.value.id })}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

export const importCommand: Command = {
  name: 'import',
  usage: 'import FILE [--org NAME] [--title TITLE] [--stage N]',
  summary: 'store a pokin/1 file as a new tree (validated; prints the tree id)',
  run: (args) => runImport(args),
};
