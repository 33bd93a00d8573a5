import { describe, expect, it } from 'vitest';
import { nomenclatureMessage, nomenclatureMessageKeys } from '../../../src/core/nomenclature/messages.ts';
import {
  parseSipd,
  previousCodes,
  type SipdTable,
  splitCodeName,
} from '../../../src/core/nomenclature/sipd.ts';
import type { NomenclatureEntry } from '../../../src/core/nomenclature/types.ts';
import { BROKEN_ROWS, SIPD_HEADER, SIPD_ROWS } from '../../fixtures/sipd/rows.ts';

function table(header: string[], rows: string[][], firstRow = 1): SipdTable {
  return { rows: [header, ...rows].map((cells, i) => ({ row: firstRow + i, cells })) };
}

function imported() {
  const result = parseSipd(table(SIPD_HEADER, SIPD_ROWS));
  if (!result.ok) throw new Error(result.error.message.en);
  return result.value;
}

function find(entries: NomenclatureEntry[], code: string, pemda = 'kab_kota'): NomenclatureEntry | undefined {
  return entries.find((e) => e.code === code && e.pemda === pemda);
}

describe('parseSipd: the SIPD export layout', () => {
  it('reads each "CODE Name" cell into an entry per level, with the official indicator on the sub kegiatan', () => {
    const { entries } = imported();
    expect(find(entries, '2.16')).toMatchObject({
      level: 'bidang',
      name: 'URUSAN PEMERINTAHAN BIDANG KOMUNIKASI DAN INFORMATIKA',
    });
    expect(find(entries, '2.16.03')).toMatchObject({
      level: 'program',
      name: 'PROGRAM PENGELOLAAN APLIKASI INFORMATIKA',
    });
    expect(find(entries, '2.16.03.2.02')).toMatchObject({
      level: 'kegiatan',
      name: 'Pengelolaan E-government di Lingkup Pemerintah Daerah Kabupaten/Kota',
    });
    expect(find(entries, '2.16.03.2.02.0040')).toMatchObject({
      level: 'sub_kegiatan',
      name: 'Penyediaan Akses Internet',
      kinerja: 'Tersedianya akses internet bagi perangkat daerah dan ruang publik',
      indicator: 'Jumlah Perangkat Daerah dan UPTD yang memanfaatkan akses internet dari Dinas',
      unit: 'Titik',
      bidang: '2.16',
      previousCodes: ['2.16.03.2.02.0036'],
      extra: {
        executor: 'Bidang Aplikasi Informatika',
        spm: false,
        kind: 'Layanan',
        previous: [{ code: '2.16.03.2.02.0036', name: 'Penyediaan Akses Internet' }],
        row: 10,
      },
    });
  });

  it('keeps kab/kota and provinsi rows apart, even where they share a program code', () => {
    const { entries } = imported();
    expect(find(entries, '2.16.03.1.02.0039', 'provinsi')?.name).toBe('Penyediaan Akses Internet');
    expect(find(entries, '2.16.03.1.02.0039', 'kab_kota')).toBeUndefined();
    expect(entries.filter((e) => e.code === '2.16.02').map((e) => e.pemda)).toEqual(['provinsi', 'kab_kota']);
    expect(find(entries, 'X.XX.01', 'provinsi')?.name).toBe(
      'PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH PROVINSI',
    );
    expect(find(entries, 'X.XX.01', 'kab_kota')?.name).toBe(
      'PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA',
    );
  });

  it('expands the generic penunjang block X.XX.01 for every bidang of the same pemda', () => {
    const { entries, expanded } = imported();
    for (const bidang of ['2.16', '2.20', '2.21']) {
      expect(find(entries, `${bidang}.01.2.01.0001`)).toMatchObject({
        level: 'sub_kegiatan',
        name: 'Penyusunan Dokumen Perencanaan Perangkat Daerah',
        indicator: 'Jumlah Dokumen Perencanaan Perangkat Daerah',
        unit: 'Dokumen',
        bidang,
        extra: { template: 'X.XX.01.2.01.0001' },
      });
      expect(find(entries, `${bidang}.01`)?.name).toBe(
        'PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA',
      );
    }
    // Provinsi rows name only bidang 2.16, so the provinsi block is copied there and nowhere else.
    expect(find(entries, '2.16.01.1.01.0001', 'provinsi')?.name).toBe(
      'Penyusunan Dokumen Perencanaan Perangkat Daerah',
    );
    expect(find(entries, '2.20.01.1.01.0001', 'provinsi')).toBeUndefined();
    expect(find(entries, '2.16.01.1.01.0001', 'kab_kota')).toBeUndefined();
    // kab/kota: 3 bidang × (program + 2 kegiatan + 2 sub kegiatan); provinsi: 1 × (1 + 1 + 1).
    expect(expanded).toBe(3 * 5 + 3);
    // The generic entries stay, as the file wrote them, and keep the one copy of the long definition.
    expect(find(entries, 'X.XX.01.2.02.0001')?.name).toBe('Penyediaan Gaji dan Tunjangan ASN');
    expect(find(entries, 'X.XX.01.2.02.0001')?.extra?.definition).toBe(
      'Pembayaran gaji dan tunjangan ASN perangkat daerah.',
    );
    expect(find(entries, '2.21.01.2.02.0001')?.extra?.definition).toBeUndefined();
  });

  it('reports each unreadable row by its row number and imports the rest', () => {
    const result = imported();
    const errors = result.issues.filter((i) => i.severity === 'error');
    expect(errors.map((i) => [i.row, i.key])).toEqual([
      [BROKEN_ROWS.noCode, 'row.noCode'],
      [BROKEN_ROWS.notNested, 'row.notNested'],
      [BROKEN_ROWS.badPemda, 'row.badPemda'],
    ]);
    expect(errors[0]?.message.id).toBe(
      'Baris 17: kolom SUBKEGIATAN berisi "Pengelolaan Nama Domain dan Sub Domain Penyelenggaraan Pemerintah Daerah" ' +
        'tanpa kode di depannya (mis. "2.16.02 PROGRAM …"). Baris dilewati; perbaiki sel itu.',
    );
    expect(errors[1]?.message.en).toBe(
      'Row 18: the SUBKEGIATAN code "2.16.03.2.02.0041" does not sit under "KEGIATAN 2.16.02.2.01". ' +
        "Row skipped; a code must start with its parent's code.",
    );
    expect(errors[2]?.message.id).toContain('JENIS PEMDA "DESA" tidak dikenal');
    expect(result.rowsRead).toBe(SIPD_ROWS.length);
    expect(result.rowsSkipped).toBe(3);
    // Nothing is guessed from a broken row: the code of row 19 is not imported anywhere.
    expect(result.entries.some((e) => e.code === '2.16.03.2.02.0041')).toBe(false);
    expect(result.entries.some((e) => e.code === '2.16.03.2.01')).toBe(false);
  });

  it('refuses a file with missing columns, naming them', () => {
    const header = SIPD_HEADER.filter((h) => h !== 'INDIKATOR' && h !== 'SATUAN');
    const rows = SIPD_ROWS.map((r) => r.filter((_, i) => i !== 6 && i !== 7));
    const result = parseSipd(table(header, rows));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.key).toBe('file.missingColumns');
    expect(result.error.missing).toEqual(['INDIKATOR', 'SATUAN']);
    expect(result.error.message.id).toBe(
      'File ini tidak memiliki kolom INDIKATOR, SATUAN (baris judul ada di baris 1). ' +
        'Gunakan export SIPD-RI yang lengkap, atau tambahkan kolom dengan nama persis seperti itu.',
    );
  });

  it('refuses a spreadsheet that is not an SIPD export at all', () => {
    const result = parseSipd(
      table(['No', 'Kode Rekening', 'Uraian', 'Pagu'], [['1', '5.1.01', 'Belanja Gaji', '100']]),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.key).toBe('file.noHeader');
      expect(result.error.message.en).toContain('JENIS PEMDA, BIDANG, PROGRAM, KEGIATAN, SUBKEGIATAN');
    }
  });

  it('finds the header by name below title rows and in any column order', () => {
    const order = [4, 0, 13, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12];
    const header = order.map((i) =>
      (SIPD_HEADER[i] as string).toLowerCase().replace('subkegiatan', 'sub kegiatan'),
    );
    const rows = SIPD_ROWS.map((r) => order.map((i) => r[i] as string));
    const titled: SipdTable = {
      rows: [
        { row: 1, cells: ['NOMENKLATUR SUB KEGIATAN versi pemutakhiran 2027'] },
        { row: 2, cells: [] },
        ...table(header, rows, 3).rows,
      ],
    };
    const result = parseSipd(titled);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.headerRow).toBe(3);
    expect(find(result.value.entries, '2.16.02.2.01.0032')).toMatchObject({
      name: 'Penyusunan Konten',
      previousCodes: ['2.16.02.2.01.0023'],
      extra: { row: 10 },
    });
    expect(result.value.issues.filter((i) => i.severity === 'error').map((i) => i.row)).toEqual([19, 20, 21]);
  });

  it('fills a blank parent cell only from an earlier row with that code', () => {
    const rows = SIPD_ROWS.slice(3, 6).map((r) => [...r]);
    (rows[1] as string[])[1] = '';
    (rows[1] as string[])[2] = '';
    const orphan = [...(SIPD_ROWS[11] as string[])];
    orphan[3] = '';
    const result = parseSipd(table(SIPD_HEADER, [...rows, orphan]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(find(result.value.entries, '2.16.02.2.01.0025')?.bidang).toBe('2.16');
    expect(result.value.issues).toMatchObject([
      {
        row: 5,
        severity: 'error',
        key: 'row.emptyCell',
        message: {
          en:
            'Row 5: column KEGIATAN is empty and its code (2.20.02.2.01) has not appeared on an earlier row. ' +
            'Row skipped; fill the column from the SIPD export.',
        },
      },
    ]);
  });

  it('imports a sub kegiatan without indicator with a warning, and collapses stray line breaks in names', () => {
    const row = [...(SIPD_ROWS[6] as string[])];
    row[4] = '2.16.02.2.01.0032 Penyusunan\n\nKonten';
    row[5] = '';
    row[6] = '';
    row[7] = '';
    const result = parseSipd(table(SIPD_HEADER, [row]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const entry = find(result.value.entries, '2.16.02.2.01.0032');
    expect(entry?.name).toBe('Penyusunan Konten');
    expect(entry?.indicator).toBeUndefined();
    expect(result.value.issues).toMatchObject([
      {
        row: 2,
        severity: 'warning',
        key: 'row.noIndicator',
        message: {
          id: 'Baris 2: sub kegiatan 2.16.02.2.01.0032 tidak punya KINERJA, INDIKATOR, SATUAN; diimpor tanpa indikator resmi.',
        },
      },
    ]);
  });

  it('imports a file without the optional columns, saying which are missing', () => {
    const keep = SIPD_HEADER.slice(0, 8);
    const result = parseSipd(
      table(
        keep,
        SIPD_ROWS.slice(0, 4).map((r) => r.slice(0, 8)),
      ),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.missingOptional).toEqual([
      'TAG',
      'DEFINISI OPERASIONAL',
      'PELAKSANA',
      'SPM',
      'JENIS',
      'SUBKEGIATAN SEBELUMNYA',
    ]);
    expect(result.value.issues[0]?.key).toBe('file.missingOptional');
    expect(find(result.value.entries, '2.16.02.2.01.0014')?.indicator).toBe(
      'Jumlah kegiatan relasi media dengan media yang terverifikasi Dewan Pers',
    );
  });

  it('reads tags, the SPM flag and a repeated sub kegiatan row', () => {
    const repeated = [...(SIPD_ROWS[4] as string[])];
    repeated[4] = '2.16.02.2.01.0025 Pelayanan Informasi Publik';
    const result = parseSipd(table(SIPD_HEADER, [SIPD_ROWS[4] as string[], repeated]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(find(result.value.entries, '2.16.02.2.01.0025')?.extra).toMatchObject({
      tags: ['ANGGARAN RESPONSIF GENDER (ASTACITA)'],
      spm: true,
      definition:
        'Layanan PPID: "permohonan informasi" dicatat, dijawab paling lambat 10 hari kerja;\nkeberatan diteruskan ke atasan PPID.',
    });
    expect(result.value.entries.filter((e) => e.code === '2.16.02.2.01.0025')).toHaveLength(1);
    expect(result.value.issues.map((i) => [i.row, i.key])).toEqual([[3, 'row.duplicate']]);
  });
});

describe('cells', () => {
  it('splits "CODE Name" and refuses a name that only starts with a number', () => {
    expect(splitCodeName('2.16.02  PROGRAM PENGELOLAAN INFORMASI DAN KOMUNIKASI PUBLIK')).toEqual({
      code: '2.16.02',
      name: 'PROGRAM PENGELOLAAN INFORMASI DAN KOMUNIKASI PUBLIK',
    });
    expect(splitCodeName('x.xx.01 PROGRAM PENUNJANG')?.code).toBe('X.XX.01');
    expect(splitCodeName('3 Unit Sekolah Baru')).toBeUndefined();
    expect(splitCodeName('Relasi Media')).toBeUndefined();
  });

  it('reads every old code in a SUBKEGIATAN SEBELUMNYA cell with its old name', () => {
    expect(
      previousCodes(
        '2.16.02.2.01.0018 Pengelolaan Media Komunikasi Publik; 2.16.02.2.01.0021 Layanan Hubungan Media',
      ),
    ).toEqual([
      { code: '2.16.02.2.01.0018', name: 'Pengelolaan Media Komunikasi Publik' },
      { code: '2.16.02.2.01.0021', name: 'Layanan Hubungan Media' },
    ]);
    expect(previousCodes('lihat Kepmendagri 900.1.15.5-1317/2023')).toEqual([]);
  });

  it('has every message in Bahasa Indonesia and English with the same placeholders', () => {
    const placeholders = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of nomenclatureMessageKeys()) {
      const raw = nomenclatureMessage(key);
      expect(raw.id.trim(), key).not.toBe('');
      expect(raw.en.trim(), key).not.toBe('');
      expect(placeholders(raw.id), key).toEqual(placeholders(raw.en));
    }
  });
});
