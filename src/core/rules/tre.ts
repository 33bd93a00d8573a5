/**
 * TRE — tree shape: one outcome root, levels going down without skipping, every branch down to a
 * kondisi operasional, no condition twice, no child restating its parent, crosscutting partners named.
 * Also BAS-01 (the outcome's Tahap 1 basis), which the Tahap 1 gate needs.
 */
import { LEVELS, type Level } from '../tree/schema.ts';
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
 * TRE-06 over every node. Exact (folded) duplicates via a map; near-duplicates via prefix filtering on
 * tokens ordered rarest first, so only statements sharing a rare word are compared (no all-pairs loop).
 */
function duplicates(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const firstByText = new Map<string, NodeVisit>();
  const exact = new Set<NodeVisit>();
  for (const v of ctx.nodes) {
    const key = fold(v.node.statement);
    const first = firstByText.get(key);
    if (first) {
      exact.add(v);
      out.push(finding('TRE-06', 'error', at(v), v.node.statement, { other: numberOfPath(first.path) }));
    } else firstByText.set(key, v);
  }

  const sets = ctx.nodes.map((v) => tokens(v.node.statement));
  const frequency = new Map<string, number>();
  for (const s of sets) for (const t of s) frequency.set(t, (frequency.get(t) ?? 0) + 1);
  const rarestFirst = (a: string, b: string) =>
    frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : a > b ? 1 : 0);
  const t = NEAR_DUPLICATE;
  const index = new Map<string, number[]>();
  const tokenSets: Array<Set<string>> = [];
  ctx.nodes.forEach((v, i) => {
    const list = sets[i]!.slice().sort(rarestFirst);
    const own = new Set(list);
    tokenSets.push(own);
    if (list.length === 0) return;
    const minOverlap = Math.ceil((t * list.length) / (2 - t) - 1e-9);
    const prefix = list.slice(0, list.length - minOverlap + 1);
    if (!exact.has(v)) {
      const seen = new Set<number>();
      let best: { j: number; score: number } | undefined;
      for (const token of prefix) {
        for (const j of index.get(token) ?? []) {
          if (seen.has(j)) continue;
          seen.add(j);
          const other = ctx.nodes[j]!;
          if (fold(other.node.statement) === fold(v.node.statement)) continue;
          if (other.node === v.parent || v.node === other.parent) continue;
          const score = dice(list, tokenSets[j]!);
          if (score >= t && (!best || score > best.score)) best = { j, score };
        }
      }
      if (best) {
        const other = ctx.nodes[best.j]!;
        out.push(
          finding(
            'TRE-06',
            'warning',
            at(v),
            v.node.statement,
            {
              other: numberOfPath(other.path),
              otherText: other.node.statement,
              similarity: Math.round(best.score * 100),
            },
            { variant: 'near' },
          ),
        );
      }
    }
    for (const token of prefix) {
      const bucket = index.get(token);
      if (bucket) bucket.push(i);
      else index.set(token, [i]);
    }
  });
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

/** TRE-06 for a draft statement against the statements already in the tree. */
export function checkDuplicateOf(
  statement: string,
  existing: readonly string[],
  where: StatementAt,
): Finding[] {
  const key = fold(statement);
  if (existing.some((e) => fold(e) === key)) {
    return [finding('TRE-06', 'error', where, statement, {}, { variant: 'existing' })];
  }
  const mine = tokens(statement);
  let best: { text: string; score: number } | undefined;
  for (const e of existing) {
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
  check: (ctx: RuleContext) => [
    ...shape(ctx),
    ...duplicates(ctx),
    ...ctx.nodes.flatMap((v) =>
      v.parent && !v.inCrosscutting ? restatement(v.node.statement, v.parent.statement, at(v)) : [],
    ),
    ...partners(ctx),
  ],
};
