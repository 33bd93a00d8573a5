/**
 * The offline drafter: same input, same suggestions, and every suggested statement or indicator passes
 * the rules without an error (the conversation would drop it otherwise).
 */
import { describe, expect, it } from 'vitest';
import {
  createOfflineDrafter,
  formulaFor,
  topicOf,
} from '../../../src/adapters/offline/create-offline-drafter.ts';
import { createNomenclatureIndex } from '../../../src/core/nomenclature/types.ts';
import { checkIndicator, checkStatement } from '../../../src/core/rules/index.ts';
import type { DraftContext } from '../../../src/ports/drafter.ts';

const context: DraftContext = {
  organisation: 'Dinas Komunikasi, Informatika, Statistik dan Persandian',
  region: 'Kabupaten Balangan',
  period: { from: 2025, to: 2029 },
  mandate: ['Urusan komunikasi dan informatika, statistik, dan persandian'],
  problems: ['Rendahnya Tingkat Keamanan Informasi', 'Tingginya Gangguan Jaringan Internet Perangkat Daerah'],
  expectations: ['Layanan informasi publik yang cepat dan terpercaya'],
  outcome: 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
  lang: 'id',
};

const drafter = createOfflineDrafter();
const errors = (findings: Array<{ severity: string; rule: string }>) =>
  findings.filter((f) => f.severity === 'error').map((f) => f.rule);

