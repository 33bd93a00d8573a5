import { describe, expect, it } from 'vitest';
import { checkStatement, checkTree } from '../../../src/core/rules/index.ts';
import { numberOfPath } from '../../../src/core/rules/tre.ts';
import type { Stage } from '../../../src/core/rules/types.ts';
import type { NodeInput } from '../../../src/core/tree/schema.ts';
import { chain, MANDATE, treeOf } from './helpers.ts';

const tre = (root: NodeInput, stage: Stage = 3, crosscutting: NodeInput[] = []) =>
  checkTree(treeOf(root, crosscutting), { stage }).filter(
    (f) => f.rule.startsWith('TRE') || f.rule === 'BAS-01',
  );
const ids = (root: NodeInput, stage?: Stage, crosscutting?: NodeInput[]) =>
  tre(root, stage, crosscutting).map((f) => `${f.rule} ${f.severity} ${f.nodeId}`);

const ko = (id: string, statement: string): NodeInput => ({ id, statement, level: 'kondisi_operasional' });

describe('a clean tree', () => {
  it('has no TRE findings at any stage', () => {
    for (const stage of [1, 2, 3, 4, 5] as const) expect(ids(chain({}), stage)).toEqual([]);
  });
});

describe('TRE-01 one outcome root', () => {
  it('fires when the root is not an outcome', () => {
    const root = { ...chain({}), level: 'csf' as const };
    expect(ids(root, 1)).toContain('TRE-01 error o');
  });

  it('fires on a second outcome inside the tree', () => {
    const root = chain({});
    root.children = [
      ...(root.children ?? []),
      { id: 'o2', statement: 'Meningkatnya Kualitas Statistik Sektoral', level: 'outcome' },
    ];
    expect(ids(root, 1)).toContain('TRE-01 error o2');
  });
});

describe('TRE-02 levels go down', () => {
  it('fires on a child at its parent’s level', () => {
    const root = chain({});
    root.children![0]!.children!.push({
      id: 'bad',
      statement: 'Meningkatnya Literasi Digital Masyarakat',
      level: 'csf',
    });
    const found = tre(root).filter((f) => f.rule === 'TRE-02');
    expect(found.map((f) => [f.nodeId, f.path])).toEqual([['bad', '$.tree.children[0].children[1].level']]);
  });

  it('fires on a kondisi operasional with children', () => {
    const root = chain({});
    const ka = root.children![0]!.children![0]!.children![0]!;
    ka.children![0]!.children = [ko('kk', 'Tersedianya Konten Berita Siap Tayang')];
    expect(ids(root)).toContain('TRE-02 error k');
  });
});

describe('TRE-03 skipped level', () => {
  it('warns when a csf has a kondisi antara directly below', () => {
    const root = chain({});
    root.children![0]!.children = [
      {
        id: 'ka',
        statement: 'Terlaksananya Publikasi/Diseminasi Data Sektoral',
        level: 'kondisi_antara',
        children: [ko('k', 'Tersedianya Media Publikasi Data')],
      },
    ];
    const found = tre(root).filter((f) => f.rule === 'TRE-03');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'warning', nodeId: 'ka' });
    expect(found[0]?.message.id).toContain('kondisi_antara_utama');
    expect(ids(chain({}))).not.toContain('TRE-03');
  });
});

describe('TRE-04 the outcome has csf', () => {
  const bare = {
    id: 'o',
    statement: 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
    level: 'outcome' as const,
    basis: MANDATE,
  };

  it('is an error from Tahap 2 on, not at Tahap 1', () => {
    expect(ids(bare, 1)).toEqual([]);
    expect(ids(bare, 2)).toEqual(['TRE-04 error o']);
  });

  it('warns above six csf', () => {
    const csf = (i: number): NodeInput => ({
      id: `c${i}`,
      statement: `Meningkatnya Kualitas Layanan Nomor ${i}`,
      level: 'csf',
    });
    const seven = { ...bare, children: [1, 2, 3, 4, 5, 6, 7].map(csf) };
    expect(ids(seven, 2)).toEqual(['TRE-04 warning o']);
    expect(ids({ ...bare, children: [1, 2, 3, 4, 5, 6].map(csf) }, 2)).toEqual([]);
  });
});

describe('TRE-05 leaf above kondisi operasional', () => {
  it('warns from Tahap 3 on', () => {
    const root = chain({});
    root.children![0]!.children![0]!.children = [];
    expect(ids(root, 2)).toEqual([]);
    expect(ids(root, 3)).toEqual(['TRE-05 warning u']);
  });
});

