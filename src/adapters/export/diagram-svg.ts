/**
 * The pohon kinerja diagram as SVG: boxes laid out by elkjs (layered, top-down, orthogonal lines),
 * outcome on top, one colour per level, indicators under each statement, crosscutting boxes dashed
 * with their partners named. Sibling leaves stack in a column so the tree stays narrow. A tree wider
 * than MAX_PAGE_WIDTH is split into an overview plus one page per CSF.
 */

import elkModule from 'elkjs/lib/elk.bundled.js';
import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import labels from '../../core/cascade/data/labels.json' with { type: 'json' };
import { numbering } from '../../core/cascade/tables.ts';
import type { Level, Node, Tree } from '../../core/tree/schema.ts';
import glyphs from './data/glyph-widths.json' with { type: 'json' };

export type Lang = 'id' | 'en';

/**
 * "Too wide": wider than twice A3 landscape at 96 dpi (2 × 1587 px). Printed on A3 such a page
 * shrinks below 50 %, and the 12–14 px labels fall under about 5 pt — too small to read.
 */
export const MAX_PAGE_WIDTH = 3175;

export const BOX_WIDTH = 300;
const PAD = 12;
const INNER = BOX_WIDTH - 2 * PAD;
const STACK_INDENT = 28;
const STACK_GAP = 14;
const MARGIN = 32;
const HEADER_HEIGHT = 78;
export const PAGE_GAP = 48;

const FONT = {
  label: { size: 11, line: 14, bold: false },
  statement: { size: 14, line: 18, bold: true },
  indicator: { size: 12, line: 15, bold: false },
  note: { size: 11, line: 14, bold: false },
} as const;

export const LEVEL_COLOURS: Record<Level, { fill: string; stroke: string }> = {
  outcome: { fill: '#FDE2E2', stroke: '#B91C1C' },
  csf: { fill: '#FFEBCC', stroke: '#C2410C' },
  kondisi_antara_utama: { fill: '#FFF8C5', stroke: '#A16207' },
  kondisi_antara: { fill: '#DDF4E4', stroke: '#15803D' },
  kondisi_operasional: { fill: '#DBEAFE', stroke: '#1D4ED8' },
};

const FONT_FAMILY = "'DejaVu Sans', Verdana, sans-serif";

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

const widths = glyphs as unknown as { regular: Record<string, number>; bold: Record<string, number> };

/** Width in px of a text in DejaVu Sans (the PNG font; wide enough that Verdana/Arial also fit). */
export function textWidth(text: string, size: number, bold: boolean): number {
  const table = bold ? widths.bold : widths.regular;
  let em = 0;
  for (const ch of text) em += table[ch] ?? (bold ? 0.75 : 0.7);
  return em * size;
}

