import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExporter } from '../../../src/adapters/export/index.ts';
import { parseTreeText } from '../../../src/core/tree/parse.ts';
import { runExport } from '../../../src/main/commands/export.ts';
import { runImportXlsx } from '../../../src/main/commands/import-xlsx.ts';
import { runPk } from '../../../src/main/commands/pk.ts';
import type { CommandIo } from '../../../src/main/commands/store-messages.ts';
import { cliActor, openStore } from '../../../src/main/wiring/store.ts';
import { allNodes, BALANGAN_PATH, balanganWithTargets } from '../../adapters/export/balangan.ts';

const BALANGAN = BALANGAN_PATH.pathname;

function capture(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    env: { USER: 'perencana', ...env },
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pokin-export-cmd-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('pokin export FILE', () => {
  it('writes the cascading workbook with its three sheets', async () => {
    const c = capture();
    const out = join(dir, 'cascading.xlsx');
    expect(await runExport([BALANGAN, '--format', 'xlsx', '--out', out], c.io)).toBe(0);
    expect(c.out()).toMatch(/^Tersimpan: .*cascading\.xlsx \(\d+\.\d KB\)\n$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Cascading', 'Pohon Kinerja', 'Perjanjian Kinerja']);
  });

  it('prints text formats to stdout when there is no --out', async () => {
    const c = capture();
    expect(await runExport([BALANGAN, '--format', 'md'], c.io)).toBe(0);
    expect(c.out()).toMatch(
      /^# Cascading Kinerja — Dinas Komunikasi, Informatika, Statistik dan Persandian\n/,
    );
  });

  it('refuses to print a binary format to the terminal, suggesting --out', async () => {
    const c = capture();
    expect(await runExport([BALANGAN, '--format', 'png'], c.io)).toBe(2);
    expect(c.err()).toBe(
      'Format png berupa berkas biner; tambahkan --out PATH (mis. --out pohon-kinerja-diskominfosan.png).\n',
    );
  });

  it('names the formats when the one asked for is unknown', async () => {
    const c = capture({ POKIN_LANG: 'en' });
    expect(await runExport([BALANGAN, '--format', 'pdf', '--out', join(dir, 'x.pdf')], c.io)).toBe(2);
    expect(c.err()).toBe('Unknown format "pdf". Choose one of: xlsx, csv, md, svg, png, json.\n');
  });

  it('writes the diagram and, with --pages, one file per page for A3 printing', async () => {
    const c = capture();
    const pagesDir = mkdtempSync(join(dir, 'pages-'));
    const out = join(pagesDir, 'pohon.svg');
    expect(await runExport([BALANGAN, '--format', 'svg', '--out', out, '--pages'], c.io)).toBe(0);
    expect(readdirSync(pagesDir).sort()).toEqual([
      'pohon-kinerja-diskominfosan-csf-1.svg',
      'pohon-kinerja-diskominfosan-csf-2.svg',
      'pohon-kinerja-diskominfosan-csf-3.svg',
      'pohon-kinerja-diskominfosan-csf-4.svg',
      'pohon-kinerja-diskominfosan-overview.svg',
      'pohon.svg',
    ]);
    expect(readFileSync(out, 'utf8')).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
  });

  it('explains a file that is not a tree, with the JSON path', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ format: 'pokin/1', organization: { name: 'Dinas' }, tree: { level: 'csf' } }),
    );
    const c = capture();
    expect(await runExport([bad, '--format', 'json'], c.io)).toBe(2);
    expect(c.err()).toContain(`Berkas ${bad} tidak bisa dibaca sebagai pohon kinerja:\n  $.tree.statement:`);
  });
});

