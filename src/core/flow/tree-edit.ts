/**
 * The few immutable tree edits the conversation makes (add a child, change a statement, replace a
 * node's indicators or planning, remove a subtree) and the numbered outline ("1.2.3") people use to
 * point at nodes. Every edit returns a new tree; the old one is never changed.
 */
import type { Level, Node, Tree } from '../tree/schema.ts';

export const LEVEL_ORDER: readonly Level[] = [
  'outcome',
  'csf',
  'kondisi_antara_utama',
  'kondisi_antara',
  'kondisi_operasional',
];

/** The level below `level`, or undefined at kondisi_operasional. */
export function childLevel(level: Level): Level | undefined {
  return LEVEL_ORDER[LEVEL_ORDER.indexOf(level) + 1];
}

export interface OutlineEntry {
  /** "0" for the outcome, "1", "1.2", "1.2.3" below it. */
  number: string;
  node: Node;
  depth: number;
  parent?: Node | undefined;
}

// Trees are immutable (every edit returns new nodes), so a root node's outline never changes: one step
// asks for it many times (numbers, cursor, queue, existing statements) and builds it once.
const outlines = new WeakMap<Node, OutlineEntry[]>();
const indexes = new WeakMap<Node, ReadonlyMap<string, OutlineEntry>>();

/** Every node of the tree in pre-order (depth first), numbered; shared per tree, so never change it. */
export function outline(tree: Tree): OutlineEntry[] {
  const cached = outlines.get(tree.tree);
  if (cached) return cached;
  const out: OutlineEntry[] = [{ number: '0', node: tree.tree, depth: 0 }];
  const walk = (node: Node, prefix: string, depth: number) => {
    node.children.forEach((child, i) => {
      const number = prefix ? `${prefix}.${i + 1}` : `${i + 1}`;
      out.push({ number, node: child, depth, parent: node });
      walk(child, number, depth + 1);
    });
  };
  walk(tree.tree, '', 1);
  outlines.set(tree.tree, out);
  return out;
}

/** The outline entry of node `nodeId`, looked up in a per-tree index. */
export function findEntry(tree: Tree, nodeId: string): OutlineEntry | undefined {
  let index = indexes.get(tree.tree);
  if (!index) {
    const built = new Map<string, OutlineEntry>();
    // The first entry wins, as a pre-order find would, should an id ever repeat.
    for (const e of outline(tree)) if (!built.has(e.node.id)) built.set(e.node.id, e);
    index = built;
    indexes.set(tree.tree, index);
  }
  return index.get(nodeId);
}

/** The node with outline number `number` ("1.2"), accepting "1.2." and spaces. */
export function entryByNumber(tree: Tree, number: string): OutlineEntry | undefined {
  const wanted = number.trim().replace(/\.+$/, '');
  return outline(tree).find((e) => e.number === wanted);
}

function mapNode(node: Node, id: string, change: (n: Node) => Node): Node {
  if (node.id === id) return change(node);
  let changed = false;
  const children = node.children.map((c) => {
    const next = mapNode(c, id, change);
    if (next !== c) changed = true;
    return next;
  });
  return changed ? { ...node, children } : node;
}

/** Change the node `id` with `change`; the tree is returned unchanged when there is no such node. */
export function updateNode(tree: Tree, id: string, change: (n: Node) => Node): Tree {
  const root = mapNode(tree.tree, id, change);
  return root === tree.tree ? tree : { ...tree, tree: root };
}

const highestIds = new WeakMap<Node, number>();

function highestId(tree: Tree): number {
  const cached = highestIds.get(tree.tree);
  if (cached !== undefined) return cached;
  let max = 0;
  for (const e of outline(tree)) {
    const m = /^n(\d+)$/.exec(e.node.id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  highestIds.set(tree.tree, max);
  return max;
}

/** A node id not used in the tree yet ("n1", "n2", …). */
export function freshId(tree: Tree): string {
  return `n${highestId(tree) + 1}`;
}

/** Append a child to `parentId`; returns the tree and the new node's id. */
export function addChild(
  tree: Tree,
  parentId: string,
  fields: Omit<Node, 'id' | 'children'>,
): { tree: Tree; id: string } {
  const max = highestId(tree) + 1;
  const id = `n${max}`;
  const next = updateNode(tree, parentId, (p) => ({
    ...p,
    children: [...p.children, { ...fields, id, children: [] }],
  }));
  // The only id the edit brings in is `id`, so the next fresh id needs no walk of the new tree.
  if (next !== tree) highestIds.set(next.tree, max);
  return { tree: next, id };
}

/** Remove the node `id` and everything below it (never the root). */
export function removeNode(tree: Tree, id: string): Tree {
  if (tree.tree.id === id) return tree;
  const strip = (node: Node): Node => {
    const kept = node.children.filter((c) => c.id !== id);
    const children = kept.map(strip);
    return kept.length === node.children.length && children.every((c, i) => c === node.children[i])
      ? node
      : { ...node, children };
  };
  return { ...tree, tree: strip(tree.tree) };
}

export function countByLevel(tree: Tree): Record<Level, number> {
  const counts = Object.fromEntries(LEVEL_ORDER.map((l) => [l, 0])) as Record<Level, number>;
  for (const e of outline(tree)) counts[e.node.level] += 1;
  return counts;
}
