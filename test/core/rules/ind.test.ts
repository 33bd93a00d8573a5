import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createNomenclatureIndex, type NomenclatureEntry } from '../../../src/core/nomenclature/types.ts';
import { buildContext } from '../../../src/core/rules/context.ts';
import { checkIndicatorAlone, indRules } from '../../../src/core/rules/ind.ts';
import { checkTree, stageGate } from '../../../src/core/rules/index.ts';
import type { Finding, Stage } from '../../../src/core/rules/types.ts';
import { parseTree } from '../../../src/core/tree/parse.ts';
import type { Indicator, Level, NodeInput, Planning, Tree } from '../../../src/core/tree/schema.ts';

const ORG = { name: 'Dinas Komunikasi, Informatika, Statistik dan Persandian', region: 'Kabupaten Balangan' };
const BASIS = [{ kind: 'mandat', text: 'Urusan komunikasi dan informatika, statistik, persandian' }];

/** Outcome → csf, each with the given indicators; the csf gets `below` as children. */
function tree(
  csfIndicators: Indicator[],
  options: { outcome?: Indicator[]; below?: NodeInput[] } = {},
): Tree {
  const parsed = parseTree({
    format: 'pokin/1',
    organization: ORG,
    tree: {
      id: 'bal.o',
      statement: 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
      level: 'outcome',
      basis: BASIS,
      indicators: options.outcome ?? [{ name: 'Indeks SPBE', kinerja: 'strategis', unit: 'Indeks' }],
      children: [
        {
          id: 'bal.2',
          statement: 'Meningkatnya Akses Layanan TIK dan e-Government',
          level: 'csf',
          indicators: csfIndicators,
          children: options.below ?? [],
        },
      ],
    },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

/** Every message a person reads is complete: no placeholder left unfilled, in either language. */
function filled(fs: Finding[]): Finding[] {
  for (const f of fs) {
    expect(`${f.message.id} ${f.message.en}`, f.rule).not.toMatch(/\{\w+\}/);
  }
  return fs;
}

const check = (
  t: Tree,
  stage: Stage = 4,
  nomenclature?: ReturnType<typeof createNomenclatureIndex>,
): Finding[] => filled(indRules.check(buildContext(t, { stage, nomenclature })));
const onCsf = (fs: Finding[]) => fs.filter((f) => f.nodeId === 'bal.2');
const summary = (fs: Finding[]) => fs.map((f) => `${f.rule} ${f.severity} ${f.path}`);
const alone = (indicator: Indicator, level: Level = 'csf', stage: Stage = 5) =>
  filled(checkIndicatorAlone({ indicator, level, stage }));

const SPBE: Indicator = {
  name: 'Persentase Perangkat Daerah yang Menerapkan SPBE',
  kinerja: 'strategis',
  unit: '%',
  formula: '(Jumlah Perangkat Daerah yang menerapkan SPBE / Jumlah seluruh Perangkat Daerah) x 100%',
};
const KAMI: Indicator = { name: 'Indeks Keamanan Informasi (KAMI)', kinerja: 'strategis', unit: 'Indeks' };

describe('IND: correct indicators pass clean', () => {
  it('"Persentase Perangkat Daerah yang Menerapkan SPBE" with "%" and a proper formula, at Tahap 5', () => {
    expect(check(tree([SPBE]), 5)).toEqual([]);
  });

  it('"Indeks Keamanan Informasi (KAMI)" with unit "Indeks"', () => {
    expect(check(tree([KAMI]), 5)).toEqual([]);
  });

  it('accepts "Persen" and "Persentase" as spellings of "%"', () => {
    expect(alone({ ...SPBE, unit: 'Persen' })).toEqual([]);
    expect(alone({ ...SPBE, unit: 'Persentase' })).toEqual([]);
  });
});

describe('IND-01: every node has an indicator', () => {
  it('reports a csf with none', () => {
    const fs = check(tree([]));
    expect(summary(fs)).toEqual(['IND-01 error $.tree.children[0].indicators']);
    expect(fs[0]?.text).toBe('Meningkatnya Akses Layanan TIK dan e-Government');
  });
});

describe('IND-02: the name starts with a measure word', () => {
  it('reports a name that measures nothing', () => {
    const fs = alone({
      name: 'Perangkat Daerah yang Menerapkan SPBE',
      kinerja: 'strategis',
      unit: 'Perangkat Daerah',
    });
    expect(summary(fs)).toEqual(['IND-02 error $.indicator.name']);
  });

  it('accepts "Jumah" as a misspelling of "Jumlah", offering the corrected name', () => {
    const fs = alone(
      { name: 'Jumah Laporan Konten Berita Siap Tayang', kinerja: 'operasional', unit: 'Laporan' },
      'kondisi_operasional',
    );
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({
      rule: 'IND-02',
      severity: 'warning',
      suggestion: 'Jumlah Laporan Konten Berita Siap Tayang',
    });
  });

  it.each([
    ['Presentase Perangkat Daerah yang Menerapkan SPBE', 'Persentase Perangkat Daerah yang Menerapkan SPBE'],
    ['Persentse Perangkat Daerah yang Menerapkan SPBE', 'Persentase Perangkat Daerah yang Menerapkan SPBE'],
    ['Persenrase Perangkat Daerah yang Menerapkan SPBE', 'Persentase Perangkat Daerah yang Menerapkan SPBE'],
  ])('offers the measure word for the slip in "%s"', (name, suggestion) => {
    expect(alone({ ...SPBE, name }).map((f) => [f.rule, f.severity, f.suggestion])).toEqual([
      ['IND-02', 'warning', suggestion],
    ]);
  });

  it('corrects "Prosentase" and still checks its unit and formula as a percentage', () => {
    const fs = alone({ ...SPBE, name: 'Prosentase Perangkat Daerah yang Menerapkan SPBE', unit: 'Dokumen' });
    expect(fs.map((f) => `${f.rule} ${f.severity}`)).toEqual(['IND-02 warning', 'IND-06 error']);
    expect(fs[0]?.suggestion).toBe('Persentase Perangkat Daerah yang Menerapkan SPBE');
  });

  it('reads a known acronym as its measure and offers it written out ("IKM" → "Indeks Kepuasan Masyarakat")', () => {
    const ikm = { name: 'IKM Layanan Informasi Publik', kinerja: 'strategis', unit: 'Nilai' } as const;
    expect(alone(ikm).map((f) => [f.rule, f.severity, f.suggestion])).toEqual([
      ['IND-02', 'warning', 'Indeks Kepuasan Masyarakat (IKM) Layanan Informasi Publik'],
    ]);
    expect(alone({ ...ikm, unit: '%' }).map((f) => f.rule)).toEqual(['IND-02', 'IND-06']);
  });

  it('does not take an ordinary word one letter from a short measure word ("Kader" is not "Kadar")', () => {
    const fs = alone(
      { name: 'Kader Posyandu yang Aktif', kinerja: 'operasional', unit: 'Orang' },
      'kondisi_operasional',
    );
    expect(summary(fs)).toEqual(['IND-02 error $.indicator.name']);
    expect(fs[0]?.suggestion).toBeUndefined();
  });
});

describe('IND-03: the name is not a condition sentence', () => {
  it('reports a condition word first and does not repeat IND-02 for it', () => {
    const fs = alone({ name: 'Meningkatnya Keamanan Informasi', kinerja: 'strategis', unit: 'Indeks' });
    expect(summary(fs)).toEqual(['IND-03 error $.indicator.name']);
    expect(fs[0]?.message.id).toContain('“Meningkatnya”');
  });

  it('offers the measure that follows the condition word', () => {
    const fs = alone({
      name: 'Meningkatnya Persentase Desa yang Terlayani Jaringan Internet',
      kinerja: 'strategis',
      unit: '%',
      formula: 'Jumlah desa terlayani / Jumlah desa x 100%',
    });
    expect(fs.map((f) => [f.rule, f.suggestion])).toEqual([
      ['IND-03', 'Persentase Desa yang Terlayani Jaringan Internet'],
    ]);
  });

  it('turns an output condition into a count: "Tersedianya Dokumen …" → "Jumlah Dokumen …"', () => {
    const fs = alone(
      { name: 'Tersedianya Dokumen Rencana Induk SPBE', kinerja: 'operasional', unit: 'Dokumen' },
      'kondisi_operasional',
    );
    expect(fs.map((f) => [f.rule, f.suggestion])).toEqual([['IND-03', 'Jumlah Dokumen Rencana Induk SPBE']]);
  });

  it('reports active verbs and problem words first', () => {
    expect(alone({ name: 'Meningkatkan kualitas layanan informasi', unit: '%' }, 'csf')[0]?.rule).toBe(
      'IND-03',
    );
    expect(
      alone({ name: 'Rendahnya Tingkat Keamanan Informasi', kinerja: 'strategis', unit: 'Indeks' })[0]?.rule,
    ).toBe('IND-03');
  });
});

describe('IND-04: counts labelled as outcomes', () => {
  it('warns about a Jumlah indicator at strategis, suggesting "Persentase … yang …"', () => {
    const fs = alone({
      name: 'Jumlah Perangkat Daerah yang Terhubung Jaringan Intra',
      kinerja: 'strategis',
      unit: 'Perangkat Daerah',
    });
    expect(fs).toEqual([
      expect.objectContaining({
        rule: 'IND-04',
        severity: 'warning',
        suggestion: 'Persentase Perangkat Daerah yang Terhubung Jaringan Intra',
      }),
    ]);
  });

  it('accepts a Jumlah indicator at taktikal immediate and operasional', () => {
    expect(
      alone(
        { name: 'Jumlah Panduan Penggunaan Data Sektoral', kinerja: 'taktikal_immediate', unit: 'Panduan' },
        'kondisi_antara',
      ),
    ).toEqual([]);
  });
});

describe('IND-05: process indicators above operasional', () => {
  it('warns about "Jumlah rapat koordinasi …" at taktikal immediate', () => {
    const fs = alone(
      {
        name: 'Jumlah Rapat Koordinasi Pengelolaan Data Statistik',
        kinerja: 'taktikal_immediate',
        unit: 'Kali',
      },
      'kondisi_antara',
    );
    expect(summary(fs)).toEqual(['IND-05 warning $.indicator.name']);
  });

  it('warns about budget absorption at strategis', () => {
    const fs = alone({
      name: 'Persentase Penyerapan Anggaran Dinas',
      kinerja: 'strategis',
      unit: '%',
      formula: 'Realisasi anggaran / Pagu anggaran x 100%',
    });
    expect(fs.map((f) => f.rule)).toEqual(['IND-05']);
  });

  it('lets a process indicator stand at operasional', () => {
    const fs = alone(
      { name: 'Jumlah Rapat Koordinasi Pengelolaan Data Statistik', kinerja: 'operasional', unit: 'Kali' },
      'kondisi_operasional',
    );
    expect(fs).toEqual([]);
  });
});

describe('IND-06: the unit fits the measure', () => {
  it('reports a percentage measured in documents, suggesting "%"', () => {
    const fs = alone({ ...SPBE, unit: 'Dokumen' });
    expect(fs).toEqual([
      expect.objectContaining({
        rule: 'IND-06',
        severity: 'error',
        path: '$.indicator.unit',
        text: 'Dokumen',
        suggestion: '%',
      }),
    ]);
  });

  it('reports an index measured in percent', () => {
    expect(alone({ ...KAMI, unit: '%' }).map((f) => [f.rule, f.suggestion])).toEqual([['IND-06', 'Indeks']]);
  });

  it('reports a count in percent', () => {
    const fs = alone(
      { name: 'Jumlah Data yang Terpublikasikan pada Portal Satu Data', kinerja: 'operasional', unit: '%' },
      'kondisi_operasional',
    );
    expect(summary(fs)).toEqual(['IND-06 error $.indicator.unit']);
  });

  it('accepts the counted noun as a Jumlah unit, and Rupiah for a Nilai', () => {
    expect(
      alone(
        { name: 'Jumlah Mitra Media Publikasi', kinerja: 'operasional', unit: 'Mitra' },
        'kondisi_operasional',
      ),
    ).toEqual([]);
    expect(
      alone({ name: 'Nilai Investasi Sektor Telekomunikasi', kinerja: 'strategis', unit: 'Miliar Rupiah' }),
    ).toEqual([]);
    expect(alone({ name: 'Nilai SAKIP Dinas', kinerja: 'strategis', unit: 'Predikat' })).toEqual([]);
  });

  it('warns about the unit "Kegiatan" at operasional and reports it above', () => {
    const pameran = { name: 'Jumlah Pameran Teknologi Informasi yang Diikuti', unit: 'Kegiatan' };
    expect(
      alone({ ...pameran, kinerja: 'operasional' }, 'kondisi_operasional').map(
        (f) => `${f.rule} ${f.severity}`,
      ),
    ).toEqual(['IND-06 warning']);
    expect(
      alone({ ...pameran, kinerja: 'taktikal_immediate' }, 'kondisi_antara').map(
        (f) => `${f.rule} ${f.severity}`,
      ),
    ).toEqual(['IND-06 error']);
  });
});

describe('IND-07: ratios need a numerator, a denominator and (for Persentase) x 100%', () => {
  it('is a warning at Tahap 4 and an error from Tahap 5', () => {
    const noFormula = { ...SPBE, formula: undefined };
    expect(onCsf(check(tree([noFormula]), 4)).map((f) => `${f.rule} ${f.severity} ${f.path}`)).toEqual([
      'IND-07 warning $.tree.children[0].indicators[0].formula',
    ]);
    expect(onCsf(check(tree([noFormula]), 5)).map((f) => `${f.rule} ${f.severity}`)).toEqual([
      'IND-07 error',
    ]);
  });

  it('reports a formula that does not divide', () => {
    const fs = alone({ ...SPBE, formula: 'Jumlah Perangkat Daerah yang menerapkan SPBE x 100%' });
    expect(fs.map((f) => [f.rule, f.text])).toEqual([
      ['IND-07', 'Jumlah Perangkat Daerah yang menerapkan SPBE x 100%'],
    ]);
    expect(fs[0]?.message.en).toContain('does not divide');
  });

  it('offers "x 100%" for a percentage that forgot it', () => {
    const fs = alone({
      ...SPBE,
      formula: 'Jumlah Perangkat Daerah yang menerapkan SPBE / Jumlah seluruh Perangkat Daerah',
    });
    expect(fs[0]?.suggestion).toBe(
      'Jumlah Perangkat Daerah yang menerapkan SPBE / Jumlah seluruh Perangkat Daerah x 100%',
    );
  });

  it('accepts a Rasio without x 100%, and every way of writing it', () => {
    const rasio = {
      name: 'Rasio Jumlah Server terhadap Jumlah Aplikasi',
      kinerja: 'strategis',
      unit: 'Rasio',
    } as const;
    expect(alone({ ...rasio, formula: 'Jumlah server : Jumlah aplikasi' })).toEqual([]);
    for (const formula of ['A/B X 100 %', 'Jumlah A ÷ Jumlah B * 100', 'Jumlah A / Jumlah B × 100%']) {
      expect(alone({ ...SPBE, formula })).toEqual([]);
    }
  });

  it('says where a formula cannot be read', () => {
    const fs = alone({ ...SPBE, formula: '(Jumlah PD yang menerapkan SPBE / Jumlah PD x 100%' });
    expect(fs[0]?.rule).toBe('IND-07');
    expect(fs[0]?.message.id).toContain('posisi 1');
  });
});

describe('IND-08: composite formulas', () => {
  const composite: Indicator = {
    name: 'Indeks Kualitas Layanan Informasi Publik',
    kinerja: 'strategis',
    unit: 'Indeks',
    formula: '0,5xa+0,5xb',
    terms: [
      {
        symbol: 'a',
        name: 'Persentase permohonan informasi publik yang diselesaikan',
        formula: 'Jumlah permohonan diselesaikan / Jumlah permohonan x 100%',
      },
      { symbol: 'b', name: 'Indeks kepuasan pemohon informasi' },
    ],
  };

  it('accepts weights that sum to 1 with every symbol defined', () => {
    expect(alone(composite)).toEqual([]);
    expect(alone({ ...composite, formula: '(0,4 x A) + (0,6 x B)' })).toEqual([]);
  });

  it('reports weights that do not sum to 1, with the sum', () => {
    const fs = alone({ ...composite, formula: '0,5 x a + 0,6 x b' });
    expect(summary(fs)).toEqual(['IND-08 error $.indicator.formula']);
    expect(fs[0]?.message.id).toContain('berjumlah 1,1');
  });

  it('reports a symbol with no term', () => {
    const fs = alone({ ...composite, formula: '0,5 x a + 0,3 x b + 0,2 x c' });
    expect(fs.map((f) => f.message.en)).toEqual([expect.stringContaining('symbol “c”')]);
  });

  it('reports a composite with terms but no formula, and one that does not parse', () => {
    expect(alone({ ...composite, formula: undefined }).map((f) => f.rule)).toEqual(['IND-08']);
    expect(alone({ ...composite, formula: '0,5 x a + ' }).map((f) => f.rule)).toEqual(['IND-08']);
  });

  it('checks each term’s own formula with IND-07, not the composite itself', () => {
    const fs = alone({
      ...composite,
      terms: [
        { symbol: 'a', name: 'Persentase permohonan informasi publik yang diselesaikan' },
        ...(composite.terms ?? []).slice(1),
      ],
    });
    expect(summary(fs)).toEqual(['IND-07 error $.indicator.terms[0].formula']);
  });

  it('reads terms that name the two sides of a ratio as a ratio, not a composite', () => {
    const fs = alone({
      ...SPBE,
      formula: '(A / B) x 100%',
      terms: [
        { symbol: 'A', name: 'Jumlah Perangkat Daerah yang menerapkan SPBE' },
        { symbol: 'B', name: 'Jumlah seluruh Perangkat Daerah' },
      ],
    });
    expect(fs).toEqual([]);
    expect(
      alone({ ...SPBE, formula: 'A / B', terms: [{ symbol: 'A', name: 'x' }] }).map((f) => f.rule),
    ).toEqual(['IND-07']);
  });

  it('reads a weighted formula without terms as a composite whose symbols are undefined', () => {
    const fs = alone({
      name: 'Indeks Pembangunan TIK',
      kinerja: 'strategis',
      unit: 'Indeks',
      formula: '0,5 x Indeks SPBE + 0,5 x Indeks KAMI',
    });
    expect(fs.map((f) => f.rule)).toEqual(['IND-08', 'IND-08']);
  });
});

describe('IND-09: kinerja fits the level', () => {
  it('warns about a strategis indicator on a kondisi antara, suggesting taktikal_immediate', () => {
    const fs = alone(
      { name: 'Jumlah Panduan Penggunaan Data Sektoral', kinerja: 'strategis', unit: 'Panduan' },
      'kondisi_antara',
    );
    expect(fs.filter((f) => f.rule === 'IND-09')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        path: '$.indicator.kinerja',
        suggestion: 'taktikal_immediate',
      }),
    ]);
  });

  it('warns when the kinerja is missing', () => {
    expect(alone({ ...KAMI, kinerja: undefined }).map((f) => [f.rule, f.suggestion])).toEqual([
      ['IND-09', 'strategis'],
    ]);
  });
});

