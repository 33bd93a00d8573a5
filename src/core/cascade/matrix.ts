/**
 * The cascading table as a pure matrix, derived from a tree: one row per (node, indicator) in
 * pre-order, hierarchy cells merged down each node's subtree. The XLSX, CSV and Markdown exports render
 * this model; the XLSX import reads the same layout back.
 */
import type { Component, Indicator, Level, Node, Planning, TargetValue, Tree } from '../tree/schema.ts';

/** What a column of the matrix holds. */
export type ColumnKind =
  | 'nomenclature'
  | 'statement'
  | 'indicator'
  | 'formula'
  | 'unit'
  | 'baseline'
  | 'target'
  | 'pk'
  | 'note';

export interface CascadeColumn {
  header: string;
  kind: ColumnKind;
  /** The hierarchy group (planning component) of nomenclature/statement/indicator columns. */
  component?: Component;
  /** The year of a target column. */
  year?: string;
}

/** One planning component's columns, left to right, as evaluators expect them. */
export interface ComponentGroup {
  component: Component;
  nomenclature?: 'program' | 'kegiatan' | 'subKegiatan';
  headers: { nomenclature?: string; statement: string; indicator: string };
}

export const GROUPS: readonly ComponentGroup[] = [
  { component: 'tujuan', headers: { statement: 'Tujuan', indicator: 'Indikator Tujuan' } },
  { component: 'sasaran_skpd', headers: { statement: 'Sasaran SKPD', indicator: 'Indikator' } },
  {
    component: 'sasaran_program',
    nomenclature: 'program',
    headers: { nomenclature: 'Program', statement: 'Sasaran Program', indicator: 'Indikator' },
  },
  {
    component: 'sasaran_kegiatan',
    nomenclature: 'kegiatan',
    headers: { nomenclature: 'Kegiatan', statement: 'Sasaran Kegiatan', indicator: 'Indikator' },
  },
  {
    component: 'sasaran_sub_kegiatan',
    nomenclature: 'subKegiatan',
    headers: { nomenclature: 'Sub Kegiatan', statement: 'Sasaran Sub Kegiatan', indicator: 'Indikator' },
  },
];

/** Where a node goes when it has no planning entry: the component its level usually becomes. */
export const COMPONENT_OF_LEVEL: Record<Level, Component> = {
  outcome: 'tujuan',
  csf: 'sasaran_skpd',
  kondisi_antara_utama: 'sasaran_program',
  kondisi_antara: 'sasaran_kegiatan',
  kondisi_operasional: 'sasaran_sub_kegiatan',
};

export const LEVEL_OF_COMPONENT: Record<Component, Level> = {
  tujuan: 'outcome',
  sasaran_skpd: 'csf',
  sasaran_program: 'kondisi_antara_utama',
  sasaran_kegiatan: 'kondisi_antara',
  sasaran_sub_kegiatan: 'kondisi_operasional',
};

export const CROSSCUTTING_MARK = 'Cross cutting';

export type Cell = string | number | null;

export interface CascadeRow {
  node: Node;
  /** The node's indicator this row describes (absent for a node without indicators). */
  indicator?: Indicator;
  crosscutting: boolean;
  cells: Cell[];
}

/** A vertical merge over data rows `from..to` (0-based, inclusive) in one column. */
export interface CascadeMerge {
  column: number;
  from: number;
  to: number;
}

export interface CascadeMatrix {
  columns: CascadeColumn[];
  rows: CascadeRow[];
  merges: CascadeMerge[];
  years: string[];
}

/** The planning entry that places a node in the table: its first one. */
export function placingPlanning(node: Node): Planning | undefined {
  return node.planning?.[0];
}

export function componentOf(node: Node): Component {
  return placingPlanning(node)?.component ?? COMPONENT_OF_LEVEL[node.level];
}

export function groupIndex(component: Component): number {
  return GROUPS.findIndex((g) => g.component === component);
}

/** The years of the target columns: the Renstra period, plus any year a target names. */
export function targetYears(tree: Tree): string[] {
  const years = new Set<string>();
  if (tree.period) for (let y = tree.period.from; y <= tree.period.to; y++) years.add(String(y));
  for (const node of allNodes(tree)) {
    for (const ind of node.indicators ?? []) for (const y of Object.keys(ind.targets ?? {})) years.add(y);
  }
  return [...years].sort();
}

/** Every node, main tree first (pre-order), then the crosscutting nodes. */
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

export function buildColumns(years: string[]): CascadeColumn[] {
  const columns: CascadeColumn[] = [];
  for (const g of GROUPS) {
    if (g.headers.nomenclature) {
      columns.push({ header: g.headers.nomenclature, kind: 'nomenclature', component: g.component });
    }
    columns.push({ header: g.headers.statement, kind: 'statement', component: g.component });
    columns.push({ header: g.headers.indicator, kind: 'indicator', component: g.component });
  }
  columns.push({ header: 'Formulasi', kind: 'formula' });
  columns.push({ header: 'Satuan', kind: 'unit' });
  columns.push({ header: 'Baseline', kind: 'baseline' });
  if (years.length === 0) columns.push({ header: 'Target', kind: 'target' });
  for (const year of years) columns.push({ header: `Target ${year}`, kind: 'target', year });
  columns.push({ header: 'PK', kind: 'pk' });
  columns.push({ header: 'Keterangan', kind: 'note' });
  return columns;
}

