import { describe, expect, it } from 'vitest';
import {
  findFontFiles,
  greekText,
  MAX_PNG_SIDE,
  MAX_PNG_SUM,
  pngScale,
} from '../../../src/adapters/export/diagram-png.ts';
import {
  BOX_WIDTH,
  diagramPages,
  MAX_PAGE_WIDTH,
  pagesToSvg,
  renderDiagramSvg,
} from '../../../src/adapters/export/diagram-svg.ts';
import { createExporter } from '../../../src/adapters/export/index.ts';
import { allNodes, balangan, findNode } from './balangan.ts';

interface Box {
  id: string;
  level: string;
  x: number;
  y: number;
  w: number;
  h: number;
  dashed: boolean;
  statement: string;
  indicators: string[];
  crosscutting: string;
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The boxes of an SVG, read back from its markup: rect geometry and the wrapped lines joined again. */
function boxesOf(svg: string): Box[] {
  const groups = svg.match(/<g class="node"[\s\S]*?<\/g>/g) ?? [];
  return groups.map((g) => {
    const rect = /<rect class="box" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"[^>]*>/.exec(
      g,
    )!;
    const lines = (cls: string) =>
      [...g.matchAll(new RegExp(`<text class="${cls}"[^>]*>([^<]*)</text>`, 'g'))].map((m) =>
        unescapeXml(m[1]!),
      );
    const joinedIndicators = lines('in').reduce<string[]>((acc, l) => {
      if (l.startsWith('• ')) acc.push(l.slice(2));
      else acc[acc.length - 1] += ` ${l}`;
      return acc;
    }, []);
    return {
      id: /data-id="([^"]*)"/.exec(g)![1]!,
      level: /data-level="([^"]*)"/.exec(g)![1]!,
      x: Number(rect[1]),
      y: Number(rect[2]),
      w: Number(rect[3]),
      h: Number(rect[4]),
      dashed: rect[0].includes('stroke-dasharray'),
      statement: lines('st').join(' '),
      indicators: joinedIndicators,
      crosscutting: lines('cc').join(' '),
    };
  });
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('tree diagram (SVG)', () => {
  it('draws every Balangan node once, statement and indicators inside, boxes never overlapping', async () => {
    const tree = balangan();
    const svg = await renderDiagramSvg(tree, { split: 'never' });
    const boxes = boxesOf(svg);
    const nodes = allNodes(tree);
    expect(boxes.map((b) => b.id).sort()).toEqual(nodes.map((n) => n.id).sort());
    for (const n of nodes) {
      const drawn = boxes.filter((b) => b.statement === n.statement);
      expect(drawn, n.statement).toHaveLength(1);
      expect(drawn[0]!.indicators).toEqual((n.indicators ?? []).map((i) => `${i.name} (${i.unit})`));
      expect(drawn[0]!.level).toBe(n.level);
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        expect(overlaps(boxes[i]!, boxes[j]!), `${boxes[i]!.id} overlaps ${boxes[j]!.id}`).toBe(false);
      }
    }
    const outcome = boxes.find((b) => b.level === 'outcome')!;
    expect(Math.min(...boxes.map((b) => b.y))).toBe(outcome.y);
    expect(boxes.every((b) => b.w === BOX_WIDTH)).toBe(true);
  });

  it('marks the crosscutting condition with a dashed border and its partners', async () => {
    const svg = await renderDiagramSvg(balangan(), { split: 'never' });
    const boxes = boxesOf(svg);
    const cross = boxes.find((b) => b.id === 'bal.x1')!;
    expect(cross.dashed).toBe(true);
    expect(cross.crosscutting).toBe('Cross cutting dengan: SKPD');
    expect(boxes.filter((b) => b.dashed).map((b) => b.id)).toEqual(['bal.x1']);
  });

  it('gives each level its own colour', async () => {
    const svg = await renderDiagramSvg(balangan(), { split: 'never' });
    const fills = new Map<string, Set<string>>();
    for (const m of svg.matchAll(/data-level="(\w+)">\n<rect class="box"[^>]*fill="(#[0-9A-F]+)"/g)) {
      if (!fills.has(m[1]!)) fills.set(m[1]!, new Set());
      fills.get(m[1]!)!.add(m[2]!);
    }
    expect(fills.size).toBe(5);
    expect([...fills.values()].every((s) => s.size === 1)).toBe(true);
    expect(new Set([...fills.values()].map((s) => [...s][0])).size).toBe(5);
  });

  it('splits the wide Balangan tree into an overview and one page per CSF, each within the A3 width', async () => {
    const tree = balangan();
    const whole = await diagramPages(tree, { split: 'never' });
    expect(whole[0]!.width).toBeGreaterThan(MAX_PAGE_WIDTH);
    const pages = await diagramPages(tree);
    expect(pages.map((p) => p.key)).toEqual(['overview', 'csf-1', 'csf-2', 'csf-3', 'csf-4']);
    for (const p of pages) expect(p.width).toBeLessThanOrEqual(MAX_PAGE_WIDTH);
    expect(pages[0]!.nodeIds).toEqual(['bal.o', 'bal.1', 'bal.2', 'bal.3', 'bal.4', 'bal.x1']);
    const csf4 = pages[4]!;
    expect(csf4.title).toBe('Pohon Kinerja — Diskominfosan, Kabupaten Balangan — CSF 4');
    expect(csf4.nodeIds.sort()).toEqual(
      allNodes({ ...tree, tree: findNode(tree, 'bal.4'), crosscutting: [] })
        .map((n) => n.id)
        .sort(),
    );
    const onCsfPages = pages.slice(1).flatMap((p) => p.nodeIds);
    expect(new Set(onCsfPages).size).toBe(onCsfPages.length);
    expect(onCsfPages).toHaveLength(42);
  });

  it('escapes every text, so a statement with markup characters stays text', async () => {
    const tree = balangan();
    findNode(tree, 'bal.4').statement = 'Meningkatnya Keamanan <Informasi> & "Persandian"';
    const svg = pagesToSvg(await diagramPages(tree, { split: 'never' }));
    expect(svg).not.toContain('<Informasi>');
    expect(svg).toContain('&lt;Informasi&gt;');
    expect(boxesOf(svg).find((b) => b.id === 'bal.4')!.statement).toBe(
      'Meningkatnya Keamanan <Informasi> & "Persandian"',
    );
  });
});

