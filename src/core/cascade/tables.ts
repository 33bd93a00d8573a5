/**
 * The two companion tables of the cascading export: the tree by level (Tahap 1–4: Rujukan Tahapan |
 * Kinerja | Indikator Kinerja | Keterangan) and the Perjanjian Kinerja per holder (JPT, Administrator,
 * Pengawas, JF/JP). Pure; the XLSX adapter renders them as sheets 2 and 3.
 */
import type { Indicator, Node, PkHolder, Tree } from '../tree/schema.ts';
import labels from './data/labels.json' with { type: 'json' };
import { type Cell, targetYears } from './matrix.ts';

export type Lang = 'id' | 'en';

export interface SimpleTable {
  headers: string[];
  rows: Cell[][];
  /** Vertical merges over data rows (0-based, inclusive). */
  merges: Array<{ column: number; from: number; to: number }>;
}

/** "1.2.1": the node's place under the outcome (the outcome itself is ""; crosscutting nodes "X1"). */
export function numbering(tree: Tree): Map<Node, string> {
  const out = new Map<Node, string>();
  const walk = (n: Node, label: string) => {
    out.set(n, label);
    n.children.forEach((c, i) => {
      walk(c, label ? `${label}.${i + 1}` : String(i + 1));
    });
  };
  walk(tree.tree, '');
  tree.crosscutting.forEach((x, i) => {
    walk(x, `X${i + 1}`);
  });
  return out;
}

export function levelLabel(node: Node, lang: Lang = 'id'): string {
  const l = labels.level[node.level];
  return `${labels.stage[lang]} ${l.stage} · ${l[lang]}`;
}

export function kinerjaLabel(ind: Indicator, lang: Lang = 'id'): string | null {
  return ind.kinerja ? labels.kinerja[ind.kinerja][lang] : null;
}

/** Sheet 2: every node and its indicators in tree order, with its stage and level. */
export function levelTable(tree: Tree, lang: Lang = 'id'): SimpleTable {
  const numbers = numbering(tree);
  const rows: Cell[][] = [];
  const merges: SimpleTable['merges'] = [];
  const walk = (n: Node, crosscutting: boolean) => {
    const no = numbers.get(n) ?? '';
    const ref = `${levelLabel(n, lang)}${no ? ` · ${no}` : ''}`;
    const indicators = n.indicators ?? [];
    const first = rows.length;
    const notes = (ind: Indicator | undefined) =>
      [
        ind ? kinerjaLabel(ind, lang) : null,
        crosscutting && n.crosscutting
          ? `${labels.crosscutting[lang]}: ${n.crosscutting.with.join(', ')}`
          : null,
      ]
        .filter((x) => x !== null)
        .join('; ') || null;
    if (indicators.length === 0) rows.push([ref, n.statement, null, notes(undefined)]);
    for (const ind of indicators) rows.push([ref, n.statement, ind.name, notes(ind)]);
    if (rows.length - 1 > first) {
      merges.push({ column: 0, from: first, to: rows.length - 1 });
      merges.push({ column: 1, from: first, to: rows.length - 1 });
    }
    for (const c of n.children) walk(c, crosscutting);
  };
  walk(tree.tree, false);
  for (const x of tree.crosscutting) walk(x, true);
  return { headers: ['Rujukan Tahapan', 'Kinerja', 'Indikator Kinerja', 'Keterangan'], rows, merges };
}

export const HOLDER_GROUPS = ['JPT', 'Administrator', 'Pengawas', 'JF/JP'] as const;
export type HolderGroup = (typeof HOLDER_GROUPS)[number];

export function holderGroup(pk: PkHolder): HolderGroup {
  return pk === 'JF' || pk === 'JP' ? 'JF/JP' : pk;
}

export function holderGroupLabel(group: HolderGroup | 'none', lang: Lang = 'id'): string {
  return labels.holderGroup[group][lang];
}

/** Sheet 3: what each PK holder signs: sasaran, indikator, satuan and the yearly targets. */
export function pkTable(tree: Tree, lang: Lang = 'id'): SimpleTable {
  const years = targetYears(tree);
  const entries: Array<{ group: HolderGroup | 'none'; holder: string; jabatan: string | null; node: Node }> =
    [];
  const walk = (n: Node) => {
    for (const p of n.planning ?? []) {
      entries.push({
        group: p.pk ? holderGroup(p.pk) : 'none',
        holder: p.pk ?? holderGroupLabel('none', lang),
        jabatan: p.jabatan ?? null,
        node: n,
      });
    }
    n.children.forEach(walk);
  };
  walk(tree.tree);
  tree.crosscutting.forEach(walk);
  const order: Array<HolderGroup | 'none'> = [...HOLDER_GROUPS, 'none'];
  entries.sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group));
  const rows: Cell[][] = [];
  const merges: SimpleTable['merges'] = [];
  let groupStart = 0;
  entries.forEach((e, i) => {
    const inds = e.node.indicators ?? [];
    const first = rows.length;
    const base = [holderGroupLabel(e.group, lang), e.holder, e.jabatan, e.node.statement];
    if (inds.length === 0) rows.push([...base, null, null, ...years.map(() => null)]);
    for (const ind of inds) {
      rows.push([...base, ind.name, ind.unit, ...years.map((y) => ind.targets?.[y] ?? null)]);
    }
    if (rows.length - 1 > first) merges.push({ column: 3, from: first, to: rows.length - 1 });
    const next = entries[i + 1];
    if (!next || next.group !== e.group) {
      if (rows.length - 1 > groupStart) merges.push({ column: 0, from: groupStart, to: rows.length - 1 });
      groupStart = rows.length;
    }
  });
  return {
    headers: [
      'Kelompok',
      'Pemegang PK',
      'Jabatan',
      'Sasaran',
      'Indikator',
      'Satuan',
      ...(years.length > 0 ? years.map((y) => `Target ${y}`) : []),
    ],
    rows,
    merges,
  };
}
