/**
 * Reading what a person typed: tidy whitespace, recognise empty, overlong and gibberish messages, and
 * parse the few structured answers (a period "2025–2029", a target "85,5", five targets in one line).
 */
import type { TargetValue } from '../tree/schema.ts';

export type TextProblem = 'empty' | 'too_long' | 'gibberish';

/** Collapse runs of spaces and trim; line breaks become spaces (one answer is one line). */
export function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Keyboard mashing ("asdfghjkl", "qwrtzp xx", "!!!???") rather than words: a run of five consonants,
 * no vowel at all, or mostly non-letters. Indonesian words rarely have more than three consonants in a
 * row ("struktur"), and abbreviations (SPBE, KIM, TIK) are short.
 */
export function looksLikeGibberish(text: string): boolean {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return true;
  if (letters / text.replace(/\s/g, '').length < 0.5) return true;
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const long = words.filter((w) => w.length >= 4);
  if (long.some((w) => /[bcdfghjklmnpqrstvwxz]{5,}/.test(w))) return true;
  if (long.length > 0 && long.every((w) => !/[aeiouy]/.test(w))) return true;
  return false;
}

/** Check a typed answer before a step reads it. */
export function problemOf(text: string, maxLength: number, wordsExpected: boolean): TextProblem | undefined {
  const t = tidy(text);
  if (t.length === 0) return 'empty';
  if (t.length > maxLength) return 'too_long';
  if (wordsExpected && looksLikeGibberish(t)) return 'gibberish';
  return undefined;
}

/** "2025-2029", "2025–2029", "2025 s.d. 2029", "2025 sampai 2029". */
export function parsePeriod(text: string): { from: number; to: number } | undefined {
  const m = /^(\d{4})\s*(?:-|–|—|s\.?\s*d\.?|sampai|to|hingga)\s*(\d{4})$/i.exec(tidy(text));
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = Number(m[2]);
  if (from < 2000 || to > 2100 || to < from || to - from > 10) return undefined;
  return { from, to };
}

const NUMBER = /^-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?\s*%?$|^-?\d+\.\d+\s*%?$/;

/** A target or baseline as typed: a plain integer becomes a number, "85,5" or "80%" stay as typed. */
export function parseTargetValue(text: string): TargetValue | undefined {
  const t = tidy(text);
  if (!NUMBER.test(t)) return undefined;
  return /^-?\d+$/.test(t) ? Number(t) : t;
}

/** Several targets in one line, separated by spaces, semicolons or "|" ("80 82,5 85 87 90"). */
export function parseTargets(text: string, count: number): TargetValue[] | { got: number } | undefined {
  const parts = tidy(text)
    .replace(/,\s+/g, ' ')
    .split(/[\s;|]+/)
    .filter((p) => p.length > 0);
  if (parts.length !== count) return { got: parts.length };
  const values: TargetValue[] = [];
  for (const p of parts) {
    const v = parseTargetValue(p);
    if (v === undefined) return undefined;
    values.push(v);
  }
  return values;
}

/** Shorten for a button label or a quote, on a word boundary. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
