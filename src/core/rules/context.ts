/**
 * Builds the RuleContext every rule family reads: one pre-order walk over the tree (then the crosscutting
 * nodes), with each node's JSON path, parent and ancestors, so no rule walks the tree itself.
 */
import type { Node, Tree } from '../tree/schema.ts';
import type { CheckOptions, NodeVisit, RuleContext } from './types.ts';

/** The context for one check of `tree`; stage defaults to 5 (every rule). */
export function buildContext(tree: Tree, options: CheckOptions = {}): RuleContext {
  const nodes: NodeVisit[] = [];
  const walk = (node: Node, path: string, ancestors: Node[], inCrosscutting: boolean) => {
    nodes.push({ node, path, parent: ancestors[ancestors.length - 1], ancestors, inCrosscutting });
    const below = [...ancestors, node];
    node.children.forEach((child, i) => {
      walk(child, `${path}.children[${i}]`, below, inCrosscutting);
    });
  };
  walk(tree.tree, '$.tree', [], false);
  tree.crosscutting.forEach((node, i) => {
    walk(node, `$.crosscutting[${i}]`, [], true);
  });
  return { tree, stage: options.stage ?? 5, nomenclature: options.nomenclature, nodes };
}
