import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createExporter } from '../../../src/adapters/export/index.ts';
import { formatImportMessage, importCascadeXlsx } from '../../../src/adapters/export/xlsx-import.ts';
import type { Node, Tree } from '../../../src/core/tree/schema.ts';
import { allNodes, balangan, balanganWithTargets } from './balangan.ts';

const OUTCOME = 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas';
const HIERARCHY_HEADERS = [
  'Tujuan',
  'Indikator Tujuan',
  'Sasaran SKPD',
  'Indikator',
  'Program',
  'Sasaran Program',
  'Indikator',
  'Kegiatan',
  'Sasaran Kegiatan',
  'Indikator',
  'Sub Kegiatan',
  'Sasaran Sub Kegiatan',
  'Indikator',
  'Formulasi',
  'Satuan',
  'Baseline',
];

async function workbookOf(tree: Tree): Promise<ExcelJS.Workbook> {
  const file = await createExporter().export(tree, 'xlsx');
  expect(file.filename).toBe('cascading-diskominfosan.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file.data as unknown as ArrayBuffer);
  return wb;
}

function rowValues(ws: ExcelJS.Worksheet, r: number): unknown[] {
  return (ws.getRow(r).values as unknown[]).slice(1);
}

/** The data row (1-based sheet row) whose column `col` holds `text`, first match. */
function rowWith(ws: ExcelJS.Worksheet, col: number, text: string): number {
  for (let r = 1; r <= ws.rowCount; r++) {
    const cell = ws.getRow(r).getCell(col);
    if (cell.value === text && (!cell.isMerged || cell.master.address === cell.address)) return r;
  }
  throw new Error(`no row with ${text}`);
}

describe('cascading XLSX of the Balangan tree', () => {
  it('has the three sheets: cascading matrix, tree by level, Perjanjian Kinerja', async () => {
    const wb = await workbookOf(balangan());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Cascading', 'Pohon Kinerja', 'Perjanjian Kinerja']);
  });

  it('puts the matrix columns in the order evaluators expect, with a target column per Renstra year', async () => {
    const ws = (await workbookOf(balanganWithTargets())).getWorksheet('Cascading')!;
    expect(ws.getCell('A1').value).toBe('CASCADING KINERJA');
    expect(ws.getCell('A2').value).toBe(
      'Perangkat Daerah: Dinas Komunikasi, Informatika, Statistik dan Persandian (Diskominfosan)',
    );
    expect(ws.getCell('A4').value).toBe('Periode: 2025–2029');
    expect(rowValues(ws, 6)).toEqual([
      ...HIERARCHY_HEADERS,
      'Target 2025',
      'Target 2026',
      'Target 2027',
      'Target 2028',
      'Target 2029',
      'PK',
      'Keterangan',
    ]);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });
    expect(ws.pageSetup).toMatchObject({
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    });
    expect(ws.getCell('A7').alignment).toMatchObject({ wrapText: true });
  });

  it('merges the Tujuan and each sasaran down its subtree, one row per indicator', async () => {
    const ws = (await workbookOf(balangan())).getWorksheet('Cascading')!;
    // No period: a single "Target" column; header on row 5, data from row 6.
    expect(rowValues(ws, 5)).toEqual([...HIERARCHY_HEADERS, 'Target', 'PK', 'Keterangan']);
    expect(ws.getCell('A6').value).toBe(OUTCOME);
    expect(ws.getCell('B6').value).toBe('Indeks SPBE');
    expect(ws.getCell('O6').value).toBe('Indeks');
    // 43 nodes in the main tree, "Meningkatnya Akses Layanan TIK dan e-Government" has two indicators.
    const merges = ws.model.merges;
    expect(merges).toContain('A6:A49');
    expect(merges).toContain('B6:B49');

    const keamanan = rowWith(ws, 3, 'Meningkatnya Keamanan Informasi');
    expect(merges).toContain(`C${keamanan}:C${keamanan + 6}`);
    expect(ws.getCell(`D${keamanan}`).value).toBe('Indeks Keamanan Informasi (KAMI)');
    expect(ws.getCell(`R${keamanan}`).value).toBe('JPT');

    const akses = rowWith(ws, 3, 'Meningkatnya Akses Layanan TIK dan e-Government');
    expect(ws.getCell(`D${akses}`).value).toBe('Persentase Desa/Wilayah yang Terlayani TIK');
    expect(ws.getCell(`D${akses + 1}`).value).toBe('Persentase Perangkat Daerah yang Menerapkan e-Goverment');
    expect(merges.some((m) => m.startsWith(`D${akses}:`))).toBe(false);
    expect(ws.getCell(`C${akses + 1}`).master.address).toBe(`C${akses}`);

    const ppid = rowWith(
      ws,
      12,
      'Terlaksananya Peningkatan Kapasitas Sumber Daya Manusia Pejabat Pengelola Informasi dan Dokumentasi (PPID)',
    );
    expect(ws.getCell(`K${ppid}`).value).toBe('Penguatan Tata Kelola Komisi Informasi di Daerah');
    expect(ws.getCell(`H${ppid}`).value).toBe(
      'Pengelolaan Informasi dan Komunikasi Publik Pemerintah Daerah Kabupaten/Kota',
    );
    expect(ws.getCell(`E${ppid}`).value).toBe('PROGRAM PENGELOLAAN INFORMASI DAN KOMUNIKASI PUBLIK');
    expect(ws.getCell(`R${ppid}`).value).toBe('JF');

    expect(ws.getCell('C50').value).toBe('Terpenuhinya Data Statistik Sektoral oleh SKPD');
    expect(ws.getCell('A50').value).toBeNull();
    expect(String(ws.getCell('S50').value)).toMatch(/^Cross cutting: SKPD — /);
  });

  it('writes formulas, baselines, targets and jabatan where the tree has them', async () => {
    const ws = (await workbookOf(balanganWithTargets())).getWorksheet('Cascading')!;
    const r = rowWith(ws, 3, 'Meningkatnya Keamanan Informasi');
    expect(ws.getCell(`N${r}`).value).toBe(
      '0,5 x a + 0,5 x b\na: Nilai Indeks KAMI\nb: Tingkat Kepatuhan Standar Keamanan SPBE',
    );
    expect(ws.getCell(`P${r}`).value).toBe('2.1 (2024)');
    expect([2, 3, 4, 5, 6].map((k) => ws.getRow(r).getCell(16 + k - 1).value)).toEqual([
      2.5,
      '2,75',
      3,
      3.25,
      3.5,
    ]);
    const statistik = rowWith(ws, 6, 'Meningkatnya Akses Data Sektoral');
    expect(ws.getCell(`V${statistik}`).value).toBe('Administrator (Kepala Bidang Statistik)');
  });

  it('lists the tree by level on sheet 2 (Tahap 1–4)', async () => {
    const ws = (await workbookOf(balangan())).getWorksheet('Pohon Kinerja')!;
    expect(rowValues(ws, 5)).toEqual(['Rujukan Tahapan', 'Kinerja', 'Indikator Kinerja', 'Keterangan']);
    expect(rowValues(ws, 6)).toEqual(['Tahap 1 · Outcome', OUTCOME, 'Indeks SPBE', 'Kinerja Strategis']);
    expect(rowValues(ws, 7)[0]).toBe('Tahap 2 · Critical Success Factor (CSF) · 1');
    const last = rowValues(ws, ws.rowCount);
    expect(last[1]).toBe('Terpenuhinya Data Statistik Sektoral oleh SKPD');
    expect(last[3]).toBe('Cross cutting dengan: SKPD');
    expect(ws.rowCount - 5).toBe(45);
  });

  it('groups the Perjanjian Kinerja by holder on sheet 3, with the yearly targets', async () => {
    const ws = (await workbookOf(balanganWithTargets())).getWorksheet('Perjanjian Kinerja')!;
    expect(rowValues(ws, 6)).toEqual([
      'Kelompok',
      'Pemegang PK',
      'Jabatan',
      'Sasaran',
      'Indikator',
      'Satuan',
      'Target 2025',
      'Target 2026',
      'Target 2027',
      'Target 2028',
      'Target 2029',
    ]);
    const groups: string[] = [];
    for (let r = 7; r <= ws.rowCount; r++) groups.push(String(ws.getRow(r).getCell(2).value));
    const count = (h: string) => groups.filter((g) => g === h).length;
    expect(count('JPT')).toBe(5);
    expect(count('Administrator')).toBe(8);
    expect(count('Pengawas')).toBe(11);
    expect(count('JF')).toBe(19);
    expect(count('Belum ditentukan')).toBe(1);
    expect(groups.indexOf('Administrator')).toBeGreaterThan(groups.lastIndexOf('JPT'));
    const keamanan = rowWith(ws, 4, 'Meningkatnya Keamanan Informasi');
    expect(rowValues(ws, keamanan).slice(4)).toEqual([
      'Indeks Keamanan Informasi (KAMI)',
      'Indeks',
      2.5,
      '2,75',
      3,
      3.25,
      3.5,
    ]);
    expect(ws.model.merges).toContain(`A7:A11`);
  });
});

