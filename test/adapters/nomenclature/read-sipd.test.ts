import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  csvTable,
  decodeText,
  detectSeparator,
  parseCsv,
  readSipdBytes,
  readSipdFile,
} from '../../../src/adapters/nomenclature/read-sipd.ts';
import type { NomenclatureEntry } from '../../../src/core/nomenclature/types.ts';
import { sipdCsv, sipdXlsx } from '../../fixtures/sipd/build.ts';
import { BROKEN_ROWS, SIPD_HEADER, SIPD_ROWS } from '../../fixtures/sipd/rows.ts';

const dir = mkdtempSync(join(tmpdir(), 'pokin-sipd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixtureDir = join(import.meta.dirname, '../../fixtures/sipd');

async function value(result: Awaited<ReturnType<typeof readSipdBytes>>) {
  if (!result.ok) throw new Error(result.error.message.en);
  return result.value;
}

function sub(entries: NomenclatureEntry[], code: string) {
  return entries.find((e) => e.code === code && e.pemda === 'kab_kota');
}

describe('readSipdFile: XLSX as SIPD-RI exports it', () => {
  it('imports the fixture workbook with the same entries as the parser reads from its rows', async () => {
    const path = join(dir, 'nomenklatur.xlsx');
    writeFileSync(path, await sipdXlsx());
    const result = await value(await readSipdFile(path));
    expect(result.format).toBe('xlsx');
    expect(result.sheet).toBe('Worksheet');
    expect(result.headerRow).toBe(1);
    expect(sub(result.entries, '2.16.02.2.01.0025')).toMatchObject({
      name: 'Pelayanan Informasi Publik serta Dukungan Administratif, Keuangan, dan Tata Kelola Komisi Informasi di Kabupaten/Kota',
      indicator: 'Persentase permohonan informasi publik yang diselesaikan sesuai peraturan',
      unit: '%',
      previousCodes: ['2.16.02.2.01.0017'],
    });
    expect(result.issues.filter((i) => i.severity === 'error').map((i) => i.row)).toEqual(
      Object.values(BROKEN_ROWS),
    );
  });

  it('reads a merged BIDANG cell as its value in every row it covers', async () => {
    const result = await value(await readSipdBytes(await sipdXlsx({ mergeBidang: true }), 'merged.xlsx'));
    for (const code of ['2.16.02.2.01.0014', '2.16.03.2.02.0044']) {
      expect(sub(result.entries, code)?.bidang).toBe('2.16');
    }
    expect(result.rowsSkipped).toBe(3);
  });

  it('reads rich text, numbers and formula results as the text a person sees', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sub Kegiatan');
    sheet.addRow(SIPD_HEADER);
    const row = sheet.addRow(SIPD_ROWS[6] as string[]);
    row.getCell(5).value = {
      richText: [{ text: '2.16.02.2.01.0032 ' }, { font: { bold: true }, text: 'Penyusunan Konten' }],
    };
    row.getCell(8).value = { formula: '"Kon"&"ten"', result: 'Konten' };
    const result = await value(
      await readSipdBytes(Buffer.from(await workbook.xlsx.writeBuffer()), 'rich.xlsx'),
    );
    expect(sub(result.entries, '2.16.02.2.01.0032')).toMatchObject({
      name: 'Penyusunan Konten',
      unit: 'Konten',
    });
  });

  it('refuses a workbook with missing columns, naming them and the sheet', async () => {
    const header = SIPD_HEADER.map((h) => (h === 'SUBKEGIATAN' ? 'SUB KEG.' : h));
    const result = await readSipdBytes(await sipdXlsx({ header }), 'lama.xlsx');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({
      key: 'file.missingColumns',
      missing: ['SUBKEGIATAN'],
      sheet: 'Worksheet',
    });
    expect(result.error.message.id).toContain('tidak memiliki kolom SUBKEGIATAN');
  });

  it('refuses an old .xls file and a missing file with what to do next', async () => {
    const xls = await readSipdBytes(
      Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      'lama.xls',
    );
    expect(xls.ok).toBe(false);
    if (!xls.ok) expect(xls.error.message.id).toContain('simpan sebagai .xlsx atau .csv');
    const missing = await readSipdFile(join(dir, 'tidak-ada.xlsx'));
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.key).toBe('file.unreadable');
  });
});