describe('TRE-06 no condition twice', () => {
  it('is an error for the same text once case, spacing and punctuation are folded', () => {
    const root = chain({});
    root.children![0]!.children![0]!.children![0]!.children!.push(
      ko('k2', 'tersedianya  media publikasi data.'),
    );
    const found = tre(root).filter((f) => f.rule === 'TRE-06');
    expect(found.map((f) => `${f.severity} ${f.nodeId}`)).toEqual(['error k2']);
    expect(found[0]?.message.id).toContain('(1.1.1.1)');
  });

  it('warns about a near-duplicate (similar word tokens)', () => {
    const root = chain({});
    root.children![0]!.children![0]!.children![0]!.children!.push(
      ko('k2', 'Tersedianya Media Publikasi Data Statistik Sektoral Kabupaten Balangan'),
      ko('k3', 'Tersedianya Media Publikasi Data Statistik Sektoral di Kabupaten Balangan'),
    );
    const found = tre(root).filter((f) => f.rule === 'TRE-06');
    expect(found.map((f) => `${f.severity} ${f.nodeId}`)).toEqual(['warning k3']);
    expect(found[0]?.message.id).toMatch(/kemiripan 9\d%/);
  });

  it('does not confuse different conditions on the same subject', () => {
    const root = chain({});
    root.children![0]!.children![0]!.children![0]!.children!.push(
      ko('k2', 'Tersedianya Panduan Penggunaan Data Sektoral'),
    );
    expect(ids(root).filter((f) => f.startsWith('TRE-06'))).toEqual([]);
  });

  it('compares crosscutting nodes too', () => {
    const x = {
      id: 'x',
      statement: 'Meningkatnya Akses Data Sektoral',
      level: 'csf' as const,
      crosscutting: { with: ['Bappeda'] },
    };
    expect(ids(chain({}), 3, [x])).toContain('TRE-06 error x');
  });

  it('checks a draft against the statements already in the tree', () => {
    const existing = [
      'Meningkatnya Akses Data Sektoral',
      'Tersedianya Media Publikasi Data Statistik Sektoral Kabupaten Balangan',
    ];
    expect(
      checkStatement({
        statement: 'meningkatnya akses data sektoral',
        level: 'kondisi_antara_utama',
        existing,
      }),
    ).toMatchObject([{ rule: 'TRE-06', severity: 'error' }]);
    expect(
      checkStatement({
        statement: 'Tersedianya Media Publikasi Data Statistik Sektoral di Kabupaten Balangan',
        level: 'kondisi_operasional',
        existing,
      }),
    ).toMatchObject([{ rule: 'TRE-06', severity: 'warning' }]);
    expect(
      checkStatement({
        statement: 'Meningkatnya Kualitas Data Sektoral',
        level: 'kondisi_antara_utama',
        existing,
      }),
    ).toEqual([]);
  });
});

describe('TRE-07 a child restates its parent', () => {
  it('warns when only the condition word differs (the real Balangan “Penanganan Gangguan” pair)', () => {
    const root = chain({
      ka: 'Meningkatnya Penanganan Gangguan Keamanan Informasi',
      ko: 'Terlaksananya Penanganan Gangguan Keamanan Informasi',
    });
    expect(ids(root)).toEqual(['TRE-07 warning k']);
    expect(
      checkStatement({
        statement: 'Terlaksananya Penanganan Gangguan Keamanan Informasi',
        level: 'kondisi_operasional',
        parent: 'Meningkatnya Penanganan Gangguan Keamanan Informasi',
      }).map((f) => f.rule),
    ).toEqual(['TRE-07']);
  });

  it('is silent for a more operational cause', () => {
    expect(
      checkStatement({
        statement: 'Tersedianya Infrastruktur Sistem Pencegahan Keamanan Informasi',
        level: 'kondisi_operasional',
        parent: 'Meningkatnya Kualitas Sistem Pencegahan Keamanan Informasi',
      }),
    ).toEqual([]);
  });
});

describe('TRE-08 crosscutting partners', () => {
  const x = (withList: string[] | undefined): NodeInput => ({
    id: 'x',
    statement: 'Terpenuhinya Data Statistik Sektoral Perangkat Daerah',
    level: 'csf',
    ...(withList ? { crosscutting: { with: withList } } : {}),
  });

  it('is an error when no partner is named, or only the tree’s own organisation', () => {
    expect(ids(chain({}), 3, [x(undefined)])).toEqual(['TRE-08 error x']);
    expect(ids(chain({}), 3, [x([])])).toEqual(['TRE-08 error x']);
    expect(ids(chain({}), 3, [x(['Diskominfosan'])])).toEqual(['TRE-08 error x']);
  });

  it('warns about a generic partner such as “SKPD” or “Perangkat Daerah lain”', () => {
    expect(ids(chain({}), 3, [x(['SKPD'])])).toEqual(['TRE-08 warning x']);
    expect(ids(chain({}), 3, [x(['Perangkat Daerah lain'])])).toEqual(['TRE-08 warning x']);
  });

  it('passes named partners, also on a crosscutting node inside the tree', () => {
    expect(ids(chain({}), 3, [x(['Bappelitbangda', 'Dinas Kependudukan dan Pencatatan Sipil'])])).toEqual([]);
    const root = chain({});
    root.children![0]!.crosscutting = { with: ['Bappelitbangda'] };
    expect(ids(root)).toEqual([]);
    root.children![0]!.crosscutting = { with: [] };
    expect(ids(root)).toEqual(['TRE-08 error c']);
  });
});