/** "2.16.02 PROGRAM …" when the nomenclature has a code. */
export function nomenclatureText(
  ref: { code?: string | undefined; name: string } | undefined,
): string | null {
  if (!ref) return null;
  return ref.code ? `${ref.code} ${ref.name}` : ref.name;
}

/** The formula cell: the formula, then one "a: name" line per term of a composite formula. */
export function formulaText(ind: Indicator): string | null {
  const lines: string[] = [];
  if (ind.formula) lines.push(ind.formula);
  for (const t of ind.terms ?? []) lines.push(`${t.symbol}: ${t.name}${t.formula ? ` = ${t.formula}` : ''}`);
  return lines.length > 0 ? lines.join('\n') : null;
}

export function baselineText(ind: Indicator): string | null {
  return ind.baseline ? `${ind.baseline.value} (${ind.baseline.year})` : null;
}

/** "Administrator (Kepala Bidang Statistik)" or "JPT". */
export function pkText(p: Planning | undefined): string | null {
  if (!p?.pk) return p?.jabatan ? `(${p.jabatan})` : null;
  return p.jabatan ? `${p.pk} (${p.jabatan})` : p.pk;
}

export function crosscuttingText(node: Node): string | null {
  if (!node.crosscutting) return null;
  const partners = node.crosscutting.with.join(', ');
  return `${CROSSCUTTING_MARK}: ${partners}${node.crosscutting.note ? ` — ${node.crosscutting.note}` : ''}`;
}

function targetCell(value: TargetValue | undefined): Cell {
  return value === undefined ? null : value;
}

/** Build the cascading matrix of a tree (main tree first, crosscutting nodes after it). */
export function buildCascade(tree: Tree): CascadeMatrix {
  const years = targetYears(tree);
  const columns = buildColumns(years);
  const col = (kind: ColumnKind, component?: Component) =>
    columns.findIndex((c) => c.kind === kind && (component === undefined || c.component === component));
  const formulaCol = col('formula');
  const unitCol = col('unit');
  const baselineCol = col('baseline');
  const pkCol = col('pk');
  const noteCol = col('note');
  const rows: CascadeRow[] = [];
  const merges: CascadeMerge[] = [];
  const width = columns.length;

  /** Cells a node's subtree shares: its name, statement (and indicator, when it has exactly one). */
  type Shared = Array<[number, Cell]>;

  const emit = (node: Node, inherited: Shared, crosscutting: boolean) => {
    const component = componentOf(node);
    const group = GROUPS[groupIndex(component)]!;
    const planning = placingPlanning(node);
    const indicators = node.indicators ?? [];
    const own: Shared = [];
    if (group.nomenclature) {
      own.push([col('nomenclature', component), nomenclatureText(planning?.[group.nomenclature])]);
    }
    own.push([col('statement', component), node.statement]);
    const indicatorCol = col('indicator', component);
    const single = indicators.length === 1;
    if (single) own.push([indicatorCol, indicators[0]!.name]);
    const first = rows.length;
    const ownRows = Math.max(1, indicators.length);
    for (let i = 0; i < ownRows; i++) {
      const cells: Cell[] = new Array<Cell>(width).fill(null);
      for (const [c, v] of [...inherited, ...own]) cells[c] = v;
      const ind = indicators[i];
      if (ind) {
        cells[indicatorCol] = ind.name;
        cells[formulaCol] = formulaText(ind);
        cells[unitCol] = ind.unit;
        cells[baselineCol] = baselineText(ind);
        columns.forEach((c, k) => {
          if (c.kind === 'target' && c.year) cells[k] = targetCell(ind.targets?.[c.year]);
        });
      }
      cells[pkCol] = pkText(planning);
      cells[noteCol] = crosscuttingText(node);
      rows.push(ind ? { node, indicator: ind, crosscutting, cells } : { node, crosscutting, cells });
    }
    for (const child of node.children) emit(child, [...inherited, ...own], crosscutting);
    const last = rows.length - 1;
    if (last > first) {
      for (const [c] of own) merges.push({ column: c, from: first, to: last });
    }
  };

  emit(tree.tree, [], false);
  for (const x of tree.crosscutting) emit(x, [], true);
  merges.sort((a, b) => a.from - b.from || a.column - b.column);
  return { columns, rows, merges, years };
}

/** For each data row and column: true where the cell continues a merge started in a row above. */
export function mergedContinuations(matrix: CascadeMatrix): boolean[][] {
  const grid = matrix.rows.map(() => new Array<boolean>(matrix.columns.length).fill(false));
  for (const m of matrix.merges) for (let r = m.from + 1; r <= m.to; r++) grid[r]![m.column] = true;
  return grid;
}
