import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addIndicator,
  addNode,
  editNode,
  findNode,
  moveNode,
  nodeByNumber,
  outline,
  removeIndicator,
  removeNode,
  setPlanning,
  setTargets,
  updateIndicator,
} from '../../../src/core/tree/ops.ts';
import { parseTreeText } from '../../../src/core/tree/parse.ts';
import type { Tree } from '../../../src/core/tree/schema.ts';

function balangan(): Tree {
  const parsed = parseTreeText(readFileSync('examples/balangan-diskominfosan.json', 'utf8'));
  if (!parsed.ok) throw new Error('the Balangan example must parse');
  return parsed.value;
}

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

const frozen = (tree: Tree) => JSON.stringify(tree);

describe('findNode', () => {
  it('finds a node with its parent and JSON path', () => {
    const tree = balangan();
    const hit = findNode(tree, 'bal.1.1');
    expect(hit?.node.statement).toBe(
      'Meningkatnya Peran Kelompok Informasi Masyarakat (KIM) terhadap Penyebarluasan Informasi dan Komunikasi Publik',
    );
    expect(hit?.parent?.id).toBe('bal.1');
    expect(hit?.path).toBe('$.tree.children[0].children[0]');
    expect(findNode(tree, 'bal.o')?.parent).toBeUndefined();
    expect(findNode(tree, 'nope')).toBeUndefined();
  });
});

