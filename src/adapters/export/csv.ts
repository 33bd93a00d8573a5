/**
 * The cascading matrix as CSV (RFC 4180: comma, CRLF, quoted where needed), UTF-8 with a byte order
 * mark so Excel reads the Indonesian text correctly. Merged spans are filled down: every row stands alone.
 */
import { buildCascade, type Cell } from '../../core/cascade/matrix.ts';
import type { Tree } from '../../core/tree/schema.ts';

/** One field, quoted when it holds a comma, quote, CR or LF (quotes doubled). */
export function csvField(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(tree: Tree): string {
  const matrix = buildCascade(tree);
  const lines = [matrix.columns.map((c) => csvField(c.header)).join(',')];
  for (const row of matrix.rows) lines.push(row.cells.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