describe('IND-10 and IND-11: the same indicator as the parent, too many indicators', () => {
  it('warns when a kondisi antara utama repeats its csf’s indicator', () => {
    const below: NodeInput[] = [
      {
        id: 'bal.2.2',
        statement: 'Meningkatnya Cakupan Layanan TIK Satuan Kerja Perangkat Daerah',
        level: 'kondisi_antara_utama',
        indicators: [
          {
            ...SPBE,
            name: 'persentase perangkat daerah yang menerapkan SPBE',
            kinerja: 'taktikal_intermediate',
          },
        ],
      },
    ];
    const fs = check(tree([SPBE], { below })).filter((f) => f.nodeId === 'bal.2.2');
    expect(summary(fs)).toEqual(['IND-10 warning $.tree.children[0].children[0].indicators[0].name']);
  });

  it('warns about four indicators on one node and accepts three', () => {
    const four = [
      SPBE,
      KAMI,
      { ...KAMI, name: 'Indeks Pembangunan TIK' },
      { ...KAMI, name: 'Indeks Kepuasan Masyarakat' },
    ];
    expect(summary(onCsf(check(tree(four))))).toEqual(['IND-11 warning $.tree.children[0].indicators']);
    expect(onCsf(check(tree(four.slice(0, 3))))).toEqual([]);
  });
});

