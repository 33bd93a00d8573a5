/**
 * `pokin nomenklatur import FILE [--versi LABEL]` stores an SIPD-RI nomenclature export as a new version
 * (current unless --tidak-aktif); `pokin nomenklatur cari "…"` searches the current version by words or
 * code; `pokin nomenklatur versi [--aktifkan ID|LABEL]` lists the versions or makes one current.
 */
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { readSipdFile } from '../../adapters/nomenclature/read-sipd.ts';
import { searchNomenclature } from '../../core/nomenclature/search.ts';
import type { SipdIssue } from '../../core/nomenclature/sipd.ts';
import type { NomenclatureLevel } from '../../core/nomenclature/types.ts';
import type { Lang } from '../../core/rules/types.ts';
import { openStore, type Store } from '../wiring/store.ts';
import catalogue from './data/nomenklatur.messages.json' with { type: 'json' };
import { type CommandIo, langOf, processIo } from './store-messages.ts';
import type { Command } from './types.ts';

type Key = keyof typeof catalogue;
/** What the command needs of the store (tests pass an in-memory one). */
type NomenclatureOnly = Pick<Store, 'nomenclature' | 'close'>;
type Open = (env: Record<string, string | undefined>) => Promise<NomenclatureOnly>;

function say(key: Key, lang: Lang, vars: Record<string, string | number> = {}): string {
  return catalogue[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

const number = (n: number, lang: Lang) => n.toLocaleString(lang === 'id' ? 'id-ID' : 'en-US');

/** Issues shown before "… and N more" unless --semua. */
const SHOWN_ISSUES = 20;

/** The version label when --versi is not given: a year in the file name ("…pemutakhiran_2027…"), else the name. */
export function labelFromFileName(path: string): string {
  const name = basename(path, extname(path));
  const years = name.match(/20\d\d/g);
  return years ? (years[years.length - 1] as string) : name;
}

export async function runNomenklatur(
  args: string[],
  io: CommandIo = processIo,
  open: Open = openStore,
): Promise<number> {
  const [sub, ...rest] = args;
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(rest);
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : String(e)}\n${say('usage', langOf(undefined, io.env))}\n`);
    return 2;
  }
  const lang = langOf(parsed.values.lang, io.env);
  if (sub === 'import') return importFile(parsed, lang, io, open);
  if (sub === 'cari' || sub === 'search') return search(parsed, lang, io, open);
  if (sub === 'versi' || sub === 'versions') return versions(parsed, lang, io, open);
  io.err(`${say('usage', lang)}\n`);
  return 2;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      versi: { type: 'string' },
      'tidak-aktif': { type: 'boolean' },
      semua: { type: 'boolean' },
      level: { type: 'string' },
      pemda: { type: 'string' },
      bidang: { type: 'string' },
      limit: { type: 'string' },
      aktifkan: { type: 'string' },
      json: { type: 'boolean' },
      lang: { type: 'string' },
    },
  });
}

type Parsed = ReturnType<typeof parse>;

async function withStore<T>(
  io: CommandIo,
  open: Open,
  lang: Lang,
  run: (store: NomenclatureOnly) => Promise<T>,
) {
  let store: NomenclatureOnly;
  try {
    store = await open(io.env);
  } catch (e) {
    io.err(`${say('failed', lang, { reason: e instanceof Error ? e.message : String(e) })}\n`);
    return 2;
  }
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

async function importFile(parsed: Parsed, lang: Lang, io: CommandIo, open: Open): Promise<number> {
  const file = parsed.positionals[0];
  if (!file) {
    io.err(`${say('usage', lang)}\n`);
    return 2;
  }
  const started = performance.now();
  const read = await readSipdFile(file);
  if (!read.ok) {
    io.err(`${say('import.refused', lang, { reason: read.error.message[lang] })}\n`);
    return 2;
  }
  const result = read.value;
  if (result.entries.length === 0) {
    io.err(`${say('import.nothing', lang, { file })}\n`);
    printIssues(result.issues, lang, io.err, true);
    return 2;
  }
  const label = parsed.values.versi?.trim() || labelFromFileName(file);
  return withStore(io, open, lang, async (store) => {
    const info = await store.nomenclature.saveVersion(label, result.entries, {
      makeCurrent: !parsed.values['tidak-aktif'],
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const count = (pemda: string) => result.entries.filter((e) => e.pemda === pemda).length;
    io.out(
      `${say('import.done', lang, {
        label,
        file: basename(file),
        format: result.format.toUpperCase(),
        sheet: result.sheet ? `, ${result.sheet}` : '',
        seconds: lang === 'id' ? seconds.replace('.', ',') : seconds,
        rows: number(result.rowsRead, lang),
        skipped: number(result.rowsSkipped, lang),
        entries: number(result.entries.length, lang),
        kab: number(count('kab_kota'), lang),
        prov: number(count('provinsi'), lang),
        expanded: number(result.expanded, lang),
      })}\n`,
    );
    io.out(`${say(info.current ? 'import.current' : 'import.notCurrent', lang, { id: info.id })}\n`);
    printIssues(result.issues, lang, io.out, parsed.values.semua ?? false);
    return result.rowsSkipped > 0 ? 1 : 0;
  });
}

function printIssues(issues: SipdIssue[], lang: Lang, write: (t: string) => void, all: boolean): void {
  if (issues.length === 0) return;
  const errors = issues.filter((i) => i.severity === 'error').length;
  write(`${say('import.issues', lang, { errors, warnings: issues.length - errors })}\n`);
  // Skipped rows first: they are what the person must fix.
  const ordered = [...issues].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1,
  );
  const shown = all ? ordered : ordered.slice(0, SHOWN_ISSUES);
  for (const issue of shown)
    write(`  - ${say(`severity.${issue.severity}`, lang)}: ${issue.message[lang]}\n`);
  if (shown.length < ordered.length) {
    write(`  ${say('import.more', lang, { count: ordered.length - shown.length })}\n`);
  }
}

const LEVELS: NomenclatureLevel[] = ['bidang', 'program', 'kegiatan', 'sub_kegiatan'];
const PEMDA: Record<string, string> = {
  kab_kota: 'kab_kota',
  kabkota: 'kab_kota',
  kabkot: 'kab_kota',
  kab: 'kab_kota',
  kota: 'kab_kota',
  provinsi: 'provinsi',
  prov: 'provinsi',
};

async function search(parsed: Parsed, lang: Lang, io: CommandIo, open: Open): Promise<number> {
  const query = parsed.positionals.join(' ').trim();
  if (!query) {
    io.err(`${say('search.empty', lang)}\n`);
    return 2;
  }
  const { level, pemda: pemdaText, bidang, limit: limitText } = parsed.values;
  if (level !== undefined && !LEVELS.includes(level as NomenclatureLevel)) {
    io.err(`${say('badLevel', lang)}\n`);
    return 2;
  }
  const pemda = pemdaText === undefined ? undefined : PEMDA[pemdaText.toLowerCase().replace(/[^a-z_]/g, '')];
  if (pemdaText !== undefined && !pemda) {
    io.err(`${say('badPemda', lang)}\n`);
    return 2;
  }
  const limit = limitText === undefined ? 10 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    io.err(`${say('badLimit', lang)}\n`);
    return 2;
  }
  return withStore(io, open, lang, async (store) => {
    const index = await store.nomenclature.current(pemda);
    if (!index) {
      io.err(`${say('search.noVersion', lang)}\n`);
      return 2;
    }
    const hits = searchNomenclature(index, query, {
      level: level as NomenclatureLevel | undefined,
      pemda,
      bidang: bidang?.split(','),
      limit,
    });
    const successor = index.successorOf(query);
    if (parsed.values.json) {
      io.out(`${JSON.stringify({ version: index.version, replacedBy: successor ?? null, hits }, null, 2)}\n`);
      return hits.length > 0 || successor ? 0 : 1;
    }
    if (successor) {
      io.out(
        `${say('search.replaced', lang, { old: query, code: successor.code, name: successor.name, version: index.version })}\n`,
      );
    }
    if (hits.length === 0) {
      if (!successor) io.out(`${say('search.none', lang, { query, version: index.version })}\n`);
      return successor ? 0 : 1;
    }
    for (const hit of hits) {
      const e = hit.entry;
      const where = e.pemda === 'provinsi' ? ' [provinsi]' : '';
      io.out(`${e.code}  ${e.name}  (${e.level}${where})\n`);
      if (e.level === 'sub_kegiatan' && e.indicator) {
        io.out(`    ${say('search.indicator', lang, { indicator: e.indicator, unit: e.unit ?? '-' })}\n`);
      }
      io.out(`    ${hit.why.message[lang]}\n`);
    }
    return 0;
  });
}

async function versions(parsed: Parsed, lang: Lang, io: CommandIo, open: Open): Promise<number> {
  return withStore(io, open, lang, async (store) => {
    const list = await store.nomenclature.listVersions();
    const wanted = parsed.values.aktifkan?.trim();
    if (wanted !== undefined) {
      const byId = list.filter((v) => v.id === wanted);
      const matches = byId.length > 0 ? byId : list.filter((v) => v.label === wanted);
      if (matches.length === 0) {
        io.err(`${say('versions.unknown', lang, { version: wanted })}\n`);
        return 1;
      }
      if (matches.length > 1) {
        io.err(`${say('versions.ambiguous', lang, { version: wanted })}\n`);
        return 1;
      }
      const chosen = matches[0] as (typeof list)[number];
      await store.nomenclature.setCurrent(chosen.id);
      io.out(`${say('versions.set', lang, { label: chosen.label, id: chosen.id })}\n`);
      return 0;
    }
    if (parsed.values.json) {
      io.out(`${JSON.stringify(list, null, 2)}\n`);
      return 0;
    }
    if (list.length === 0) {
      io.out(`${say('versions.none', lang)}\n`);
      return 0;
    }
    const rows = [
      say('versions.header', lang).split('|'),
      ...list.map((v) => [
        v.current ? '*' : '',
        v.id,
        v.label,
        v.importedAt.toISOString().slice(0, 16).replace('T', ' '),
        number(v.rowCount, lang),
      ]),
    ];
    const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
    for (const r of rows)
      io.out(
        `${r
          .map((c, i) => c.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd()}\n`,
      );
    return 0;
  });
}

export const nomenklaturCommand: Command = {
  name: 'nomenklatur',
  aliases: ['nomenclature'],
  usage: 'nomenklatur import FILE [--versi LABEL] | cari "…" | versi',
  summary: 'import the SIPD-RI nomenclature export, search it, list/set the current version',
  run: (args) => runNomenklatur(args),
};
