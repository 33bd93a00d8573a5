/**
 * Pure operations on a loaded tree: each returns a new tree (the input is never changed) or an OpError
 * value saying what was wrong and what to do next. New ids come from IdAllocator, so they are
 * deterministic (derived from the parent's id and position, never from a clock or randomness).
 */
import { z } from 'zod';
import { err, ok, type Result } from '../result.ts';
import messages from './data/ops.messages.json' with { type: 'json' };
import { formatPath, IdAllocator } from './parse.ts';
import {
  Indicator,
  type Indicator as IndicatorT,
  type Node,
  type NodeFields,
  type NodeInput,
  NodeSchema,
  Planning,
  type Planning as PlanningT,
  TargetValue,
  type TargetValue as TargetValueT,
  type Tree,
} from './schema.ts';

export type OpErrorCode = keyof typeof messages;

/** An expected failure of a tree operation, with its message in Bahasa Indonesia and English. */
export interface OpError {
  code: OpErrorCode;
  message: { id: string; en: string };
}

function opError(code: OpErrorCode, params: Record<string, string | number> = {}): OpError {
  const fill = (t: string) =>
    t.replace(/\{(\w+)\}/g, (w, k: string) => (k in params ? String(params[k]) : w));
  const m = messages[code];
  return { code, message: { id: fill(m.id), en: fill(m.en) } };
}

function invalid(error: z.ZodError, prefix: string): OpError {
  const issue = error.issues[0];
  const path = issue ? formatPath(issue.path).replace(/^\$/, prefix) : prefix;
  return opError('invalid', { path, reason: issue?.message ?? 'invalid' });
}

/** Where a node sits: in the tree (indices from the root) or in the crosscutting array. */
interface Location {
  top: 'tree' | 'crosscutting';
  /** For 'crosscutting', the first index is the position in the array. */
  indices: number[];
}

export interface FoundNode {
  node: Node;
  parent: Node | undefined;
  /** JSON path of the node, e.g. `$.tree.children[0]`. */
  path: string;
}

function pathOf(loc: Location): string {
  if (loc.top === 'tree') return `$.tree${loc.indices.map((i) => `.children[${i}]`).join('')}`;
  const [first, ...rest] = loc.indices;
  return `$.crosscutting[${first}]${rest.map((i) => `.children[${i}]`).join('')}`;
}

function locate(tree: Tree, id: string): { found: FoundNode; loc: Location } | undefined {
  const search = (node: Node, parent: Node | undefined, loc: Location): ReturnType<typeof locate> => {
    if (node.id === id) return { found: { node, parent, path: pathOf(loc) }, loc };
    for (let i = 0; i < node.children.length; i++) {
      const hit = search(node.children[i]!, node, { top: loc.top, indices: [...loc.indices, i] });
      if (hit) return hit;
    }
    return undefined;
  };
  const inTree = search(tree.tree, undefined, { top: 'tree', indices: [] });
  if (inTree) return inTree;
  for (let i = 0; i < tree.crosscutting.length; i++) {
    const hit = search(tree.crosscutting[i]!, undefined, { top: 'crosscutting', indices: [i] });
    if (hit) return hit;
  }
  return undefined;
}

/** The node with `id`, its parent and its JSON path. */
export function findNode(tree: Tree, id: string): FoundNode | undefined {
  return locate(tree, id)?.found;
}

function replaceIn(node: Node, indices: readonly number[], fn: (n: Node) => Node): Node {
  const [first, ...rest] = indices;
  if (first === undefined) return fn(node);
  const children = node.children.slice();
  children[first] = replaceIn(children[first]!, rest, fn);
  return { ...node, children };
}

function replaceAt(tree: Tree, loc: Location, fn: (n: Node) => Node): Tree {
  if (loc.top === 'tree') return { ...tree, tree: replaceIn(tree.tree, loc.indices, fn) };
  const [first, ...rest] = loc.indices;
  const crosscutting = tree.crosscutting.slice();
  crosscutting[first!] = replaceIn(crosscutting[first!]!, rest, fn);
  return { ...tree, crosscutting };
}

function updateNode(tree: Tree, id: string, fn: (n: Node) => Result<Node, OpError>): Result<Tree, OpError> {
  const hit = locate(tree, id);
  if (!hit) return err(opError('not_found', { id }));
  const next = fn(hit.found.node);
  if (!next.ok) return next;
  return ok(replaceAt(tree, hit.loc, () => next.value));
}

function allIds(tree: Tree): Set<string> {
  const ids = new Set<string>();
  const walk = (n: Node) => {
    ids.add(n.id);
    n.children.forEach(walk);
  };
  walk(tree.tree);
  tree.crosscutting.forEach(walk);
  return ids;
}

function normalise(input: NodeInput, fallbackId: string, ids: IdAllocator): Node {
  const { children, id, ...rest } = input;
  const nodeId = id ?? ids.take(fallbackId);
  return {
    ...rest,
    id: nodeId,
    children: (children ?? []).map((c, i) => normalise(c, `${nodeId}.${i + 1}`, ids)),
  };
}

