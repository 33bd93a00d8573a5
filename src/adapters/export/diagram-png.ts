/**
 * The diagram as PNG through resvg (no browser, no network). Text needs a TrueType font on the
 * machine: DejaVu Sans (Debian/Ubuntu fonts-dejavu-core) or the first of the usual Linux, macOS and
 * Windows fonts that exists; POKIN_FONT_FILE (read in src/main) can name another.
 */
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';

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

export interface PngOptions {
  fontFiles?: string[];
  /** Pixels per SVG unit before the size cap (default 2: crisp when zoomed on a phone). */
  scale?: number;
}

export function renderPng(svg: string, width: number, height: number, options: PngOptions = {}): Uint8Array {
  const fontFiles = options.fontFiles ?? findFontFiles();
  const scale = Math.min(options.scale ?? 2, MAX_PNG_SIDE / Math.max(width, height, 1));
  const resvg = new Resvg(svg, {
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
