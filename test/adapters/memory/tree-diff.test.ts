import { describe, expect, it } from 'vitest';
import { apply, diff, flatten, same, type TreeState } from '../../../src/adapters/memory/tree-diff.ts';
import { balanganTree, findNode } from '../../contracts/fixtures.ts';

const state = (tree = balanganTree()): TreeState => ({
  title: 'Pohon Kinerja Diskominfosan',
  stage: 3,
  tree,
});

describe('tree parts and their differences', () => {
  it('records only the changed node, and laying `before` over the new tree gives back the old one', () => {
    const before = state();
    const after = state(structuredClone(before.tree));
    findNode(after.tree, 'bal.1.1').statement = 'Meningkatnya Peran KIM dalam Diseminasi Informasi Publik';
    const sides = diff(before, after);
    expect(Object.keys(sides.before.nodes)).toEqual(['bal.1.1']);
    expect(sides.before.meta).toBeUndefined();
    expect(apply(after, sides.before)).toEqual(before);
    expect(apply(before, sides.after)).toEqual(after);
  });

  it('marks an added node null before and a removed subtree null after, and restores it in order', () => {
    const before = state();
    const after = state(structuredClone(before.tree));
    const removed = after.tree.tree.children.splice(1, 1)[0]!;
    after.tree.tree.children.push({
      id: 'bal.5',
      statement: 'Meningkatnya Literasi Digital Masyarakat',
      level: 'csf',
      children: [],
    });
    after.stage = 2;
    const sides = diff(before, after);
    expect(sides.before.nodes['bal.5']).toBeNull();
    expect(sides.after.nodes[removed.id]).toBeNull();
    expect(sides.before.meta?.stage).toBe(3);
    const restored = apply(after, sides.before);
    expect(restored.tree.tree.children.map((c) => c.id)).toEqual(['bal.1', 'bal.2', 'bal.3', 'bal.4']);
    expect(restored).toEqual(before);
  });

  it('keeps the crosscutting conditions apart from the tree', () => {
    const parts = flatten(balanganTree());
    expect(parts.get('bal.x1')).toMatchObject({ parentId: null, inCrosscutting: true, position: 0 });
    expect(parts.get('bal.o')).toMatchObject({ parentId: null, inCrosscutting: false });
  });

  it('compares values regardless of key order, with undefined keys as absent', () => {
    expect(same({ unit: '%', name: 'Indeks SPBE' }, { name: 'Indeks SPBE', unit: '%' })).toBe(true);
    expect(same({ name: 'Indeks SPBE', formula: undefined }, { name: 'Indeks SPBE' })).toBe(true);
    expect(same({ targets: { '2025': 80 } }, { targets: { '2025': '80' } })).toBe(false);
    expect(same([1, 2], [2, 1])).toBe(false);
  });
});
