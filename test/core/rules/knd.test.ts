import { describe, expect, it } from 'vitest';
import { createNomenclatureIndex } from '../../../src/core/nomenclature/types.ts';
import { checkStatement, checkTree } from '../../../src/core/rules/index.ts';
import type { Level } from '../../../src/core/tree/schema.ts';
import { chain, treeOf } from './helpers.ts';

const knd = (statement: string, level: Level = 'kondisi_operasional') =>
  checkStatement({ statement, level }).filter((f) => f.rule.startsWith('KND'));
const rules = (statement: string, level?: Level) =>
  knd(statement, level).map((f) => `${f.rule} ${f.severity}`);

describe('clean statements pass', () => {
  it.each<[string, Level]>([
    ['Tersedianya Media Publikasi Data', 'kondisi_operasional'],
    ['Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas', 'outcome'],
    ['Meningkatnya Keamanan Informasi', 'csf'],
    ['Terlaksananya Penyelenggaraan Sistem Jaringan Intra Pemerintah Daerah', 'kondisi_operasional'],
    ['Meningkatnya Akses Layanan TIK dan e-Government', 'csf'],
    ['Terpenuhinya Standar Pelayanan Minimal (SPM) Bidang Kesehatan', 'kondisi_antara_utama'],
    ['Meningkatnya Kualitas Penganggaran Berbasis Kinerja', 'kondisi_antara'],
    ['Meningkatnya Kinerja Urusan Pemerintahan Bidang Komunikasi dan Informatika', 'csf'],
    ['Meningkatnya Kualitas Pelayanan Publik di Bidang Perizinan', 'csf'],
    ['Terjaganya Ketahanan Pangan Daerah', 'csf'],
    ['Berfungsinya Sistem Peringatan Dini Bencana', 'kondisi_operasional'],
    ['Menurunnya Prevalensi Stunting pada Balita', 'csf'],
  ])('“%s” at %s', (statement, level) => {
    expect(knd(statement, level)).toEqual([]);
  });

  it('a whole real branch checks clean at Tahap 3', () => {
    expect(checkTree(treeOf(chain({})), { stage: 3 })).toEqual([]);
  });
});

describe('KND-01 the statement starts with a condition word', () => {
  it('is an error for a noun phrase below the outcome, a warning at the outcome', () => {
    expect(rules('Media Publikasi Data yang Tersedia')).toEqual(['KND-01 error']);
    expect(rules('Infrastruktur Teknologi Informasi yang Berkualitas', 'outcome')).toEqual([
      'KND-01 warning',
    ]);
  });

  it('quotes the statement and names the rule in both languages', () => {
    const [f] = knd('Kualitas Layanan Informasi Publik', 'csf');
    expect(f?.message.id).toMatch(/^KND-01: “Kualitas Layanan Informasi Publik” tidak diawali kata kondisi/);
    expect(f?.message.en).toContain('does not start with a condition word');
    expect(f?.path).toBe('$.statement');
  });
});

describe('KND-02 active verb', () => {
  it('suggests the condition form', () => {
    const [f] = knd('Meningkatkan kualitas layanan', 'csf');
    expect(f).toMatchObject({
      rule: 'KND-02',
      severity: 'error',
      suggestion: 'Meningkatnya Kualitas Layanan',
    });
    expect(rules('Meningkatkan kualitas layanan', 'csf')).toEqual(['KND-02 error']);
  });

  it('catches an unlisted me-…-kan verb without inventing a suggestion', () => {
    const [f] = knd('Mensosialisasikan keterbukaan informasi publik');
    expect(f?.rule).toBe('KND-02');
    expect(f?.suggestion).toBeUndefined();
    expect(f?.message.id).toContain('“Mensosialisasikan”');
  });

  it('leaves condition words that also start with me- alone', () => {
    expect(knd('Menurunnya Gangguan Keamanan Informasi')).toEqual([]);
    expect(knd('Membaiknya Kualitas Jaringan Internet Desa')).toEqual([]);
  });
});