describe('the official indicator of the mapped sub kegiatan', () => {
  const official: NomenclatureEntry = {
    code: '3.26.02.1.02.0002',
    level: 'sub_kegiatan',
    name: 'Perencanaan Kawasan Strategis Pariwisata Provinsi',
    indicator: 'Tersedianya Dokumen Perencanaan Kawasan Strategis Pariwisata Provinsi',
    unit: 'Dokumen',
  };
  const nomenclature = createNomenclatureIndex('2027', [official]);
  const planning: Planning[] = [
    {
      component: 'sasaran_sub_kegiatan',
      pk: 'JF',
      subKegiatan: { code: '3.26.02.1.02.0002', name: 'Perencanaan Kawasan Strategis Pariwisata Provinsi' },
    },
  ];
  const indicator: Indicator = {
    name: 'Tersedianya Dokumen Perencanaan Kawasan Strategis Pariwisata Provinsi',
    kinerja: 'operasional',
    unit: 'Dokumen',
  };

  it('reports IND-03 on the law’s wording as a warning only', () => {
    const fs = checkIndicatorAlone({ indicator, level: 'kondisi_operasional', planning }, { nomenclature });
    expect(fs.map((f) => `${f.rule} ${f.severity}`)).toEqual(['IND-03 warning']);
  });

  it('keeps the error for the same wording on a node mapped elsewhere', () => {
    const fs = checkIndicatorAlone(
      { indicator, level: 'kondisi_operasional', planning: [] },
      { nomenclature },
    );
    expect(fs.map((f) => `${f.rule} ${f.severity}`)).toEqual(['IND-03 error']);
  });

  it('softens IND-06 for an official count in "Kegiatan" above operasional', () => {
    const kegiatan: NomenclatureEntry = {
      code: '2.22.02.1.01.0013',
      level: 'sub_kegiatan',
      name: 'Pengembangan dan Pemanfaatan Objek Pemajuan Kebudayaan',
      indicator:
        'Jumlah Aktivitas/Kegiatan Pengembangan dan Pemanfaatan yang berkaitan dengan Objek Pemajuan Kebudayaan',
      unit: 'Kegiatan',
    };
    const fs = checkIndicatorAlone(
      {
        indicator: { name: kegiatan.indicator ?? '', kinerja: 'taktikal_immediate', unit: 'Kegiatan' },
        level: 'kondisi_antara',
        planning: [{ component: 'sasaran_kegiatan', pk: 'Pengawas', subKegiatan: { name: kegiatan.name } }],
      },
      { nomenclature: createNomenclatureIndex('2027', [kegiatan]) },
    );
    expect(fs.map((f) => `${f.rule} ${f.severity}`)).toEqual(['IND-06 warning']);
  });
});