/** Greedy word wrap to `max` px; a word longer than a line is cut where it overflows. */
export function wrapText(text: string, max: number, size: number, bold: boolean): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(candidate, size, bold) <= max) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (textWidth(rest, size, bold) > max) {
      let cut = rest.length - 1;
      while (cut > 1 && textWidth(rest.slice(0, cut), size, bold) > max) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

type Style = keyof typeof FONT;
interface Line {
  text: string;
  style: Style;
  /** y of the baseline, relative to the box top. */
  y: number;
  cls: string;
}

interface Box {
  node: Node;
  width: number;
  height: number;
  lines: Line[];
  /** y of the divider between statement and indicators. */
  divider?: number;
}

function shortLevel(level: Level, lang: Lang): string {
  return labels.level[level][lang];
}

function measureBox(node: Node, number: string, lang: Lang): Box {
  const lines: Line[] = [];
  let y = PAD;
  const add = (text: string, style: Style, cls: string) => {
    const f = FONT[style];
    for (const t of wrapText(text, INNER, f.size, f.bold)) {
      y += f.line;
      lines.push({ text: t, style, y: y - (f.line - f.size) / 2 - 1, cls });
    }
  };
  const pks = [...new Set((node.planning ?? []).map((p) => p.pk).filter((p) => p !== undefined))];
  add(
    [shortLevel(node.level, lang), number, pks.length > 0 ? `PK ${pks.join('/')}` : '']
      .filter(Boolean)
      .join(' · '),
    'label',
    'lv',
  );
  y += 2;
  add(node.statement, 'statement', 'st');
  let divider: number | undefined;
  const indicators = node.indicators ?? [];
  if (indicators.length > 0) {
    y += 6;
    divider = y;
    y += 2;
    for (const ind of indicators) add(`• ${ind.name} (${ind.unit})`, 'indicator', 'in');
  }
  if (node.crosscutting) {
    y += 4;
    add(`${labels.crosscutting[lang]}: ${node.crosscutting.with.join(', ')}`, 'note', 'cc');
  }
  const box: Box = { node, width: BOX_WIDTH, height: y + PAD, lines };
  if (divider !== undefined) box.divider = divider;
  return box;
}

/** What one page shows: a top node, how deep, and the crosscutting nodes hung beside it. */
interface PageSpec {
  key: string;
  title: string;
  top: Node;
  maxDepth: number;
  crosscutting: Node[];
}

export interface DiagramPage {
  key: string;
  title: string;
  width: number;
  height: number;
  /** The page's drawing (no <svg> wrapper), origin at its top-left. */
  body: string;
  /** Node ids drawn on this page. */
  nodeIds: string[];
}

interface Placed {
  box: Box;
  x: number;
  y: number;
}

// elk.bundled.js is CommonJS; depending on the loader its constructor is the module or its default.
const ElkConstructor = ((elkModule as unknown as { default?: unknown }).default ??
  elkModule) as new () => ELK;
const elk = new ElkConstructor();

async function layoutPage(spec: PageSpec, numbers: Map<Node, string>, lang: Lang): Promise<DiagramPage> {
  const children: ElkNode[] = [];
  const edges: ElkExtendedEdge[] = [];
  const boxes = new Map<string, Box>();
  const stacks = new Map<string, Box[]>();
  const dashed = new Set<string>();

  const visit = (node: Node, depth: number) => {
    const box = measureBox(node, numbers.get(node) ?? '', lang);
    boxes.set(node.id, box);
    children.push({ id: node.id, width: box.width, height: box.height });
    if (depth >= spec.maxDepth || node.children.length === 0) return;
    const allLeaves = node.children.length >= 2 && node.children.every((c) => c.children.length === 0);
    if (allLeaves) {
      const items = node.children.map((c) => measureBox(c, numbers.get(c) ?? '', lang));
      const id = `stack:${node.id}`;
      stacks.set(id, items);
      children.push({
        id,
        width: STACK_INDENT + BOX_WIDTH,
        height: items.reduce((h, b) => h + b.height, 0) + STACK_GAP * (items.length - 1),
        layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
        ports: [{ id: `${id}:in`, x: STACK_INDENT / 2, y: 0, width: 0, height: 0 }],
      });
      edges.push({ id: `e:${id}`, sources: [node.id], targets: [`${id}:in`] });
      return;
    }
    for (const c of node.children) {
      edges.push({ id: `e:${c.id}`, sources: [node.id], targets: [c.id] });
      visit(c, depth + 1);
    }
  };
  visit(spec.top, 0);
  for (const x of spec.crosscutting) {
    visit(x, spec.maxDepth);
    const id = `e:${x.id}`;
    edges.push({ id, sources: [spec.top.id], targets: [x.id] });
    dashed.add(id);
  }

  const input: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.spacing.nodeNode': '28',
      'elk.layered.spacing.nodeNodeBetweenLayers': '44',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.padding': '[top=0,left=0,bottom=0,right=0]',
    },
    children,
    edges,
  };
  const graph: ElkNode = await elk.layout(input);

  const placed: Placed[] = [];
  const stackLines: string[] = [];
  for (const n of graph.children ?? []) {
    const x = (n.x ?? 0) + MARGIN;
    const y = (n.y ?? 0) + MARGIN + HEADER_HEIGHT;
    const items = stacks.get(n.id);
    if (!items) {
      placed.push({ box: boxes.get(n.id)!, x, y });
      continue;
    }
    let cy = y;
    const bus = x + STACK_INDENT / 2;
    let lastMid = y;
    for (const b of items) {
      placed.push({ box: b, x: x + STACK_INDENT, y: cy });
      lastMid = cy + Math.min(24, b.height / 2);
      stackLines.push(`M${bus} ${lastMid} H${x + STACK_INDENT}`);
      cy += b.height + STACK_GAP;
    }
    stackLines.push(`M${bus} ${y} V${lastMid}`);
  }

  const edgePaths: string[] = [];
  for (const e of graph.edges ?? []) {
    for (const s of e.sections ?? []) {
      const pts = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint];
      const d = pts
        .map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x + MARGIN} ${p.y + MARGIN + HEADER_HEIGHT}`)
        .join(' ');
      edgePaths.push(
        `<path d="${d}" fill="none" stroke="#4B5563" stroke-width="1.5"${dashed.has(e.id) ? ' stroke-dasharray="6 4"' : ''}/>`,
      );
    }
  }

  const contentWidth = (graph.width ?? 0) + 2 * MARGIN;
  const width = Math.max(
    contentWidth,
    legendWidth(lang) + 2 * MARGIN,
    textWidth(spec.title, 18, true) + 2 * MARGIN,
  );
  const height = (graph.height ?? 0) + 2 * MARGIN + HEADER_HEIGHT;
  const parts: string[] = [
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#FFFFFF"/>`,
    header(spec.title, lang),
    ...edgePaths,
    `<path d="${stackLines.join(' ')}" fill="none" stroke="#4B5563" stroke-width="1.5"/>`,
    ...placed.map(renderBox),
  ];
  return {
    key: spec.key,
    title: spec.title,
    width,
    height,
    body: parts.join('\n'),
    nodeIds: placed.map((p) => p.box.node.id),
  };
}

