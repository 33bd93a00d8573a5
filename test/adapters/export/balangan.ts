/** The real Balangan tree (examples/), and a copy with the Tahap 5 numbers the source document lacks. */
import { readFileSync } from 'node:fs';
import { parseTreeText } from '../../../src/core/tree/parse.ts';
import type { Node, Tree } from '../../../src/core/tree/schema.ts';

export const BALANGAN_PATH = new URL('../../../examples/balangan-diskominfosan.json', import.meta.url);

export function balangan(): Tree {
  const parsed = parseTreeText(readFileSync(BALANGAN_PATH, 'utf8'));
  if (!parsed.ok)
    throw new Error(`examples/balangan-diskominfosan.json no longer parses: ${parsed.error[0]?.message}`);
  return parsed.value;
}

export function findNode(tree: Tree, id: string): Node {
  const stack = [tree.tree, ...tree.crosscutting];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.id === id) return n;
    stack.push(...n.children);
  }
  throw new Error(`no node ${id}`);
}

/**
 * Balangan with a Renstra period, formulas (one composite), baselines, yearly targets (numbers and
 * text as typed) and a jabatan — everything a round trip must keep.
 */
export function balanganWithTargets(): Tree {
  const tree = balangan();
  tree.period = { from: 2025, to: 2029 };
  const keamanan = findNode(tree, 'bal.4').indicators![0]!;
  keamanan.formula = '0,5 x a + 0,5 x b';
  keamanan.terms = [
    { symbol: 'a', name: 'Nilai Indeks KAMI' },
    { symbol: 'b', name: 'Tingkat Kepatuhan Standar Keamanan SPBE' },
  ];
  keamanan.baseline = { year: 2024, value: 2.1 };
  keamanan.targets = { '2025': 2.5, '2026': '2,75', '2027': 3, '2028': 3.25, '2029': 3.5 };
  const gangguan = findNode(tree, 'bal.4.1').indicators![0]!;
  gangguan.formula = '(Jumlah gangguan yang terselesaikan / Jumlah gangguan yang dilaporkan) x 100%';
  gangguan.targets = { '2025': '80%', '2026': 85, '2027': 90, '2028': 95, '2029': 100 };
  const laporan = findNode(tree, 'bal.4.1.1.1').indicators![0]!;
  laporan.targets = { '2025': 12, '2026': 12, '2027': 12, '2028': 12, '2029': 12 };
  findNode(tree, 'bal.3.1').planning![0]!.jabatan = 'Kepala Bidang Statistik';
  findNode(tree, 'bal.3.2').planning![0]!.jabatan = 'Kepala Bidang Statistik';
  return tree;
}

export function allNodes(tree: Tree): Node[] {
  const out: Node[] = [];
  const walk = (n: Node) => {
    out.push(n);
    n.children.forEach(walk);
  };
  walk(tree.tree);
  tree.crosscutting.forEach(walk);
  return out;
}