describe('KND-03 still a problem', () => {
  it.each([
    ['Rendahnya Pemanfaatan Data Sektoral', 'Meningkatnya Pemanfaatan Data Sektoral'],
    ['Belum optimalnya pengelolaan pengaduan masyarakat', 'Meningkatnya Pengelolaan Pengaduan Masyarakat'],
    ['Tingginya Gangguan Keamanan Informasi', 'Menurunnya Gangguan Keamanan Informasi'],
    [
      'Tidak adanya Standar Operasional Prosedur Layanan Informasi',
      'Tersedianya Standar Operasional Prosedur Layanan Informasi',
    ],
  ])('“%s” → “%s”', (statement, suggestion) => {
    const found = knd(statement, 'csf');
    expect(found.map((f) => f.rule)).toEqual(['KND-03']);
    expect(found[0]?.suggestion).toBe(suggestion);
  });

  it('does not fire on a condition that mentions a problem word later', () => {
    expect(knd('Menurunnya Tingginya Angka Putus Sekolah', 'csf').map((f) => f.rule)).not.toContain('KND-03');
  });
});

describe('KND-04 a program or activity name', () => {
  it('fires on a nomenclature noun first, with the condition it becomes', () => {
    const found = knd('Pengelolaan Informasi dan Komunikasi Publik', 'kondisi_antara');
    expect(found.map((f) => f.rule)).toEqual(['KND-04']);
    expect(found[0]?.suggestion).toBe('Terkelolanya Informasi dan Komunikasi Publik');
    expect(rules('Program Pengelolaan Aplikasi Informatika', 'kondisi_antara_utama')).toEqual([
      'KND-04 error',
    ]);
  });

  it('fires on a whole-statement match with the nomenclature (case- and space-folded)', () => {
    const nomenclature = createNomenclatureIndex('2027', [
      { code: '2.16.02.2.02.0002', level: 'sub_kegiatan', name: 'Layanan Hubungan Media' },
    ]);
    const found = checkStatement(
      { statement: 'layanan  hubungan media', level: 'kondisi_operasional' },
      { nomenclature },
    );
    expect(found.map((f) => f.rule)).toEqual(['KND-04']);
    expect(found[0]?.message.id).toContain('2.16.02.2.02.0002');
    expect(
      checkStatement(
        { statement: 'Tersedianya Layanan Hubungan Media', level: 'kondisi_operasional' },
        { nomenclature },
      ),
    ).toEqual([]);
  });

  it('accepts a condition word followed by a nomenclature noun', () => {
    expect(knd('Terlaksananya Penyelenggaraan Sistem Jaringan Intra Pemerintah Daerah')).toEqual([]);
    expect(knd('Terlaksananya Koordinasi dan Sinkronisasi Data Statistik Sektoral')).toEqual([]);
  });
});

describe('KND-05 budget or organisation unit', () => {
  it.each([
    ['Terserapnya Anggaran Belanja Modal Dinas', 'Anggaran'],
    ['Tersedianya Dana Hibah Rp 2 Miliar untuk KIM', 'Rp'],
    ['Meningkatnya Realisasi APBD Urusan Statistik', 'APBD'],
    ['Meningkatnya Kinerja Seksi Persandian', 'Seksi'],
    ['Terkelolanya Sarana UPTD Radio Siaran Pemerintah', 'UPTD'],
    ['Meningkatnya Kinerja Bidang Pembinaan Sekolah Dasar', 'Bidang Pembinaan'],
  ])('“%s” names %s', (statement, word) => {
    const found = knd(statement, 'kondisi_antara').filter((f) => f.rule === 'KND-05');
    expect(found).toHaveLength(1);
    expect(found[0]?.severity).toBe('error');
    expect(found[0]?.message.id).toContain(`“${word}”`);
  });

  it.each([
    'Meningkatnya Kualitas Penganggaran Berbasis Kinerja',
    'Terpenuhinya SPM Bidang Kesehatan',
    'Tersedianya Data Statistik Sektoral per Bidang Urusan',
    'Meningkatnya Kualitas Layanan di bidang informasi publik',
    'Tersedianya Rencana Program Kerja Tahunan RPJMD',
  ])('“%s” is not a budget or unit', (statement) => {
    expect(knd(statement, 'kondisi_antara').filter((f) => f.rule === 'KND-05')).toEqual([]);
  });

  it('is case-sensitive for Rp', () => {
    expect(
      knd('Tersedianya RP Kelompok Informasi Masyarakat', 'kondisi_antara').filter(
        (f) => f.rule === 'KND-05',
      ),
    ).toEqual([]);
  });
});

