/**
 * KND — bahasa kondisi: every node statement is a condition to reach, not an activity, a problem, a
 * program name, a budget or an organisation unit. Applies to statements only (never basis, problem,
 * job titles or nomenclature names), in the tree and in the crosscutting array, at every Tahap.
 */
import type { NomenclatureIndex } from '../nomenclature/types.ts';
import type { Level } from '../tree/schema.ts';
import { finding } from './messages.ts';
import type { Finding, RuleContext, RuleFamily } from './types.ts';
import {
  bare,
  classifyStart,
  isOutputConditionWord,
  laterConditionWords,
  titleCase,
  toCondition,
  wordLists,
  words,
} from './words.ts';

/** Where a statement sits, for the findings about it. */
export interface StatementAt {
  path: string;
  nodeId?: string | undefined;
}

const MIN_WORDS = 3;
const MAX_WORDS = 25;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** One whole-word pattern for a list: never inside a longer word ("anggaran" never matches "Penganggaran"). */
const wholeWords = (phrases: readonly string[], flags: string) =>
  new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${phrases.map((p) => escapeRegExp(p).replace(/ /g, '\\s+')).join('|')})(?![\\p{L}])`,
    `u${flags}`,
  );

const budgetPatterns = [
  wholeWords(wordLists.budgetWords, 'i'),
  wholeWords(wordLists.budgetWordsCaseSensitive, ''),
];
const unitPatterns = [wholeWords(wordLists.unitWords, 'i'), wholeWords(wordLists.unitWordsCaseSensitive, '')];
const sectorBefore = new Set(wordLists.bidangSectorBefore);
const sectorAfter = new Set(wordLists.bidangSectorAfter);

function firstMatch(text: string, patterns: readonly RegExp[]): string | undefined {
  let best: { index: number; word: string } | undefined;
  for (const p of patterns) {
    const m = p.exec(text);
    if (m && (!best || m.index < best.index)) best = { index: m.index, word: m[0] };
  }
  return best?.word;
}

/** "Bidang" naming a unit: capitalised, followed by a capitalised word, not a sector ("SPM Bidang Kesehatan"). */
function unitBidang(statement: string): string | undefined {
  if (!statement.includes('Bidang')) return undefined;
  const ws = words(statement).map(bare);
  for (let i = 0; i < ws.length; i++) {
    if (ws[i] !== 'Bidang') continue;
    const next = ws[i + 1];
    const before = ws[i - 1];
    if (!next || !/^\p{Lu}/u.test(next)) continue;
    if ((before && sectorBefore.has(before)) || sectorAfter.has(next)) continue;
    return `Bidang ${next}`;
  }
  return undefined;
}

/** KND-01…08 on one statement at `level`. */
export function checkWording(
  statement: string,
  level: Level,
  at: StatementAt,
  nomenclature?: NomenclatureIndex,
): Finding[] {
  const out: Finding[] = [];
  const start = classifyStart(statement);
  const named = nomenclature?.byName(statement)[0];
  if (named) {
    out.push(
      finding(
        'KND-04',
        'error',
        at,
        statement,
        { name: named.name, code: named.code, kind: named.level.replace('_', ' ') },
        { variant: 'name', suggestion: toCondition(statement) },
      ),
    );
  } else if (start.kind === 'activeVerb') {
    const suggestion = start.condition ? `${start.condition} ${titleCase(start.rest)}`.trim() : undefined;
    out.push(
      finding(
        'KND-02',
        'error',
        at,
        statement,
        { word: start.word },
        {
          suggestion,
          variant: suggestion ? undefined : 'unlisted',
        },
      ),
    );
  } else if (start.kind === 'problem') {
    out.push(
      finding('KND-03', 'error', at, statement, { word: start.word }, { suggestion: toCondition(statement) }),
    );
  } else if (start.kind === 'nomenclature') {
    out.push(
      finding('KND-04', 'error', at, statement, { word: start.word }, { suggestion: toCondition(statement) }),
    );
  } else if (start.kind === 'stative') {
    if (start.listed) {
      out.push(
        finding(
          'KND-08',
          'warning',
          at,
          statement,
          { word: start.word, listed: start.listed },
          {
            variant: 'misspelling',
            suggestion: toCondition(statement),
          },
        ),
      );
    } else {
      out.push(finding('KND-08', 'warning', at, statement, { word: start.word }, { variant: 'unknown' }));
    }
  } else if (start.kind === 'other') {
    out.push(finding('KND-01', level === 'outcome' ? 'warning' : 'error', at, statement));
  }

  const budget = firstMatch(statement, budgetPatterns);
  if (budget) out.push(finding('KND-05', 'error', at, statement, { word: budget }, { variant: 'budget' }));
  const unit = firstMatch(statement, unitPatterns) ?? unitBidang(statement);
  if (unit) out.push(finding('KND-05', 'error', at, statement, { word: unit }, { variant: 'unit' }));

  if (
    start.kind === 'condition' &&
    (level === 'outcome' || level === 'csf') &&
    isOutputConditionWord(start.word)
  ) {
    out.push(finding('KND-06', 'warning', at, statement, { word: start.word, level }));
  }

  const count = words(statement).length;
  if (count < MIN_WORDS)
    out.push(finding('KND-07', 'warning', at, statement, { count }, { variant: 'short' }));
  else if (count > MAX_WORDS)
    out.push(finding('KND-07', 'warning', at, statement, { count }, { variant: 'long' }));
  const second = laterConditionWords(statement)[0];
  if (second && (start.kind === 'condition' || start.kind === 'stative')) {
    out.push(finding('KND-07', 'warning', at, statement, { first: start.word, second }, { variant: 'two' }));
  }
  return out;
}

export const kndRules: RuleFamily = {
  family: 'KND',
  fromStage: 1,
  check: (ctx: RuleContext) =>
    ctx.nodes.flatMap((v) =>
      checkWording(
        v.node.statement,
        v.node.level,
        { path: `${v.path}.statement`, nodeId: v.node.id },
        ctx.nomenclature,
      ),
    ),
};
