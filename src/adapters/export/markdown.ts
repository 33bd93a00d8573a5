/**
 * The cascading matrix as a Markdown (GFM) table. A merged span shows its value in its first row only,
 * as the printed table does; pipes are escaped and line breaks become <br>.
 */
import { buildCascade, type Cell, mergedContinuations } from '../../core/cascade/matrix.ts';
import type { Tree } from '../../core/tree/schema.ts';

export function mdCell(value: Cell): string {
  if (value === null) return '';
  return String(value).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function renderMarkdown(tree: Tree): string {
  const matrix = buildCascade(tree);
  const continued = mergedContinuations(matrix);
  const org = tree.organization;
  const lines = [
    `# Cascading Kinerja — ${mdCell(org.name)}`,
    '',
    ...(org.region ? [`Wilayah: ${mdCell(org.region)}  `] : []),
    ...(tree.period ? [`Periode: ${tree.period.from}–${tree.period.to}  `] : []),
    '',
    `| ${matrix.columns.map((c) => mdCell(c.header)).join(' | ')} |`,
    `|${matrix.columns.map(() => '---').join('|')}|`,
  ];
  matrix.rows.forEach((row, r) => {
    const cells = row.cells.map((v, c) => (continued[r]![c] ? '' : mdCell(v)));
    lines.push(`| ${cells.join(' | ')} |`);
  });
  return `${lines.join('\n')}\n`;
}
