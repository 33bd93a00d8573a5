import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryNomenclatureStore } from '../../../src/adapters/memory/nomenclature-store.ts';
import { labelFromFileName, runNomenklatur } from '../../../src/main/commands/nomenklatur.ts';
import { sipdCsv, sipdXlsx } from '../../fixtures/sipd/build.ts';
import { SIPD_HEADER, SIPD_ROWS } from '../../fixtures/sipd/rows.ts';

const dir = mkdtempSync(join(tmpdir(), 'pokin-nomenklatur-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function session(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { env, out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
  return { io, out, err, text: () => out.join(''), errors: () => err.join('') };
}

/** One in-memory store shared by the commands of a test, as one database would be. */
function memory() {
  const nomenclature = createMemoryNomenclatureStore();
  return async () => ({ nomenclature, close: async () => {} });
}

describe('pokin nomenklatur', () => {
  it('imports the SIPD export, reports the broken rows by number, and exits 1 because rows were skipped', async () => {
    const file = join(dir, 'nomenklatur-subkegiatan-20260123005058_versi_pemutakhiran_2027_1.xlsx');
    writeFileSync(file, await sipdXlsx());
    const s = session();
    const code = await runNomenklatur(['import', file], s.io, memory());
    expect(code).toBe(1);
    expect(s.text()).toMatch(
      /^Nomenklatur versi "2027" diimpor dari nomenklatur-subkegiatan-20260123005058_versi_pemutakhiran_2027_1\.xlsx \(XLSX, Worksheet\) dalam \d+,\d detik: 18 baris dibaca, 3 dilewati; /,
    );
    expect(s.text()).toContain('3 baris dilewati dan 0 catatan:');
    expect(s.text()).toContain('  - dilewati: Baris 17: kolom SUBKEGIATAN berisi "Pengelolaan Nama Domain');
    expect(s.text()).toContain('  - dilewati: Baris 19: JENIS PEMDA "DESA" tidak dikenal');
    expect(s.text()).toContain('Versi ini sekarang menjadi versi aktif');
  });

  it('refuses a file with missing columns, saying which, and stores nothing', async () => {
    const file = join(dir, 'tanpa-satuan.csv');
    const header = SIPD_HEADER.filter((h) => h !== 'SATUAN');
    writeFileSync(file, sipdCsv({ header, rows: SIPD_ROWS.map((r) => r.filter((_, i) => i !== 7)) }));
    const open = memory();
    const s = session({ POKIN_LANG: 'en' });
    expect(await runNomenklatur(['import', file], s.io, open)).toBe(2);
    expect(s.errors()).toBe(
      'Not imported: This file has no column SATUAN (header found on row 1). Use the complete SIPD-RI export, or add the column with exactly that name.\n',
    );
    expect(await (await open()).nomenclature.listVersions()).toEqual([]);
  });

  it('searches the current version with typos, by code, and names the successor of an old code', async () => {
    const open = memory();
    const file = join(dir, 'kominfo.csv');
    writeFileSync(file, sipdCsv());
    await runNomenklatur(['import', file, '--versi', '2027'], session().io, open);

    const words = session();
    expect(
      await runNomenklatur(['cari', 'akses internt', '--pemda', 'kab', '--limit', '1'], words.io, open),
    ).toBe(0);
    expect(words.text()).toBe(
      '2.16.03.2.02.0040  Penyediaan Akses Internet  (sub_kegiatan)\n' +
        '    indikator: Jumlah Perangkat Daerah dan UPTD yang memanfaatkan akses internet dari Dinas (Titik)\n' +
        '    cocok di nama, indikator, kinerja: akses, internet; (ejaan dikoreksi: internt → internet)\n',
    );

    const old = session();
    expect(await runNomenklatur(['cari', '2.16.02.2.01.0020'], old.io, open)).toBe(0);
    expect(old.text()).toBe(
      'Kode 2.16.02.2.01.0020 dari versi lama sudah diganti: 2.16.02.2.01.0026 Sosialisasi/Diseminasi Informasi serta Pengelolaan Media Komunikasi Publik (versi 2027).\n',
    );

    const programs = session();
    await runNomenklatur(['cari', '2.16', '--level', 'program', '--pemda', 'kab_kota'], programs.io, open);
    expect(
      programs
        .text()
        .split('\n')
        .filter((l) => /^\d/.test(l)),
    ).toEqual([
      '2.16.01  PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA  (program)',
      '2.16.02  PROGRAM PENGELOLAAN INFORMASI DAN KOMUNIKASI PUBLIK  (program)',
      '2.16.03  PROGRAM PENGELOLAAN APLIKASI INFORMATIKA  (program)',
    ]);

    const none = session();
    expect(await runNomenklatur(['cari', 'bendungan'], none.io, open)).toBe(1);
    expect(none.text()).toContain('Tidak ada yang cocok dengan "bendungan" di versi 2027');

    const bad = session();
    expect(await runNomenklatur(['cari', 'x', '--level', 'urusan_besar'], bad.io, open)).toBe(2);
    expect(bad.errors()).toContain('--level harus program, kegiatan atau sub_kegiatan.');
  });

  it('lists versions and makes an older one current again by its label', async () => {
    const open = memory();
    const file = join(dir, 'v.csv');
    writeFileSync(file, sipdCsv());
    await runNomenklatur(['import', file, '--versi', '2026'], session().io, open);
    await runNomenklatur(['import', file, '--versi', '2027'], session().io, open);
    const list = session({ POKIN_LANG: 'en' });
    expect(await runNomenklatur(['versi'], list.io, open)).toBe(0);
    const lines = list.text().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Current\s+ID\s+Label\s+Imported\s+Entries$/);
    expect(lines.slice(1).map((l) => [l.startsWith('*'), l.includes(' 2027 ') ? '2027' : '2026'])).toEqual([
      [true, '2027'],
      [false, '2026'],
    ]);
    const set = session();
    expect(await runNomenklatur(['versi', '--aktifkan', '2026'], set.io, open)).toBe(0);
    expect(set.text()).toMatch(/^Versi "2026" \(ID [0-9a-f-]{36}\) sekarang aktif\.\n$/);
    expect((await (await open()).nomenclature.current())?.version).toBe('2026');
    const unknown = session();
    expect(await runNomenklatur(['versi', '--aktifkan', '2019'], unknown.io, open)).toBe(1);
  });

  it('says how to start when nothing was imported yet', async () => {
    const s = session();
    expect(await runNomenklatur(['cari', 'internet'], s.io, memory())).toBe(2);
    expect(s.errors()).toContain('Unduh export dari SIPD-RI lalu jalankan: pokin nomenklatur import BERKAS');
  });

  it('takes the version label from the year in the SIPD file name', () => {
    expect(
      labelFromFileName('/unduhan/nomenklatur-subkegiatan-20260123005058_versi_pemutakhiran_2027_1.xlsx'),
    ).toBe('2027');
    expect(labelFromFileName('kepmendagri-900-1-861.csv')).toBe('kepmendagri-900-1-861');
  });

  it('imports into the embedded database of POKIN_DATA_DIR through the real store wiring', async () => {
    const file = join(dir, 'kominfo-real.csv');
    writeFileSync(file, sipdCsv());
    const env = { POKIN_DATA_DIR: join(dir, 'pglite') };
    expect(await runNomenklatur(['import', file, '--versi', '2027'], session(env).io)).toBe(1);
    const s = session(env);
    expect(await runNomenklatur(['cari', 'jaringan intra', '--limit', '1'], s.io)).toBe(0);
    expect(s.text()).toContain(
      '2.16.03.2.02.0043  Penyelenggaraan Jaringan Intra Pemerintah Daerah Kab/Kota',
    );
  }, 180_000);
});