describe('KND-06 output-flavoured word high in the tree', () => {
  it('warns at outcome and csf, not lower down', () => {
    expect(rules('Tersedianya Layanan Informasi Publik', 'csf')).toEqual(['KND-06 warning']);
    expect(rules('Terselenggaranya Statistik Sektoral yang Berkualitas', 'outcome')).toEqual([
      'KND-06 warning',
    ]);
    expect(rules('Tersedianya Layanan Informasi Publik', 'kondisi_antara')).toEqual([]);
    expect(rules('Meningkatnya Layanan Informasi Publik', 'csf')).toEqual([]);
  });
});

describe('KND-07 one condition per box', () => {
  it('warns about a too short statement', () => {
    expect(rules('Meningkatnya Literasi', 'csf')).toEqual(['KND-07 warning']);
  });

  it('warns about a statement longer than 25 words', () => {
    const long =
      'Meningkatnya Jumlah Data Sektoral yang Terpublikasikan pada Portal Satu Data Kabupaten Balangan dan Dimanfaatkan oleh Seluruh Perangkat Daerah serta Masyarakat Umum untuk Perencanaan Pembangunan Daerah yang Berbasis Bukti dan Tepat Sasaran';
    expect(rules(long, 'kondisi_operasional')).toEqual(['KND-07 warning']);
    expect(knd(long)[0]?.message.id).toContain('kata, paling banyak 25');
  });

  it('warns about two conditions in one box', () => {
    const [f] = knd('Meningkatnya Kualitas Data dan Menurunnya Gangguan Jaringan', 'kondisi_antara');
    expect(f).toMatchObject({ rule: 'KND-07', severity: 'warning' });
    expect(f?.message.id).toContain('“Meningkatnya” dan “Menurunnya”');
  });

  it('does not count a participle such as “Terpublikasikan” as a second condition', () => {
    expect(knd('Meningkatnya Jumlah Data Sektoral yang Terpublikasikan pada Portal Satu Data')).toEqual([]);
  });
});

describe('KND-08 stative word not on the list', () => {
  it('offers the listed word for a misspelling (the real “Terlaksanannya” of Balangan)', () => {
    const [f] = knd('Terlaksanannya Monitoring dan Evaluasi Kelompok Informasi Masyarakat (KIM)');
    expect(f).toMatchObject({
      rule: 'KND-08',
      severity: 'warning',
      suggestion: 'Terlaksananya Monitoring dan Evaluasi Kelompok Informasi Masyarakat (KIM)',
    });
    expect(knd('Terlaksanannya Monitoring dan Evaluasi KIM').map((f) => f.rule)).toEqual(['KND-08']);
  });

  it('asks to check an unknown stative word, without KND-01', () => {
    const found = knd('Terkondisikannya Wilayah Rawan Bencana');
    expect(found.map((f) => f.rule)).toEqual(['KND-08']);
    expect(found[0]?.suggestion).toBeUndefined();
  });

  it('is silent for listed words', () => {
    expect(knd('Terlaksananya Monitoring Opini dan Aspirasi Publik')).toEqual([]);
  });
});

describe('KND in the tree', () => {
  it('checks statements of tree and crosscutting nodes, never basis or problem texts', () => {
    const root = chain({ csf: 'Rendahnya Pemanfaatan Data Sektoral' });
    root.basis = [{ kind: 'masalah', text: 'Rendahnya kualitas data sektoral' }];
    const tree = treeOf(root, [
      {
        id: 'x',
        statement: 'Koordinasi Data Kependudukan',
        level: 'csf',
        crosscutting: { with: ['Disdukcapil'] },
      },
    ]);
    const found = checkTree(tree, { stage: 3 }).filter((f) => f.rule.startsWith('KND'));
    expect(found.map((f) => [f.rule, f.path, f.nodeId])).toEqual([
      ['KND-03', '$.tree.children[0].statement', 'c'],
      ['KND-04', '$.crosscutting[0].statement', 'x'],
    ]);
  });
});
