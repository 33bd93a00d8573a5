/**
 * "What is my PK indicator?": finds the sasaran a person is accountable for by post (jabatan), PK
 * holder or words, tolerant of Indonesian office abbreviations (Kabid, Kasi, Kadis, Sekdis, JF…) and
 * typos, and answers with the sasaran, indicators (formula, unit, targets) and the path to the outcome.
 */
import MiniSearch, { type Query, type SearchResult } from 'minisearch';
import labels from '../cascade/data/labels.json' with { type: 'json' };
import { componentOf } from '../cascade/matrix.ts';
import { numbering } from '../cascade/tables.ts';
import type { Component, Indicator, Level, Node, PkHolder, Tree } from '../tree/schema.ts';
import abbreviations from './data/abbreviations.json' with { type: 'json' };
import messages from './data/messages.json' with { type: 'json' };

export type Lang = 'id' | 'en';

export interface PkMatch {
  nodeId: string;
  /** "3.1.2" under the outcome ("" for the outcome, "X1" for a crosscutting node). */
  number: string;
  statement: string;
  level: Level;
  component: Component;
  holders: PkHolder[];
  jabatan?: string;
  program?: string;
  kegiatan?: string;
  subKegiatan?: string;
  indicators: Indicator[];
  /** Statements from this node's parent up to the outcome. */
  path: string[];
  crosscutting?: string[];
  score: number;
}

export type PkLookupResult =
  | { kind: 'found'; query: string; holder?: PkHolder; matches: PkMatch[]; total: number }
  | { kind: 'not_found'; query: string; holder?: PkHolder; closest: PkMatch[] }
  | { kind: 'empty'; query: string };

/** How many matches an answer lists; the rest are counted. */
export const MAX_MATCHES = 5;
const MAX_CLOSEST = 3;
/** A match scoring below this share of the best one is noise (a fuzzy hit on a common word). */
const RELATIVE_CUTOFF = 0.35;

const HOLDERS = abbreviations.holders as Record<string, PkHolder>;
const WORDS = abbreviations.words as Record<string, string[]>;
const STOPWORDS = new Set(abbreviations.stopwords);
const HOLDER_PHRASES = Object.keys(HOLDERS).sort((a, b) => b.split(' ').length - a.split(' ').length);

/** Lower case words of letters and digits ("e-Government" stays one word, as in the tree). */
export function tokenize(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? []
  );
}

/** Edit distance, stopping early past `max` (abbreviations are short, so this stays cheap). */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

interface ParsedQuery {
  holder?: PkHolder;
  /** Each term: the word itself plus what it abbreviates. */
  terms: Array<{ word: string; expansion?: string[] }>;
}

/** Split a query into a PK holder (from post words and abbreviations) and the words to search. */
export function parseQuery(query: string): ParsedQuery {
  const tokens = tokenize(query);
  let holder: PkHolder | undefined;
  const used = new Array<boolean>(tokens.length).fill(false);
  for (const phrase of HOLDER_PHRASES) {
    const words = phrase.split(' ');
    for (let i = 0; i + words.length <= tokens.length; i++) {
      if (used.slice(i, i + words.length).some(Boolean)) continue;
      if (words.every((w, k) => tokens[i + k] === w)) {
        holder ??= HOLDERS[phrase];
        for (let k = 0; k < words.length; k++) used[i + k] = true;
      }
    }
  }
  // "kbid", "kasubag" typed "ksubag": one slip from a post word of 5+ letters still names the post
  tokens.forEach((t, i) => {
    if (used[i] || t.length < 4 || STOPWORDS.has(t)) return;
    const near = Object.keys(HOLDERS).find(
      (k) => !k.includes(' ') && k.length >= 5 && editDistance(t, k, 1) <= 1,
    );
    if (near && !WORDS[t]) {
      holder ??= HOLDERS[near];
      used[i] = true;
    }
  });
  const terms: ParsedQuery['terms'] = [];
  tokens.forEach((t, i) => {
    if (used[i] || STOPWORDS.has(t)) return;
    const expansion = WORDS[t];
    terms.push(expansion ? { word: t, expansion } : { word: t });
  });
  const out: ParsedQuery = { terms };
  if (holder) out.holder = holder;
  return out;
}

interface Doc {
  id: string;
  statement: string;
  indicators: string;
  jabatan: string;
  nomenclature: string;
  problem: string;
}