function pngSize(data: Uint8Array): { width: number; height: number } {
  expect([...data.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  expect(new TextDecoder().decode(data.slice(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('tree diagram (PNG)', () => {
  it("renders the Balangan diagram enlarged for phones but within Telegram's photo limits", async () => {
    const exporter = createExporter();
    const svgFile = await exporter.export(balangan(), 'svg');
    const svg = new TextDecoder().decode(svgFile.data);
    const [, w, h] = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number) as [
      number,
      number,
      number,
    ];
    const png = await exporter.export(balangan(), 'png');
    expect(png.filename).toBe('pohon-kinerja-diskominfosan.png');
    expect(png.mimeType).toBe('image/png');
    const size = pngSize(png.data);
    const scale = pngScale(w, h);
    expect(scale).toBeGreaterThan(1);
    expect(Math.abs(size.width - w * scale)).toBeLessThanOrEqual(1);
    expect(Math.abs(size.height - h * scale)).toBeLessThanOrEqual(1);
    expect(Math.max(size.width, size.height)).toBeLessThanOrEqual(MAX_PNG_SIDE);
    expect(size.width + size.height).toBeLessThanOrEqual(MAX_PNG_SUM + 1);
  });

  it('renders one PNG per page for printing', async () => {
    const pages = await createExporter().exportPages(balangan(), 'png');
    expect(pages.map((p) => p.filename)).toEqual([
      'pohon-kinerja-diskominfosan-overview.png',
      'pohon-kinerja-diskominfosan-csf-1.png',
      'pohon-kinerja-diskominfosan-csf-2.png',
      'pohon-kinerja-diskominfosan-csf-3.png',
      'pohon-kinerja-diskominfosan-csf-4.png',
    ]);
    for (const p of pages) expect(pngSize(p.data).width).toBeGreaterThan(1000);
  });

  it('finds a TrueType font on this machine, so the PNG text is drawn without network', () => {
    expect(findFontFiles().length).toBeGreaterThan(0);
  });

  it('draws unreadably small box text as grey bars in a huge image, keeping page titles as text', async () => {
    const svg = await renderDiagramSvg(balangan(), { split: 'never' });
    const greeked = greekText(svg);
    expect(greeked).not.toMatch(/<text class=/);
    expect((greeked.match(/fill-opacity="0.55"/g) ?? []).length).toBe(
      (svg.match(/<text class=/g) ?? []).length,
    );
    expect(greeked).toContain('>Pohon Kinerja — Diskominfosan, Kabupaten Balangan</text>');
  });
});