/** What a round trip must keep, per node: statement, level, indicators with formula, unit and targets. */
function essence(tree: Tree) {
  const one = (n: Node) => ({
    statement: n.statement,
    level: n.level,
    crosscutting: n.crosscutting ?? null,
    planning: (n.planning ?? []).map((p) => ({ ...p })),
    indicators: (n.indicators ?? []).map((i) => ({
      name: i.name,
      unit: i.unit,
      formula: i.formula ?? null,
      terms: i.terms ?? null,
      baseline: i.baseline ?? null,
      targets: i.targets ?? null,
    })),
    children: n.children.map((c) => c.statement),
  });
  return { organization: tree.organization, period: tree.period ?? null, nodes: allNodes(tree).map(one) };
}

describe('XLSX import', () => {
  it('round-trips the Balangan tree: every node, indicator, formula, target and PK', async () => {
    const original = balanganWithTargets();
    const file = await createExporter().export(original, 'xlsx');
    const imported = await importCascadeXlsx(file.data);
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    expect(imported.value.problems).toEqual([]);
    expect(essence(imported.value.tree)).toEqual(essence(original));
    expect(allNodes(imported.value.tree)).toHaveLength(44);
  });

  it('reports unreadable rows of a hand-made sheet by row number and keeps the rest', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Cascading Dinas');
    ws.addRow(['Perangkat Daerah: Dinas Komunikasi dan Informatika (Diskominfo)']);
    ws.addRow([
      'Tujuan',
      'Indikator Tujuan',
      'Sasaran SKPD',
      'Indikator',
      'Formulasi',
      'Satuan',
      'Target 2025',
      'PK',
    ]);
    ws.addRow(['Meningkatnya Kualitas Layanan SPBE', 'Indeks SPBE', null, null, null, 'Indeks', 3.1, null]);
    ws.addRow([
      'Meningkatnya Kualitas Layanan SPBE',
      null,
      'Meningkatnya Keamanan Informasi',
      'Indeks KAMI',
      null,
      'Indeks',
      2.5,
      'JPT',
    ]);
    ws.addRow([
      'Meningkatnya Kualitas Layanan SPBE',
      null,
      'Meningkatnya Tata Kelola Data',
      'Persentase Data Valid',
      '(a / b) x 100%',
      null,
      80,
      'Kabid Data',
    ]);
    ws.addRow([null, null, 'Meningkatnya Literasi Digital', 'Jumlah Peserta', null, 'Orang', 500, 'JPT']);
    ws.addRow([null, null, null, null, null, null, 90, null]);
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const imported = await importCascadeXlsx(bytes);
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    const { tree, problems } = imported.value;
    expect(problems.map((p) => [p.row, p.code])).toEqual([
      [5, 'unknown_pk'],
      [5, 'missing_unit'],
      [6, 'orphan'],
      [7, 'no_statement'],
    ]);
    expect(formatImportMessage(problems[2]!)).toBe(
      'Baris 6: "Meningkatnya Literasi Digital" (Sasaran SKPD) tidak punya induk — kolom di kirinya kosong. Isi atau gabungkan (merge) sel induknya.',
    );
    expect(tree.organization).toEqual({ name: 'Dinas Komunikasi dan Informatika', short: 'Diskominfo' });
    expect(tree.tree.indicators).toEqual([
      { name: 'Indeks SPBE', kinerja: 'strategis', unit: 'Indeks', targets: { '2025': 3.1 } },
    ]);
    expect(tree.tree.children.map((c) => c.statement)).toEqual([
      'Meningkatnya Keamanan Informasi',
      'Meningkatnya Tata Kelola Data',
    ]);
    expect(findNodeByStatement(tree, 'Meningkatnya Tata Kelola Data').indicators).toBeUndefined();
  });

  it('refuses a file that is not XLSX, saying how to fix it', async () => {
    const result = await importCascadeXlsx(new TextEncoder().encode('Tujuan;Indikator\n'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('not_xlsx');
    expect(formatImportMessage(result.error, 'en')).toMatch(
      /Save it again from Excel as "Excel Workbook \(\.xlsx\)"/,
    );
  });

  it('refuses a sheet without the cascading header row', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Data').addRow(['Nama', 'Nilai']);
    const result = await importCascadeXlsx(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    expect(result.ok ? null : result.error.code).toBe('no_header');
  });
});

function findNodeByStatement(tree: Tree, statement: string): Node {
  const n = allNodes(tree).find((x) => x.statement === statement);
  if (!n) throw new Error(statement);
  return n;
}
