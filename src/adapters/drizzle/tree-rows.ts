/**
 * Between a pokin/1 tree and its rows: tree meta ↔ `trees` columns, node parts ↔ `nodes`, `indicators`,
 * `targets` and `planning_entries`. Fields the schema has no column for go to `extra` jsonb and come back
 * unchanged; presence flags keep an empty array apart from an absent one.
 */

import type { indicators, nodes, planningEntries, targets, trees } from '../../../db/schema.ts';
import type { MetaPart, NodePart } from '../memory/tree-diff.ts';

export type NodeRow = typeof nodes.$inferInsert;
export type IndicatorRow = typeof indicators.$inferInsert;
export type TargetRow = typeof targets.$inferInsert;
export type PlanningRow = typeof planningEntries.$inferInsert;
export type TreeRowSelect = typeof trees.$inferSelect;

type Obj = Record<string, unknown>;

/** `obj` without `keys`, or null when nothing is left. */
function rest(obj: Obj, keys: readonly string[]): Obj | null {
  const out: Obj = {};
  let any = false;
  for (const [k, v] of Object.entries(obj)) {
    if (keys.includes(k) || v === undefined) continue;
    out[k] = v;
    any = true;
  }
  return any ? out : null;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const json = (v: unknown): unknown => (v === undefined ? null : v);

/** Put the defined, non-null values of `fields` onto `into`. */
function assign(into: Obj, fields: Obj): Obj {
  for (const [k, v] of Object.entries(fields)) if (v !== null && v !== undefined) into[k] = v;
  return into;
}

const TREE_KEYS = ['format', 'organization', 'period', 'tree', 'crosscutting'] as const;

/** The `trees` columns that hold the file's own fields. */
export function metaColumns(file: MetaPart['file']) {
  const period = file.period as Obj | undefined;
  return {
    organization: file.organization as Obj,
    periodFrom: typeof period?.from === 'number' ? period.from : null,
    periodTo: typeof period?.to === 'number' ? period.to : null,
    periodExtra: period ? rest(period, ['from', 'to']) : null,
    extra: rest(file as Obj, TREE_KEYS),
  };
}

/** The file's own fields back from a `trees` row. */
export function fileOf(
  row: Pick<TreeRowSelect, 'organization' | 'periodFrom' | 'periodTo' | 'periodExtra' | 'extra'>,
) {
  const file: Obj = {
    format: 'pokin/1',
    ...((row.extra as Obj | null) ?? {}),
    organization: row.organization,
  };
  if (row.periodFrom !== null && row.periodTo !== null)
    file.period = { ...((row.periodExtra as Obj | null) ?? {}), from: row.periodFrom, to: row.periodTo };
  return file as MetaPart['file'];
}

const NODE_KEYS = [
  'id',
  'statement',
  'level',
  'problem',
  'basis',
  'crosscutting',
  'acceptedWarnings',
  'indicators',
  'planning',
  'children',
] as const;
const INDICATOR_KEYS = ['name', 'kinerja', 'unit', 'formula', 'polarity', 'targets'] as const;
const PLANNING_KEYS = ['component', 'pk', 'jabatan', 'program', 'kegiatan', 'subKegiatan'] as const;

export interface Rows {
  nodes: NodeRow[];
  indicators: IndicatorRow[];
  targets: TargetRow[];
  planning: PlanningRow[];
}

/** Rows for the given node parts of tree `treeId`. */
export function toRows(treeId: string, parts: Iterable<NodePart>): Rows {
  const out: Rows = { nodes: [], indicators: [], targets: [], planning: [] };
  for (const part of parts) {
    const n = part.node as Obj;
    const nodeId = part.node.id;
    const inds = Array.isArray(n.indicators) ? (n.indicators as Obj[]) : undefined;
    const plans = Array.isArray(n.planning) ? (n.planning as Obj[]) : undefined;
    out.nodes.push({
      treeId,
      id: nodeId,
      parentId: part.parentId,
      position: part.position,
      inCrosscutting: part.inCrosscutting,
      statement: String(n.statement),
      level: String(n.level),
      problem: str(n.problem),
      basis: json(n.basis),
      crosscutting: json(n.crosscutting),
      acceptedWarnings: json(n.acceptedWarnings),
      hasIndicators: inds !== undefined,
      hasPlanning: plans !== undefined,
      extra: rest(n, NODE_KEYS),
    });
    inds?.forEach((ind, position) => {
      const t = ind.targets as Obj | undefined;
      out.indicators.push({
        treeId,
        nodeId,
        position,
        name: String(ind.name),
        kinerja: str(ind.kinerja),
        unit: String(ind.unit),
        formula: str(ind.formula),
        polarity: str(ind.polarity),
        hasTargets: t !== undefined && t !== null,
        extra: rest(ind, INDICATOR_KEYS),
      });
      Object.entries(t ?? {}).forEach(([year, value], i) => {
        out.targets.push({
          treeId,
          nodeId,
          indicatorPosition: position,
          year,
          position: i,
          valueNumber: typeof value === 'number' ? value : null,
          valueText: typeof value === 'number' ? null : String(value),
        });
      });
    });
    plans?.forEach((p, position) => {
      out.planning.push({
        treeId,
        nodeId,
        position,
        component: String(p.component),
        pk: str(p.pk),
        jabatan: str(p.jabatan),
        program: json(p.program),
        kegiatan: json(p.kegiatan),
        subKegiatan: json(p.subKegiatan),
        extra: rest(p, PLANNING_KEYS),
      });
    });
  }
  return out;
}

/** A node row as the recursive query returns it (snake_case, straight from SQL). */
export interface RawNodeRow {
  id: string;
  parent_id: string | null;
  position: number;
  in_crosscutting: boolean;
  statement: string;
  level: string;
  problem: string | null;
  basis: unknown;
  crosscutting: unknown;
  accepted_warnings: unknown;
  has_indicators: boolean;
  has_planning: boolean;
  extra: Obj | null;
}

export interface RawIndicatorRow {
  node_id: string;
  position: number;
  name: string;
  kinerja: string | null;
  unit: string;
  formula: string | null;
  polarity: string | null;
  has_targets: boolean;
  extra: Obj | null;
  /** [year, number, text] per target, in order; null when there are none. */
  targets: Array<[string, number | null, string | null]> | null;
}

export interface RawPlanningRow {
  node_id: string;
  position: number;
  component: string;
  pk: string | null;
  jabatan: string | null;
  program: unknown;
  kegiatan: unknown;
  sub_kegiatan: unknown;
  extra: Obj | null;
}

function groupBy<T extends { node_id: string; position: number }>(
  rows: T[],
  make: (row: T) => Obj,
): Map<string, Obj[]> {
  const out = new Map<string, Obj[]>();
  for (const r of [...rows].sort((a, b) => a.position - b.position)) {
    const list = out.get(r.node_id);
    if (list) list.push(make(r));
    else out.set(r.node_id, [make(r)]);
  }
  return out;
}

/** Node parts back from rows (indicators, their targets and planning in sibling order). */
export function partsOf(
  nodeRows: RawNodeRow[],
  indicatorRows: RawIndicatorRow[],
  planningRows: RawPlanningRow[],
): NodePart[] {
  const indicatorsBy = groupBy(indicatorRows, (r) => {
    const ind = assign(
      { ...(r.extra ?? {}) },
      { name: r.name, kinerja: r.kinerja, unit: r.unit, formula: r.formula, polarity: r.polarity },
    );
    if (r.has_targets)
      ind.targets = Object.fromEntries((r.targets ?? []).map(([year, n, t]) => [year, n ?? t]));
    return ind;
  });
  const planningBy = groupBy(planningRows, (r) =>
    assign(
      { ...(r.extra ?? {}) },
      {
        component: r.component,
        pk: r.pk,
        jabatan: r.jabatan,
        program: r.program,
        kegiatan: r.kegiatan,
        subKegiatan: r.sub_kegiatan,
      },
    ),
  );
  return nodeRows.map((r) => {
    const node = assign(
      { ...(r.extra ?? {}) },
      {
        id: r.id,
        statement: r.statement,
        level: r.level,
        problem: r.problem,
        basis: r.basis,
        crosscutting: r.crosscutting,
        acceptedWarnings: r.accepted_warnings,
      },
    );
    if (r.has_indicators) node.indicators = indicatorsBy.get(r.id) ?? [];
    if (r.has_planning) node.planning = planningBy.get(r.id) ?? [];
    return {
      parentId: r.parent_id,
      position: r.position,
      inCrosscutting: r.in_crosscutting,
      node: node as NodePart['node'],
    };
  });
}
