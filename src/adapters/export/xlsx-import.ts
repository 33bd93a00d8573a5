/**
 * Reads a cascading table in Pokin's XLSX layout (the one xlsx.ts writes, or the same columns typed by
 * hand in Excel) back into a tree. Rows it cannot read are reported by row number, never guessed at:
 * a blank parent cell means "no node at that level", not "same as above".
 */
import ExcelJS from 'exceljs';
import { CROSSCUTTING_MARK, GROUPS, LEVEL_OF_COMPONENT } from '../../core/cascade/matrix.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { parseTree } from '../../core/tree/parse.ts';
import {
  type Component,
  type Indicator,
  type Kinerja,
  type NodeInput,
  PK_HOLDERS,
  type PkHolder,
  type Planning,
  type TargetValue,
  type Term,
  type Tree,
} from '../../core/tree/schema.ts';
import messages from './data/import-messages.json' with { type: 'json' };
import { META_LABELS, SHEET_NAMES } from './xlsx.ts';

export type ImportMessageCode = keyof typeof messages;

/** A row that could not be read (or only partly), with what to do about it. */
export interface ImportProblem {
  row: number;
  code: ImportMessageCode;
  params: Record<string, string>;
}

/** Why nothing could be imported. */
export interface ImportFailure {
  code: ImportMessageCode;
  params: Record<string, string>;
}

export interface ImportedTree {
  tree: Tree;
  problems: ImportProblem[];
}

export function formatImportMessage(
  p: { code: ImportMessageCode; params: Record<string, string> },
  lang: 'id' | 'en' = 'id',
): string {
  return messages[p.code][lang].replace(/\{(\w+)\}/g, (_, k: string) => p.params[k] ?? '');
}

const KINERJA_OF_COMPONENT: Record<Component, Kinerja> = {
  tujuan: 'strategis',
  sasaran_skpd: 'strategis',
  sasaran_program: 'taktikal_intermediate',
  sasaran_kegiatan: 'taktikal_immediate',
  sasaran_sub_kegiatan: 'operasional',
};

interface ColumnMap {
  statement: Array<number | undefined>;
  indicator: Array<number | undefined>;
  nomenclature: Array<number | undefined>;
  formula?: number;
  unit?: number;
  baseline?: number;
  baselineYear?: number;
  targets: Array<{ col: number; year?: string }>;
  pk?: number;
  note?: number;
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Plain text (or number) of a cell, whatever exceljs hands back (rich text, formula result, link). */
function cellValue(cell: ExcelJS.Cell): string | number | null {
  const v = cell.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v)
      return (
        v.richText
          .map((r) => r.text)
          .join('')
          .trim() || null
      );
    if ('result' in v) {
      const r = v.result;
      return r === undefined || r === null || typeof r === 'object'
        ? null
        : typeof r === 'number'
          ? r
          : String(r);
    }
    if ('text' in v) return String(v.text).trim() || null;
  }
  return null;
}

function cellText(cell: ExcelJS.Cell): string | null {
  const v = cellValue(cell);
  return v === null ? null : String(v);
}

function mapColumns(row: ExcelJS.Row): ColumnMap | undefined {
  const map: ColumnMap = { statement: [], indicator: [], nomenclature: [], targets: [] };
  let group = -1;
  row.eachCell((cell, col) => {
    const h = norm(cellText(cell) ?? '');
    const g = GROUPS.findIndex((x) => norm(x.headers.statement) === h);
    if (g >= 0) {
      group = g;
      map.statement[g] = col;
      return;
    }
    const n = GROUPS.findIndex(
      (x) => x.headers.nomenclature !== undefined && norm(x.headers.nomenclature) === h,
    );
    if (n >= 0) {
      map.nomenclature[n] = col;
      return;
    }
    if (h === 'indikator tujuan') map.indicator[0] = col;
    else if (h === 'indikator' && group >= 0) map.indicator[group] = col;
    else if (h === 'formulasi' || h === 'formula') map.formula = col;
    else if (h === 'satuan') map.unit = col;
    else if (h.startsWith('baseline')) {
      map.baseline = col;
      const y = /(\d{4})/.exec(h);
      if (y) map.baselineYear = Number(y[1]);
    } else if (h.startsWith('target')) {
      const y = /(\d{4})/.exec(h);
      map.targets.push(y ? { col, year: y[1]! } : { col });
    } else if (h === 'pk' || h === 'pemegang pk') map.pk = col;
    else if (h === 'keterangan') map.note = col;
  });
  return map.statement[0] !== undefined || map.statement[1] !== undefined ? map : undefined;
}

