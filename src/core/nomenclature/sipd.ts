/**
 * The SIPD-RI nomenclature export ("nomenklatur sub kegiatan"), as rows of cell texts, turned into
 * nomenclature entries. Pure: the adapter reads XLSX/CSV into a SipdTable; this module finds the header
 * row by column NAME, reads each row's "CODE Name" cells, keeps kab/kota and provinsi rows apart, expands
 * the generic penunjang block X.XX.01 per bidang, and reports every row it cannot read by its row number.
 */
import { err, ok, type Result } from '../result.ts';
import { type LocalText, nomenclatureMessage } from './messages.ts';
import type { NomenclatureEntry, NomenclatureExtra, NomenclatureLevel } from './types.ts';

/** One row of the file as the person sees it in a spreadsheet: its 1-based row number and cell texts. */
export interface SipdRow {
  row: number;
  cells: readonly (string | undefined)[];
}

export interface SipdTable {
  rows: readonly SipdRow[];
}

/** The SIPD export's columns, by the header text the export writes. */
export const SIPD_COLUMNS = {
  pemda: 'JENIS PEMDA',
  bidang: 'BIDANG',
  program: 'PROGRAM',
  kegiatan: 'KEGIATAN',
  subKegiatan: 'SUBKEGIATAN',
  kinerja: 'KINERJA',
  indicator: 'INDIKATOR',
  unit: 'SATUAN',
  tag: 'TAG',
  definition: 'DEFINISI OPERASIONAL',
  executor: 'PELAKSANA',
  spm: 'SPM',
  kind: 'JENIS',
  previous: 'SUBKEGIATAN SEBELUMNYA',
} as const;

export type SipdColumn = keyof typeof SIPD_COLUMNS;

/** Columns without which an entry cannot be built; the others are imported when present. */
export const REQUIRED_COLUMNS: readonly SipdColumn[] = [
  'pemda',
  'bidang',
  'program',
  'kegiatan',
  'subKegiatan',
  'kinerja',
  'indicator',
  'unit',
];

/** How far down the header row is looked for (SIPD puts it on row 1; edited copies add title rows). */
export const HEADER_SEARCH_ROWS = 20;

export interface SipdIssue {
  /** Row number in the file; absent for whole-file notices. */
  row?: number | undefined;
  /** error: the row was skipped; warning: the row was imported, something is noted. */
  severity: 'error' | 'warning';
  key: string;
  message: LocalText;
}

export interface SipdImport {
  entries: NomenclatureEntry[];
  issues: SipdIssue[];
  headerRow: number;
  /** Non-blank rows below the header. */
  rowsRead: number;
  /** Rows skipped because of an error (each has an issue). */
  rowsSkipped: number;
  /** Entries added by expanding the penunjang block X.XX.01 per bidang. */
  expanded: number;
  /** Optional columns the file lacks (header texts). */
  missingOptional: string[];
}

export interface SipdFileError {
  key: 'file.noHeader' | 'file.missingColumns' | 'file.noRows';
  /** Header texts of the required columns that are missing (file.missingColumns, file.noHeader). */
  missing: string[];
  headerRow?: number | undefined;
  message: LocalText;
}

