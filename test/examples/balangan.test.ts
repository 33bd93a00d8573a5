/**
 * The real Balangan tree (Diskominfosan, Kabupaten Balangan) checked end to end: the findings a reviewer
 * would write on it, and nothing else.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkTree, stageGate } from '../../src/core/rules/index.ts';
import { editNode, findNode, updateIndicator } from '../../src/core/tree/ops.ts';
import { parseTreeText } from '../../src/core/tree/parse.ts';
import type { Tree } from '../../src/core/tree/schema.ts';

function balangan(): Tree {
  const parsed = parseTreeText(readFileSync('examples/balangan-diskominfosan.json', 'utf8'));
  if (!parsed.ok) throw new Error(`the Balangan example must parse: ${JSON.stringify(parsed.error)}`);
  return parsed.value;
}

const tally = (findings: ReturnType<typeof checkTree>) => {
  const out: Record<string, number> = {};
  for (const f of findings) out[`${f.rule} ${f.severity}`] = (out[`${f.rule} ${f.severity}`] ?? 0) + 1;
  return out;
};

describe('the Balangan tree', () => {
  const tree = balangan();
  const findings = checkTree(tree);

  it('has exactly the findings a reviewer would write', () => {
    expect(tally(findings)).toEqual({
      'IND-07 error': 18,
      'KND-08 warning': 1,
      'TRE-07 warning': 2,
      'TRE-08 warning': 1,
      'IND-09 warning': 1,
      'IND-04 warning': 1,
    });
  });

  it('IND-07: every percentage indicator still lacks its formula (the source has none)', () => {
    const ind07 = findings.filter((f) => f.rule === 'IND-07');
    expect(ind07.every((f) => f.text.startsWith('Persentase'))).toBe(true);
    expect(ind07.every((f) => /\.indicators\[\d\]/.test(f.path))).toBe(true);
    expect(ind07.map((f) => f.nodeId)).toContain('bal.1');
    expect(
      checkTree(tree, { stage: 4 })
        .filter((f) => f.rule === 'IND-07')
        .every((f) => f.severity === 'warning'),
    ).toBe(true);
  });

  it('KND-08: the typo “Terlaksanannya” is caught with the listed word offered', () => {
    const f = findings.find((x) => x.rule === 'KND-08');
    expect(f).toMatchObject({
      nodeId: 'bal.1.1.1.2',
      suggestion: 'Terlaksananya Monitoring dan Evaluasi Kelompok Informasi Masyarakat (KIM)',
    });
  });

  it('TRE-07: two kondisi operasional only restate their parent with another condition word', () => {
    const restated = findings.filter((f) => f.rule === 'TRE-07').map((f) => f.nodeId);
    expect(restated).toEqual(['bal.2.1.1.1', 'bal.4.1.1.1']);
  });

  it('TRE-08: the crosscutting condition names only a generic partner (“SKPD”)', () => {
    const f = findings.find((x) => x.rule === 'TRE-08');
    expect(f).toMatchObject({
      nodeId: 'bal.x1',
      severity: 'warning',
      path: '$.crosscutting[0].crosscutting.with[0]',
    });
  });

  it('every other statement is correct bahasa kondisi and passes KND clean', () => {
    const knd = findings.filter((f) => f.rule.startsWith('KND')).map((f) => f.nodeId);
    expect(knd).toEqual(['bal.1.1.1.2']);
  });

  it('passes the gates of Tahap 1–4 and is blocked at Tahap 5 only by the missing formulas', () => {
    for (const stage of [1, 2, 3, 4] as const) expect(stageGate(tree, stage).passed).toBe(true);
    const gate = stageGate(tree, 5);
    expect(gate.passed).toBe(false);
    expect(new Set(gate.blocking.map((f) => f.rule))).toEqual(new Set(['IND-07']));
  });

  it('taking the KND-08 suggestion and writing a formula removes those findings', () => {
    const typo = findings.find((f) => f.rule === 'KND-08')!;
    const fixed = editNode(tree, typo.nodeId!, { statement: typo.suggestion! });
    if (!fixed.ok) throw new Error('edit must succeed');
    const withFormula = updateIndicator(fixed.value.tree, 'bal.3.2', 0, {
      formula: '(Jumlah data sektoral yang valid / Jumlah seluruh data sektoral) x 100%',
    });
    if (!withFormula.ok) throw new Error('update must succeed');
    expect(findNode(withFormula.value, 'bal.3.2')?.node.indicators?.[0]?.name).toBe(
      'Persentase Data Sektoral yang Valid',
    );
    const after = tally(checkTree(withFormula.value));
    expect(after['KND-08 warning']).toBeUndefined();
    expect(after['IND-07 error']).toBe(17);
  });
});