function inputIds(input: NodeInput, out: string[] = []): string[] {
  if (input.id !== undefined) out.push(input.id);
  for (const c of input.children ?? []) inputIds(c, out);
  return out;
}

function checkIndex(index: number | undefined, count: number): OpError | undefined {
  if (index === undefined) return undefined;
  if (!Number.isInteger(index) || index < 0 || index > count) {
    return opError('index_out_of_range', { index: index + 1, count: count + 1 });
  }
  return undefined;
}

/**
 * Adds `input` (and any children it carries) under `parentId`, or to the crosscutting array when
 * `parentId` is null; at `index` or last. Ids missing from the input are derived from the parent's.
 */
export function addNode(
  tree: Tree,
  parentId: string | null,
  input: NodeInput,
  index?: number,
): Result<{ tree: Tree; node: Node }, OpError> {
  const parsed = NodeSchema.safeParse(input);
  if (!parsed.success) return err(invalid(parsed.error, '$'));
  const used = allIds(tree);
  for (const id of inputIds(parsed.data)) if (used.has(id)) return err(opError('duplicate_id', { id }));
  const ids = new IdAllocator(used);
  for (const id of inputIds(parsed.data)) ids.take(id);
  if (parentId === null) {
    const bad = checkIndex(index, tree.crosscutting.length);
    if (bad) return err(bad);
    const node = normalise(parsed.data, `x${tree.crosscutting.length + 1}`, ids);
    const crosscutting = tree.crosscutting.slice();
    crosscutting.splice(index ?? crosscutting.length, 0, node);
    return ok({ tree: { ...tree, crosscutting }, node });
  }
  const hit = locate(tree, parentId);
  if (!hit) return err(opError('not_found', { id: parentId }));
  const parent = hit.found.node;
  const bad = checkIndex(index, parent.children.length);
  if (bad) return err(bad);
  const node = normalise(parsed.data, `${parent.id}.${parent.children.length + 1}`, ids);
  const next = replaceAt(tree, hit.loc, (p) => {
    const children = p.children.slice();
    children.splice(index ?? children.length, 0, node);
    return { ...p, children };
  });
  return ok({ tree: next, node });
}

/** The fields of a node a person may change; `undefined` removes a field. */
export type NodePatch = Partial<NodeFields>;

/** Changes the fields in `patch` of node `id` (its id and children stay). */
export function editNode(
  tree: Tree,
  id: string,
  patch: NodePatch,
): Result<{ tree: Tree; node: Node }, OpError> {
  let edited: Node | undefined;
  const next = updateNode(tree, id, (node) => {
    const merged: Record<string, unknown> = { ...node };
    for (const [key, value] of Object.entries(patch)) {
      if (key === 'id' || key === 'children') continue;
      if (value === undefined) delete merged[key];
      else merged[key] = value;
    }
    const { children: _children, ...fields } = merged;
    const parsed = NodeSchema.safeParse(fields);
    if (!parsed.success) return err(invalid(parsed.error, '$'));
    edited = { ...(parsed.data as Omit<Node, 'children'>), id: node.id, children: node.children };
    return ok(edited);
  });
  if (!next.ok) return next;
  return ok({ tree: next.value, node: edited! });
}

function contains(node: Node, id: string): boolean {
  return node.id === id || node.children.some((c) => contains(c, id));
}

/** Moves node `id` (with its subtree) under `newParentId` (null: the crosscutting array), at `index` or last. */
export function moveNode(
  tree: Tree,
  id: string,
  newParentId: string | null,
  index?: number,
): Result<Tree, OpError> {
  const hit = locate(tree, id);
  if (!hit) return err(opError('not_found', { id }));
  if (hit.found.node.id === tree.tree.id) return err(opError('root'));
  if (newParentId !== null) {
    const target = locate(tree, newParentId);
    if (!target) return err(opError('not_found', { id: newParentId }));
    if (contains(hit.found.node, newParentId)) return err(opError('cycle', { id, target: newParentId }));
  }
  const removed = removeNode(tree, id);
  if (!removed.ok) return removed;
  const without = removed.value;
  if (newParentId === null) {
    const bad = checkIndex(index, without.crosscutting.length);
    if (bad) return err(bad);
    const crosscutting = without.crosscutting.slice();
    crosscutting.splice(index ?? crosscutting.length, 0, hit.found.node);
    return ok({ ...without, crosscutting });
  }
  const target = locate(without, newParentId)!;
  const bad = checkIndex(index, target.found.node.children.length);
  if (bad) return err(bad);
  return ok(
    replaceAt(without, target.loc, (p) => {
      const children = p.children.slice();
      children.splice(index ?? children.length, 0, hit.found.node);
      return { ...p, children };
    }),
  );
}

