/**
 * TRE — tree shape: one outcome root, levels going down without skipping, every branch down to a
 * kondisi operasional, no condition twice, no child restating its parent, crosscutting partners named.
 * Also BAS-01 (the outcome's Tahap 1 basis), which the Tahap 1 gate needs.
 */
import { LEVELS, type Level, type Node } from '../tree/schema.ts';
import type { StatementAt } from './knd.ts';
import { finding } from './messages.ts';
import type { Finding, NodeVisit, RuleContext, RuleFamily } from './types.ts';
import { classifyStart, fold, wordLists } from './words.ts';

const MAX_CSF = 6;
/** Dice similarity on word tokens at which two statements are near-duplicates (TRE-06 warning). */
export const NEAR_DUPLICATE = 0.85;

const depth = (level: Level) => LEVELS.indexOf(level);

/** The outline number of a node path: `$.tree` → "0", `$.tree.children[0].children[1]` → "1.2", `$.crosscutting[0]` → "X1". */
export function numberOfPath(path: string): string {
  const steps = [...path.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]) + 1);
  if (path.startsWith('$.crosscutting')) return ['X' + steps[0], ...steps.slice(1)].join('.');
  return steps.length === 0 ? '0' : steps.join('.');
}

/** The statement without its condition word, folded: what TRE-07 compares. */
function substance(statement: string): string {
  const start = classifyStart(statement);
  return fold(start.kind === 'condition' || start.kind === 'stative' ? start.rest : statement);
}

function tokens(statement: string): string[] {
  return [...new Set(fold(statement).split(' ').filter(Boolean))];
}

function dice(a: readonly string[], b: ReadonlySet<string>): number {
  let common = 0;
  for (const t of a) if (b.has(t)) common++;
  return (2 * common) / (a.length + b.size);
}

const at = (v: NodeVisit, field = 'statement'): StatementAt => ({
  path: `${v.path}.${field}`,
  nodeId: v.node.id,
});

function shape(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const root = ctx.tree.tree;
  for (const v of ctx.nodes) {
    if (v.inCrosscutting) continue;
    const { node, parent } = v;
    if (!parent && node.level !== 'outcome') {
      out.push(finding('TRE-01', 'error', at(v, 'level'), node.statement, { level: node.level }));
    } else if (parent && node.level === 'outcome') {
      out.push(finding('TRE-01', 'error', at(v, 'level'), node.statement, {}, { variant: 'second' }));
    }
    if (node.level === 'kondisi_operasional' && node.children.length > 0) {
      out.push(
        finding(
          'TRE-02',
          'error',
          at(v, 'children'),
          node.statement,
          { count: node.children.length },
          { variant: 'leaf' },
        ),
      );
    }
    if (parent && parent.level !== 'kondisi_operasional' && node.level !== 'outcome') {
      const gap = depth(node.level) - depth(parent.level);
      const params = { level: node.level, parent: parent.statement, parentLevel: parent.level };
      if (gap <= 0) out.push(finding('TRE-02', 'error', at(v, 'level'), node.statement, params));
      else if (gap > 1) {
        const skipped = LEVELS.slice(depth(parent.level) + 1, depth(node.level)).join(', ');
        out.push(finding('TRE-03', 'warning', at(v, 'level'), node.statement, { ...params, skipped }));
      }
    }
    if (ctx.stage >= 3 && parent && node.children.length === 0 && node.level !== 'kondisi_operasional') {
      out.push(finding('TRE-05', 'warning', at(v, 'children'), node.statement, { level: node.level }));
    }
  }
  if (ctx.stage >= 2 && root.level === 'outcome') {
    const csf = root.children.filter((c) => c.level === 'csf').length;
    const rootAt = { path: '$.tree.children', nodeId: root.id };
    if (csf === 0) out.push(finding('TRE-04', 'error', rootAt, root.statement));
    else if (csf > MAX_CSF) {
      out.push(finding('TRE-04', 'warning', rootAt, root.statement, { count: csf }, { variant: 'many' }));
    }
  }
  if ((root.basis ?? []).length === 0) {
    out.push(finding('BAS-01', 'error', { path: '$.tree.basis', nodeId: root.id }, root.statement));
  }
  return out;
}