interface Meta {
  name?: string;
  short?: string;
  region?: string;
  period?: { from: number; to: number };
}

function readMeta(ws: ExcelJS.Worksheet, headerRow: number): Meta {
  const meta: Meta = {};
  for (let r = 1; r < headerRow; r++) {
    const text = cellText(ws.getRow(r).getCell(1));
    if (!text) continue;
    const m = /^([^:]+):\s*(.+)$/.exec(text);
    if (!m) continue;
    const label = norm(m[1]!);
    const value = m[2]!.trim();
    if (label === norm(META_LABELS.organization)) {
      const s = /^(.*\S)\s*\(([^()\s]+)\)$/.exec(value);
      meta.name = s ? s[1]! : value;
      if (s) meta.short = s[2]!;
    } else if (label === norm(META_LABELS.region)) meta.region = value;
    else if (label === norm(META_LABELS.period)) {
      const p = /(\d{4})\s*[–—-]\s*(\d{4})/.exec(value);
      if (p) meta.period = { from: Number(p[1]), to: Number(p[2]) };
    }
  }
  return meta;
}

function parsePk(text: string): { pk?: PkHolder; jabatan?: string } | undefined {
  const m = /^([^()]*?)\s*(?:\((.*)\))?$/.exec(text.trim());
  if (!m) return undefined;
  const holderText = norm(m[1] ?? '');
  const jabatan = m[2]?.trim();
  const out: { pk?: PkHolder; jabatan?: string } = {};
  if (jabatan) out.jabatan = jabatan;
  if (holderText === '') return jabatan ? out : undefined;
  const aliases: Record<string, PkHolder> = { 'jf/jp': 'JF', 'jp/jf': 'JF' };
  const pk = PK_HOLDERS.find((h) => h.toLowerCase() === holderText) ?? aliases[holderText];
  if (!pk) return undefined;
  out.pk = pk;
  return out;
}

function parseNomenclature(text: string): { code?: string; name: string } {
  const m = /^(\d+(?:\.[0-9A-Za-z]+)+)\s+(.+)$/.exec(text);
  return m ? { code: m[1]!, name: m[2]! } : { name: text };
}