/** Removes node `id` and everything below it. The root cannot be removed. */
export function removeNode(tree: Tree, id: string): Result<Tree, OpError> {
  const hit = locate(tree, id);
  if (!hit) return err(opError('not_found', { id }));
  if (hit.loc.top === 'tree' && hit.loc.indices.length === 0) return err(opError('root'));
  const parentIndices = hit.loc.indices.slice(0, -1);
  const position = hit.loc.indices[hit.loc.indices.length - 1]!;
  if (hit.loc.top === 'crosscutting' && parentIndices.length === 0) {
    return ok({ ...tree, crosscutting: tree.crosscutting.filter((_, i) => i !== position) });
  }
  return ok(
    replaceAt(tree, { top: hit.loc.top, indices: parentIndices }, (p) => ({
      ...p,
      children: p.children.filter((_, i) => i !== position),
    })),
  );
}

function withIndicators(
  tree: Tree,
  nodeId: string,
  fn: (list: IndicatorT[]) => Result<IndicatorT[], OpError>,
): Result<Tree, OpError> {
  return updateNode(tree, nodeId, (node) => {
    const next = fn(node.indicators ?? []);
    return next.ok ? ok({ ...node, indicators: next.value }) : next;
  });
}

function outOfRange(index: number, count: number): OpError | undefined {
  if (Number.isInteger(index) && index >= 0 && index < count) return undefined;
  return opError('index_out_of_range', { index: index + 1, count });
}

/** Appends an indicator to node `nodeId`. */
export function addIndicator(tree: Tree, nodeId: string, indicator: IndicatorT): Result<Tree, OpError> {
  const parsed = Indicator.safeParse(indicator);
  if (!parsed.success) return err(invalid(parsed.error, '$.indicator'));
  return withIndicators(tree, nodeId, (list) => ok([...list, parsed.data]));
}

/** Changes the fields in `patch` of indicator `index` (0-based) of node `nodeId`; `undefined` removes a field. */
export function updateIndicator(
  tree: Tree,
  nodeId: string,
  index: number,
  patch: Partial<IndicatorT>,
): Result<Tree, OpError> {
  return withIndicators(tree, nodeId, (list) => {
    const bad = outOfRange(index, list.length);
    if (bad) return err(bad);
    const merged: Record<string, unknown> = { ...list[index] };
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) delete merged[key];
      else merged[key] = value;
    }
    const parsed = Indicator.safeParse(merged);
    if (!parsed.success) return err(invalid(parsed.error, '$.indicator'));
    return ok(list.map((ind, i) => (i === index ? parsed.data : ind)));
  });
}

/** Removes indicator `index` (0-based) of node `nodeId`. */
export function removeIndicator(tree: Tree, nodeId: string, index: number): Result<Tree, OpError> {
  return withIndicators(tree, nodeId, (list) => {
    const bad = outOfRange(index, list.length);
    return bad ? err(bad) : ok(list.filter((_, i) => i !== index));
  });
}

const Targets = z.record(z.string().regex(/^\d{4}$/, 'a year, e.g. "2025"'), TargetValue);

/** Sets the yearly targets (and optionally the baseline) of indicator `indicatorIndex` of node `nodeId`. */
export function setTargets(
  tree: Tree,
  nodeId: string,
  indicatorIndex: number,
  targets: Record<string, TargetValueT>,
  baseline?: { year: number; value: TargetValueT },
): Result<Tree, OpError> {
  const parsed = Targets.safeParse(targets);
  if (!parsed.success) return err(invalid(parsed.error, '$.targets'));
  return updateIndicator(tree, nodeId, indicatorIndex, {
    targets: parsed.data,
    ...(baseline ? { baseline } : {}),
  });
}

/** Replaces the planning entries of node `nodeId`. */
export function setPlanning(tree: Tree, nodeId: string, planning: PlanningT[]): Result<Tree, OpError> {
  const parsed = z.array(Planning).safeParse(planning);
  if (!parsed.success) return err(invalid(parsed.error, '$.planning'));
  return updateNode(tree, nodeId, (node) => ok({ ...node, planning: parsed.data }));
}

/** One line of the outline: "0" is the outcome, "1.2" the second child of its first csf, "X1" crosscutting. */
export interface OutlineEntry {
  number: string;
  node: Node;
  depth: number;
}

/** The tree as a numbered outline (pre-order): how people point at a box in a chat. */
export function outline(tree: Tree): OutlineEntry[] {
  const out: OutlineEntry[] = [];
  const walk = (node: Node, number: string, depth: number) => {
    out.push({ number, node, depth });
    node.children.forEach((c, i) => {
      walk(c, number === '0' ? `${i + 1}` : `${number}.${i + 1}`, depth + 1);
    });
  };
  walk(tree.tree, '0', 0);
  tree.crosscutting.forEach((c, i) => {
    walk(c, `X${i + 1}`, 0);
  });
  return out;
}

/** The node numbered `number` in the outline ("1.2", "x1" — case and spaces ignored). */
export function nodeByNumber(tree: Tree, number: string): Node | undefined {
  const wanted = number.replace(/\s+/g, '').replace(/\.$/, '').toUpperCase();
  return outline(tree).find((e) => e.number === wanted)?.node;
}