describe('readSipdFile: CSV as Indonesian Excel saves it', () => {
  it('imports the committed fixture CSV (BOM, `;`, CRLF, quoted line breaks), the same as the generator writes', async () => {
    const path = join(fixtureDir, 'kominfo-sipd.csv');
    expect(readFileSync(path, 'utf8')).toBe(sipdCsv());
    const result = await value(await readSipdFile(path));
    expect(result.format).toBe('csv');
    expect(sub(result.entries, '2.16.02.2.01.0025')?.extra?.definition).toBe(
      'Layanan PPID: "permohonan informasi" dicatat, dijawab paling lambat 10 hari kerja;\nkeberatan diteruskan ke atasan PPID.',
    );
    // Record numbers, not line numbers: the quoted line break does not shift the broken rows.
    expect(result.issues.filter((i) => i.severity === 'error').map((i) => i.row)).toEqual(
      Object.values(BROKEN_ROWS),
    );
  });

  it('gives the XLSX and the CSV of the same rows the same entries', async () => {
    const fromXlsx = await value(await readSipdBytes(await sipdXlsx(), 'a.xlsx'));
    const fromCsv = await value(await readSipdBytes(Buffer.from(sipdCsv()), 'a.csv'));
    expect(fromCsv.entries).toEqual(fromXlsx.entries);
  });

  it('reads comma, tab and semicolon files, with or without BOM', async () => {
    for (const separator of [',', '\t', ';']) {
      const text = sipdCsv({ separator, bom: separator !== ',' });
      expect(detectSeparator(text)).toBe(separator);
      const result = await value(await readSipdBytes(Buffer.from(text), 'n.csv'));
      expect(sub(result.entries, '2.16.03.2.02.0043')?.name).toBe(
        'Penyelenggaraan Jaringan Intra Pemerintah Daerah Kab/Kota',
      );
    }
  });

  it('decodes UTF-16 ("Unicode Text") and Windows-1252 files', () => {
    const text = 'KEGIATAN;SATUAN\r\nPengelolaan Informasi;Orang/bulan — Rp²\r\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decodeText(utf16)).toBe(text);
    const cp1252 = Buffer.from([0x52, 0x70, 0xb2, 0x20, 0x96, 0x20, 0xe9]);
    expect(decodeText(cp1252)).toBe('Rp² – é');
  });

  it('splits records by RFC 4180: doubled quotes, separators and CR/LF/CRLF inside quotes', () => {
    expect(parseCsv('a;"b;""c""\r\nd";e\r\nf;g\nh;"i\rj"\rk', ';')).toEqual([
      ['a', 'b;"c"\r\nd', 'e'],
      ['f', 'g'],
      ['h', 'i\rj'],
      ['k'],
    ]);
    expect(parseCsv('\uFEFFx,y', ',')).toEqual([['x', 'y']]);
    expect(parseCsv('a;;b;\r\n;\r\n', ';')).toEqual([
      ['a', '', 'b', ''],
      ['', ''],
    ]);
    expect(parseCsv('1.01, "Pendidikan, Dasar",x', ',')).toEqual([['1.01', 'Pendidikan, Dasar', 'x']]);
    expect(parseCsv('"tidak ditutup;\r\nsampai akhir', ';')).toEqual([['tidak ditutup;\r\nsampai akhir']]);
    expect(csvTable('x\r\n\r\ny').rows.map((r) => r.row)).toEqual([1, 2, 3]);
  });

  it('refuses a CSV with missing columns with the same clear message', async () => {
    const header = SIPD_HEADER.filter((h) => h !== 'JENIS PEMDA');
    const rows = SIPD_ROWS.map((r) => r.slice(1));
    const result = await readSipdBytes(Buffer.from(sipdCsv({ header, rows })), 'tanpa-pemda.csv');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.missing).toEqual(['JENIS PEMDA']);
      expect(result.error.message.en).toBe(
        'This file has no column JENIS PEMDA (header found on row 1). Use the complete SIPD-RI export, or add the column with exactly that name.',
      );
    }
  });
});