describe('offline drafter', () => {
  it('turns each problem into its condition', async () => {
    const r = await drafter.draft({ task: 'problem_to_condition', context, problems: context.problems });
    expect(r.source).toBe('offline');
    expect(r.suggestions).toEqual([
      {
        statement: 'Meningkatnya Tingkat Keamanan Informasi',
        problem: 'Rendahnya Tingkat Keamanan Informasi',
      },
      {
        statement: 'Menurunnya Gangguan Jaringan Internet Perangkat Daerah',
        problem: 'Tingginya Gangguan Jaringan Internet Perangkat Daerah',
      },
    ]);
  });

  it('proposes outcomes from expectations and mandate first, each a clean condition', async () => {
    const r = await drafter.draft({ task: 'outcome', context });
    const statements = r.suggestions.map((s) => s.statement ?? '');
    expect(statements.slice(0, 2)).toEqual([
      'Terwujudnya Layanan Informasi Publik yang Cepat dan Terpercaya',
      'Meningkatnya Kualitas Layanan Komunikasi dan Informatika, Statistik, dan Persandian',
    ]);
    for (const statement of statements)
      expect(errors(checkStatement({ statement, level: 'outcome' })), statement).toEqual([]);
  });

  it('breaks a condition down with templates of the level below, none restating the parent', async () => {
    const parent = {
      statement: 'Meningkatnya Penyelesaian Gangguan Keamanan Informasi',
      level: 'kondisi_antara_utama' as const,
    };
    const r = await drafter.draft({
      task: 'decompose',
      context,
      parent,
      childLevel: 'kondisi_antara',
      existing: [],
    });
    expect(r.suggestions.map((s) => s.statement)).toEqual([
      'Meningkatnya Pemahaman Aparatur tentang Penyelesaian Gangguan Keamanan Informasi',
      'Tersedianya Kebijakan dan Standar Penyelesaian Gangguan Keamanan Informasi',
      'Terkoordinasinya Pelaksanaan Penyelesaian Gangguan Keamanan Informasi',
    ]);
    for (const s of r.suggestions) {
      const findings = checkStatement({
        statement: s.statement ?? '',
        level: 'kondisi_antara',
        parent: parent.statement,
      });
      expect(errors(findings), s.statement).toEqual([]);
    }
  });

  it('does not offer a child that is already in the tree', async () => {
    const parent = { statement: 'Meningkatnya Keamanan Informasi', level: 'csf' as const };
    const r = await drafter.draft({
      task: 'decompose',
      context,
      parent,
      childLevel: 'kondisi_antara_utama',
      existing: ['Meningkatnya Kualitas Tata Kelola Keamanan Informasi'],
    });
    expect(r.suggestions.map((s) => s.statement)).not.toContain(
      'Meningkatnya Kualitas Tata Kelola Keamanan Informasi',
    );
  });

  it('suggests indicators that fit the level and the condition word, with unit and formula', async () => {
    const strategic = await drafter.draft({
      task: 'indicators',
      context,
      node: { statement: 'Meningkatnya Keamanan Informasi', level: 'csf' },
      parentIndicators: [],
    });
    expect(strategic.suggestions.map((s) => s.indicator)).toEqual([
      { name: 'Indeks Keamanan Informasi', unit: 'Indeks', kinerja: 'strategis', polarity: 'naik' },
      {
        name: 'Persentase Keamanan Informasi yang Sesuai Standar',
        unit: '%',
        kinerja: 'strategis',
        polarity: 'naik',
        formula: '(Jumlah keamanan informasi yang sesuai standar / Jumlah seluruh keamanan informasi) x 100%',
      },
    ]);
    const falling = await drafter.draft({
      task: 'indicators',
      context,
      node: {
        statement: 'Menurunnya Gangguan Jaringan Internet Perangkat Daerah',
        level: 'kondisi_antara_utama',
      },
      parentIndicators: [],
    });
    expect(falling.suggestions[0]?.indicator).toMatchObject({
      name: 'Persentase Gangguan Jaringan Internet Perangkat Daerah',
      unit: '%',
      polarity: 'turun',
    });
    const operational = await drafter.draft({
      task: 'indicators',
      context,
      node: { statement: 'Terlaksananya Monitoring Opini dan Aspirasi Publik', level: 'kondisi_operasional' },
      parentIndicators: [],
    });
    expect(operational.suggestions[0]?.indicator).toMatchObject({
      name: 'Jumlah Dokumen Monitoring Opini dan Aspirasi Publik yang Tersedia',
      unit: 'Dokumen',
      kinerja: 'operasional',
    });
    for (const [r, level] of [
      [strategic, 'csf'],
      [falling, 'kondisi_antara_utama'],
      [operational, 'kondisi_operasional'],
    ] as const) {
      for (const s of r.suggestions) {
        if (!s.indicator) throw new Error('no indicator');
        expect(errors(checkIndicator({ indicator: s.indicator, level, stage: 5 })), s.indicator.name).toEqual(
          [],
        );
      }
    }
  });

  it('writes a percentage formula from the indicator name', () => {
    expect(formulaFor('Persentase Gangguan yang Terselesaikan')).toBe(
      '(Jumlah gangguan yang Terselesaikan / Jumlah seluruh gangguan) x 100%',
    );
    expect(formulaFor('Indeks SPBE')).toBeUndefined();
  });

  it('proposes rising targets from the baseline, and falling ones for a "turun" indicator', async () => {
    const rising = await drafter.draft({
      task: 'targets',
      context,
      node: { statement: 'Meningkatnya Keamanan Informasi', level: 'csf' },
      indicator: {
        name: 'Persentase Gangguan yang Terselesaikan',
        unit: '%',
        polarity: 'naik',
        baseline: { year: 2024, value: '95,5' },
      },
      years: [2025, 2026, 2027],
    });
    expect(rising.suggestions).toEqual([{ targets: { '2025': '97,5', '2026': '99,5', '2027': 100 } }]);
    const falling = await drafter.draft({
      task: 'targets',
      context,
      node: { statement: 'Menurunnya Gangguan Jaringan Internet Perangkat Daerah', level: 'csf' },
      indicator: {
        name: 'Persentase Gangguan Jaringan',
        unit: '%',
        polarity: 'turun',
        baseline: { year: 2024, value: 12 },
      },
      years: [2025, 2026],
    });
    expect(falling.suggestions).toEqual([{ targets: { '2025': 10, '2026': 8 } }]);
  });

  it('finds planning entries in the nomenclature by the words of the statement', async () => {
    const index = createNomenclatureIndex('2025', [
      { code: '2.21', level: 'bidang', name: 'URUSAN PEMERINTAHAN BIDANG PERSANDIAN' },
      {
        code: '2.21.02',
        level: 'program',
        name: 'PROGRAM PENYELENGGARAAN PERSANDIAN UNTUK PENGAMANAN INFORMASI',
      },
      { code: '2.16.02', level: 'program', name: 'PROGRAM PENGELOLAAN INFORMASI DAN KOMUNIKASI PUBLIK' },
    ]);
    const withIndex = createOfflineDrafter({ nomenclature: index });
    const r = await withIndex.draft({
      task: 'planning',
      context,
      node: { statement: 'Meningkatnya Pengamanan Informasi Persandian', level: 'kondisi_antara_utama' },
      candidates: [],
    });
    expect(r.suggestions[0]?.planning).toEqual({
      component: 'sasaran_program',
      program: { code: '2.21.02', name: 'PROGRAM PENYELENGGARAAN PERSANDIAN UNTUK PENGAMANAN INFORMASI' },
    });
  });

  it('reads what stakeholders expect without the "masyarakat ingin" lead-in', async () => {
    const r = await drafter.draft({
      task: 'outcome',
      context: {
        ...context,
        expectations: ['Masyarakat ingin layanan kesehatan yang mudah dijangkau'],
        mandate: [],
        problems: [],
      },
    });
    expect(r.suggestions.map((s) => s.statement)).toEqual([
      'Terwujudnya Layanan Kesehatan yang Mudah Dijangkau',
    ]);
  });

  it('takes the subject matter of a statement as its topic', () => {
    expect(topicOf('Meningkatnya Kualitas Tata Kelola Keamanan Informasi')).toBe(
      'Tata Kelola Keamanan Informasi',
    );
    // What the understanding is about, without its generic head ("Tata Kelola").
    expect(topicOf('Meningkatnya Pemahaman Aparatur tentang Tata Kelola Keamanan Informasi')).toBe(
      'Keamanan Informasi',
    );
    expect(
      topicOf(
        'Meningkatnya Peran Kelompok Informasi Masyarakat (KIM) terhadap Penyebarluasan Informasi dan Komunikasi Publik',
      ),
    ).toBe('Penyebarluasan Informasi dan Komunikasi Publik');
  });
});