function parseNumberish(text: string): TargetValue {
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

function parseFormula(text: string): { formula?: string; terms?: Term[] } {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const terms: Term[] = [];
  const rest: string[] = [];
  for (const line of lines) {
    const t = /^([A-Za-z]\w{0,3})\s*:\s*(.+?)(?:\s+=\s+(.+))?$/.exec(line);
    if (t && rest.length > 0) {
      const term: Term = { symbol: t[1]!, name: t[2]! };
      if (t[3]) term.formula = t[3];
      terms.push(term);
    } else rest.push(line);
  }
  const out: { formula?: string; terms?: Term[] } = {};
  if (rest.length > 0) out.formula = rest.join('\n');
  if (terms.length > 0) out.terms = terms;
  return out;
}

interface Building {
  input: NodeInput;
  component: Component;
  key: string;
  children: Building[];
  crosscutting: boolean;
  firstRow: number;
}

/** Read an XLSX (bytes) in the cascading layout into a tree and the rows it could not read. */
export async function importCascadeXlsx(
  data: Uint8Array,
  options: { fallbackName?: string } = {},
): Promise<Result<ImportedTree, ImportFailure>> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch (e) {
    return err({ code: 'not_xlsx', params: { reason: e instanceof Error ? e.message : String(e) } });
  }
  const ws = wb.getWorksheet(SHEET_NAMES.cascade) ?? wb.worksheets[0];
  if (!ws) return err({ code: 'no_sheet', params: {} });

  let headerRow = 0;
  let map: ColumnMap | undefined;
  for (let r = 1; r <= Math.min(ws.rowCount, 20) && !map; r++) {
    map = mapColumns(ws.getRow(r));
    if (map) headerRow = r;
  }
  if (!map) return err({ code: 'no_header', params: { sheet: ws.name } });
  const cols = map;
  const meta = readMeta(ws, headerRow);

  const problems: ImportProblem[] = [];
  const report = (row: number, code: ImportMessageCode, params: Record<string, string> = {}) => {
    problems.push({ row, code, params: { row: String(row), ...params } });
  };
  const nodes = new Map<string, Building>();
  const tops: Building[] = [];
  const isMergedSlave = (cell: ExcelJS.Cell) => cell.isMerged && cell.master.address !== cell.address;

  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const get = (col: number | undefined) => (col === undefined ? null : cellText(row.getCell(col)));
    const statements = GROUPS.map((_, g) => get(cols.statement[g]));
    const indicators = GROUPS.map((_, g) => get(cols.indicator[g]));
    const formula = get(cols.formula);
    const unit = get(cols.unit);
    const baseline = get(cols.baseline);
    const pkText = get(cols.pk);
    const note = get(cols.note);
    const targetCells = cols.targets.map((t) => ({ ...t, value: cellValue(row.getCell(t.col)) }));
    const hasValues =
      formula !== null || unit !== null || baseline !== null || targetCells.some((t) => t.value !== null);
    let deepest = -1;
    statements.forEach((s, g) => {
      if (s !== null) deepest = g;
    });
    if (deepest < 0) {
      if (hasValues || indicators.some((i) => i !== null) || pkText !== null) report(r, 'no_statement');
      continue;
    }
    for (let g = deepest + 1; g < GROUPS.length; g++) {
      if (indicators[g] !== null) {
        report(r, 'indicator_without_statement', {
          indicator: indicators[g]!,
          column: GROUPS[g]!.headers.statement,
        });
      }
    }
    const crosscuttingRow = note !== null && norm(note).startsWith(norm(CROSSCUTTING_MARK));

    let parent: Building | undefined;
    let orphan = false;
    for (let g = 0; g <= deepest; g++) {
      const statement = statements[g];
      if (statement === null || statement === undefined) continue;
      let key: string;
      if (parent) key = `${parent.key}>${g}:${statement}`;
      else if (g === 0) key = `root>${g}:${statement}`;
      else if (crosscuttingRow || nodes.has(`x>${g}:${statement}`)) key = `x>${g}:${statement}`;
      else {
        orphan = true;
        break;
      }
      let node = nodes.get(key);
      if (!node) {
        const component = GROUPS[g]!.component;
        const planning: Planning = { component };
        for (let k = 2; k <= g; k++) {
          const nomen = GROUPS[k]!.nomenclature;
          const text = get(cols.nomenclature[k]);
          if (nomen && text) planning[nomen] = parseNomenclature(text);
        }
        node = {
          input: { statement, level: LEVEL_OF_COMPONENT[component], planning: [planning] },
          component,
          key,
          children: [],
          crosscutting: key.startsWith('x>') && parent === undefined,
          firstRow: r,
        };
        nodes.set(key, node);
        if (parent) parent.children.push(node);
        else tops.push(node);
      }
      parent = node;
    }
    if (orphan) {
      report(r, 'orphan', {
        statement: statements[deepest]!,
        column: GROUPS[deepest]!.headers.statement,
      });
      continue;
    }
    const node = parent!;
    const planning = node.input.planning![0]!;
    if (pkText !== null) {
      const pk = parsePk(pkText);
      if (!pk) report(r, 'unknown_pk', { value: pkText });
      else {
        if (pk.pk) planning.pk = pk.pk;
        if (pk.jabatan) planning.jabatan = pk.jabatan;
      }
    }
    if (crosscuttingRow && note) {
      const body = note.slice(note.indexOf(':') + 1).trim();
      const [partners, ...noteParts] = body.split(' — ');
      node.input.crosscutting = {
        with: (partners ?? '')
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean),
        ...(noteParts.length > 0 ? { note: noteParts.join(' — ') } : {}),
      };
    }

    const indicatorCell =
      cols.indicator[deepest] === undefined ? undefined : row.getCell(cols.indicator[deepest]!);
    const indicatorName = indicators[deepest];
    if (indicatorName === null || indicatorName === undefined) {
      if (hasValues) report(r, 'values_without_indicator');
      continue;
    }
    if (indicatorCell && isMergedSlave(indicatorCell)) continue;
    const existing = node.input.indicators ?? [];
    if (existing.some((i) => i.name === indicatorName)) continue;
    if (unit === null) {
      report(r, 'missing_unit', { indicator: indicatorName });
      continue;
    }
    const ind: Indicator = { name: indicatorName, kinerja: KINERJA_OF_COMPONENT[node.component], unit };
    if (formula) Object.assign(ind, parseFormula(formula));
    if (baseline !== null) {
      const b = /^(.*?)\s*\((\d{4})\)$/.exec(baseline);
      if (b) ind.baseline = { year: Number(b[2]), value: parseNumberish(b[1]!) };
      else if (cols.baselineYear !== undefined) {
        ind.baseline = { year: cols.baselineYear, value: parseNumberish(baseline) };
      } else report(r, 'bad_baseline', { value: baseline });
    }
    for (const t of targetCells) {
      if (t.value === null) continue;
      if (!t.year) {
        report(r, 'target_without_year', { value: String(t.value) });
        continue;
      }
      ind.targets ??= {};
      ind.targets[t.year] = typeof t.value === 'number' ? t.value : parseNumberish(t.value);
    }
    node.input.indicators = [...existing, ind];
  }

  const roots = tops.filter((t) => !t.crosscutting);
  const root = roots.find((t) => t.component === 'tujuan');
  if (!root) return err({ code: 'no_tujuan', params: {} });
  for (const extra of roots) {
    if (extra === root) continue;
    report(extra.firstRow, 'second_tujuan', { statement: extra.input.statement });
  }
  const toInput = (b: Building): NodeInput => {
    const input: NodeInput = { ...b.input, children: b.children.map(toInput) };
    // A crosscutting condition shared with other organisations often has no place in this one's
    // planning: with no PK and no nomenclature its column says only where it was drawn.
    const p = input.planning?.[0];
    if (b.crosscutting && p && Object.keys(p).length === 1) delete input.planning;
    return input;
  };
  const file: Record<string, unknown> = {
    format: 'pokin/1',
    organization: {
      name: meta.name ?? options.fallbackName ?? root.input.statement,
      ...(meta.region ? { region: meta.region } : {}),
      ...(meta.short ? { short: meta.short } : {}),
    },
    ...(meta.period ? { period: meta.period } : {}),
    tree: toInput(root),
  };
  const crosscutting = tops.filter((t) => t.crosscutting).map(toInput);
  if (crosscutting.length > 0) file.crosscutting = crosscutting;
  const parsed = parseTree(file);
  if (!parsed.ok) {
    const first = parsed.error[0];
    return err({ code: 'invalid_tree', params: { path: first?.path ?? '$', message: first?.message ?? '' } });
  }
  problems.sort((a, b) => a.row - b.row);
  return ok({ tree: parsed.value, problems });
}
