/**
 * The Exporter port's implementation: cascading table (XLSX, CSV, Markdown), pokin/1 JSON and the tree
 * diagram (SVG, PNG). `exportPages` gives the diagram one file per page (overview + one per CSF when
 * the tree is too wide) for printing on A3.
 */
import { serialiseTree } from '../../core/tree/parse.ts';
import type { Tree } from '../../core/tree/schema.ts';
import type { ExportedFile, Exporter, ExportFormat } from '../../ports/exporter.ts';
import { renderCsv } from './csv.ts';
import { renderPng } from './diagram-png.ts';
import { type DiagramOptions, diagramPages, PAGE_GAP, pagesToSvg, pageToSvg } from './diagram-svg.ts';
import { renderMarkdown } from './markdown.ts';
import { renderXlsx } from './xlsx.ts';

export const MIME_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
};

export interface ExporterOptions {
  /** TrueType fonts for the PNG; default: the first usual system fonts found (DejaVu Sans, …). */
  fontFiles?: string[];
  lang?: 'id' | 'en';
  /** Diagram splitting (default auto: per CSF when wider than MAX_PAGE_WIDTH). */
  split?: DiagramOptions['split'];
  /** PNG pixels per SVG unit before the size cap (default 2). */
  pngScale?: number;
}

export interface DiagramExporter extends Exporter {
  /** The diagram as separate pages (one file each), for printing one page per A3 sheet. */
  exportPages(tree: Tree, format: 'svg' | 'png'): Promise<ExportedFile[]>;
}

/** "diskominfosan" from the organisation's short name (or name): safe in any file system. */
export function fileStem(tree: Tree): string {
  const base = tree.organization.short ?? tree.organization.name;
  const slug = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'pokin';
}

const encoder = new TextEncoder();

export function createExporter(options: ExporterOptions = {}): DiagramExporter {
  const lang = options.lang ?? 'id';
  const diagram: DiagramOptions = { lang, split: options.split ?? 'auto' };
  const file = (name: string, format: ExportFormat, data: Uint8Array): ExportedFile => ({
    filename: `${name}.${format}`,
    mimeType: MIME_TYPES[format],
    data,
  });
  const pngOptions = {
    ...(options.fontFiles ? { fontFiles: options.fontFiles } : {}),
    ...(options.pngScale ? { scale: options.pngScale } : {}),
  };

  return {
    async export(tree: Tree, format: ExportFormat): Promise<ExportedFile> {
      const stem = fileStem(tree);
      switch (format) {
        case 'xlsx':
          return file(`cascading-${stem}`, format, await renderXlsx(tree, lang));
        case 'csv':
          return file(`cascading-${stem}`, format, encoder.encode(renderCsv(tree)));
        case 'md':
          return file(`cascading-${stem}`, format, encoder.encode(renderMarkdown(tree)));
        case 'json':
          return file(
            `pokin-${stem}`,
            format,
            encoder.encode(`${JSON.stringify(serialiseTree(tree), null, 2)}\n`),
          );
        case 'svg':
        case 'png': {
          const pages = await diagramPages(tree, diagram);
          const svg = pagesToSvg(pages);
          if (format === 'svg') return file(`pohon-kinerja-${stem}`, format, encoder.encode(svg));
          const width = Math.max(...pages.map((p) => p.width));
          const height = pages.reduce((h, p) => h + p.height, 0) + PAGE_GAP * (pages.length - 1);
          return file(`pohon-kinerja-${stem}`, format, renderPng(svg, width, height, pngOptions));
        }
      }
    },

    async exportPages(tree: Tree, format: 'svg' | 'png'): Promise<ExportedFile[]> {
      const stem = fileStem(tree);
      const pages = await diagramPages(tree, diagram);
      return pages.map((p) => {
        const svg = pageToSvg(p);
        const name = pages.length === 1 ? `pohon-kinerja-${stem}` : `pohon-kinerja-${stem}-${p.key}`;
        return format === 'svg'
          ? file(name, format, encoder.encode(svg))
          : file(name, format, renderPng(svg, p.width, p.height, pngOptions));
      });
    },
  };
}
