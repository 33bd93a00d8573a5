/**
 * `pokin import-xlsx FILE.xlsx [--out PATH] [--save]`: reads a cascading table in Pokin's XLSX layout
 * into a pokin/1 tree (stdout or --out), reporting the rows it could not read on stderr; --save stores
 * it exactly as `pokin import` does. Exit 0 all rows read, 1 some rows reported, 2 nothing read.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatImportMessage, importCascadeXlsx } from '../../adapters/export/xlsx-import.ts';
import { serialiseTree } from '../../core/tree/parse.ts';
import type { Node } from '../../core/tree/schema.ts';
import { sayExport } from './export.ts';
import { runImport } from './import.ts';
import { type CommandIo, langOf, processIo } from './store-messages.ts';
import type { Command } from './types.ts';

export async function runImportXlsx(args: string[], io: CommandIo = processIo): Promise<number> {
  let values: { out?: string; save?: boolean; org?: string; title?: string; lang?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        save: { type: 'boolean' },
        org: { type: 'string' },
        title: { type: 'string' },
        lang: { type: 'string' },
      },
    }));
  } catch (e) {
    io.err(
      `${e instanceof Error ? e.message : String(e)}\n${sayExport('importXlsx.usage', langOf(undefined, io.env))}\n`,
    );
    return 2;
  }
  const lang = langOf(values.lang, io.env);
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    io.err(`${sayExport('importXlsx.usage', lang)}\n`);
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? String(e);
    io.err(`${sayExport('importXlsx.unreadable', lang, { file, reason })}\n`);
    return 2;
  }
  const imported = await importCascadeXlsx(new Uint8Array(bytes), { fallbackName: basename(file, '.xlsx') });
  if (!imported.ok) {
    io.err(
      `${sayExport('tree.unreadable', lang, { file })}\n  ${formatImportMessage(imported.error, lang)}\n`,
    );
    return 2;
  }
  const { tree, problems } = imported.value;
  if (problems.length > 0) {
    io.err(`${sayExport('importXlsx.problems', lang, { count: problems.length })}\n`);
    for (const p of problems) io.err(`  ${formatImportMessage(p, lang)}\n`);
  }
  let nodes = 0;
  let indicators = 0;
  const count = (n: Node) => {
    nodes++;
    indicators += n.indicators?.length ?? 0;
    n.children.forEach(count);
  };
  count(tree.tree);
  tree.crosscutting.forEach(count);
  io.err(`${sayExport('importXlsx.summary', lang, { nodes, indicators, file })}\n`);
  const json = `${JSON.stringify(serialiseTree(tree), null, 2)}\n`;

  if (values.save) {
    // Same path as `pokin import`: validation, rule summary, organisation and title handling.
    const dir = mkdtempSync(join(tmpdir(), 'pokin-xlsx-'));
    try {
      const path = join(dir, `${basename(file, '.xlsx')}.json`);
      writeFileSync(path, json);
      const rest = [
        ...(values.org ? ['--org', values.org] : []),
        ...(values.title ? ['--title', values.title] : []),
        ...(values.lang ? ['--lang', values.lang] : []),
      ];
      const code = await runImport([path, ...rest], io);
      if (code !== 0) return code;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (values.out) {
    try {
      writeFileSync(values.out, json);
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code ?? String(e);
      io.err(`${sayExport('export.cannotWrite', lang, { path: values.out, reason })}\n`);
      return 1;
    }
    io.err(`${sayExport('export.written', lang, { path: values.out, size: `${json.length} B` })}\n`);
  } else if (!values.save) io.out(json);
  return problems.length > 0 ? 1 : 0;
}

export const importXlsxCommand: Command = {
  name: 'import-xlsx',
  usage: 'import-xlsx FILE.xlsx [--out PATH] [--save [--org NAME] [--title TITLE]]',
  summary: 'read a cascading XLSX into a pokin/1 tree (unreadable rows listed by row number)',
  run: (args) => runImportXlsx(args),
};
