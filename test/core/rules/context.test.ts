import { describe, expect, it } from 'vitest';
import { buildContext } from '../../../src/core/rules/context.ts';
import { parseTree } from '../../../src/core/tree/parse.ts';

const file = {
  format: 'pokin/1',
  organization: { name: 'Dinas Komunikasi, Informatika, Statistik dan Persandian' },
  tree: {
    id: 'o',
    statement: 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
    level: 'outcome',
    children: [
      {
        id: 'c1',
        statement: 'Meningkatnya Keamanan Informasi',
        level: 'csf',
        children: [
          { id: 'k1', statement: 'Meningkatnya Kesadaran Keamanan Informasi', level: 'kondisi_antara_utama' },
        ],
      },
      { id: 'c2', statement: 'Meningkatnya Kualitas Data Statistik Sektoral', level: 'csf' },
    ],
  },
  crosscutting: [{ id: 'x', statement: 'Terintegrasinya Data Kependudukan', level: 'csf' }],
};

describe('buildContext', () => {
  it('visits the tree depth-first, then the crosscutting nodes, with paths and ancestors', () => {
    const parsed = parseTree(file);
    if (!parsed.ok) throw new Error('fixture must parse');
    const ctx = buildContext(parsed.value, { stage: 3 });
    expect(ctx.stage).toBe(3);
    expect(ctx.nodes.map((v) => [v.node.id, v.path, v.ancestors.map((a) => a.id), v.inCrosscutting])).toEqual(
      [
        ['o', '$.tree', [], false],
        ['c1', '$.tree.children[0]', ['o'], false],
        ['k1', '$.tree.children[0].children[0]', ['o', 'c1'], false],
        ['c2', '$.tree.children[1]', ['o'], false],
        ['x', '$.crosscutting[0]', [], true],
      ],
    );
    expect(ctx.nodes[2]?.parent?.id).toBe('c1');
    expect(ctx.nodes[0]?.parent).toBeUndefined();
  });

  it('defaults to stage 5', () => {
    const parsed = parseTree(file);
    if (!parsed.ok) throw new Error('fixture must parse');
    expect(buildContext(parsed.value).stage).toBe(5);
  });
});