describe('IND on the real Balangan tree', () => {
  const parsed = parseTree(JSON.parse(readFileSync('examples/balangan-diskominfosan.json', 'utf8')));
  if (!parsed.ok) throw new Error('example does not parse');
  const balangan = parsed.value;

  it('flags every percentage indicator for its missing formula (warning at Tahap 4, error at Tahap 5)', () => {
    const at4 = check(balangan, 4).filter((f) => f.rule === 'IND-07');
    expect(at4).toHaveLength(18);
    expect(at4.every((f) => f.severity === 'warning' && f.text.startsWith('Persentase '))).toBe(true);
    expect(check(balangan, 5).filter((f) => f.rule === 'IND-07' && f.severity === 'error')).toHaveLength(18);
  });

  it('raises nothing else on the correct indicators of the tree itself', () => {
    const others = check(balangan, 4).filter(
      (f) => f.rule !== 'IND-07' && !f.path.startsWith('$.crosscutting'),
    );
    expect(others).toEqual([]);
  });

  it('notes that the crosscutting "Jumlah Metadata Statistik" counts outputs at csf and states no kinerja', () => {
    const cross = check(balangan, 4).filter((f) => f.path.startsWith('$.crosscutting'));
    expect(cross.map((f) => `${f.rule} ${f.severity}`)).toEqual(['IND-04 warning', 'IND-09 warning']);
  });

  it('lets Tahap 4 pass over the missing formulas but blocks Tahap 5 on them', () => {
    const ind07 = (fs: Finding[]) => fs.filter((f) => f.rule === 'IND-07').length;
    expect(ind07(checkTree(balangan, { stage: 3 }))).toBe(0);
    expect(ind07(stageGate(balangan, 4).blocking)).toBe(0);
    expect(ind07(stageGate(balangan, 4).warnings)).toBe(18);
    expect(ind07(stageGate(balangan, 5).blocking)).toBe(18);
  });
});
