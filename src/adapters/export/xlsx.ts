/**
 * The cascading workbook (exceljs): sheet 1 the cascading matrix (merged down the hierarchy, wrapped,
 * frozen header, landscape A3 fit to width), sheet 2 the tree by level, sheet 3 Perjanjian Kinerja per
 * holder. xlsx-import.ts reads sheet 1 back.
 */
import ExcelJS from 'exceljs';
import { buildCascade, type CascadeMatrix, type ColumnKind } from '../../core/cascade/matrix.ts';
import { type Lang, levelTable, pkTable, type SimpleTable } from '../../core/cascade/tables.ts';
import type { Tree } from '../../core/tree/schema.ts';

export const SHEET_NAMES = {
  cascade: 'Cascading',
  levels: 'Pohon Kinerja',
  pk: 'Perjanjian Kinerja',
} as const;
/** Labels of the header block above the table; the import reads them back. */
export const META_LABELS = {
  organization: 'Perangkat Daerah',
  region: 'Wilayah',
  period: 'Periode',
} as const;
export const TITLE = 'CASCADING KINERJA';

const WIDTH: Record<ColumnKind, number> = {
  nomenclature: 28,
  statement: 38,
  indicator: 38,
  formula: 32,
  unit: 11,
  baseline: 12,
  target: 10,
  pk: 18,
  note: 26,
};

/** One fill per planning component, the same hues as the diagram's levels. */
const GROUP_FILL: Record<string, string> = {
  tujuan: 'FFFDE2E2',
  sasaran_skpd: 'FFFFEBCC',
  sasaran_program: 'FFFFF8C5',
  sasaran_kegiatan: 'FFDDF4E4',
  sasaran_sub_kegiatan: 'FFDBEAFE',
};
const HEADER_FILL = 'FFE5E7EB';
/** OOXML paper codes (exceljs's PaperSize enum lacks A3). */
const PAPER_A3 = 8 as unknown as ExcelJS.PaperSize;
const PAPER_A4 = 9 as unknown as ExcelJS.PaperSize;

const thin = { style: 'thin' as const, color: { argb: 'FF9CA3AF' } };
const border = { top: thin, left: thin, bottom: thin, right: thin };

function fill(argb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

function periodText(tree: Tree): string | null {
  return tree.period ? `${tree.period.from}–${tree.period.to}` : null;
}

/** Title block (rows 1..n) and returns the next free row. */
function writeTitle(ws: ExcelJS.Worksheet, tree: Tree, title: string, width: number): number {
  const org = tree.organization;
  const lines: string[] = [title];
  lines.push(`${META_LABELS.organization}: ${org.name}${org.short ? ` (${org.short})` : ''}`);
  if (org.region) lines.push(`${META_LABELS.region}: ${org.region}`);
  const period = periodText(tree);
  if (period) lines.push(`${META_LABELS.period}: ${period}`);
  lines.forEach((text, i) => {
    const row = i + 1;
    ws.getCell(row, 1).value = text;
    ws.getCell(row, 1).font = i === 0 ? { bold: true, size: 14 } : { bold: true };
    ws.mergeCells(row, 1, row, Math.max(1, width));
  });
  return lines.length + 2;
}

/**
 * Vertical merges that never overlap. exceljs checks each new merge against every earlier one (quadratic:
 * ~20 s for a 10,000-node tree), so each is made against an empty merge list and the lists are joined.
 */
function mergeVertical(
  ws: ExcelJS.Worksheet,
  spans: Array<{ top: number; bottom: number; column: number }>,
): void {
  const internal = ws as unknown as { _merges?: Record<string, unknown> };
  const earlier = internal._merges;
  if (typeof earlier !== 'object' || earlier === null) {
    for (const s of spans) ws.mergeCells(s.top, s.column, s.bottom, s.column);
    return;
  }
  const all: Record<string, unknown> = { ...earlier };
  for (const s of spans) {
    internal._merges = {};
    ws.mergeCells(s.top, s.column, s.bottom, s.column);
    Object.assign(all, internal._merges);
  }
  internal._merges = all;
}

function writeCascadeSheet(ws: ExcelJS.Worksheet, tree: Tree, matrix: CascadeMatrix): void {
  const { columns, rows, merges } = matrix;
  const headerRow = writeTitle(ws, tree, TITLE, columns.length);
  ws.columns = columns.map((c) => ({ width: WIDTH[c.kind] }));
  const header = ws.getRow(headerRow);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = fill(c.component ? GROUP_FILL[c.component]! : HEADER_FILL);
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    cell.border = border;
  });
  rows.forEach((row, r) => {
    const xr = ws.getRow(headerRow + 1 + r);
    row.cells.forEach((value, c) => {
      const cell = xr.getCell(c + 1);
      if (value !== null) cell.value = value;
      cell.alignment = { wrapText: true, vertical: 'top' };
      cell.border = border;
    });
  });
  mergeVertical(
    ws,
    merges.map((m) => ({ top: headerRow + 1 + m.from, bottom: headerRow + 1 + m.to, column: m.column + 1 })),
  );
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}` }];
  ws.pageSetup = {
    orientation: 'landscape',
    paperSize: PAPER_A3,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `${headerRow}:${headerRow}`,
  };
}

function writeSimpleSheet(
  ws: ExcelJS.Worksheet,
  tree: Tree,
  title: string,
  table: SimpleTable,
  widths: number[],
): void {
  const headerRow = writeTitle(ws, tree, title, table.headers.length);
  ws.columns = table.headers.map((_, i) => ({ width: widths[i] ?? 12 }));
  const header = ws.getRow(headerRow);
  table.headers.forEach((h, i) => {
    const cell = header.getCell(i + 1);
    cell.value = h;
    cell.font = { bold: true };
    cell.fill = fill(HEADER_FILL);
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    cell.border = border;
  });
  table.rows.forEach((row, r) => {
    const xr = ws.getRow(headerRow + 1 + r);
    row.forEach((value, c) => {
      const cell = xr.getCell(c + 1);
      if (value !== null) cell.value = value;
      cell.alignment = { wrapText: true, vertical: 'top' };
      cell.border = border;
    });
  });
  mergeVertical(
    ws,
    table.merges.map((m) => ({
      top: headerRow + 1 + m.from,
      bottom: headerRow + 1 + m.to,
      column: m.column + 1,
    })),
  );
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}` }];
  ws.pageSetup = {
    orientation: 'landscape',
    paperSize: PAPER_A4,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
  };
}

/** The whole workbook as bytes. */
export async function renderXlsx(tree: Tree, lang: Lang = 'id'): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Pokin';
  wb.title = `Cascading Kinerja ${tree.organization.name}`;
  writeCascadeSheet(wb.addWorksheet(SHEET_NAMES.cascade), tree, buildCascade(tree));
  writeSimpleSheet(
    wb.addWorksheet(SHEET_NAMES.levels),
    tree,
    'POHON KINERJA',
    levelTable(tree, lang),
    [34, 60, 60, 36],
  );
  const pk = pkTable(tree, lang);
  writeSimpleSheet(wb.addWorksheet(SHEET_NAMES.pk), tree, 'PERJANJIAN KINERJA', pk, [
    30,
    16,
    28,
    50,
    50,
    12,
    ...pk.headers.slice(6).map(() => 10),
  ]);
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
