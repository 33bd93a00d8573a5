import { describe, expect, it } from 'vitest';
import { acceptedReason, checkIndicator, checkTree, stageGate } from '../../../src/core/rules/index.ts';
import type { NodeInput } from '../../../src/core/tree/schema.ts';
import { chain, MANDATE, treeOf } from './helpers.ts';

const outcomeOnly = (statement: string, withBasis = true): NodeInput => ({
  id: 'o',
  statement,
  level: 'outcome',
  ...(withBasis ? { basis: MANDATE } : {}),
});

describe('checkTree', () => {
  it('sorts errors first, then in tree order (children[10] after children[2])', () => {
    const root = chain({ kau: 'Meningkatkan akses data sektoral' });
    const csf = root.children![0]!;
    for (let i = 0; i < 11; i++) {
      csf.children!.push({
        id: `u${i}`,
        statement: `Meningkatnya Akses Data Sektoral Kecamatan ${i}`,
        level: 'kondisi_antara_utama',
      });
    }
    root.children!.unshift({ id: 'c0', statement: 'Tersedianya Layanan Informasi Publik', level: 'csf' });
    const found = checkTree(treeOf(root), { stage: 3 });
    const firstWarning = found.findIndex((f) => f.severity === 'warning');
    expect(found.slice(0, firstWarning).every((f) => f.severity === 'error')).toBe(true);
    expect(found.slice(firstWarning).every((f) => f.severity === 'warning')).toBe(true);
    expect(found[0]).toMatchObject({ rule: 'KND-02', nodeId: 'u' });
    const leafOrder = found.filter((f) => f.rule === 'TRE-05').map((f) => f.nodeId);
    expect(leafOrder).toEqual(['c0', 'u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9', 'u10']);
  });

  it('runs only what applies up to the stage', () => {
    const tree = treeOf(outcomeOnly('Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas'));
    expect(checkTree(tree, { stage: 1 })).toEqual([]);
    expect(checkTree(tree, { stage: 2 }).map((f) => f.rule)).toContain('TRE-04');
  });
});

describe('stageGate', () => {
  it('Tahap 1: KND on the outcome and a basis', () => {
    const good = treeOf(outcomeOnly('Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas'));
    expect(stageGate(good, 1)).toEqual({ passed: true, blocking: [], warnings: [] });
    const verb = stageGate(treeOf(outcomeOnly('Mewujudkan infrastruktur TI yang berkualitas')), 1);
    expect(verb.passed).toBe(false);
    expect(verb.blocking.map((f) => f.rule)).toEqual(['KND-02']);
    expect(verb.blocking[0]?.suggestion).toBe('Terwujudnya Infrastruktur TI yang Berkualitas');
    const noBasis = stageGate(
      treeOf(outcomeOnly('Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas', false)),
      1,
    );
    expect(noBasis.blocking.map((f) => f.rule)).toEqual(['BAS-01']);
  });

  it('Tahap 1 ignores a wrongly worded csf drafted early; Tahap 2 blocks on it', () => {
    const root = chain({ csf: 'Rendahnya Pemanfaatan Data Sektoral' });
    const tree = treeOf(root);
    expect(stageGate(tree, 1).passed).toBe(true);
    const gate2 = stageGate(tree, 2);
    expect(gate2.passed).toBe(false);
    expect(gate2.blocking.map((f) => [f.rule, f.nodeId])).toEqual([['KND-03', 'c']]);
  });

  it('Tahap 2: the outcome needs a csf (TRE-04); tree-shape errors below wait for Tahap 3', () => {
    const lone = treeOf(outcomeOnly('Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas'));
    expect(stageGate(lone, 2).blocking.map((f) => f.rule)).toEqual(['TRE-04']);
    const root = chain({});
    root.children![0]!.children![0]!.children!.push({
      id: 'dup',
      statement: 'Meningkatnya Akses Data Sektoral',
      level: 'kondisi_antara',
    });
    const tree = treeOf(root);
    expect(stageGate(tree, 2).passed).toBe(true);
    expect(stageGate(tree, 3).blocking.map((f) => [f.rule, f.nodeId])).toEqual([['TRE-06', 'dup']]);
  });

  it('Tahap 3: warnings are reported but never block', () => {
    const root = chain({
      ka: 'Meningkatnya Penanganan Gangguan Keamanan Informasi',
      ko: 'Terlaksananya Penanganan Gangguan Keamanan Informasi',
    });
    const gate = stageGate(treeOf(root), 3);
    expect(gate.passed).toBe(true);
    expect(gate.warnings.map((f) => f.rule)).toEqual(['TRE-07']);
  });
});

describe('checkIndicator', () => {
  it('checks a draft indicator with the IND rules', () => {
    const found = checkIndicator({
      indicator: {
        name: 'Persentase Data Sektoral yang Valid',
        unit: 'Dokumen',
        kinerja: 'taktikal_intermediate',
      },
      level: 'kondisi_antara_utama',
      stage: 4,
    });
    expect(found.map((f) => f.rule)).toContain('IND-06');
    expect(
      checkIndicator({
        indicator: {
          name: 'Persentase Data Sektoral yang Valid',
          unit: '%',
          kinerja: 'taktikal_intermediate',
          formula: '(Jumlah data sektoral yang valid / Jumlah seluruh data sektoral) x 100%',
        },
        level: 'kondisi_antara_utama',
        stage: 5,
      }),
    ).toEqual([]);
  });
});

describe('acceptedReason', () => {
  it('finds the reason saved with the node for a warning, never for an error', () => {
    const root = chain({});
    root.children![0]!.children![0]!.children = [];
    root.children![0]!.children![0]!.acceptedWarnings = [
      { rule: 'TRE-05', reason: 'Kondisi antara disusun bersama Bappelitbangda pada Renja perubahan' },
    ];
    const tree = treeOf(root);
    const [warning] = checkTree(tree, { stage: 3 });
    expect(warning?.rule).toBe('TRE-05');
    expect(acceptedReason(tree.tree.children[0]!.children[0], warning!)).toBe(
      'Kondisi antara disusun bersama Bappelitbangda pada Renja perubahan',
    );
    expect(acceptedReason(tree.tree.children[0], warning!)).toBeUndefined();
    expect(
      acceptedReason(tree.tree.children[0]!.children[0], { ...warning!, severity: 'error' }),
    ).toBeUndefined();
    expect(stageGate(tree, 3).warnings).toHaveLength(1);
  });
});
