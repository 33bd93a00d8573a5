/**
 * A tree as flat parts (one per node, plus the tree's own fields), the difference between two trees as
 * the changed parts before and after, and applying such parts back — so a revision records only what
 * changed and undo restores it. Pure; shared by the in-memory and the drizzle store.
 */
import type { Stage } from '../../core/rules/types.ts';
import type { Node, Tree } from '../../core/tree/schema.ts';

/** One node without its children, and where it hangs. */
export interface NodePart {
  parentId: string | null;
  position: number;
  inCrosscutting: boolean;
  /** The node's own fields (`Omit` would drop `id`: Node has an index signature). */
  node: { id: string; [key: string]: unknown };
}

/** The tree's own fields (organization, period, unknown top-level fields), title and stage. */
export interface MetaPart {
  title: string;
  stage: Stage;
  file: Omit<Tree, 'tree' | 'crosscutting'>;
}

/** What a revision keeps on one side: changed nodes (null = absent on this side) and the meta if changed. */
export interface Changes {
  nodes: Record<string, NodePart | null>;
  meta?: MetaPart | undefined;
}

export interface TreeState {
  title: string;
  stage: Stage;
  tree: Tree;
}

/** Every node of the tree (root and crosscutting, depth-first) as a part, by id. */
export function flatten(tree: Tree): Map<string, NodePart> {
  const out = new Map<string, NodePart>();
  const walk = (n: Node, parentId: string | null, position: number, inCrosscutting: boolean) => {
    const { children, ...node } = n;
    out.set(n.id, { parentId, position, inCrosscutting, node: { ...node, id: n.id } });
    children.forEach((c, i) => {
      walk(c, n.id, i, inCrosscutting);
    });
  };
  walk(tree.tree, null, 0, false);
  tree.crosscutting.forEach((c, i) => {
    walk(c, null, i, true);
  });
  return out;
}

export function countNodes(tree: Tree): number {
  let n = 0;
  const walk = (node: Node) => {
    n++;
    for (const c of node.children) walk(c);
  };
  walk(tree.tree);
  for (const c of tree.crosscutting) walk(c);
  return n;
}

/** Rebuild a tree from its parts; children in sibling order. Throws when there is no root (a bug). */
export function assemble(file: Omit<Tree, 'tree' | 'crosscutting'>, parts: Iterable<NodePart>): Tree {
  const byParent = new Map<string | null, NodePart[]>();
  const xRoots: NodePart[] = [];
  let root: NodePart | undefined;
  for (const p of parts) {
    if (p.parentId === null) {
      if (p.inCrosscutting) xRoots.push(p);
      else root = p;
      continue;
    }
    const list = byParent.get(p.parentId);
    if (list) list.push(p);
    else byParent.set(p.parentId, [p]);
  }
  if (!root) throw new Error('tree has no root node');
  const build = (p: NodePart): Node => {
    const kids = (byParent.get(p.node.id) ?? []).sort((a, b) => a.position - b.position);
    return { ...p.node, children: kids.map(build) } as Node;
  };
  xRoots.sort((a, b) => a.position - b.position);
  return { ...file, tree: build(root), crosscutting: xRoots.map(build) } as Tree;
}

export function metaOf(state: TreeState): MetaPart {
  const { tree: _root, crosscutting: _x, ...file } = state.tree;
  return { title: state.title, stage: state.stage, file };
}

/** The parts that differ between two states, each side as it was. */
export function diff(before: TreeState, after: TreeState): { before: Changes; after: Changes } {
  const a = flatten(before.tree);
  const b = flatten(after.tree);
  const out = { before: { nodes: {} } as Changes, after: { nodes: {} } as Changes };
  for (const [id, part] of a) {
    const next = b.get(id);
    if (!next || !same(next, part)) {
      out.before.nodes[id] = part;
      out.after.nodes[id] = next ?? null;
    }
  }
  for (const [id, part] of b) {
    if (!a.has(id)) {
      out.before.nodes[id] = null;
      out.after.nodes[id] = part;
    }
  }
  const ma = metaOf(before);
  const mb = metaOf(after);
  if (!same(ma, mb)) {
    out.before.meta = ma;
    out.after.meta = mb;
  }
  return out;
}

export function isEmpty(changes: Changes): boolean {
  return Object.keys(changes.nodes).length === 0 && changes.meta === undefined;
}

/** The state with `changes` laid over it (used by undo with a revision's `before`). */
export function apply(state: TreeState, changes: Changes): TreeState {
  const parts = flatten(state.tree);
  for (const [id, part] of Object.entries(changes.nodes)) {
    if (part === null) parts.delete(id);
    else parts.set(id, part);
  }
  const meta = changes.meta ?? metaOf(state);
  return { title: meta.title, stage: meta.stage, tree: assemble(meta.file, parts.values()) };
}

/** Deep equality of JSON-like values: key order does not matter, a key holding `undefined` counts as absent. */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (x[k] === undefined) continue;
    n++;
    if (!same(x[k], y[k])) return false;
  }
  for (const k in y) if (y[k] !== undefined) n--;
  return n === 0;
}
