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

/** Every node of the tree in pre-order (depth first), numbered. */
export function outline(tree: Tree): OutlineEntry[] {
  const out: OutlineEntry[] = [{ number: '0', node: tree.tree, depth: 0 }];
  const walk = (node: Node, prefix: string, depth: number) => {
    node.children.forEach((child, i) => {
      const number = prefix ? `${prefix}.${i + 1}` : `${i + 1}`;
      out.push({ number, node: child, depth, parent: node });
      walk(child, number, depth + 1);
    });
  };
  walk(tree.tree, '', 1);
  return out;
}

export function findEntry(tree: Tree, nodeId: string): OutlineEntry | undefined {
  return outline(tree).find((e) => e.node.id === nodeId);
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

/** A node id not used in the tree yet ("n1", "n2", …). */
export function freshId(tree: Tree): string {
  let max = 0;
  for (const e of outline(tree)) {
    const m = /^n(\d+)$/.exec(e.node.id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `n${max + 1}`;
}

/** Append a child to `parentId`; returns the tree and the new node's id. */
export function addChild(
  tree: Tree,
  parentId: string,
  fields: Omit<Node, 'id' | 'children'>,
): { tree: Tree; id: string } {
  const id = freshId(tree);
  const next = updateNode(tree, parentId, (p) => ({
    ...p,
    children: [...p.children, { ...fields, id, children: [] }],
  }));
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