describe('pokin import-xlsx', () => {
  it('prints the tree read from an exported workbook as pokin/1, keeping every node and target', async () => {
    const xlsx = join(dir, 'roundtrip.xlsx');
    const file = await createExporter().export(balanganWithTargets(), 'xlsx');
    writeFileSync(xlsx, file.data);
    const c = capture();
    expect(await runImportXlsx([xlsx], c.io)).toBe(0);
    expect(c.err()).toBe(`Terbaca 44 kondisi dan 45 indikator dari ${xlsx}.\n`);
    const parsed = parseTreeText(c.out());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const targets = allNodes(parsed.value).flatMap((n) => (n.indicators ?? []).map((i) => i.targets ?? null));
    const expected = allNodes(balanganWithTargets()).flatMap((n) =>
      (n.indicators ?? []).map((i) => i.targets ?? null),
    );
    expect(targets).toEqual(expected);
  });

  it('lists unreadable rows on stderr by row number and exits 1', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Cascading');
    ws.addRow(['Tujuan', 'Indikator Tujuan', 'Sasaran SKPD', 'Indikator', 'Satuan']);
    ws.addRow(['Meningkatnya Kualitas Layanan SPBE', 'Indeks SPBE', null, null, 'Indeks']);
    ws.addRow([null, null, 'Meningkatnya Literasi Digital', 'Jumlah Peserta Literasi Digital', 'Orang']);
    const path = join(dir, 'manual.xlsx');
    await wb.xlsx.writeFile(path);
    const out = join(dir, 'manual.json');
    const c = capture();
    expect(await runImportXlsx([path, '--out', out], c.io)).toBe(1);
    expect(c.err()).toContain('1 baris tidak terbaca seluruhnya (pohon tetap dibuat dari baris lainnya):\n');
    expect(c.err()).toContain('  Baris 3: "Meningkatnya Literasi Digital" (Sasaran SKPD) tidak punya induk');
    expect(existsSync(out)).toBe(true);
    expect(c.out()).toBe('');
  });
});

describe('pokin pk', () => {
  it('answers "kabid statisik" (typo included) from a tree file', async () => {
    const c = capture();
    expect(await runPk(['kabid', 'statisik', '--tree', BALANGAN], c.io)).toBe(0);
    expect(c.out()).toMatch(
      /^Ditemukan 2 sasaran untuk "kabid statisik":\n\nSasaran Program 3\.1 · PK Administrator\n/,
    );
  });

  it('exits 1 with the closest matches when nothing fits', async () => {
    const c = capture();
    expect(await runPk(['kabid pariwisata', '--tree', BALANGAN, '--json'], c.io)).toBe(1);
    const result = JSON.parse(c.out());
    expect(result.kind).toBe('not_found');
    expect(result.closest.length).toBeGreaterThan(0);
  });
});

describe('commands on a stored tree (embedded PGlite)', () => {
  it('exports and looks up a tree by its id, and import-xlsx --save stores a workbook', async () => {
    const env = { POKIN_DATA_DIR: join(dir, 'db') };
    const store = await openStore(env);
    let id: string;
    try {
      const actor = cliActor({ USER: 'perencana' });
      const org = await store.repository.createOrganisation('Diskominfosan Balangan', actor);
      const created = await store.repository.createTree(
        actor,
        org.id,
        { title: 'Pohon Kinerja Diskominfosan', tree: balanganWithTargets(), stage: 5 },
        { actor, source: 'import', summary: 'uji' },
      );
      if (!created.ok) throw new Error(created.error.kind);
      id = created.value.id;
    } finally {
      await store.close();
    }

    const json = capture(env);
    expect(await runExport([id, '--format', 'json'], json.io)).toBe(0);
    const back = parseTreeText(json.out());
    expect(back.ok && allNodes(back.value).map((n) => n.statement)).toEqual(
      allNodes(balanganWithTargets()).map((n) => n.statement),
    );

    const pk = capture(env);
    expect(await runPk(['kasi persandian', '--tree', id], pk.io)).toBe(0);
    expect(pk.out()).toContain('Meningkatnya Penanganan Gangguan Keamanan Informasi');

    const other = capture({ ...env, USER: 'orang-lain' });
    expect(await runExport([id, '--format', 'json'], other.io)).toBe(2);
    expect(other.err()).toContain('bukan berkas yang ada dan bukan ID pohon yang bisa Anda buka (not_found)');

    const xlsx = join(dir, 'save.xlsx');
    writeFileSync(xlsx, (await createExporter().export(balanganWithTargets(), 'xlsx')).data);
    const save = capture(env);
    expect(await runImportXlsx([xlsx, '--save'], save.io)).toBe(0);
    const newId = /ID pohon: (\S+)/.exec(save.out())?.[1];
    expect(newId).toBeDefined();
    const again = capture(env);
    expect(await runExport([newId!, '--format', 'csv'], again.io)).toBe(0);
    expect(again.out()).toContain('Meningkatnya Keamanan Informasi');
  }, 180_000);
});
