/**
 * Exports of a tree (src/adapters/export/): the cascading table (XLSX, CSV, Markdown), pokin/1 JSON and
 * the tree diagram (SVG, PNG). The chat shell and the command line both go through this port.
 */
import type { Tree } from '../core/tree/schema.ts';

export const EXPORT_FORMATS = ['xlsx', 'csv', 'md', 'json', 'svg', 'png'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportedFile {
  filename: string;
  mimeType: string;
  data: Uint8Array;
}

export interface Exporter {
  export(tree: Tree, format: ExportFormat): Promise<ExportedFile>;
}