describe('BAS-01 the outcome has a basis', () => {
  it('is an error without any basis', () => {
    const root = chain({});
    delete root.basis;
    expect(ids(root, 1)).toEqual(['BAS-01 error o']);
  });
});

describe('numberOfPath', () => {
  it('turns node paths into outline numbers', () => {
    expect(numberOfPath('$.tree')).toBe('0');
    expect(numberOfPath('$.tree.children[0].children[1]')).toBe('1.2');
    expect(numberOfPath('$.crosscutting[0].children[2]')).toBe('X1.3');
  });
});

describe('TRE-06 near-duplicate search', () => {
  it('finds exactly the pairs an all-pairs comparison finds, on 400 statements from a small vocabulary', () => {
    const condition = ['Meningkatnya', 'Tersedianya', 'Terlaksananya', 'Terkelolanya'];
    const subject = ['Kualitas', 'Akses', 'Cakupan', 'Keamanan', 'Pemanfaatan'];
    const object = [
      'Data Sektoral',
      'Informasi Publik',
      'Jaringan Internet Desa',
      'Layanan TIK',
      'Arsip Dinamis',
    ];
    const extra = [
      'yang Berkualitas',
      'secara Berkala',
      'di Kecamatan Awayan',
      'di Kecamatan Paringin',
      'Berbasis Elektronik',
    ];
    let seed = 7;
    const pick = <T>(list: T[]) => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return list[(seed >>> 8) % list.length]!;
    };
    const statements = Array.from(
      { length: 400 },
      () => `${pick(condition)} ${pick(subject)} ${pick(object)} ${pick(extra)} ${pick(extra)}`,
    );
    const crosscutting = statements.map((statement, i) => ({
      id: `x${i}`,
      statement,
      level: 'kondisi_operasional' as const,
      crosscutting: { with: ['Bappelitbangda'] },
    }));
    const found = tre(chain({}), 3, crosscutting).filter(
      (f) => f.rule === 'TRE-06' && f.severity === 'warning',
    );

    const fold = (s: string) =>
      s
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
    const all = [
      'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
      'Meningkatnya Pemanfaatan Data Sektoral',
      'Meningkatnya Akses Data Sektoral',
      'Terlaksananya Publikasi/Diseminasi Data Sektoral',
      'Tersedianya Media Publikasi Data',
      ...statements,
    ];
    const ids = ['o', 'c', 'u', 'a', 'k', ...statements.map((_, i) => `x${i}`)];
    const sets = all.map((s) => new Set(fold(s).split(' ')));
    const expected: string[] = [];
    for (let i = 0; i < all.length; i++) {
      if (all.slice(0, i).some((s) => fold(s) === fold(all[i]!))) continue;
      for (let j = 0; j < i; j++) {
        if (fold(all[j]!) === fold(all[i]!) || (i < 5 && j === i - 1)) continue;
        const common = [...sets[i]!].filter((t) => sets[j]!.has(t)).length;
        if ((2 * common) / (sets[i]!.size + sets[j]!.size) >= 0.85) {
          expected.push(ids[i]!);
          break;
        }
      }
    }
    expect(expected.length).toBeGreaterThan(20);
    expect(found.map((f) => f.nodeId)).toEqual(expected);
  });
});

describe('TRE-06 and TRE-07 on a draft', () => {
  it('leaves a restated parent to TRE-07 instead of also calling it a near-duplicate', () => {
    const parent = 'Meningkatnya Penanganan Gangguan Keamanan Informasi Pemerintah Daerah';
    const found = checkStatement({
      statement: 'Terlaksananya Penanganan Gangguan Keamanan Informasi Pemerintah Daerah',
      level: 'kondisi_operasional',
      parent,
      existing: [parent, 'Meningkatnya Keamanan Informasi'],
    });
    expect(found.map((f) => f.rule)).toEqual(['TRE-07']);
  });
});
