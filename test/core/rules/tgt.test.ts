import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../src/core/rules/context.ts';
import { tgtRules } from '../../../src/core/rules/tgt.ts';
import type { Finding } from '../../../src/core/rules/types.ts';
import { parseTree } from '../../../src/core/tree/parse.ts';
import type { Indicator, Tree } from '../../../src/core/tree/schema.ts';

const ORG = { name: 'Dinas Komunikasi, Informatika, Statistik dan Persandian', region: 'Kabupaten Balangan' };

/** A csf under the Balangan outcome, carrying the indicator under test. */
function treeWith(
  indicator: Indicator,
  options: {
    statement?: string;
    period?: { from: number; to: number } | null;
    crosscutting?: Indicator;
  } = {},
): Tree {
  const parsed = parseTree({
    format: 'pokin/1',
    organization: ORG,
    ...(options.period === null ? {} : { period: options.period ?? { from: 2025, to: 2029 } }),
    tree: {
      id: 'bal.o',
      statement: 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
      level: 'outcome',
      basis: [{ kind: 'mandat', text: 'Urusan komunikasi dan informatika, statistik, persandian' }],
      children: [
        {
          id: 'bal.4',
          statement: options.statement ?? 'Meningkatnya Keamanan Informasi',
          level: 'csf',
          indicators: [indicator],
        },
      ],
    },
    crosscutting: options.crosscutting
      ? [
          {
            id: 'x1',
            statement: 'Terpenuhinya Data Statistik Sektoral oleh SKPD',
            level: 'csf',
            crosscutting: { with: ['SKPD'] },
            indicators: [options.crosscutting],
          },
        ]
      : [],
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

const check = (tree: Tree): Finding[] => filled(tgtRules.check(buildContext(tree, { stage: 5 })));
const rules = (fs: Finding[]) => fs.map((f) => `${f.rule}:${f.severity}`);

const KAMI = { name: 'Indeks Keamanan Informasi (KAMI)', kinerja: 'strategis', unit: 'Indeks' } as const;
const PD_SPBE = {
  name: 'Persentase Perangkat Daerah yang Menerapkan SPBE',
  kinerja: 'strategis',
  unit: '%',
  formula: 'Jumlah Perangkat Daerah yang menerapkan SPBE / Jumlah seluruh Perangkat Daerah x 100%',
} as const;

describe('TGT-01: a target for every year of the period', () => {
  it('names the years of 2025–2029 that have no target', () => {
    const fs = check(treeWith({ ...KAMI, targets: { '2025': 'B', '2026': 2.6, '2027': 2.8 } }));
    const f = fs.find((x) => x.rule === 'TGT-01');
    expect(f).toMatchObject({
      severity: 'error',
      nodeId: 'bal.4',
      path: '$.tree.children[0].indicators[0].targets',
      text: 'Indeks Keamanan Informasi (KAMI)',
    });
    expect(f?.message.id).toContain('2028, 2029');
  });

  it('reports an indicator with no targets at all', () => {
    expect(rules(check(treeWith(KAMI)))).toEqual(['TGT-01:error']);
  });

  it('is satisfied by a target for each year, and silent when the tree has no period', () => {
    const targets = { '2025': '2,4', '2026': '2,6', '2027': '2,8', '2028': '3,0', '2029': '3,2' };
    expect(check(treeWith({ ...KAMI, targets }))).toEqual([]);
    expect(check(treeWith(KAMI, { period: null }))).toEqual([]);
  });

  it('leaves crosscutting nodes to the partner organisation', () => {
    const metadata = { name: 'Jumlah Metadata Statistik', unit: 'Metadata' };
    const fs = check(
      treeWith(
        { ...KAMI, targets: { '2025': 2.4, '2026': 2.6, '2027': 2.8, '2028': 3, '2029': 3.2 } },
        { crosscutting: metadata },
      ),
    );
    expect(fs).toEqual([]);
  });
});

describe('TGT-02: every target reads as a number', () => {
  it('flags words in place of numbers, quoting them', () => {
    const fs = check(
      treeWith({
        ...PD_SPBE,
        targets: { '2025': '60', '2026': 'tinggi', '2027': 'delapan puluh', '2028': '', '2029': '90' },
      }),
    );
    const tgt02 = fs.filter((f) => f.rule === 'TGT-02');
    expect(tgt02.map((f) => [f.severity, f.path, f.text])).toEqual([
      ['error', '$.tree.children[0].indicators[0].targets["2026"]', 'tinggi'],
      ['error', '$.tree.children[0].indicators[0].targets["2027"]', 'delapan puluh'],
      ['error', '$.tree.children[0].indicators[0].targets["2028"]', ''],
    ]);
    expect(tgt02[0]?.message.id).toContain('“tinggi”');
  });

  it('reads "80", "80,5", "82%", "85,5 %" and "1.250" without a finding', () => {
    const spbe = {
      ...PD_SPBE,
      targets: { '2025': '80', '2026': '80,5', '2027': '82%', '2028': '85,5 %', '2029': 90 },
    };
    expect(check(treeWith(spbe))).toEqual([]);
    const media = {
      name: 'Jumlah Konten Informasi Publik yang Dipublikasikan',
      kinerja: 'strategis',
      unit: 'Konten',
      targets: { '2025': '1.250', '2026': '1.300', '2027': '1.350', '2028': '1.400', '2029': '1.450' },
    } as const;
    expect(check(treeWith(media))).toEqual([]);
  });

  it('only warns about a percentage outside 0–100 (a realisation ratio may exceed it)', () => {
    const fs = check(
      treeWith({
        name: 'Persentase Realisasi Pendapatan Retribusi Menara Telekomunikasi',
        kinerja: 'strategis',
        unit: '%',
        formula: 'Realisasi retribusi / Target retribusi x 100%',
        targets: { '2025': 100, '2026': '102,5', '2027': '103', '2028': '104', '2029': '105' },
      }),
    );
    expect(fs.filter((f) => f.rule === 'TGT-02').map((f) => [f.severity, f.text])).toEqual([
      ['warning', '102,5'],
      ['warning', '103'],
      ['warning', '104'],
      ['warning', '105'],
    ]);
  });

  it('does not apply the 0–100 range to a count', () => {
    const fs = check(
      treeWith({
        name: 'Jumlah Layanan Publik yang Terhubung dengan Sistem Penghubung Layanan',
        kinerja: 'strategis',
        unit: 'Layanan',
        targets: { '2025': 120, '2026': 140, '2027': 160, '2028': 180, '2029': 200 },
      }),
    );
    expect(fs).toEqual([]);
  });
});

describe('TGT-03: targets follow polarity', () => {
  const years = (values: (number | string)[]) =>
    Object.fromEntries(values.map((v, i) => [String(2025 + i), v])) as Record<string, number | string>;

  it('warns when a rising indicator falls from one year to the next', () => {
    const fs = check(treeWith({ ...PD_SPBE, targets: years([60, 70, 65, 80, 90]) }));
    expect(fs.map((f) => [f.rule, f.severity, f.path])).toEqual([
      ['TGT-03', 'warning', '$.tree.children[0].indicators[0].targets["2027"]'],
    ]);
    expect(fs[0]?.message.id).toContain('target 2026');
  });

  it('warns when a rising indicator starts below its baseline', () => {
    const fs = check(
      treeWith({ ...PD_SPBE, baseline: { year: 2024, value: '72,5' }, targets: years([70, 75, 80, 85, 90]) }),
    );
    expect(fs.map((f) => [f.rule, f.text])).toEqual([['TGT-03', '70']]);
    expect(fs[0]?.message.en).toContain('baseline 2024 (72,5)');
  });

  it('reads "Menurunnya …" as lower is better, and warns when the target rises', () => {
    const incidents = {
      name: 'Jumlah Insiden Keamanan Informasi pada Sistem Elektronik Pemerintah Daerah',
      kinerja: 'strategis',
      unit: 'Insiden',
      targets: years([12, 10, 11, 8, 6]),
    } as const;
    const fs = check(treeWith(incidents, { statement: 'Menurunnya Gangguan Keamanan Informasi' }));
    expect(fs.map((f) => [f.rule, f.path])).toEqual([
      ['TGT-03', '$.tree.children[0].indicators[0].targets["2027"]'],
    ]);
    expect(fs[0]?.message.id).toContain('polaritas turun');
    expect(
      check(
        treeWith(
          { ...incidents, targets: years([12, 10, 9, 8, 6]) },
          { statement: 'Menurunnya Gangguan Keamanan Informasi' },
        ),
      ),
    ).toEqual([]);
  });

  it('follows an explicit polarity over the statement', () => {
    const fs = check(treeWith({ ...PD_SPBE, polarity: 'turun', targets: years([60, 70, 80, 90, 95]) }));
    expect(fs.filter((f) => f.rule === 'TGT-03')).toHaveLength(4);
  });

  it('accepts flat and rising targets, and ignores targets it could not read', () => {
    expect(
      check(
        treeWith({ ...PD_SPBE, baseline: { year: 2024, value: 60 }, targets: years([60, 60, 70, 80, 90]) }),
      ),
    ).toEqual([]);
    const fs = check(treeWith({ ...PD_SPBE, targets: years([60, 'tinggi', 70, 80, 90]) }));
    expect(rules(fs)).toEqual(['TGT-02:error']);
  });
});