function crosscuttingLegend(lang: Lang): string {
  return labels.crosscutting[lang].replace(/ (dengan|with)$/, '');
}

/** Width of the colour legend under the page title. */
function legendWidth(lang: Lang): number {
  let x = 0;
  for (const level of Object.keys(LEVEL_COLOURS) as Level[])
    x += 20 + textWidth(labels.level[level][lang], 11, false) + 18;
  return x + 20 + textWidth(crosscuttingLegend(lang), 11, false);
}

function header(title: string, lang: Lang): string {
  const out = [
    `<text x="${MARGIN}" y="${MARGIN + 4}" font-size="18" font-weight="bold" fill="#111827">${escapeXml(title)}</text>`,
  ];
  let x = MARGIN;
  const y = MARGIN + 22;
  for (const level of Object.keys(LEVEL_COLOURS) as Level[]) {
    const c = LEVEL_COLOURS[level];
    const name = labels.level[level][lang];
    out.push(
      `<rect x="${x}" y="${y}" width="14" height="14" rx="3" fill="${c.fill}" stroke="${c.stroke}"/>`,
      `<text x="${x + 20}" y="${y + 11}" font-size="11" fill="#374151">${escapeXml(name)}</text>`,
    );
    x += 20 + textWidth(name, 11, false) + 18;
  }
  out.push(
    `<rect x="${x}" y="${y}" width="14" height="14" rx="3" fill="#FFFFFF" stroke="#4B5563" stroke-dasharray="4 3"/>`,
    `<text x="${x + 20}" y="${y + 11}" font-size="11" fill="#374151">${escapeXml(crosscuttingLegend(lang))}</text>`,
  );
  return out.join('\n');
}

function renderBox({ box, x, y }: Placed): string {
  const c = LEVEL_COLOURS[box.node.level];
  const dash = box.node.crosscutting ? ' stroke-dasharray="7 4"' : '';
  const out = [
    `<g class="node" data-id="${escapeXml(box.node.id)}" data-level="${box.node.level}">`,
    `<rect class="box" x="${x}" y="${y}" width="${box.width}" height="${box.height}" rx="6" fill="${c.fill}" stroke="${c.stroke}" stroke-width="1.5"${dash}/>`,
  ];
  if (box.divider !== undefined) {
    out.push(
      `<path d="M${x + PAD} ${y + box.divider} H${x + box.width - PAD}" stroke="${c.stroke}" stroke-width="0.75"/>`,
    );
  }
  for (const l of box.lines) {
    const f = FONT[l.style];
    const weight = f.bold ? ' font-weight="bold"' : '';
    const italic = l.style === 'note' ? ' font-style="italic"' : '';
    const fill = l.style === 'label' ? c.stroke : '#111827';
    out.push(
      `<text class="${l.cls}" x="${x + PAD}" y="${y + l.y}" font-size="${f.size}"${weight}${italic} fill="${fill}">${escapeXml(l.text)}</text>`,
    );
  }
  out.push('</g>');
  return out.join('\n');
}