/**
 * TRE-06 over every node. Exact (folded) duplicates via a map. Near-duplicates by a prefix-filtered
 * similarity join (PPJoin): tokens ordered rarest first, so only statements sharing one of their few
 * rarest tokens become candidates, pruned by position before the exact Dice count. No all-pairs loop.
 */
function duplicates(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const n = ctx.nodes.length;
  const folded = ctx.nodes.map((v) => fold(v.node.statement));
  const firstByText = new Map<string, number>();
  const exact = new Uint8Array(n);
  folded.forEach((key, i) => {
    const first = firstByText.get(key);
    if (first === undefined) {
      firstByText.set(key, i);
      return;
    }
    exact[i] = 1;
    const v = ctx.nodes[i]!;
    out.push(
      finding('TRE-06', 'error', at(v), v.node.statement, { other: numberOfPath(ctx.nodes[first]!.path) }),
    );
  });

  // Token ids in one pass; then ranks by rarity (ties by first appearance, so the order is deterministic).
  const idOf = new Map<string, number>();
  const frequency: number[] = [];
  const rawIds = folded.map((text) => {
    const ids: number[] = [];
    for (const token of text.split(' ')) {
      if (!token) continue;
      let id = idOf.get(token);
      if (id === undefined) {
        id = frequency.length;
        idOf.set(token, id);
        frequency.push(0);
      }
      if (!ids.includes(id)) {
        ids.push(id);
        frequency[id]!++;
      }
    }
    return ids;
  });
  const rank = new Int32Array(frequency.length);
  Array.from(frequency.keys())
    .sort((x, y) => frequency[x]! - frequency[y]! || x - y)
    .forEach((id, r) => {
      rank[id] = r;
    });
  const sets = rawIds.map((ids) => Int32Array.from(ids, (id) => rank[id]!).sort());
  const t = NEAR_DUPLICATE;
  // Records are joined smallest first, so a record only meets earlier ones no larger than itself: it
  // probes with the prefix any partner needs, and is indexed by the shorter prefix a larger partner needs.
  const probeLength = (a: number) => a - Math.ceil((t * a) / (2 - t) - 1e-9) + 1;
  const indexLength = (b: number) => b - Math.ceil(t * b - 1e-9) + 1;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (x, y) => sets[x]!.length - sets[y]!.length || x - y,
  );
  const index = new Map<number, number[]>();
  const seen = new Int32Array(n).fill(-1);
  const best = new Map<number, { other: number; score: number }>();
  for (const i of order) {
    const list = sets[i]!;
    const a = list.length;
    if (a === 0 || exact[i]) continue;
    const v = ctx.nodes[i]!;
    const probe = probeLength(a);
    for (let p = 0; p < probe; p++) {
      const bucket = index.get(list[p]!);
      if (!bucket) continue;
      for (let k = 0; k < bucket.length; k += 2) {
        const j = bucket[k]!;
        if (seen[j] === i) continue;
        seen[j] = i;
        const b = sets[j]!.length;
        const needed = Math.ceil((t * (a + b)) / 2 - 1e-9);
        if (1 + Math.min(a - p - 1, b - bucket[k + 1]! - 1) < needed) continue;
        const common = overlap(list, sets[j]!, needed);
        if (common < needed) continue;
        const other = ctx.nodes[j]!;
        if (folded[j] === folded[i] || other.node === v.parent || v.node === other.parent) continue;
        const score = (2 * common) / (a + b);
        // The finding goes on whichever of the two comes later in the tree, naming the earlier one.
        const [later, earlier] = i > j ? [i, j] : [j, i];
        const current = best.get(later);
        if (!current || score > current.score) best.set(later, { other: earlier, score });
      }
    }
    const indexed = indexLength(a);
    for (let p = 0; p < indexed; p++) {
      const bucket = index.get(list[p]!);
      if (bucket) bucket.push(i, p);
      else index.set(list[p]!, [i, p]);
    }
  }
  for (const [i, { other, score }] of [...best.entries()].sort(([x], [y]) => x - y)) {
    const v = ctx.nodes[i]!;
    const o = ctx.nodes[other]!;
    out.push(
      finding(
        'TRE-06',
        'warning',
        at(v),
        v.node.statement,
        { other: numberOfPath(o.path), otherText: o.node.statement, similarity: Math.round(score * 100) },
        { variant: 'near' },
      ),
    );
  }
  return out;
}

