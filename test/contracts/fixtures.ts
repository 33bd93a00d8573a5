/** Trees for the store contracts: the real Balangan example, and the same tree with every optional part filled. */
import { readFileSync } from 'node:fs';
import { parseTree } from '../../src/core/tree/parse.ts';
import type { Node, Tree } from '../../src/core/tree/schema.ts';
import type { Actor } from '../../src/ports/repository.ts';

const EXAMPLE = new URL('../../examples/balangan-diskominfosan.json', import.meta.url);

/** The example file exactly as written. */
export function balanganJson(): Record<string, unknown> {
  return JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
}

export function parsed(json: unknown): Tree {
  const result = parseTree(json);
  if (!result.ok) throw new Error(`fixture does not parse: ${JSON.stringify(result.error)}`);
  return result.value;
}

export function balanganTree(): Tree {
  return parsed(balanganJson());
}

/**
 * Balangan with what the example lacks: a period, yearly targets (numbers and typed text), a composite
 * formula with terms, a baseline, an accepted warning, an empty indicator list, and fields pokin/1 does
 * not define at every level — all must survive the store.
 */
export function balanganRichJson(): Record<string, unknown> {
  const json = balanganJson();
  json.period = { from: 2025, to: 2029 };
  json._reviewedBy = { name: 'Tim Bappeda', at: '2026-01-05' };
  const root = json.tree as Record<string, unknown>;
  root._layout = { x: 10, y: 20 };
  const rootIndicator = (root.indicators as Array<Record<string, unknown>>)[0]!;
  rootIndicator.polarity = 'naik';
  rootIndicator.baseline = { year: 2024, value: 2.6 };
  rootIndicator.targets = { '2025': 2.8, '2026': '3,0', '2027': 3.2, '2028': '3.4', '2029': 3.5 };
  rootIndicator.formula = '0,5 x a + 0,5 x b';
  rootIndicator.terms = [
    { symbol: 'a', name: 'Indeks Domain Kebijakan SPBE' },
    { symbol: 'b', name: 'Indeks Domain Layanan SPBE', formula: 'rata-rata aspek layanan' },
  ];
  rootIndicator.source = 'Hasil evaluasi SPBE Kementerian PANRB';
  rootIndicator._note = 'nilai 2024 dari laporan evaluasi';
  const csf = (root.children as Array<Record<string, unknown>>)[0]!;
  csf.acceptedWarnings = [{ rule: 'KND-03', reason: 'Istilah baku dalam Renstra', text: csf.statement }];
  const csfPlanning = (csf.planning as Array<Record<string, unknown>>)[0]!;
  csfPlanning.jabatan = 'Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian';
  csfPlanning._sipdRow = 17;
  const kau = (csf.children as Array<Record<string, unknown>>)[0]!;
  (kau.indicators as Array<Record<string, unknown>>)[0]!.targets = {};
  kau.planning = [
    ...(kau.planning as unknown[]),
    {
      component: 'sasaran_program',
      pk: 'Administrator',
      program: { code: '2.16.02', name: 'PROGRAM PENGELOLAAN INFORMASI DAN KOMUNIKASI PUBLIK' },
    },
  ];
  const second = (root.children as Array<Record<string, unknown>>)[1]!;
  second.indicators = [];
  return json;
}

/** Drop node ids (the store may keep or reassign them; content is what must round-trip). */
export function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'id') out[k] = withoutIds(v);
    return out;
  }
  return value;
}

/** Every node, depth-first, tree then crosscutting. */
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

export function findNode(tree: Tree, id: string): Node {
  const node = allNodes(tree).find((n) => n.id === id);
  if (!node) throw new Error(`no node ${id}`);
  return node;
}

let people = 0;
/** A fresh person on a platform (unique per call, so suites sharing one database stay apart). */
export function person(name: string, platform: Actor['platform'] = 'telegram'): Actor {
  people++;
  return { platform, userId: `${name.toLowerCase().replace(/\s+/g, '-')}-${process.pid}-${people}`, name };
}
