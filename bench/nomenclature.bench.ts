/**
 * Nomenclature numbers: import time (XLSX and CSV read + parse, save into PGlite, load back) and search
 * latency (words, typos, code prefixes) on a generated ~7,500-row file in the SIPD-RI export layout.
 * With POKIN_BENCH_SIPD=/path/to/export.xlsx the same is measured on a real export.
 */
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { openPglite } from '../src/adapters/drizzle/db.ts';
import { createDrizzleNomenclatureStore } from '../src/adapters/drizzle/nomenclature-store.ts';
import { readSipdBytes } from '../src/adapters/nomenclature/read-sipd.ts';
import { searchNomenclature } from '../src/core/nomenclature/search.ts';
import { entriesForPemda } from '../src/core/nomenclature/select.ts';
import { SIPD_COLUMNS } from '../src/core/nomenclature/sipd.ts';
import { createNomenclatureIndex } from '../src/core/nomenclature/types.ts';

const HEADER = Object.values(SIPD_COLUMNS);

const NOUNS = [
  'Informasi Publik',
  'Akses Internet',
  'Jaringan Intra',
  'Statistik Sektoral',
  'Keamanan Informasi',
  'Sarana Prasarana',
  'Sumber Daya Manusia',
  'Data Kependudukan',
  'Layanan Kesehatan',
  'Pendidikan Anak Usia Dini',
  'Perumahan Rakyat',
  'Irigasi Tersier',
  'Pasar Rakyat',
  'Koperasi Simpan Pinjam',
  'Usaha Mikro',
  'Cagar Budaya',
  'Lingkungan Hidup',
  'Pengelolaan Sampah',
  'Air Minum',
  'Perlindungan Anak',
];
const VERBS = [
  'Penyediaan',
  'Pengelolaan',
  'Pembangunan',
  'Rehabilitasi',
  'Koordinasi',
  'Fasilitasi',
  'Pembinaan',
  'Pengawasan',
  'Penyusunan',
  'Peningkatan Kapasitas',
];
/** Enough distinct words that a query narrows the list the way it does in the real nomenclature. */
const WORDS = (
  'anggaran aplikasi arsip aset bantuan bencana benih bibit budaya bumdes cadangan data daerah dokumen ' +
  'drainase ekonomi energi evaluasi fasilitas gedung gizi hutan hukum imunisasi industri informasi ' +
  'infrastruktur inovasi investasi irigasi jalan jembatan kapal kawasan keluarga kependudukan kesehatan ' +
  'ketahanan ketenagakerjaan kebudayaan kearsipan kepemudaan kesenian konservasi konsumen kualitas lahan ' +
  'layanan lingkungan logistik mineral museum nelayan olahraga organisasi pangan pariwisata pasar ' +
  'pelabuhan pemakaman penyuluhan perikanan perizinan perpustakaan pertanian peternakan petani ' +
  'perdagangan permukiman persandian pertanahan perempuan puskesmas reklame rumah sakit sanitasi satwa ' +
  'sekolah sertifikasi sosial statistik tanaman teknologi terminal transportasi umkm wisata zonasi'
).split(' ');

function phrase(n: number): string {
  const a = pick(WORDS, (n * 7919) % 9973);
  const b = pick(WORDS, (n * 104729 + 13) % 7919);
  return `${a.charAt(0).toUpperCase()}${a.slice(1)} ${b.charAt(0).toUpperCase()}${b.slice(1)}`;
}

const PLACES = ['Pemerintah Daerah', 'Perangkat Daerah', 'Masyarakat', 'Desa', 'Sekolah', 'UPTD'];

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** ~7,500 rows: per pemda 45 bidang × 2 programs × 4 kegiatan × 10 sub kegiatan, plus the penunjang block. */
export function generatedRows(): string[][] {
  const rows: string[][] = [];
  let n = 0;
  for (const [pemda, digit, region] of [
    ['PROV', 1, 'Provinsi'],
    ['KABKOT', 2, 'Kabupaten/Kota'],
  ] as const) {
    for (let b = 0; b < 45; b++) {
      const bidang = `${1 + Math.floor(b / 10)}.${pad(b + 1, 2)}`;
      const bidangCell = `${bidang} URUSAN PEMERINTAHAN BIDANG ${pick(NOUNS, b).toUpperCase()}`;
      for (let p = 2; p <= 3; p++) {
        const program = `${bidang}.${pad(p, 2)}`;
        const programCell = `${program} PROGRAM PENGELOLAAN ${pick(NOUNS, b + p).toUpperCase()}`;
        for (let k = 1; k <= 4; k++) {
          const kegiatan = `${program}.${digit}.${pad(k, 2)}`;
          const kegiatanCell = `${kegiatan} ${pick(VERBS, k + b)} ${pick(NOUNS, b + k * 3)} ${region}`;
          for (let s = 1; s <= 10; s++) {
            n++;
            const name = `${pick(VERBS, s + k)} ${phrase(n)} ${pick(PLACES, s + p)}`;
            rows.push([
              pemda,
              bidangCell,
              programCell,
              kegiatanCell,
              `${kegiatan}.${pad(s, 4)} ${name}`,
              `Terlaksananya ${name}`,
              `Jumlah ${phrase(n + 3)} yang ${pick(['Terlayani', 'Dibangun', 'Dikelola', 'Difasilitasi'], n)}`,
              pick(['Dokumen', 'Unit', 'Orang', 'Laporan', 'Titik', '%'], n),
              '[null]',
              `Cakupan: ${name} di wilayah ${region}.\nOperasionalisasi: pendataan, pelaksanaan, pelaporan.`,
              `Bidang ${pick(NOUNS, b)}`,
              n % 9 === 0 ? 'SPM' : 'NON-SPM',
              n % 2 === 0 ? 'Layanan' : 'Aktifitas',
              n % 25 === 0 ? `${kegiatan}.${pad(s + 50, 4)} ${name} (lama)` : '',
            ]);
          }
        }
      }
    }
    for (let k = 1; k <= 11; k++) {
      for (let s = 1; s <= 10; s++) {
        const kegiatan = `X.XX.01.${digit}.${pad(k, 2)}`;
        const name = `${pick(VERBS, s)} ${pick(['Dokumen Perencanaan', 'Gaji dan Tunjangan ASN', 'Barang Milik Daerah', 'Jasa Kantor'], k + s)} Perangkat Daerah`;
        rows.push([
          pemda,
          'X.XX URUSAN PEMERINTAHAN BIDANG XX',
          `X.XX.01 PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH ${region.toUpperCase()}`,
          `${kegiatan} Administrasi Perangkat Daerah ${k}`,
          `${kegiatan}.${pad(s, 4)} ${name}`,
          `Terlaksananya ${name}`,
          `Jumlah ${name}`,
          'Dokumen',
          '[null]',
          '',
          'Sekretariat',
          'NON-SPM',
          'Aktifitas',
          '',
        ]);
      }
    }
  }
  return rows;
}

