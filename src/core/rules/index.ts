/**
 * The checker: every rule family of the catalogue (docs rules.md), stage-aware. `checkTree` reports the
 * findings up to a Tahap, `stageGate` answers "may we move on, and what blocks?", and the two single-text
 * checks serve drafting before a text is in a tree.
 */
import type { Node, Tree } from '../tree/schema.ts';
import { buildContext } from './context.ts';
import { checkIndicatorAlone, indRules } from './ind.ts';
import { checkWording, kndRules } from './knd.ts';
import { plnRules } from './pln.ts';
import { tgtRules } from './tgt.ts';
import { checkDuplicateOf, checkRestatement, treRules } from './tre.ts';
import type {
  CheckOptions,
  Finding,
  GateResult,
  IndicatorCheckInput,
  RuleFamily,
  Stage,
  StatementCheckInput,
} from './types.ts';

export { buildContext } from './context.ts';
export { finding, formatFinding } from './messages.ts';
export type * from './types.ts';

/** Every rule family, in catalogue order. */
export const families: readonly RuleFamily[] = [kndRules, treRules, indRules, tgtRules, plnRules];

/** Every finding of the rules that apply up to `options.stage` (default 5): errors first, then tree order. */
export function checkTree(tree: Tree, options: CheckOptions = {}): Finding[] {
  const ctx = buildContext(tree, options);
  const findings = families.filter((f) => f.fromStage <= ctx.stage).flatMap((f) => f.check(ctx));
  const order = new Map(ctx.nodes.map((v, i) => [v.path, i]));
  return sortFindings(findings, order);
}

/** Which findings a Tahap's gate counts (gates are cumulative): see "Stage gates" in rules.md. */
function gateCounts(f: Finding, stage: Stage, rootId: string): boolean {
  const family = f.rule.slice(0, 3);
  if (f.rule === 'BAS-01') return true;
  if (family === 'KND') return stage >= 2 || f.nodeId === rootId;
  if (family === 'TRE') return stage >= 3 || f.rule === 'TRE-01' || f.rule === 'TRE-04';
  if (family === 'IND') return stage >= 4;
  if (family === 'TGT' || family === 'PLN') return stage >= 5;
  return false;
}

/** May the drafting move on from Tahap `stage`? Blocked by every error the gates up to it count. */
export function stageGate(tree: Tree, stage: Stage, options: CheckOptions = {}): GateResult {
  const counted = checkTree(tree, { ...options, stage }).filter((f) => gateCounts(f, stage, tree.tree.id));
  const blocking = counted.filter((f) => f.severity === 'error');
  return {
    passed: blocking.length === 0,
    blocking,
    warnings: counted.filter((f) => f.severity === 'warning'),
  };
}

/** KND on a draft statement, plus TRE-06 against `existing` and TRE-07 against `parent`. */
export function checkStatement(input: StatementCheckInput, options: CheckOptions = {}): Finding[] {
  const at = { path: '$.statement' };
  return sortFindings(
    [
      ...checkWording(input.statement, input.level, at, options.nomenclature),
      ...(input.existing ? checkDuplicateOf(input.statement, input.existing, at, input.parent) : []),
      ...(input.parent !== undefined ? checkRestatement(input.statement, input.parent, at) : []),
    ],
    new Map(),
  );
}

/** IND on a draft indicator (the indicator rules that need no tree). */
export function checkIndicator(input: IndicatorCheckInput, options: CheckOptions = {}): Finding[] {
  return sortFindings(checkIndicatorAlone(input, options), new Map());
}

/**
 * The reason a person gave for accepting this warning on its node (`acceptedWarnings`), if any. An
 * accepted warning is still reported (with the reason); errors can never be accepted.
 */
export function acceptedReason(node: Node | undefined, f: Finding): string | undefined {
  if (!node || f.severity !== 'warning') return undefined;
  const hit = (node.acceptedWarnings ?? []).find(
    (a) => a.rule === f.rule && (a.text === undefined || a.text === f.text),
  );
  return hit?.reason;
}

/** The node a finding belongs to: the longest prefix of its path that is a node path. */
function nodeIndex(path: string, order: ReadonlyMap<string, number>): number {
  for (let p = path; p.length > 0; ) {
    const i = order.get(p);
    if (i !== undefined) return i;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) break;
    p = p.slice(0, cut);
  }
  return -1;
}

const collator = new Intl.Collator('en', { numeric: true });

function sortFindings(findings: Finding[], order: ReadonlyMap<string, number>): Finding[] {
  const keyed = findings.map((f) => ({ f, node: nodeIndex(f.path, order) }));
  keyed.sort(
    (a, b) =>
      (a.f.severity === b.f.severity ? 0 : a.f.severity === 'error' ? -1 : 1) ||
      a.node - b.node ||
      collator.compare(a.f.path, b.f.path),
  );
  return keyed.map((k) => k.f);
}
