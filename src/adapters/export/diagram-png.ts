/**
 * The diagram as PNG through resvg (no browser, no network). Text needs a TrueType font on the
 * machine: DejaVu Sans (Debian/Ubuntu fonts-dejavu-core) or the first of the usual Linux, macOS and
 * Windows fonts that exists; createExporter({ fontFiles }) can name others.
 */
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { textWidth } from './diagram-svg.ts';

export const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  '/usr/share/fonts/noto/NotoSans-Regular.ttf',
  '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf',
  '/Library/Fonts/Verdana.ttf',
  '/System/Library/Fonts/Supplemental/Verdana.ttf',
  '/System/Library/Fonts/Supplemental/Verdana Bold.ttf',
  'C:\\Windows\\Fonts\\verdana.ttf',
  'C:\\Windows\\Fonts\\verdanab.ttf',
];

/** The candidate font files present on this machine. */
export function findFontFiles(candidates: readonly string[] = FONT_CANDIDATES): string[] {
  return candidates.filter((f) => existsSync(f));
}

/** Longest side of the image: sharp enough to zoom on a phone, small enough for chat apps. */
export const MAX_PNG_SIDE = 8000;
/** Telegram refuses a photo whose width plus height exceeds 10,000 px; stay under it. */
export const MAX_PNG_SUM = 9600;

/** Pixels per SVG unit for a drawing of this size: the wish, reduced to fit both caps. */
export function pngScale(width: number, height: number, wish = 2): number {
  return Math.min(wish, MAX_PNG_SIDE / Math.max(width, height, 1), MAX_PNG_SUM / Math.max(width + height, 1));
}

export interface PngOptions {
  fontFiles?: string[];
  /** Pixels per SVG unit before the size cap (default 2: crisp when zoomed on a phone). */
  scale?: number;
}

/** Below this many pixels a glyph cannot be read: such text is drawn as grey bars ("greeked"). */
export const MIN_READABLE_PX = 5;

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/**
 * Replace box text by bars of the same length: a huge tree squeezed into one image cannot be read anyway,
 * and shaping tens of thousands of labels takes resvg minutes. Page titles stay text.
 */
export function greekText(svg: string): string {
  return svg.replace(
    /<text class="\w+" ([^>]*)>([^<]*)<\/text>/g,
    (whole, attrs: string, content: string) => {
      const num = (name: string) => Number(new RegExp(`${name}="([\\d.]+)"`).exec(attrs)?.[1] ?? Number.NaN);
      const x = num('x');
      const y = num('y');
      const size = num('font-size');
      if ([x, y, size].some(Number.isNaN)) return whole;
      const w = textWidth(unescapeXml(content), size, attrs.includes('font-weight="bold"'));
      return `<rect x="${x}" y="${y - size * 0.7}" width="${w.toFixed(1)}" height="${(size * 0.6).toFixed(1)}" fill="#6B7280" fill-opacity="0.55"/>`;
    },
  );
}

export function renderPng(svg: string, width: number, height: number, options: PngOptions = {}): Uint8Array {
  const fontFiles = options.fontFiles ?? findFontFiles();
  const scale = pngScale(width, height, options.scale ?? 2);
  const smallestFont = 11;
  const source = smallestFont * scale < MIN_READABLE_PX ? greekText(svg) : svg;
  const resvg = new Resvg(source, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#FFFFFF',
    font: {
      fontFiles,
      loadSystemFonts: fontFiles.length === 0,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  });
  return new Uint8Array(resvg.render().asPng());
}
