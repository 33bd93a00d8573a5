/**
 * The indicator word lists (data/indicator-words.json) as lookups: the measure word an indicator name
 * opens with (with misspellings corrected), unit kinds, process indicators, polarity words.
 */
import data from './data/indicator-words.json' with { type: 'json' };

export interface MeasureWord {
  /** The listed spelling, e.g. "Jumlah". */
  word: string;
  /** The first word as written, e.g. "Jumah". */
  written: string;
  /** True when `written` is a misspelling of `word`. */
  misspelt: boolean;
  /** For an acronym ("IKM"): what it stands for ("Indeks Kepuasan Masyarakat"). */
  expansion?: string | undefined;
}

const fold = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
const byFolded = new Map(data.measureWords.map((w) => [fold(w), w]));
const misspellings = new Map(Object.entries(data.knownMisspellings).map(([k, v]) => [fold(k), v]));
const acronyms = new Map(Object.entries(data.measureAcronyms));

/** The first word of a text, without leading or trailing punctuation ("“Jumlah" → "Jumlah"). */
export function firstWord(text: string): string {
  const word = /\S+/.exec(text)?.[0] ?? '';
  return word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** Keys next to each other on a QWERTY keyboard (same row or the row above/below, offset by one). */
function neighbourKeys(a: string, b: string): boolean {
  const at = (c: string) => {
    const row = KEYBOARD_ROWS.findIndex((r) => r.includes(c));
    return row < 0 ? undefined : { row, col: (KEYBOARD_ROWS[row] as string).indexOf(c) + row * 0.5 };
  };
  const p = at(a);
  const q = at(b);
  return p !== undefined && q !== undefined && Math.abs(p.row - q.row) <= 1 && Math.abs(p.col - q.col) <= 1;
}

/**
 * One typing slip apart: a letter dropped, doubled or added ("Jumah", "Jumllah"), two neighbours swapped
 * ("Presentase"), or a letter hit on the key next to it ("Jumlsh"). Any other changed letter does not
 * count: it too often makes another real word ("Perangkat" is not "Peringkat").
 */
export function oneSlipApart(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.length === b.length) {
    const i = [...a].findIndex((c, k) => c !== b[k]);
    const ai = a[i] as string;
    const bi = b[i] as string;
    if (a.slice(i + 1) === b.slice(i + 1)) return neighbourKeys(ai, bi);
    return ai === b[i + 1] && a[i + 1] === bi && a.slice(i + 2) === b.slice(i + 2);
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (long.length - short.length !== 1) return false;
  const i = [...short].findIndex((c, k) => c !== long[k]);
  const at = i < 0 ? short.length : i;
  return short.slice(at) === long.slice(at + 1);
}

/**
 * The measure word an indicator name starts with, or undefined. Only measure words of six letters or
 * more are matched by a typing slip: short ones ("Luas", "Kadar") sit one letter from ordinary words.
 */
export function measureWordOf(name: string): MeasureWord | undefined {
  const written = firstWord(name);
  const key = fold(written);
  const listed = byFolded.get(key);
  if (listed) return { word: listed, written, misspelt: false };
  const expansion = acronyms.get(written);
  if (expansion) return { word: firstWord(expansion), written, misspelt: false, expansion };
  const known = misspellings.get(key);
  if (known) return { word: known, written, misspelt: true };
  if (key.length < 5) return undefined;
  for (const word of data.measureWords) {
    if (word.length >= 6 && oneSlipApart(key, fold(word))) return { word, written, misspelt: true };
  }
  return undefined;
}

const normaliseUnit = (unit: string) => fold(unit).replace(/^\((.*)\)$/, '$1');
const unitSet = (list: readonly string[]) => new Set(list.map(normaliseUnit));
const units = {
  percent: unitSet(data.units.percent),
  index: unitSet(data.units.index),
  notCount: unitSet(data.units.notCount),
  currency: unitSet(data.units.currency),
  count: unitSet(data.units.count),
  activity: unitSet(data.units.activity),
};

export type UnitKind = keyof typeof units;

/** Whether a unit (satuan) as written is of a kind: "Persen" and "%" are both `percent`. */
export function unitIs(kind: UnitKind, unit: string): boolean {
  return units[kind].has(normaliseUnit(unit));
}

const inList = (list: readonly string[], word: string) => list.includes(word);
export const isRatioMeasure = (word: string) => inList(data.ratioMeasures, word);
export const isPercentMeasure = (word: string) => inList(data.percentMeasures, word);
export const isIndexMeasure = (word: string) => inList(data.indexMeasures, word);
export const isCountMeasure = (word: string) => inList(data.countMeasures, word);

const padded = (list: readonly string[]) =>
  list.map((pattern) => ({ pattern, folded: ` ${fold(pattern)} ` }));
const processStarts = padded(data.processIndicators.startsWith);
const processContains = padded(data.processIndicators.contains);

/** Every word of every process pattern occurs in a matching name: a cheap test before folding it. */
const processWords = [...data.processIndicators.startsWith, ...data.processIndicators.contains].map((p) =>
  fold(p).split(' '),
);

/** The process-indicator pattern a name matches (IND-05), or undefined. */
export function processIndicatorIn(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (!processWords.some((ws) => ws.every((w) => lower.includes(w)))) return undefined;
  const folded = ` ${fold(name)} `;
  return (
    processStarts.find((p) => folded.startsWith(p.folded))?.pattern ??
    processContains.find((p) => folded.includes(p.folded))?.pattern
  );
}

/** True when a statement's first word makes "lower is better" its default polarity (Menurunnya …). */
export function statementFalls(statement: string): boolean {
  const first = fold(firstWord(statement));
  return data.decreasingConditionWords.some((w) => fold(w) === first);
}