/** The folded header text: upper case, letters and digits only ("Sub Kegiatan" → "SUBKEGIATAN"). */
export function foldHeader(text: string): string {
  return text
    .normalize('NFKD')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

const PEMDA: Record<string, string> = {
  PROV: 'provinsi',
  PROVINSI: 'provinsi',
  KABKOT: 'kab_kota',
  KABKOTA: 'kab_kota',
  KABUPATENKOTA: 'kab_kota',
};

/** 'kab_kota' | 'provinsi' for a JENIS PEMDA cell ("PROV", "KABKOT", "Kabupaten/Kota"…), else undefined. */
export function pemdaOf(text: string): string | undefined {
  return PEMDA[foldHeader(text)];
}

const LEVELS = ['bidang', 'program', 'kegiatan', 'subKegiatan'] as const;
type HierarchyColumn = (typeof LEVELS)[number];

const LEVEL_OF: Record<HierarchyColumn, NomenclatureLevel> = {
  bidang: 'bidang',
  program: 'program',
  kegiatan: 'kegiatan',
  subKegiatan: 'sub_kegiatan',
};

/** Code shape per level; X.XX is the generic penunjang bidang. */
const CODE_SHAPE: Record<HierarchyColumn, { re: RegExp; example: string }> = {
  bidang: { re: /^(\d\.\d{2}|X\.XX)$/, example: '2.16' },
  program: { re: /^(\d\.\d{2}|X\.XX)\.\d{2}$/, example: '2.16.02' },
  kegiatan: { re: /^(\d\.\d{2}|X\.XX)\.\d{2}\.\d\.\d{2}$/, example: '2.16.02.2.01' },
  subKegiatan: { re: /^(\d\.\d{2}|X\.XX)\.\d{2}\.\d\.\d{2}\.\d{4}$/, example: '2.16.02.2.01.0025' },
};

/** Segments of the code kept by each level (bidang 2, program 3, kegiatan 5, sub kegiatan 6). */
const SEGMENTS: Record<HierarchyColumn, number> = { bidang: 2, program: 3, kegiatan: 5, subKegiatan: 6 };

const SUB_CODE_IN_TEXT = /(?<![\dX.])(\d|X)\.(\d{2}|XX)\.\d{2}\.\d\.\d{2}\.\d{4}(?![\d.])/g;

/** Collapse runs of whitespace (SIPD names carry stray line breaks and double spaces). */
export function collapse(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Split a "CODE Name" cell ("2.16.02 PROGRAM PENGELOLAAN …"); undefined when it does not start with a code. */
export function splitCodeName(cell: string): { code: string; name: string } | undefined {
  const m = /^([0-9Xx]+(?:\.[0-9Xx]+)*)\.?(?:\s+|$)(.*)$/s.exec(collapse(cell));
  if (!m?.[1] || !/\d|X/i.test(m[1])) return undefined;
  // A name that happens to start with a number ("2 Rumah") is not a code: codes have dots.
  if (!m[1].includes('.')) return undefined;
  return { code: m[1].toUpperCase(), name: (m[2] ?? '').trim() };
}

/**
 * Read a SIPD table. Refuses (as a value) a file whose header row cannot be found or lacks required
 * columns; otherwise returns the entries with the issues of rows it skipped or imported with a note.
 */
export function parseSipd(table: SipdTable): Result<SipdImport, SipdFileError> {
  const header = findHeader(table.rows);
  if (!header) {
    const missing = REQUIRED_COLUMNS.map((c) => SIPD_COLUMNS[c]);
    return err({
      key: 'file.noHeader',
      missing,
      message: nomenclatureMessage('file.noHeader', {
        rows: HEADER_SEARCH_ROWS,
        columns: missing.join(', '),
      }),
    });
  }
  const missing = REQUIRED_COLUMNS.filter((c) => header.columns[c] === undefined).map((c) => SIPD_COLUMNS[c]);
  if (missing.length > 0) {
    return err({
      key: 'file.missingColumns',
      missing,
      headerRow: header.row,
      message: nomenclatureMessage('file.missingColumns', { missing: missing.join(', '), row: header.row }),
    });
  }
  const missingOptional = (Object.keys(SIPD_COLUMNS) as SipdColumn[])
    .filter((c) => header.columns[c] === undefined)
    .map((c) => SIPD_COLUMNS[c]);

  const reader = new Reader(header.columns);
  if (missingOptional.length > 0) {
    reader.issues.push({
      severity: 'warning',
      key: 'file.missingOptional',
      message: nomenclatureMessage('file.missingOptional', { missing: missingOptional.join(', ') }),
    });
  }
  for (const r of table.rows) {
    if (r.row <= header.row) continue;
    if (r.cells.every((c) => collapse(c) === '')) continue;
    reader.read(r);
  }
  if (reader.rowsRead === 0) {
    return err({
      key: 'file.noRows',
      missing: [],
      headerRow: header.row,
      message: nomenclatureMessage('file.noRows', { row: header.row }),
    });
  }
  const expanded = reader.expandPenunjang();
  return ok({
    entries: reader.entries,
    issues: reader.issues,
    headerRow: header.row,
    rowsRead: reader.rowsRead,
    rowsSkipped: reader.rowsSkipped,
    expanded,
    missingOptional,
  });
}

type ColumnIndex = Partial<Record<SipdColumn, number>>;

/** The first row (within HEADER_SEARCH_ROWS) naming every required column, else the one naming most. */
function findHeader(rows: readonly SipdRow[]): { row: number; columns: ColumnIndex } | undefined {
  const byFold = new Map<string, SipdColumn>(
    (Object.entries(SIPD_COLUMNS) as [SipdColumn, string][]).map(([k, v]) => [foldHeader(v), k]),
  );
  let best: { row: number; columns: ColumnIndex; required: number } | undefined;
  for (const r of rows.slice(0, HEADER_SEARCH_ROWS)) {
    const columns: ColumnIndex = {};
    r.cells.forEach((cell, i) => {
      const key = byFold.get(foldHeader(cell ?? ''));
      if (key && columns[key] === undefined) columns[key] = i;
    });
    const required = REQUIRED_COLUMNS.filter((c) => columns[c] !== undefined).length;
    if (required === REQUIRED_COLUMNS.length) return { row: r.row, columns };
    if (required >= 2 && (!best || required > best.required)) best = { row: r.row, columns, required };
  }
  return best;
}

class Reader {
  readonly entries: NomenclatureEntry[] = [];
  readonly issues: SipdIssue[] = [];
  rowsRead = 0;
  rowsSkipped = 0;
  /** `${pemda}|${code}` → entry, for duplicates and blank parent cells. */
  private readonly known = new Map<string, NomenclatureEntry>();

  constructor(private readonly columns: ColumnIndex) {}

  private cell(r: SipdRow, column: SipdColumn): string {
    const i = this.columns[column];
    return i === undefined ? '' : (r.cells[i] ?? '');
  }

  /** Report the row as unreadable; returns false so `read` can answer with it. */
  private skip(row: number, key: string, params: Record<string, string | number>): false {
    this.rowsSkipped++;
    this.issues.push({ row, severity: 'error', key, message: nomenclatureMessage(key, { row, ...params }) });
    return false;
  }

  private warn(row: number, key: string, params: Record<string, string | number>): void {
    this.issues.push({
      row,
      severity: 'warning',
      key,
      message: nomenclatureMessage(key, { row, ...params }),
    });
  }

  /** Read one data row; false when it was skipped or only repeated an earlier row. */
  read(r: SipdRow): boolean {
    this.rowsRead++;
    const pemdaText = collapse(this.cell(r, 'pemda'));
    const pemda = pemdaOf(pemdaText);
    if (!pemda) return this.skip(r.row, 'row.badPemda', { text: pemdaText });

    const subCell = collapse(this.cell(r, 'subKegiatan'));
    if (!subCell) return this.skip(r.row, 'row.emptySubKegiatan', {});

    // Every level's cell is read first; the row is built only when all of them are sound.
    const parsed: Partial<Record<HierarchyColumn, { code: string; name: string } | 'blank'>> = {};
    for (const level of LEVELS) {
      const text = collapse(this.cell(r, level));
      const column = SIPD_COLUMNS[level];
      if (!text) {
        parsed[level] = 'blank';
        continue;
      }
      const split = splitCodeName(text);
      if (!split) return this.skip(r.row, 'row.noCode', { column, text: clip(text) });
      if (!CODE_SHAPE[level].re.test(split.code)) {
        return this.skip(r.row, 'row.badCode', {
          column,
          code: split.code,
          pattern: CODE_SHAPE[level].example,
        });
      }
      if (!split.name) return this.skip(r.row, 'row.noName', { column, code: split.code });
      parsed[level] = split;
    }
    const sub = parsed.subKegiatan;
    if (!sub || sub === 'blank') return this.skip(r.row, 'row.emptySubKegiatan', {});

    const segments = sub.code.split('.');
    // The nearest parent that disagrees is named: a sub kegiatan under the wrong kegiatan says so.
    for (const level of [...LEVELS].reverse()) {
      const cell = parsed[level];
      if (cell === 'blank' || cell === undefined) continue;
      if (cell.code !== segments.slice(0, SEGMENTS[level]).join('.')) {
        return this.skip(r.row, 'row.notNested', {
          column: SIPD_COLUMNS.subKegiatan,
          code: sub.code,
          parent: `${SIPD_COLUMNS[level]} ${cell.code}`,
        });
      }
    }
    const chain: { level: HierarchyColumn; code: string; name: string; existing?: NomenclatureEntry }[] = [];
    for (const level of LEVELS) {
      const code = segments.slice(0, SEGMENTS[level]).join('.');
      const cell = parsed[level];
      const existing = this.known.get(`${pemda}|${code}`);
      if (cell === 'blank' || cell === undefined) {
        // A blank parent cell (merged or left empty below its first row) is filled only from an
        // earlier row with that very code; anything else would be a guess.
        if (!existing) return this.skip(r.row, 'row.emptyCell', { column: SIPD_COLUMNS[level], code });
        chain.push({ level, code, name: existing.name, existing });
        continue;
      }
      chain.push({ level, code, name: cell.name, ...(existing ? { existing } : {}) });
    }

    const bidang = segments.slice(0, 2).join('.');
    for (const link of chain) {
      const level = LEVEL_OF[link.level];
      if (link.existing) {
        const isSub = level === 'sub_kegiatan';
        if (isSub || normalName(link.existing.name) !== normalName(link.name)) {
          this.warn(r.row, 'row.duplicate', {
            code: link.code,
            first: link.existing.extra?.row ?? '?',
            firstName: link.existing.name,
            text: link.name,
          });
          if (isSub) return false;
        }
        continue;
      }
      const entry: NomenclatureEntry = { code: link.code, level, name: link.name, pemda, bidang };
      if (level === 'sub_kegiatan') this.fillSubKegiatan(entry, r);
      else entry.extra = { row: r.row };
      this.known.set(`${pemda}|${link.code}`, entry);
      this.entries.push(entry);
    }
    return true;
  }

  private fillSubKegiatan(entry: NomenclatureEntry, r: SipdRow): void {
    const kinerja = collapse(this.cell(r, 'kinerja'));
    const indicator = collapse(this.cell(r, 'indicator'));
    const unit = collapse(this.cell(r, 'unit'));
    if (kinerja) entry.kinerja = kinerja;
    if (indicator) entry.indicator = indicator;
    if (unit) entry.unit = unit;
    const empty = (['kinerja', 'indicator', 'unit'] as const)
      .filter((c) => !collapse(this.cell(r, c)))
      .map((c) => SIPD_COLUMNS[c]);
    if (empty.length > 0)
      this.warn(r.row, 'row.noIndicator', { code: entry.code, columns: empty.join(', ') });

    const extra: NomenclatureExtra = { row: r.row };
    const tags = this.tags(r);
    if (tags && tags.length > 0) extra.tags = tags;
    const definition = this.cell(r, 'definition').trim();
    if (definition) extra.definition = definition;
    const executor = collapse(this.cell(r, 'executor'));
    if (executor) extra.executor = executor;
    const spm = foldHeader(this.cell(r, 'spm'));
    if (spm === 'SPM') extra.spm = true;
    else if (spm === 'NONSPM') extra.spm = false;
    const kind = collapse(this.cell(r, 'kind'));
    if (kind) extra.kind = kind;

    const previousText = collapse(this.cell(r, 'previous'));
    if (previousText) {
      const previous = previousCodes(previousText).filter((p) => p.code !== entry.code);
      if (previous.length === 0) this.warn(r.row, 'row.badPrevious', { text: clip(previousText) });
      else {
        extra.previous = previous;
        entry.previousCodes = previous.map((p) => p.code);
      }
    }
    entry.extra = extra;
  }

  private tags(r: SipdRow): string[] | undefined {
    const text = collapse(this.cell(r, 'tag'));
    if (!text || /^\[\s*(null)?\s*\]$/i.test(text) || /^null$/i.test(text)) return undefined;
    if (text.startsWith('[')) {
      try {
        const value: unknown = JSON.parse(text);
        if (Array.isArray(value)) {
          return value.filter((v): v is string => typeof v === 'string').map(collapse);
        }
      } catch {
        // reported below
      }
      this.warn(r.row, 'row.badTag', { text: clip(text) });
      return undefined;
    }
    return text
      .split(/[;,]/)
      .map(collapse)
      .filter((t) => t !== '');
  }

  /**
   * The export lists the penunjang program once, under the generic bidang X.XX; every Perangkat Daerah
   * uses it under its own bidang code. Each X.XX entry is copied for every bidang of the same pemda seen
   * in the file (an entry the file lists explicitly under that code wins). Returns the number added.
   */
  expandPenunjang(): number {
    const bidangByPemda = new Map<string, string[]>();
    for (const e of this.entries) {
      if (e.level !== 'bidang' || e.code.startsWith('X') || !e.pemda) continue;
      const list = bidangByPemda.get(e.pemda) ?? [];
      list.push(e.code);
      bidangByPemda.set(e.pemda, list);
    }
    const templates = this.entries.filter((e) => e.code.startsWith('X.XX.'));
    let added = 0;
    for (const t of templates) {
      for (const bidang of bidangByPemda.get(t.pemda ?? '') ?? []) {
        const code = bidang + t.code.slice(4);
        const key = `${t.pemda}|${code}`;
        if (this.known.has(key)) continue;
        const copy: NomenclatureEntry = {
          ...t,
          code,
          bidang,
          // The definition stays on the generic entry only: ~45 copies of long texts would triple the import.
          extra: { ...t.extra, definition: undefined, template: t.code },
        };
        if (t.previousCodes) {
          copy.previousCodes = t.previousCodes.map((p) => (p.startsWith('X.XX.') ? bidang + p.slice(4) : p));
        }
        this.known.set(key, copy);
        this.entries.push(copy);
        added++;
      }
    }
    return added;
  }
}

/** The sub kegiatan codes in a SUBKEGIATAN SEBELUMNYA cell, each with the old name written after it. */
export function previousCodes(text: string): { code: string; name: string }[] {
  const matches = [...text.matchAll(SUB_CODE_IN_TEXT)];
  return matches.map((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = matches[i + 1]?.index ?? text.length;
    return {
      code: m[0],
      name: text
        .slice(start, end)
        .replace(/^[\s:–-]+|[\s;,]+$/g, '')
        .trim(),
    };
  });
}

function normalName(name: string): string {
  return name.toLowerCase().replace(/\s+/g, ' ').trim();
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