describe('addNode', () => {
  it('adds a child with a deterministic id derived from the parent, leaving the old tree unchanged', () => {
    const tree = balangan();
    const before = frozen(tree);
    const parent = findNode(tree, 'bal.1')!.node;
    const r = unwrap(
      addNode(tree, 'bal.1', {
        statement: 'Meningkatnya Kapasitas Pengelola Informasi Publik',
        level: 'kondisi_antara_utama',
      }),
    );
    expect(r.node.id).toBe(`bal.1.${parent.children.length + 1}`);
    expect(r.node.children).toEqual([]);
    expect(findNode(r.tree, r.node.id)?.parent?.id).toBe('bal.1');
    expect(frozen(tree)).toBe(before);
    const again = unwrap(
      addNode(tree, 'bal.1', {
        statement: 'Meningkatnya Kapasitas Pengelola Informasi Publik',
        level: 'kondisi_antara_utama',
      }),
    );
    expect(again.node.id).toBe(r.node.id);
  });

  it('inserts at an index, adds crosscutting nodes with parent null, and carries children', () => {
    const tree = balangan();
    const first = unwrap(
      addNode(tree, 'bal.o', { statement: 'Meningkatnya Keamanan Informasi', level: 'csf' }, 0),
    );
    expect(first.tree.tree.children[0]?.id).toBe(first.node.id);
    const x = unwrap(
      addNode(tree, null, {
        statement: 'Terintegrasinya Data Kependudukan dan Pencatatan Sipil',
        level: 'csf',
        crosscutting: { with: ['Dinas Kependudukan dan Pencatatan Sipil'] },
        children: [
          { statement: 'Tersedianya Data Kependudukan yang Mutakhir', level: 'kondisi_antara_utama' },
        ],
      }),
    );
    expect(x.tree.crosscutting.at(-1)?.id).toBe(x.node.id);
    expect(x.node.children[0]?.id).toBe(`${x.node.id}.1`);
  });

  it('refuses an unknown parent, a used id, an invalid level and a position out of range', () => {
    const tree = balangan();
    const input = { statement: 'Meningkatnya Keamanan Informasi', level: 'csf' as const };
    expect(addNode(tree, 'bal.9', input)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(addNode(tree, 'bal.o', { ...input, id: 'bal.1' })).toMatchObject({
      ok: false,
      error: { code: 'duplicate_id' },
    });
    const bad = addNode(tree, 'bal.o', {
      statement: 'Meningkatnya Keamanan Informasi',
      level: 'sasaran' as 'csf',
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('invalid');
      expect(bad.error.message.id).toContain('$.level');
    }
    expect(addNode(tree, 'bal.o', input, 99)).toMatchObject({
      ok: false,
      error: { code: 'index_out_of_range' },
    });
  });
});

describe('editNode', () => {
  it('changes the given fields, removes those set to undefined, keeps id and children', () => {
    const tree = balangan();
    const r = unwrap(
      editNode(tree, 'bal.1', { statement: 'Meningkatnya Tata Kelola Informasi Publik', problem: undefined }),
    );
    expect(r.node.statement).toBe('Meningkatnya Tata Kelola Informasi Publik');
    expect('problem' in r.node).toBe(false);
    expect(r.node.children).toBe(findNode(tree, 'bal.1')!.node.children);
    expect(findNode(tree, 'bal.1')!.node.problem).toMatch(/^Rendahnya/);
  });

  it('refuses an empty statement with the path of the field', () => {
    const r = editNode(balangan(), 'bal.1', { statement: '  ' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message.en).toContain('$.statement');
  });
});

describe('moveNode', () => {
  it('moves a subtree under another parent', () => {
    const tree = balangan();
    const moved = unwrap(moveNode(tree, 'bal.1.1', 'bal.2', 0));
    const hit = findNode(moved, 'bal.1.1')!;
    expect(hit.parent?.id).toBe('bal.2');
    expect(hit.path).toBe('$.tree.children[1].children[0]');
    expect(hit.node.children.length).toBe(findNode(tree, 'bal.1.1')!.node.children.length);
    expect(findNode(tree, 'bal.1.1')!.parent?.id).toBe('bal.1');
  });

  it('refuses to move the root or a node under its own descendant', () => {
    const tree = balangan();
    expect(moveNode(tree, 'bal.o', 'bal.1')).toMatchObject({ ok: false, error: { code: 'root' } });
    expect(moveNode(tree, 'bal.1', 'bal.1.1')).toMatchObject({ ok: false, error: { code: 'cycle' } });
    expect(moveNode(tree, 'bal.1', 'bal.1')).toMatchObject({ ok: false, error: { code: 'cycle' } });
  });
});

describe('removeNode', () => {
  it('removes the node and its subtree', () => {
    const tree = balangan();
    const next = unwrap(removeNode(tree, 'bal.1'));
    expect(findNode(next, 'bal.1')).toBeUndefined();
    expect(findNode(next, 'bal.1.1')).toBeUndefined();
    expect(next.tree.children.length).toBe(tree.tree.children.length - 1);
    expect(removeNode(tree, 'bal.o')).toMatchObject({ ok: false, error: { code: 'root' } });
  });
});

describe('indicators, targets and planning', () => {
  it('adds, updates and removes an indicator', () => {
    const tree = balangan();
    const count = findNode(tree, 'bal.1')!.node.indicators?.length ?? 0;
    const added = unwrap(
      addIndicator(tree, 'bal.1', {
        name: 'Indeks Keterbukaan Informasi Publik',
        unit: 'Indeks',
        kinerja: 'strategis',
      }),
    );
    expect(findNode(added, 'bal.1')!.node.indicators?.[count]?.name).toBe(
      'Indeks Keterbukaan Informasi Publik',
    );
    const updated = unwrap(updateIndicator(added, 'bal.1', count, { unit: 'Nilai', kinerja: undefined }));
    expect(findNode(updated, 'bal.1')!.node.indicators?.[count]).toEqual({
      name: 'Indeks Keterbukaan Informasi Publik',
      unit: 'Nilai',
    });
    const removed = unwrap(removeIndicator(updated, 'bal.1', count));
    expect(findNode(removed, 'bal.1')!.node.indicators?.length).toBe(count);
    expect(removeIndicator(tree, 'bal.1', 7)).toMatchObject({
      ok: false,
      error: { code: 'index_out_of_range' },
    });
    expect(addIndicator(tree, 'bal.1', { name: '', unit: '%' })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });

  it('sets yearly targets and a baseline; refuses a year that is not a year', () => {
    const tree = balangan();
    const next = unwrap(
      setTargets(tree, 'bal.1', 0, { '2025': 80, '2026': '85,5' }, { year: 2024, value: 75 }),
    );
    expect(findNode(next, 'bal.1')!.node.indicators?.[0]).toMatchObject({
      targets: { '2025': 80, '2026': '85,5' },
      baseline: { year: 2024, value: 75 },
    });
    expect(setTargets(tree, 'bal.1', 0, { tahun1: 80 })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });

  it('replaces the planning entries', () => {
    const tree = balangan();
    const next = unwrap(
      setPlanning(tree, 'bal.1', [{ component: 'sasaran_skpd', pk: 'JPT', jabatan: 'Kepala Dinas' }]),
    );
    expect(findNode(next, 'bal.1')!.node.planning).toEqual([
      { component: 'sasaran_skpd', pk: 'JPT', jabatan: 'Kepala Dinas' },
    ]);
    expect(setPlanning(tree, 'bal.1', [{ component: 'renja' as 'tujuan' }]).ok).toBe(false);
  });
});

describe('outline', () => {
  it('numbers the outcome 0, its children 1, 2, … and crosscutting nodes X1, X2', () => {
    const tree = balangan();
    const withX = unwrap(
      addNode(tree, null, { statement: 'Terintegrasinya Data Kependudukan', level: 'csf' }),
    ).tree;
    const lines = outline(withX);
    expect(lines[0]).toMatchObject({ number: '0', depth: 0 });
    expect(lines[0]?.node.id).toBe('bal.o');
    expect(lines.find((l) => l.node.id === 'bal.1.1')).toMatchObject({ number: '1.1', depth: 2 });
    const x = `X${withX.crosscutting.length}`;
    expect(lines.at(-1)).toMatchObject({ number: x, depth: 0 });
    expect(nodeByNumber(withX, '1.1')?.id).toBe('bal.1.1');
    expect(nodeByNumber(withX, x.toLowerCase())?.statement).toBe('Terintegrasinya Data Kependudukan');
    expect(nodeByNumber(withX, 'X1')?.id).toBe(tree.crosscutting[0]?.id);
    expect(nodeByNumber(withX, '9.9')).toBeUndefined();
  });
});
