/**
 * The word lists of the bahasa kondisi rules (data/words.json) and the helpers built on them: what the
 * first word(s) of a statement are, the condition a statement should become, the stative-shape test and
 * edit distance. Shared by KND, TRE and the indicator rules.
 */
import data from './data/words.json' with { type: 'json' };

/** Case-, space-, accent- and punctuation-folded text: how statements are compared. */
export function fold(text: string): string {
  const lowered = text.toLowerCase();
  // Accents only need stripping outside ASCII; most statements skip the costly normalisation.
  const plain = /[^\x00-\x7f]/.test(lowered)
    ? lowered.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    : lowered;
  return plain.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** The words of a text as written (split on white space). */
export function words(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

/** A word without the punctuation around it ("(KIM)" → "KIM", "Tersedianya," → "Tersedianya"). */
export function bare(word: string): string {
  if (/^[\p{L}\p{N}].*[\p{L}\p{N}]$|^[\p{L}\p{N}]$/u.test(word)) return word;
  return word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

const lower = (w: string) => w.toLowerCase();
const conditionWords = new Map(data.conditionWords.map((w) => [lower(w), w]));
const outputWords = new Set(data.outputConditionWords.map(lower));
const activeVerbs = new Map(Object.entries(data.activeVerbs).map(([v, c]) => [lower(v), c]));
const verbShapeExceptions = new Set(data.activeVerbShapeExceptions.map(lower));
/** Problem phrases, longest first so "Belum optimalnya" wins over a one-word match. */
const problemPhrases = Object.entries(data.problemWords)
  .map(([p, c]) => ({ words: words(p).map(lower), condition: c }))
  .sort((a, b) => b.words.length - a.words.length);
const nomenclatureNouns = Object.entries(data.nomenclatureNouns as Record<string, string | null>)
  .map(([n, c]) => ({ words: words(n).map(lower), condition: c ?? undefined }))
  .sort((a, b) => b.words.length - a.words.length);
const smallWords = new Set(data.smallWords);
const negations = new Set(data.problemNegations.map(lower));
const leadIns = new Set(data.problemLeadIns.map(lower));

/** The raw word lists, for rules that match phrases (KND-05, TRE-08). */
export const wordLists = {
  budgetWords: data.budgetWords,
  budgetWordsCaseSensitive: data.budgetWordsCaseSensitive,
  unitWords: data.unitWords,
  unitWordsCaseSensitive: data.unitWordsCaseSensitive,
  bidangSectorBefore: data.bidangSectorBefore,
  bidangSectorAfter: data.bidangSectorAfter,
  genericPartners: data.genericPartners,
  conditionWords: data.conditionWords,
} as const;

/** The listed spelling of a condition word ("MENINGKATNYA" → "Meningkatnya"), or undefined. */
export function conditionWord(word: string): string | undefined {
  return conditionWords.get(lower(bare(word)));
}

/** True for condition words that read like outputs (fine low in the tree, weak high up). */
export function isOutputConditionWord(word: string): boolean {
  return outputWords.has(lower(bare(word)));
}

/**
 * The stative shape of a condition word: ter-…-nya, ber-…-nya, me-…-nya, or an adjective + -nya
 * ("Optimalnya"). Any word of at least six letters ending in -nya has it.
 */
export function isStativeShape(word: string): boolean {
  const w = lower(bare(word));
  return /^\p{L}{3,}nya$/u.test(w);
}

/** Levenshtein distance; stops early and returns `max + 1` once the distance must exceed `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

const nearestCache = new Map<string, string | undefined>();

/** The listed condition word a misspelt word most likely means ("Terlaksanannya" → "Terlaksananya"). */
export function nearestConditionWord(word: string): string | undefined {
  const w = lower(bare(word));
  if (nearestCache.has(w)) return nearestCache.get(w);
  const max = w.length >= 9 ? 2 : 1;
  let best: { word: string; d: number } | undefined;
  for (const [key, listed] of conditionWords) {
    const d = editDistance(w, key, max);
    if (d <= max && d > 0 && (!best || d < best.d)) best = { word: listed, d };
  }
  nearestCache.set(w, best?.word);
  return best?.word;
}

/** me-/mem-/men-/meng-/meny- … -kan/-i: the shape of a transitive active verb. */
function hasActiveVerbShape(word: string): boolean {
  const w = lower(bare(word));
  return !verbShapeExceptions.has(w) && /^me\p{L}{3,}(kan|i)$/u.test(w) && !w.endsWith('nya');
}

/** How a statement starts, as the KND rules see it. `rest` is the text after the matched words. */
export type StatementStart =
  | { kind: 'condition'; word: string; listed: string; rest: string }
  | { kind: 'stative'; word: string; listed?: string | undefined; rest: string }
  | { kind: 'activeVerb'; word: string; condition?: string | undefined; rest: string }
  | { kind: 'problem'; word: string; condition: string; rest: string }
  | { kind: 'nomenclature'; word: string; condition?: string | undefined; rest: string }
  | { kind: 'other'; word: string; rest: string };

/** True when the folded words `keys` begin with `phrase` (already folded). */
function startsWith(keys: readonly string[], phrase: readonly string[]): boolean {
  return phrase.every((p, i) => keys[i] === p);
}

const MAX_PHRASE = 4;
const classified = new Map<string, StatementStart>();

/** Classifies the first word(s) of a statement: condition, stative (unlisted), verb, problem, program name. */
export function classifyStart(statement: string): StatementStart {
  const known = classified.get(statement);
  if (known) return known;
  const start = classify(statement);
  // A bounded memo: the same statement is classified by several rules in one check.
  if (classified.size >= 20_000) classified.clear();
  classified.set(statement, start);
  return start;
}

function classify(statement: string): StatementStart {
  const all = words(statement);
  const keys = all.slice(0, MAX_PHRASE * 2).map((w) => lower(bare(w)));
  const restFrom = (n: number) => all.slice(n).join(' ');
  let lead = 0;
  while (lead < all.length - 1 && leadIns.has(keys[lead] ?? '')) lead++;
  const ws = all.slice(lead);
  const wsKeys = keys.slice(lead);
  for (const p of problemPhrases) {
    if (startsWith(wsKeys, p.words)) {
      const n = lead + p.words.length;
      return { kind: 'problem', word: all.slice(0, n).join(' '), condition: p.condition, rest: restFrom(n) };
    }
  }
  if (ws.length > 1 && negations.has(wsKeys[0] ?? '')) {
    const listed = conditionWord(ws[1]!);
    if (listed) {
      return {
        kind: 'problem',
        word: all.slice(0, lead + 2).join(' '),
        condition: listed,
        rest: restFrom(lead + 2),
      };
    }
  }
  const listed = conditionWord(all[0] ?? '');
  if (listed) return { kind: 'condition', word: all[0]!, listed, rest: restFrom(1) };
  const firstWord = all[0] ?? '';
  const verb = activeVerbs.get(keys[0] ?? '');
  if (verb) return { kind: 'activeVerb', word: firstWord, condition: verb, rest: restFrom(1) };
  if (hasActiveVerbShape(firstWord)) return { kind: 'activeVerb', word: firstWord, rest: restFrom(1) };
  for (const n of nomenclatureNouns) {
    if (startsWith(keys, n.words)) {
      const word = all.slice(0, n.words.length).join(' ');
      const rest = restFrom(n.words.length);
      if (n.condition) return { kind: 'nomenclature', word, condition: n.condition, rest };
      const inner = classifyStart(rest);
      if (inner.kind === 'nomenclature' && inner.condition) {
        return { kind: 'nomenclature', word, condition: inner.condition, rest: inner.rest };
      }
      return { kind: 'nomenclature', word, rest };
    }
  }
  if (isStativeShape(firstWord)) {
    return { kind: 'stative', word: firstWord, listed: nearestConditionWord(firstWord), rest: restFrom(1) };
  }
  return { kind: 'other', word: firstWord, rest: restFrom(1) };
}

/**
 * Title case as statements are written: content words capitalised, small words ("dan", "yang", "di")
 * lower case, words already carrying capitals ("SPBE", "e-Government") kept.
 */
export function titleCase(text: string): string {
  return words(text)
    .map((w) => {
      const core = bare(w);
      if (smallWords.has(core.toLowerCase()) && !/^\p{Lu}{2,}$/u.test(core)) return w.toLowerCase();
      if (/\p{Lu}/u.test(core)) return w;
      return w.replace(/\p{Ll}/u, (c) => c.toUpperCase());
    })
    .join(' ');
}

function join(head: string, rest: string): string {
  return rest ? `${head} ${rest}` : head;
}

/**
 * The condition a statement should become, where the words say it: "Meningkatkan kualitas layanan" →
 * "Meningkatnya Kualitas Layanan", "Rendahnya X" → "Meningkatnya X", "Pengelolaan X" → "Terkelolanya X",
 * "Terlaksanannya X" → "Terlaksananya X". Undefined when the statement already is one or no rule knows.
 */
export function toCondition(statement: string): string | undefined {
  const start = classifyStart(statement);
  switch (start.kind) {
    case 'activeVerb':
    case 'problem':
    case 'nomenclature':
      return start.condition ? join(start.condition, titleCase(start.rest)) : undefined;
    case 'stative':
      return start.listed ? join(start.listed, start.rest) : undefined;
    default:
      return undefined;
  }
}

/** Listed condition words after the first word ("Meningkatnya X dan Menurunnya Y" → ["Menurunnya"]). */
export function laterConditionWords(statement: string): string[] {
  return words(statement)
    .slice(1)
    .map((w) => conditionWord(w))
    .filter((w): w is string => w !== undefined);
}