const FIELDS = ['statement', 'indicators', 'jabatan', 'nomenclature', 'problem'];
const BOOST = { statement: 3, jabatan: 3, indicators: 2, nomenclature: 1.2, problem: 0.5 };

function termQuery(t: ParsedQuery['terms'][number]): Query {
  if (!t.expansion) return t.word;
  return { combineWith: 'OR', queries: [t.word, { combineWith: 'AND', queries: t.expansion }] };
}

const fuzzy = (term: string) => (term.length >= 5 ? 0.2 : term.length >= 4 ? 1 : false);
const prefix = (term: string) => term.length >= 4;

/** Look up what a post, PK holder or words are accountable for in one tree. */
export function lookupPk(tree: Tree, query: string): PkLookupResult {
  const parsed = parseQuery(query);
  if (!parsed.holder && parsed.terms.length === 0) return { kind: 'empty', query };
  const numbers = numbering(tree);
  // "3.1.2" (or "X1"): the node with that outline number, as the diagram and the tables show it
  const wanted = query.trim().toUpperCase();
  const numbered = /^(\d+(\.\d+)*|X\d+)$/.test(wanted)
    ? [...numbers].find(([, label]) => label === wanted)?.[0]
    : undefined;
  const byId = new Map<string, { node: Node; path: string[] }>();
  const walk = (n: Node, path: string[]) => {
    byId.set(n.id, { node: n, path });
    for (const c of n.children) walk(c, [n.statement, ...path]);
  };
  walk(tree.tree, []);
  for (const x of tree.crosscutting) walk(x, []);

  const holdersOf = (n: Node): PkHolder[] => [
    ...new Set((n.planning ?? []).map((p) => p.pk).filter((p): p is PkHolder => p !== undefined)),
  ];
  const match = (id: string, score: number): PkMatch => {
    const { node, path } = byId.get(id)!;
    const p = node.planning?.find((x) => x.pk !== undefined) ?? node.planning?.[0];
    const m: PkMatch = {
      nodeId: node.id,
      number: numbers.get(node) ?? '',
      statement: node.statement,
      level: node.level,
      component: componentOf(node),
      holders: holdersOf(node),
      indicators: node.indicators ?? [],
      path,
      score,
    };
    if (p?.jabatan) m.jabatan = p.jabatan;
    if (p?.program) m.program = p.program.name;
    if (p?.kegiatan) m.kegiatan = p.kegiatan.name;
    if (p?.subKegiatan) m.subKegiatan = p.subKegiatan.name;
    if (node.crosscutting) m.crosscutting = node.crosscutting.with;
    return m;
  };
  if (numbered) return { kind: 'found', query, matches: [match(numbered.id, 1)], total: 1 };
  const holderOk = (id: string) => !parsed.holder || holdersOf(byId.get(id)!.node).includes(parsed.holder);

  if (parsed.terms.length === 0) {
    const ids = [...byId.keys()].filter(holderOk);
    if (ids.length === 0) return { kind: 'not_found', query, holder: parsed.holder!, closest: [] };
    return {
      kind: 'found',
      query,
      holder: parsed.holder!,
      matches: ids.slice(0, MAX_MATCHES).map((id) => match(id, 1)),
      total: ids.length,
    };
  }

  const index = new MiniSearch<Doc>({ fields: FIELDS, tokenize, processTerm: (t) => t.toLowerCase() });
  index.addAll(
    [...byId.values()].map(({ node }) => {
      const p = node.planning ?? [];
      return {
        id: node.id,
        statement: node.statement,
        indicators: (node.indicators ?? []).map((i) => `${i.name} ${i.formula ?? ''}`).join(' '),
        jabatan: p.map((x) => x.jabatan ?? '').join(' '),
        nomenclature: p
          .flatMap((x) => [x.program?.name, x.kegiatan?.name, x.subKegiatan?.name])
          .filter(Boolean)
          .join(' '),
        problem: node.problem ?? '',
      };
    }),
  );
  const options = { fuzzy, prefix, boost: BOOST };
  const strict = index.search(
    { combineWith: 'AND', queries: parsed.terms.map(termQuery) },
    { ...options, filter: (r: SearchResult) => holderOk(r.id as string) },
  );
  const kept = cut(strict);
  if (kept.length > 0) {
    const out: PkLookupResult = {
      kind: 'found',
      query,
      matches: kept.slice(0, MAX_MATCHES).map((r) => match(r.id as string, r.score)),
      total: kept.length,
    };
    if (parsed.holder) out.holder = parsed.holder;
    return out;
  }
  const loose = index.search(
    { combineWith: 'OR', queries: parsed.terms.map(termQuery) },
    { ...options, fuzzy: (t: string) => (t.length >= 4 ? 0.34 : false) },
  );
  let closest = loose.slice(0, MAX_CLOSEST).map((r) => match(r.id as string, r.score));
  if (closest.length === 0 && parsed.holder) {
    closest = [...byId.keys()]
      .filter(holderOk)
      .slice(0, MAX_CLOSEST)
      .map((id) => match(id, 0));
  }
  const out: PkLookupResult = { kind: 'not_found', query, closest };
  if (parsed.holder) out.holder = parsed.holder;
  return out;
}

