/**
 * Search of the nomenclature as a person types: by code prefix ("2.16.02", "2. 16 .02") and by words in
 * the name, indicator and kinerja, tolerant of case, punctuation and typos ("diseminsi informsi"),
 * ranked. The search index is built once per NomenclatureIndex and cached (WeakMap), so a list of
 * thousands of rows answers in milliseconds.
 */
import MiniSearch, { type Query, type SearchResult } from 'minisearch';
import { type LocalText, nomenclatureMessage } from './messages.ts';
import { foldName, type NomenclatureEntry, type NomenclatureIndex, type NomenclatureLevel } from './types.ts';

export interface NomenclatureSearchOptions {
  level?: NomenclatureLevel | undefined;
  /** Default 10. */
  limit?: number | undefined;
  /** 'kab_kota' | 'provinsi': only entries of that pemda (entries without pemda always qualify). */
  pemda?: string | undefined;
  /**
   * The organisation's bidang codes, e.g. "2.16" or ["2.16", "2.20", "2.21"] for a Diskominfosan:
   * their entries rank higher, and a hit in the generic penunjang block X.XX.01 is answered with the
   * first bidang's own code (2.16.01…) instead of the generic one.
   */
  bidang?: string | readonly string[] | undefined;
}

export interface NomenclatureHitWhy {
  kind: 'code' | 'name' | 'words';
  /** For kind 'code': the prefix typed (normalised). */
  prefix?: string | undefined;
  /** For kind 'words': the fields that matched and the words of the entry that matched. */
  fields: ('name' | 'indicator' | 'kinerja')[];
  terms: string[];
  /** Typed word → the entry's word it was read as (typo tolerance). */
  corrected: [typed: string, found: string][];
  /** Why, in words, for the person. */
  message: LocalText;
}

export interface NomenclatureHit {
  entry: NomenclatureEntry;
  /** 0..1, higher is better; 1 for an exact code or exact name. */
  score: number;
  why: NomenclatureHitWhy;
}

type Field = 'name' | 'indicator' | 'kinerja';
const FIELDS: Field[] = ['name', 'indicator', 'kinerja'];

/** Words too common in nomenclature names to tell entries apart. */
const STOPWORDS = new Set([
  'dan',
  'di',
  'yang',
  'serta',
  'untuk',
  'atau',
  'dalam',
  'ke',
  'pada',
  'dari',
  'oleh',
  'dengan',
  'bagi',
  'the',
]);

interface Engine {
  docs: NomenclatureEntry[];
  mini: MiniSearch<{ id: number; name: string; indicator: string; kinerja: string }>;
  /** All entries (penunjang copies too) sorted by code, for prefix scans. */
  byCodeSorted: NomenclatureEntry[];
  /** `${pemda}|${code}` → entry, to turn a generic X.XX hit into the person's bidang. */
  byPemdaCode: Map<string, NomenclatureEntry>;
  /** Folded name → doc ids, for exact-name ranking. */
  byFoldedName: Map<string, number[]>;
  /** Index terms made by joining neighbouring words (left out of the explanation unless typed). */
  joined: Set<string>;
}

const engines = new WeakMap<NomenclatureIndex, Engine>();

function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Words of a text: split on spaces and punctuation, keeping "e-government" also as "egovernment". */
function tokenize(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}\-/]+/u)
    .filter((t) => t !== '');
}

/** Neighbouring words of a name joined ("sub domain" → "subdomain"), indexed so either spelling finds it. */
function joinedPairs(words: string[]): string[] {
  const plain = words.map((w) => w.replace(/[-/]/g, '')).filter((w) => w !== '' && !STOPWORDS.has(w));
  return plain.slice(1).map((w, i) => `${plain[i]}${w}`);
}

function processTerm(term: string): string[] | null {
  const parts = term.split(/[-/]+/).filter((p) => p !== '' && !STOPWORDS.has(p));
  if (parts.length === 0) return null;
  return parts.length > 1 ? [...parts, parts.join('')] : parts;
}

function engineFor(index: NomenclatureIndex): Engine {
  const cached = engines.get(index);
  if (cached) return cached;
  const all = index.entries();
  const joined = new Set<string>();
  // Copies of the penunjang block differ only by bidang code: one generic entry stands for them.
  const docs = all.filter((e) => !e.extra?.template);
  const mini = new MiniSearch<{ id: number; name: string; indicator: string; kinerja: string }>({
    fields: FIELDS,
    tokenize: (text, field) => {
      const words = tokenize(text);
      if (field !== 'name') return words;
      const pairs = joinedPairs(words);
      for (const p of pairs) joined.add(p);
      return [...words, ...pairs];
    },
    processTerm,
    searchOptions: { tokenize },
  });
  mini.addAll(
    docs.map((e, id) => ({ id, name: e.name, indicator: e.indicator ?? '', kinerja: e.kinerja ?? '' })),
  );
  const byFoldedName = new Map<string, number[]>();
  docs.forEach((e, id) => {
    const key = foldName(e.name);
    const list = byFoldedName.get(key);
    if (list) list.push(id);
    else byFoldedName.set(key, [id]);
  });
  const byCodeSorted = [...all].sort((a, b) => compareCodes(a.code, b.code));
  const byPemdaCode = new Map(all.map((e) => [`${e.pemda ?? ''}|${e.code}`, e]));
  const engine = { docs, mini, byCodeSorted, byPemdaCode, byFoldedName, joined };
  engines.set(index, engine);
  return engine;
}

