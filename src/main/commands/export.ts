/**
 * `pokin export FILE_OR_TREE_ID --format xlsx|csv|md|svg|png|json [--out PATH] [--pages]`: the cascading
 * table, pokin/1 JSON or the tree diagram of a file (pokin/1 JSON or a cascading XLSX) or a stored tree.
 * Also holds what export, import-xlsx and pk share: messages and "load the tree this argument names".
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createExporter, fileStem } from '../../adapters/export/index.ts';
import { formatImportMessage, importCascadeXlsx } from '../../adapters/export/xlsx-import.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { parseTreeText } from '../../core/tree/parse.ts';
import type { Tree } from '../../core/tree/schema.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../../ports/exporter.ts';
import { cliActor, openStore } from '../wiring/store.ts';
import catalogue from './data/export-commands.messages.json' with { type: 'json' };
import { type CommandIo, langOf, processIo } from './store-messages.ts';
import type { Command } from './types.ts';

type Lang = 'id' | 'en';
export type ExportMessageKey = keyof typeof catalogue;

export function sayExport(
  key: ExportMessageKey,
  lang: Lang,
  vars: Record<string, string | number> = {},
): string {
  return catalogue[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

/**
 * The tree an argument names: an existing file (pokin/1 JSON, or a cascading .xlsx), otherwise a stored
 * tree id loaded for the command-line user. The error is the message to print.
 */
export async function loadTreeArg(arg: string, io: CommandIo, lang: Lang): Promise<Result<Tree, string>> {
  if (existsSync(arg)) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(arg);
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code ?? String(e);
      return err(`${sayExport('importXlsx.unreadable', lang, { file: arg, reason })}`);
    }
    if (extname(arg).toLowerCase() === '.xlsx') {
      const imported = await importCascadeXlsx(new Uint8Array(bytes), {
        fallbackName: basename(arg, '.xlsx'),
      });
      if (!imported.ok) {
        return err(
          `${sayExport('tree.unreadable', lang, { file: arg })}\n  ${formatImportMessage(imported.error, lang)}`,
        );
      }
      return ok(imported.value.tree);
    }
    const parsed = parseTreeText(bytes.toString('utf8'));
    if (!parsed.ok) {
      const lines = parsed.error.map((i) => `  ${i.path}: ${i.message}`);
      return err([sayExport('tree.unreadable', lang, { file: arg }), ...lines].join('\n'));
    }
    return ok(parsed.value);
  }
  const store = await openStore(io.env);
  try {
    const loaded = await store.repository.loadTree(cliActor(io.env), arg);
    if (!loaded.ok) return err(sayExport('tree.notFound', lang, { arg, reason: loaded.error.kind }));
    return ok(loaded.value.tree);
  } finally {
    await store.close();
  }
}

function humanSize(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : bytes >= 1024
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${bytes} B`;
}

function write(path: string, data: Uint8Array, io: CommandIo, lang: Lang): boolean {
  try {
    writeFileSync(path, data);
    io.out(`${sayExport('export.written', lang, { path, size: humanSize(data.length) })}\n`);
    return true;
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? String(e);
    io.err(`${sayExport('export.cannotWrite', lang, { path, reason })}\n`);
    return false;
  }
}

export async function runExport(args: string[], io: CommandIo = processIo): Promise<number> {
  let values: {
    format?: string;
    out?: string;
    pages?: boolean;
    split?: string;
    scale?: string;
    lang?: string;
  };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        out: { type: 'string', short: 'o' },
        pages: { type: 'boolean' },
        split: { type: 'string' },
        scale: { type: 'string' },
        lang: { type: 'string' },
      },
    }));
  } catch (e) {
    io.err(
      `${e instanceof Error ? e.message : String(e)}\n${sayExport('export.usage', langOf(undefined, io.env))}\n`,
    );
    return 2;
  }
  const lang = langOf(values.lang, io.env);
  const source = positionals[0];
  if (!source || positionals.length > 1 || !values.format) {
    io.err(`${sayExport('export.usage', lang)}\n`);
    return 2;
  }
  const format = values.format.toLowerCase() as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) {
    io.err(`${sayExport('export.badFormat', lang, { format: values.format })}\n`);
    return 2;
  }
  const loaded = await loadTreeArg(source, io, lang);
  if (!loaded.ok) {
    io.err(`${loaded.error}\n`);
    return 2;
  }
  if (!values.out && (format === 'xlsx' || format === 'png')) {
    const example = `${format === 'png' ? 'pohon-kinerja' : 'cascading'}-${fileStem(loaded.value)}.${format}`;
    io.err(`${sayExport('export.binaryToTerminal', lang, { format, example })}\n`);
    return 2;
  }
  const split = values.split ?? 'auto';
  const scale = values.scale === undefined ? undefined : Number(values.scale);
  if (!['auto', 'never', 'always'].includes(split) || (scale !== undefined && !(scale > 0 && scale <= 4))) {
    io.err(`${sayExport('export.usage', lang)}\n`);
    return 2;
  }
  const exporter = createExporter({
    lang,
    split: split as 'auto' | 'never' | 'always',
    ...(scale !== undefined ? { pngScale: scale } : {}),
  });
  const file = await exporter.export(loaded.value, format);
  if (!values.out) {
    io.out(new TextDecoder().decode(file.data));
    return 0;
  }
  if (!write(values.out, file.data, io, lang)) return 1;
  if (values.pages && (format === 'svg' || format === 'png')) {
    const pages = await exporter.exportPages(loaded.value, format);
    for (const page of pages) {
      if (!write(join(dirname(values.out), page.filename), page.data, io, lang)) return 1;
    }
  }
  return 0;
}

export const exportCommand: Command = {
  name: 'export',
  aliases: ['ekspor'],
  usage:
    'export FILE_OR_TREE_ID --format xlsx|csv|md|svg|png|json [--out PATH] [--pages] [--split auto|never|always] [--scale N]',
  summary: 'cascading table, pokin/1 JSON or tree diagram (diagram: --pages, --split, --scale)',
  run: (args) => runExport(args),
};