/** Size of the intersection of two sorted integer lists; stops early once `needed` is out of reach. */
function overlap(a: Int32Array, b: Int32Array, needed: number): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    if (common + Math.min(a.length - i, b.length - j) < needed) return common;
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return common;
}

/** TRE-07 over the tree: each node's substance is computed once and compared with its parent's. */
function restatements(ctx: RuleContext): Finding[] {
  const substances = new Map<Node, string>();
  const of = (node: Node) => {
    let s = substances.get(node);
    if (s === undefined) {
      s = substance(node.statement);
      substances.set(node, s);
    }
    return s;
  };
  const out: Finding[] = [];
  for (const v of ctx.nodes) {
    if (!v.parent || v.inCrosscutting) continue;
    const mine = of(v.node);
    if (mine.length > 0 && mine === of(v.parent)) {
      out.push(finding('TRE-07', 'warning', at(v), v.node.statement, { parent: v.parent.statement }));
    }
  }
  return out;
}

function restatement(statement: string, parent: string, where: StatementAt): Finding[] {
  const mine = substance(statement);
  if (mine.length === 0 || mine !== substance(parent)) return [];
  return [finding('TRE-07', 'warning', where, statement, { parent })];
}

const generic = new Set(wordLists.genericPartners.map(fold));

function partners(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const org = ctx.tree.organization;
  const own = new Set([fold(org.name), ...(org.short ? [fold(org.short)] : [])]);
  for (const v of ctx.nodes) {
    const isCrosscutting = (v.inCrosscutting && !v.parent) || v.node.crosscutting !== undefined;
    if (!isCrosscutting) continue;
    const named = (v.node.crosscutting?.with ?? [])
      .map((w, i) => ({ name: w.trim(), i }))
      .filter((w) => w.name);
    if (named.length === 0) {
      out.push(finding('TRE-08', 'error', at(v, 'crosscutting'), v.node.statement));
      continue;
    }
    for (const { name, i } of named) {
      const where = at(v, `crosscutting.with[${i}]`);
      if (own.has(fold(name)))
        out.push(finding('TRE-08', 'error', where, v.node.statement, { name }, { variant: 'own' }));
      else if (generic.has(fold(name))) {
        out.push(finding('TRE-08', 'warning', where, v.node.statement, { name }, { variant: 'generic' }));
      }
    }
  }
  return out;
}

/**
 * TRE-06 for a draft statement against the statements already in the tree. Near-duplicates of the
 * parent are left to TRE-07, as in the tree check.
 */
export function checkDuplicateOf(
  statement: string,
  existing: readonly string[],
  where: StatementAt,
  parent?: string,
): Finding[] {
  const key = fold(statement);
  if (existing.some((e) => fold(e) === key)) {
    return [finding('TRE-06', 'error', where, statement, {}, { variant: 'existing' })];
  }
  const mine = tokens(statement);
  let best: { text: string; score: number } | undefined;
  const parentKey = parent === undefined ? undefined : fold(parent);
  for (const e of existing) {
    if (fold(e) === parentKey) continue;
    const score = dice(mine, new Set(tokens(e)));
    if (score >= NEAR_DUPLICATE && (!best || score > best.score)) best = { text: e, score };
  }
  if (!best) return [];
  return [
    finding(
      'TRE-06',
      'warning',
      where,
      statement,
      { otherText: best.text, similarity: Math.round(best.score * 100) },
      { variant: 'existingNear' },
    ),
  ];
}

/** TRE-07 for a draft statement against its parent's statement. */
export function checkRestatement(statement: string, parent: string, where: StatementAt): Finding[] {
  return restatement(statement, parent, where);
}

export const treRules: RuleFamily = {
  family: 'TRE',
  fromStage: 1,
  check: (ctx: RuleContext) => [...shape(ctx), ...duplicates(ctx), ...restatements(ctx), ...partners(ctx)],
};