function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "2. 16 ,02" → "2.16.02": spaces around separators dropped, commas read as dots. */
function normaliseQuery(query: string): string {
  return query
    .replace(/([0-9Xx])\s*[.,]\s*(?=[0-9Xx])/g, '$1.')
    .replace(/\s+/g, ' ')
    .trim();
}

const CODE_TOKEN = /^(?=.*\d)[0-9Xx]+(?:\.[0-9Xx]+)*\.?$/;

/**
 * Entries matching `query` best first: a query that is a code (prefix) lists the entries under it; words
 * are matched in names first, then indicators and kinerja, with typos and a half-typed last word allowed;
 * both together ("2.16 internet") match words under that code.
 */
export function searchNomenclature(
  index: NomenclatureIndex,
  query: string,
  options: NomenclatureSearchOptions = {},
): NomenclatureHit[] {
  const limit = options.limit ?? 10;
  const engine = engineFor(index);
  const tokens = normaliseQuery(query).split(' ').filter(Boolean);
  const codeTokens = tokens.filter((t) => CODE_TOKEN.test(t)).map((t) => t.replace(/\.$/, '').toUpperCase());
  const words = tokens.filter((t) => !CODE_TOKEN.test(t));
  const prefix = codeTokens[0];
  if (limit <= 0 || (!prefix && words.length === 0)) return [];

  const bidangs = bidangsOf(options);
  const accepts = (e: NomenclatureEntry): boolean =>
    (!options.level || e.level === options.level) &&
    (!options.pemda || !e.pemda || e.pemda === options.pemda);

  if (words.length === 0 && prefix) return searchByCode(engine, prefix, accepts, limit, options);

  const underPrefix = (e: NomenclatureEntry): boolean => {
    if (!prefix) return true;
    const code = personalise(engine, e, options).code;
    return code.startsWith(prefix) || e.code.startsWith(prefix);
  };
  const text = words.join(' ');
  const terms = tokenize(text).flatMap((t) => processTerm(t) ?? []);
  if (terms.length === 0) return [];
  const shared = {
    boost: { name: 3, kinerja: 1, indicator: 1 },
    maxFuzzy: 2,
    // The organisation's own bidang (and the penunjang block, which every bidang uses) come first.
    boostDocument: (id: number) => {
      const b = engine.docs[id]?.bidang;
      return bidangs.length > 0 && b !== undefined && (bidangs.includes(b) || b === 'X.XX') ? 1.5 : 1;
    },
    filter: (r: SearchResult) => {
      const e = engine.docs[r.id as number];
      return e !== undefined && accepts(e) && underPrefix(e);
    },
  };
  const tree = (combineWith: 'AND' | 'OR'): Query => ({
    combineWith,
    queries: terms.map((term, i) => ({
      combineWith: 'OR',
      queries: [
        {
          queries: [term],
          // One slip in a word of 4–11 letters, two in longer ones; short words (asn, spm) must be exact.
          fuzzy: term.length >= 12 ? 2 : term.length >= 4 ? 1 : false,
          // The word being typed is a prefix; so is a short abbreviation anywhere ("kab" for kabupaten).
          prefix: i === terms.length - 1 || (term.length >= 3 && term.length <= 4),
        },
        // Swapped neighbours ("infromasi") are two edits for the fuzzy match: looked up exactly instead.
        { queries: transpositions(term), fuzzy: false, prefix: false },
      ],
    })),
  });
  let results = engine.mini.search(tree('AND'), shared);
  let partial = false;
  if (results.length === 0) {
    results = engine.mini.search(tree('OR'), shared);
    partial = true;
  }
  const exactIds = new Set(engine.byFoldedName.get(foldName(text)) ?? []);
  const top = results[0]?.score ?? 1;
  // Rank cheaply first; only the hits shown get their explanation.
  const ranked = results
    .map((r) => {
      const id = r.id as number;
      const doc = engine.docs[id] as NomenclatureEntry;
      const exact = exactIds.has(id);
      const score = exact ? 1 : Math.round((r.score / top) * (partial ? 0.5 : 0.9) * 1000) / 1000;
      return { r, doc, exact, score };
    })
    .sort((a, b) => b.score - a.score || levelRank(a.doc) - levelRank(b.doc))
    .slice(0, limit);
  const queryTerms = terms;
  return ranked.map(({ r, doc, exact, score }): NomenclatureHit => {
    const entry = personalise(engine, doc, options);
    return { entry, score, why: wordsWhy(r, exact, queryTerms, doc, entry, engine.joined) };
  });
}