async function xlsxOf(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Worksheet');
  sheet.addRow(HEADER);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function csvOf(rows: string[][]): Buffer {
  const q = (c: string) => (/[";\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  const text = [HEADER, ...rows].map((r) => r.map(q).join(';')).join('\r\n');
  return Buffer.from(`\uFEFF${text}\r\n`);
}

async function time<T>(run: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await run();
  return [value, performance.now() - t0];
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(2));

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

const QUERIES = {
  words: ['akses internet', 'statistik sektoral', 'keamanan informasi', 'penyusunan dokumen perencanaan'],
  typos: ['akses internt', 'statistk sektorl', 'keamanan infromasi', 'pelayanan informsi publik'],
  typing: ['ak', 'akses in', 'pengelolaan sampah', 'perlindungan an'],
  codes: ['2.16', '2.16.02', '1.02.02.2.01', '2. 16 .03.2.02.00'],
};

async function measure(label: string, bytes: Buffer, name: string): Promise<void> {
  const [read, readMs] = await time(() => readSipdBytes(bytes, name));
  if (!read.ok) {
    console.log(`${label}: not readable: ${read.error.message.en}`);
    return;
  }
  const v = read.value;
  console.log(
    `${label}: read + parse ${ms(readMs)} ms (${v.rowsRead} rows, ${v.rowsSkipped} skipped, ` +
      `${v.entries.length} entries incl. ${v.expanded} penunjang copies, ${v.issues.length} issues)`,
  );

  const pg = await openPglite();
  try {
    const store = createDrizzleNomenclatureStore(pg.db);
    const [, saveMs] = await time(() => store.saveVersion('bench', v.entries));
    const reader = createDrizzleNomenclatureStore(pg.db);
    const [, loadMs] = await time(() => reader.current('kab_kota'));
    console.log(
      `${label}: save into PGlite ${ms(saveMs)} ms; load back (cold, kab/kota index) ${ms(loadMs)} ms; ` +
        `whole import (read + save) ${ms(readMs + saveMs)} ms`,
    );
  } finally {
    await pg.close();
  }

  for (const pemda of ['kab_kota', undefined] as const) {
    const entries = entriesForPemda(v.entries, pemda);
    const index = createNomenclatureIndex('bench', entries);
    const [, buildMs] = await time(() => searchNomenclature(index, 'informasi'));
    const scope = pemda ?? 'kab/kota + provinsi';
    console.log(`${label} [${scope}, ${entries.length} entries]: search index built in ${ms(buildMs)} ms`);
    const medians: Record<string, number> = {};
    for (const [kind, queries] of Object.entries(QUERIES)) {
      for (const q of queries) searchNomenclature(index, q, { pemda, bidang: '2.16' });
      const times: number[] = [];
      for (let round = 0; round < 25; round++) {
        for (const q of queries) {
          const t0 = performance.now();
          searchNomenclature(index, q, { pemda, bidang: '2.16' });
          times.push(performance.now() - t0);
        }
      }
      times.sort((a, b) => a - b);
      medians[kind] = quantile(times, 0.5);
      console.log(
        `  ${kind.padEnd(6)} median ${ms(quantile(times, 0.5))} ms, p95 ${ms(quantile(times, 0.95))} ms, ` +
          `max ${ms(times[times.length - 1] as number)} ms  (${queries.map((q) => `"${q}"`).join(', ')})`,
      );
    }
    const words = medians.words ?? 1;
    console.log(
      `  ratios to plain words: typos ×${((medians.typos ?? 0) / words).toFixed(1)}, ` +
        `typing ×${((medians.typing ?? 0) / words).toFixed(1)}, codes ×${((medians.codes ?? 0) / words).toFixed(2)}`,
    );
  }
}

export default async function run(): Promise<void> {
  const rows = generatedRows();
  const [xlsx, writeMs] = await time(() => xlsxOf(rows));
  console.log(
    `generated ${rows.length} SIPD-layout rows (${(xlsx.length / 1024).toFixed(0)} KB XLSX in ${ms(writeMs)} ms)`,
  );
  await measure('generated XLSX', xlsx, 'generated.xlsx');
  await measure('generated CSV', csvOf(rows), 'generated.csv');
  const real = process.env.POKIN_BENCH_SIPD;
  if (real) {
    const { readFile } = await import('node:fs/promises');
    await measure(`real export ${real}`, await readFile(real), real);
  } else {
    console.log('(set POKIN_BENCH_SIPD=/path/to/sipd-export.xlsx to measure a real SIPD-RI export too)');
  }
}