function cut(results: SearchResult[]): SearchResult[] {
  const best = results[0]?.score ?? 0;
  return results.filter((r) => r.score >= best * RELATIVE_CUTOFF);
}

type MessageKey = keyof typeof messages;

function msg(key: MessageKey, lang: Lang, params: Record<string, string | number> = {}): string {
  return messages[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

function formatTargets(ind: Indicator): string | undefined {
  const entries = Object.entries(ind.targets ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return entries.length > 0 ? entries.map(([y, v]) => `${y}: ${v}`).join(' · ') : undefined;
}

/** The official component name ("Sasaran Program"): the same words in both languages. */
function componentLabel(c: Component): string {
  return labels.component[c].id;
}

/** One match as a few plain-text lines (chat adapters escape and format them). */
export function formatMatch(m: PkMatch, lang: Lang = 'id'): string {
  const head = [
    `${componentLabel(m.component)}${m.number ? ` ${m.number}` : ''}`,
    m.holders.length > 0 ? msg('pk', lang, { holder: m.holders.join('/') }) : msg('no_pk', lang),
    m.jabatan,
  ]
    .filter(Boolean)
    .join(' · ');
  const lines = [head, m.statement];
  if (m.program) lines.push(`${msg('program', lang)}: ${m.program}`);
  if (m.kegiatan) lines.push(`${msg('kegiatan', lang)}: ${m.kegiatan}`);
  if (m.subKegiatan) lines.push(`${msg('subKegiatan', lang)}: ${m.subKegiatan}`);
  if (m.indicators.length === 0) lines.push(msg('no_indicator', lang));
  const notSet = msg('not_set', lang);
  for (const ind of m.indicators) {
    lines.push(`${msg('indicator', lang)}: ${ind.name}`);
    lines.push(`  ${msg('formula', lang)}: ${ind.formula ?? notSet}`);
    for (const t of ind.terms ?? []) lines.push(`    ${t.symbol} = ${t.name}`);
    const baseline = ind.baseline
      ? ` · ${msg('baseline', lang)}: ${ind.baseline.value} (${ind.baseline.year})`
      : '';
    lines.push(`  ${msg('unit', lang)}: ${ind.unit}${baseline}`);
    lines.push(`  ${msg('targets', lang)}: ${formatTargets(ind) ?? notSet}`);
  }
  if (m.crosscutting) lines.push(`${msg('crosscutting', lang)}: ${m.crosscutting.join(', ')}`);
  if (m.path.length > 0) lines.push(`${msg('path', lang)}: ${[m.statement, ...m.path].join(' → ')}`);
  return lines.join('\n');
}

/** The whole answer for a chat or the terminal, in Bahasa Indonesia (default) or English. */
export function formatPkAnswer(result: PkLookupResult, lang: Lang = 'id'): string {
  if (result.kind === 'empty') return msg('empty', lang);
  if (result.kind === 'not_found') {
    const parts = [msg('not_found', lang, { query: result.query.trim() })];
    if (result.closest.length > 0) {
      parts.push(msg('closest', lang));
      parts.push(...result.closest.map((m) => formatMatch(m, lang)));
    } else parts.push(msg('no_closest', lang));
    return parts.join('\n\n');
  }
  const parts = [
    result.total === 1
      ? msg('found_one', lang, { query: result.query.trim() })
      : msg('found_many', lang, { query: result.query.trim(), count: result.total }),
    ...result.matches.map((m) => formatMatch(m, lang)),
  ];
  if (result.total > result.matches.length) {
    parts.push(
      msg('more', lang, {
        count: result.total - result.matches.length,
        example:
          `${result.query.trim()} ${result.matches[0]?.statement.split(' ').slice(1, 3).join(' ') ?? ''}`.trim(),
      }),
    );
  }
  return parts.join('\n\n');
}