function searchByCode(
  engine: Engine,
  prefix: string,
  accepts: (e: NomenclatureEntry) => boolean,
  limit: number,
  options: NomenclatureSearchOptions,
): NomenclatureHit[] {
  const list = engine.byCodeSorted;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as NomenclatureEntry).code < prefix) lo = mid + 1;
    else hi = mid;
  }
  const bidangs = bidangsOf(options);
  const found: NomenclatureEntry[] = [];
  for (let i = lo; i < list.length; i++) {
    const e = list[i] as NomenclatureEntry;
    if (!e.code.startsWith(prefix)) break;
    // "2.16.0" lists 2.16.01…; "2.16.02.2.01.001" lists 0010…0019: a typed prefix, not whole segments.
    if (accepts(e) && (bidangs.length === 0 || !e.extra?.template || bidangs.includes(e.bidang ?? ''))) {
      found.push(e);
    }
  }
  // Higher levels first (the program before its kegiatan), then in code order; kab/kota and provinsi
  // entries with one code (bidang, program) stay next to each other.
  found.sort((a, b) => levelRank(a) - levelRank(b) || compareCodes(a.code, b.code));
  return found.slice(0, limit).map((entry) => {
    const exact = entry.code === prefix;
    return {
      entry,
      score: exact ? 1 : Math.round((0.9 - levelRank(entry) * 0.05) * 1000) / 1000,
      why: {
        kind: 'code',
        prefix,
        fields: [],
        terms: [],
        corrected: [],
        message: nomenclatureMessage(exact ? 'why.codeExact' : 'why.code', { prefix }),
      },
    };
  });
}

const LEVEL_RANK: Record<NomenclatureLevel, number> = {
  urusan: 0,
  bidang: 1,
  program: 2,
  kegiatan: 3,
  sub_kegiatan: 4,
};

function levelRank(e: NomenclatureEntry): number {
  return LEVEL_RANK[e.level];
}

/** A generic penunjang entry (X.XX…) as the person's own bidang's copy, when the bidang is known. */
function personalise(
  engine: Engine,
  entry: NomenclatureEntry,
  options: NomenclatureSearchOptions,
): NomenclatureEntry {
  const own = bidangsOf(options)[0];
  if (!own || !entry.code.startsWith('X.XX.')) return entry;
  return engine.byPemdaCode.get(`${entry.pemda ?? ''}|${own}${entry.code.slice(4)}`) ?? entry;
}

function bidangsOf(options: NomenclatureSearchOptions): string[] {
  const b = options.bidang;
  return (typeof b === 'string' ? [b] : [...(b ?? [])]).map((x) => x.trim()).filter((x) => x !== '');
}

function wordsWhy(
  r: SearchResult,
  exact: boolean,
  queryTerms: string[],
  doc: NomenclatureEntry,
  entry: NomenclatureEntry,
  joined: Set<string>,
): NomenclatureHitWhy {
  const matched = r.terms.filter((t) => !joined.has(t) || queryTerms.includes(t));
  const fields = FIELDS.filter((f) => Object.values(r.match).some((fs) => fs.includes(f)));
  const corrected: [string, string][] = [];
  for (const term of matched) {
    if (queryTerms.some((q) => term === q || term.startsWith(q))) continue;
    const typed = closest(term, queryTerms);
    if (typed) corrected.push([typed, term]);
  }
  const fieldNames = (lang: 'id' | 'en') =>
    fields.map((f) => nomenclatureMessage(`field.${f}`)[lang]).join(', ');
  const parts: LocalText[] = [
    exact
      ? nomenclatureMessage('why.exactName')
      : nomenclatureMessage('why.words', {
          fields: { id: fieldNames('id'), en: fieldNames('en') },
          terms: matched.join(', '),
        }),
  ];
  if (corrected.length > 0) {
    parts.push(
      nomenclatureMessage('why.typo', { pairs: corrected.map(([a, b]) => `${a} → ${b}`).join(', ') }),
    );
  }
  if (entry !== doc) parts.push(nomenclatureMessage('why.penunjang', { bidang: entry.bidang ?? '' }));
  else if (doc.code.startsWith('X.XX.')) parts.push(nomenclatureMessage('why.template'));
  return {
    kind: exact ? 'name' : 'words',
    fields,
    terms: matched,
    corrected,
    message: { id: parts.map((p) => p.id).join('; '), en: parts.map((p) => p.en).join('; ') },
  };
}

/** The word with one pair of neighbouring letters swapped, every way (words of 4 letters or more). */
function transpositions(term: string): string[] {
  if (term.length < 4) return [];
  const out = new Set<string>();
  for (let i = 0; i < term.length - 1; i++) {
    if (term[i] === term[i + 1]) continue;
    out.add(term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2));
  }
  return [...out];
}

function closest(term: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = distance(term.slice(0, c.length + 2), c);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length] as number;
}

/** The official indicator of a sub kegiatan, offered in Tahap 5 as the node's operational indicator. */
export function officialIndicatorFor(
  index: NomenclatureIndex,
  subKegiatanCode: string,
): { indicator: string; unit: string | undefined; kinerja: string | undefined } | undefined {
  const entry = index.byCode(subKegiatanCode);
  if (entry?.level !== 'sub_kegiatan' || !entry.indicator) return undefined;
  return { indicator: entry.indicator, unit: entry.unit, kinerja: entry.kinerja };
}