export interface DiagramOptions {
  /** auto: split per CSF only when the whole tree is wider than MAX_PAGE_WIDTH. */
  split?: 'auto' | 'never' | 'always';
  lang?: Lang;
}

/** Boxes in the most crowded layer (a column of stacked leaves counts once): a lower bound on width. */
function widestLayer(tree: Tree): number {
  const perDepth: number[] = [];
  const visit = (n: Node, depth: number) => {
    perDepth[depth] = (perDepth[depth] ?? 0) + 1;
    const stacked = n.children.length >= 2 && n.children.every((c) => c.children.length === 0);
    if (stacked) perDepth[depth + 1] = (perDepth[depth + 1] ?? 0) + 1;
    else for (const c of n.children) visit(c, depth + 1);
  };
  visit(tree.tree, 0);
  perDepth[1] = (perDepth[1] ?? 0) + tree.crosscutting.length;
  return Math.max(...perDepth.map((x) => x ?? 0));
}

function treeTitle(tree: Tree, lang: Lang): string {
  const org = tree.organization;
  const head = lang === 'en' ? 'Performance tree' : 'Pohon Kinerja';
  return `${head} — ${org.short ?? org.name}${org.region ? `, ${org.region}` : ''}`;
}

/** The diagram as pages: [whole tree], or [overview, CSF 1, CSF 2, …] when it is too wide. */
export async function diagramPages(tree: Tree, options: DiagramOptions = {}): Promise<DiagramPage[]> {
  const lang = options.lang ?? 'id';
  const split = options.split ?? 'auto';
  const numbers = numbering(tree);
  const title = treeTitle(tree, lang);
  const whole: PageSpec = {
    key: 'all',
    title,
    top: tree.tree,
    maxDepth: Number.POSITIVE_INFINITY,
    crosscutting: tree.crosscutting,
  };
  if (split === 'never' || tree.tree.children.length === 0) return [await layoutPage(whole, numbers, lang)];
  if (split === 'auto' && widestLayer(tree) * (BOX_WIDTH + 28) <= MAX_PAGE_WIDTH) {
    const page = await layoutPage(whole, numbers, lang);
    if (page.width <= MAX_PAGE_WIDTH) return [page];
  }
  const overview: PageSpec = {
    key: 'overview',
    title: `${title} — ${lang === 'en' ? 'overview' : 'ikhtisar'}`,
    top: tree.tree,
    maxDepth: 1,
    crosscutting: tree.crosscutting,
  };
  const pages = [await layoutPage(overview, numbers, lang)];
  for (const [i, csf] of tree.tree.children.entries()) {
    const spec: PageSpec = {
      key: `csf-${i + 1}`,
      title: `${title} — CSF ${numbers.get(csf) ?? i + 1}`,
      top: csf,
      maxDepth: Number.POSITIVE_INFINITY,
      crosscutting: [],
    };
    pages.push(await layoutPage(spec, numbers, lang));
  }
  return pages;
}

/** One SVG document showing the pages one under another (a single page as it is). */
export function pagesToSvg(pages: DiagramPage[]): string {
  const width = Math.max(...pages.map((p) => p.width));
  let y = 0;
  const groups: string[] = [];
  pages.forEach((p, i) => {
    if (i > 0) {
      groups.push(
        `<path d="M0 ${y - PAGE_GAP / 2} H${width}" stroke="#9CA3AF" stroke-width="1" stroke-dasharray="2 6"/>`,
      );
    }
    groups.push(
      `<g class="page" data-page="${escapeXml(p.key)}" transform="translate(0 ${y})">\n${p.body}\n</g>`,
    );
    y += p.height + PAGE_GAP;
  });
  const height = y - PAGE_GAP;
  return svgDocument(width, height, groups.join('\n'));
}

function svgDocument(width: number, height: number, body: string): string {
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${FONT_FAMILY}">`,
    `<rect x="0" y="0" width="${w}" height="${h}" fill="#FFFFFF"/>`,
    body,
    '</svg>',
    '',
  ].join('\n');
}

/** A single page as its own SVG document (for printing one page per sheet). */
export function pageToSvg(page: DiagramPage): string {
  return svgDocument(page.width, page.height, page.body);
}

/** The whole diagram as one SVG document (pages one under another when split). */
export async function renderDiagramSvg(tree: Tree, options: DiagramOptions = {}): Promise<string> {
  return pagesToSvg(await diagramPages(tree, options));
}
