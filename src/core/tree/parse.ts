/**
 * Turns a `pokin/1` file (text or parsed JSON) into a Tree, or into a list of clear errors, each with
 * the JSON path where it happened. Never throws for bad input.
 */
import type { z } from 'zod';
import { err, ok, type Result } from '../result.ts';
import { type Node, type NodeInput, type Tree, TreeFileSchema } from './schema.ts';

export interface ParseIssue {
  /** JSON path in the file, e.g. `$.tree.children[0].level`. */
  path: string;
  message: string;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '$';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function issuesFromZod(error: z.ZodError): ParseIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

/** Where in the text a JSON.parse error points, as "line L, column C". */
function jsonErrorPosition(source: string, message: string): string | undefined {
  const m = /position (\d+)/.exec(message);
  if (!m) return undefined;
  const pos = Number(m[1]);
  const before = source.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/** Parse text as JSON, then as a pokin/1 tree. */
export function parseTreeText(source: string): Result<Tree, ParseIssue[]> {
  let data: unknown;
  try {
    data = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const where = jsonErrorPosition(source, message);
    return err([{ path: '$', message: `not valid JSON${where ? ` (${where})` : ''}: ${message}` }]);
  }
  return parseTree(data);
}

/** Validate parsed JSON as a pokin/1 tree; assigns ids to nodes that have none. */
export function parseTree(data: unknown): Result<Tree, ParseIssue[]> {
  if (typeof data === 'object' && data !== null && 'format' in data && data.format !== 'pokin/1') {
    return err([
      { path: '$.format', message: `unsupported format ${JSON.stringify(data.format)}; expected "pokin/1"` },
    ]);
  }
  const parsed = TreeFileSchema.safeParse(data);
  if (!parsed.success) return err(issuesFromZod(parsed.error));
  const { tree, crosscutting, ...rest } = parsed.data;
  const used = new Set<string>();
  const dupes: ParseIssue[] = [];
  const collect = (n: NodeInput, path: string) => {
    if (n.id !== undefined) {
      if (used.has(n.id)) dupes.push({ path: `${path}.id`, message: `duplicate node id "${n.id}"` });
      used.add(n.id);
    }
    (n.children ?? []).forEach((c, i) => {
      collect(c, `${path}.children[${i}]`);
    });
  };
  collect(tree, '$.tree');
  (crosscutting ?? []).forEach((c, i) => {
    collect(c, `$.crosscutting[${i}]`);
  });
  if (dupes.length > 0) return err(dupes);
  const ids = new IdAllocator(used);
  return ok({
    ...rest,
    tree: normaliseNode(tree, 'n', ids),
    crosscutting: (crosscutting ?? []).map((c, i) => normaliseNode(c, `x${i + 1}`, ids)),
  });
}

/** Hands out ids that are not yet used in a tree, derived from the node's position. */
export class IdAllocator {
  private readonly used: Set<string>;
  constructor(used: Iterable<string> = []) {
    this.used = new Set(used);
  }
  take(preferred: string): string {
    let id = preferred;
    for (let i = 2; this.used.has(id); i++) id = `${preferred}-${i}`;
    this.used.add(id);
    return id;
  }
}

function normaliseNode(input: NodeInput, fallbackId: string, ids: IdAllocator): Node {
  const { children, id, ...rest } = input;
  const nodeId = id ?? ids.take(fallbackId);
  return {
    ...rest,
    id: nodeId,
    children: (children ?? []).map((c, i) => normaliseNode(c, `${fallbackId}.${i + 1}`, ids)),
  };
}

/** Back to the file shape (children always present, as the examples write them). */
export function serialiseTree(tree: Tree): Record<string, unknown> {
  const { tree: root, crosscutting, ...rest } = tree;
  const out: Record<string, unknown> = { ...rest, tree: root };
  if (crosscutting.length > 0) out.crosscutting = crosscutting;
  return out;
}
