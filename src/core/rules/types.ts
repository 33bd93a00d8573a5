/** What a rule reports, and what the checker is told. Messages come from the rules' data files. */
import type { NomenclatureIndex } from '../nomenclature/types.ts';
import type { Indicator, Level, Node, Planning, Tree } from '../tree/schema.ts';

export type Severity = 'error' | 'warning';
export type Stage = 1 | 2 | 3 | 4 | 5;
export type Lang = 'id' | 'en';

export interface Finding {
  /** Stable id from the rule catalogue, e.g. "KND-02". */
  rule: string;
  severity: Severity;
  /** Node id the finding is about (absent for whole-tree findings). */
  nodeId?: string | undefined;
  /**
   * JSON path of the offending value in the pokin/1 file,
   * e.g. `$.tree.children[0].indicators[1].name`.
   */
  path: string;
  /** The offending text, quoted as written. */
  text: string;
  message: { id: string; en: string };
  /** The corrected text, where the rule knows it (offered as a one-tap choice). */
  suggestion?: string | undefined;
}

export interface CheckOptions {
  /** Run the rules that apply up to this Tahap (default 5). */
  stage?: Stage;
  /** The nomenclature version that applies to the tree (KND-04 name match, PLN-05/06, official indicators). */
  nomenclature?: NomenclatureIndex | undefined;
}

/** One node as the rules see it: where it is, what is above it. Built once per check. */
export interface NodeVisit {
  node: Node;
  /** JSON path of the node, e.g. `$.tree.children[0]` or `$.crosscutting[1]`. */
  path: string;
  parent?: Node | undefined;
  /** Ancestors from the root down to the parent. */
  ancestors: Node[];
  /** True for nodes in the top-level `crosscutting` array (and below): no PLN/TGT rules. */
  inCrosscutting: boolean;
}

/** Everything a rule family needs; built by `buildContext` in context.ts. */
export interface RuleContext {
  tree: Tree;
  stage: Stage;
  nomenclature?: NomenclatureIndex | undefined;
  /** Every node, tree first (depth-first, pre-order), then the crosscutting nodes. */
  nodes: NodeVisit[];
}

/**
 * A rule family (KND, TRE, IND, TGT, PLN): one module in src/core/rules/. `check` returns findings of the
 * rules that apply at `ctx.stage`; a family whose first Tahap is after ctx.stage is not called.
 */
export interface RuleFamily {
  family: 'KND' | 'TRE' | 'IND' | 'TGT' | 'PLN';
  /** The first Tahap at which any rule of the family applies. */
  fromStage: Stage;
  check(ctx: RuleContext): Finding[];
}

/** Checks of single texts, used while drafting (a statement or indicator not yet in a tree). */
export interface StatementCheckInput {
  statement: string;
  level: Level;
  /** The parent statement, for restatement checks (TRE-07). */
  parent?: string | undefined;
  /** Statements already in the tree, for duplicate checks (TRE-06). */
  existing?: string[] | undefined;
}

export interface IndicatorCheckInput {
  indicator: Indicator;
  level: Level;
  stage?: Stage | undefined;
  /** The node's planning entries (an official sub kegiatan indicator is reported as warnings only). */
  planning?: Planning[] | undefined;
  parentIndicators?: string[] | undefined;
}

export interface GateResult {
  /** True when no error of the rules that apply up to the stage remains. */
  passed: boolean;
  blocking: Finding[];
  warnings: Finding[];
}
