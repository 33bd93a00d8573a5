/**
 * IND — indicators (Tahap 4 on): every condition has a measurable indicator whose name starts with a
 * measure word, whose unit fits that measure, whose formula divides (and multiplies by 100%) or weighs its
 * terms, and whose kinerja fits the level. The official indicator of the node's sub kegiatan is the law's
 * wording: IND-02, IND-03 and IND-06 only warn about it.
 */
import { foldName, type NomenclatureIndex } from '../nomenclature/types.ts';
import type { Indicator, Kinerja, Level, Planning, Term } from '../tree/schema.ts';
import { type FormulaError, parseFormula } from './formula.ts';

type FormulaResult = ReturnType<typeof parseFormula>;

import {
  isCountMeasure,
  isIndexMeasure,
  isPercentMeasure,
  isRatioMeasure,
  type MeasureWord,
  measureWordOf,
  processIndicatorIn,
  unitIs,
} from './indicator-words.ts';
import { finding } from './messages.ts';
import type {
  CheckOptions,
  Finding,
  IndicatorCheckInput,
  RuleContext,
  RuleFamily,
  Severity,
  Stage,
} from './types.ts';
import { classifyStart, isOutputConditionWord } from './words.ts';

const KINERJA_OF_LEVEL: Record<Level, Kinerja> = {
  outcome: 'strategis',
  csf: 'strategis',
  kondisi_antara_utama: 'taktikal_intermediate',
  kondisi_antara: 'taktikal_immediate',
  kondisi_operasional: 'operasional',
};

const MAX_INDICATORS = 3;
const WEIGHT_TOLERANCE = 1e-6;

/** Where one indicator sits and what the checks need to know about its node. */
interface IndicatorEnv {
  /** JSON path of the indicator, e.g. `$.tree.children[0].indicators[1]`. */
  path: string;
  nodeId?: string | undefined;
  level: Level;
  stage: Stage;
  /** The indicator is the official indicator of the node's sub kegiatan. */
  official: boolean;
  parentIndicators: readonly string[];
  /** Folds a name for comparison (a tree check shares one cache across nodes). */
  fold: (name: string) => string;
}

const label = (s: string) => s.replace(/_/g, ' ');
const formatNumber = (n: number) => String(Math.round(n * 1e6) / 1e6).replace('.', ',');
const capitalise = (s: string) => s.replace(/^\p{Ll}/u, (c) => c.toUpperCase());

/** True when `indicator` is the official indicator of a sub kegiatan the node is mapped to. */
export function isOfficialIndicator(
  indicator: Indicator,
  planning: readonly Planning[] | undefined,
  nomenclature: NomenclatureIndex | undefined,
): boolean {
  if (!nomenclature) return false;
  const name = foldName(indicator.name);
  return (planning ?? []).some((p) => {
    const ref = p.subKegiatan;
    if (!ref) return false;
    const byCode = ref.code ? nomenclature.byCode(ref.code) : undefined;
    const entries = byCode
      ? [byCode]
      : nomenclature.byName(ref.name).filter((e) => e.level === 'sub_kegiatan');
    return entries.some((e) => e.indicator !== undefined && foldName(e.indicator) === name);
  });
}

/** IND-02 and IND-03: the name measures something; it is not a condition sentence. */
function nameFindings(indicator: Indicator, measure: MeasureWord | undefined, env: IndicatorEnv): Finding[] {
  const at = { path: `${env.path}.name`, nodeId: env.nodeId };
  const severity: Severity = env.official ? 'warning' : 'error';
  const start = measure ? undefined : classifyStart(indicator.name);
  if (
    start &&
    (start.kind === 'condition' ||
      start.kind === 'activeVerb' ||
      start.kind === 'problem' ||
      start.kind === 'stative')
  ) {
    const rest = start.rest.trim();
    let suggestion: string | undefined;
    if (measureWordOf(rest)) suggestion = capitalise(rest);
    else if (start.kind === 'condition' && isOutputConditionWord(start.word) && rest)
      suggestion = `Jumlah ${capitalise(rest)}`;
    return [
      finding(
        'IND-03',
        severity,
        at,
        indicator.name,
        { word: start.word },
        {
          suggestion,
          variant: suggestion ? 'suggest' : undefined,
        },
      ),
    ];
  }
  if (!measure) return [finding('IND-02', severity, at, indicator.name)];
  if (measure.expansion) {
    const suggestion = indicator.name.replace(measure.written, `${measure.expansion} (${measure.written})`);
    return [
      finding(
        'IND-02',
        'warning',
        at,
        indicator.name,
        { word: measure.written, expansion: measure.expansion },
        { variant: 'acronym', suggestion },
      ),
    ];
  }
  if (!measure.misspelt) return [];
  const suggestion = indicator.name.replace(measure.written, measure.word);
  return [
    finding(
      'IND-02',
      'warning',
      at,
      indicator.name,
      { word: measure.written, correct: measure.word },
      { variant: 'misspelt', suggestion },
    ),
  ];
}

/** IND-04 and IND-05: outputs and processes offered as results above the operational level. */
function levelFindings(
  indicator: Indicator,
  measure: MeasureWord | undefined,
  kinerja: Kinerja,
  env: IndicatorEnv,
): Finding[] {
  const out: Finding[] = [];
  const at = { path: `${env.path}.name`, nodeId: env.nodeId };
  if (
    measure &&
    isCountMeasure(measure.word) &&
    (kinerja === 'strategis' || kinerja === 'taktikal_intermediate')
  ) {
    const rest = indicator.name
      .trim()
      .slice(indicator.name.trim().indexOf(measure.written) + measure.written.length)
      .trim();
    const suggestion = /\byang\b/i.test(rest) ? `Persentase ${rest}` : undefined;
    out.push(
      finding(
        'IND-04',
        'warning',
        at,
        indicator.name,
        { kinerja: label(kinerja) },
        {
          suggestion,
          variant: suggestion ? 'suggest' : undefined,
        },
      ),
    );
  }
  const pattern = processIndicatorIn(indicator.name);
  if (pattern && kinerja !== 'operasional') {
    out.push(finding('IND-05', 'warning', at, indicator.name, { pattern }));
  }
  return out;
}

/** IND-06: the unit fits the measure word; "Kegiatan" is never the unit of a result above operasional. */
function unitFindings(
  indicator: Indicator,
  measure: MeasureWord | undefined,
  kinerja: Kinerja,
  env: IndicatorEnv,
): Finding[] {
  const at = { path: `${env.path}.unit`, nodeId: env.nodeId };
  const unit = indicator.unit;
  const severity = (s: Severity): Severity => (env.official ? 'warning' : s);
  const params = { indicator: indicator.name, kinerja: label(kinerja), measure: measure?.word ?? '' };
  if (unitIs('activity', unit)) {
    return [
      finding('IND-06', severity(kinerja === 'operasional' ? 'warning' : 'error'), at, unit, params, {
        variant: 'activity',
      }),
    ];
  }
  if (!measure) return [];
  const word = measure.word;
  if (isPercentMeasure(word) && !unitIs('percent', unit)) {
    return [finding('IND-06', severity('error'), at, unit, params, { variant: 'percent', suggestion: '%' })];
  }
  if (isIndexMeasure(word) && !unitIs('index', unit) && !(word === 'Nilai' && unitIs('currency', unit))) {
    return [finding('IND-06', severity('error'), at, unit, params, { variant: 'index', suggestion: word })];
  }
  if (isCountMeasure(word) && (unitIs('percent', unit) || unitIs('notCount', unit))) {
    return [finding('IND-06', severity('error'), at, unit, params, { variant: 'count' })];
  }
  return [];
}

function parseErrorFinding(
  rule: 'IND-07' | 'IND-08',
  severity: Severity,
  at: { path: string; nodeId?: string | undefined },
  formula: string,
  error: FormulaError,
): Finding {
  return finding(
    rule,
    severity,
    at,
    formula,
    { position: error.at + 1, near: error.near },
    { variant: `parse.${error.code}` },
  );
}

/** IND-07 on one formula of a ratio measure (an indicator's own, or a composite term's). */
function ratioFormula(
  name: string,
  formula: string | undefined,
  measure: string,
  path: string,
  env: IndicatorEnv,
  parsed: FormulaResult | undefined = formula === undefined ? undefined : parseFormula(formula),
): Finding[] {
  const severity: Severity = env.stage >= 5 ? 'error' : 'warning';
  const at = { path, nodeId: env.nodeId };
  if (formula === undefined || formula.trim() === '' || !parsed) {
    return [finding('IND-07', severity, at, name, { measure })];
  }
  if (!parsed.ok) return [parseErrorFinding('IND-07', severity, at, formula, parsed.error)];
  if (parsed.value.composite) return [];
  if (!parsed.value.ratio)
    return [finding('IND-07', severity, at, formula, { measure }, { variant: 'ratio' })];
  if (isPercentMeasure(measure) && !parsed.value.timesHundred) {
    return [
      finding(
        'IND-07',
        severity,
        at,
        formula,
        { measure },
        { variant: 'percent', suggestion: `${formula.trim()} x 100%` },
      ),
    ];
  }
  return [];
}

/** IND-08: a composite formula parses, its weights sum to 1 and each symbol is a defined term. */
function compositeFindings(
  indicator: Indicator,
  terms: readonly Term[],
  env: IndicatorEnv,
  parsed: FormulaResult | undefined,
): Finding[] {
  const at = { path: `${env.path}.formula`, nodeId: env.nodeId };
  const formula = indicator.formula;
  if (formula === undefined || formula.trim() === '' || !parsed) {
    return [
      finding(
        'IND-08',
        'error',
        at,
        indicator.name,
        { symbols: terms.map((t) => t.symbol).join(', ') },
        { variant: 'missing' },
      ),
    ];
  }
  if (!parsed.ok) return [parseErrorFinding('IND-08', 'error', at, formula, parsed.error)];
  const linear = parsed.value.linear;
  if (!linear || linear.terms.length === 0)
    return [finding('IND-08', 'error', at, formula, {}, { variant: 'linear' })];
  const out: Finding[] = [];
  if (Math.abs(linear.weightSum - 1) > WEIGHT_TOLERANCE) {
    out.push(
      finding(
        'IND-08',
        'error',
        at,
        formula,
        { sum: formatNumber(linear.weightSum) },
        { variant: 'weights' },
      ),
    );
  }
  const defined = new Set(terms.flatMap((t) => [foldName(t.symbol), foldName(t.name)]));
  for (const t of linear.terms) {
    if (!defined.has(foldName(t.symbol))) {
      out.push(finding('IND-08', 'error', at, formula, { symbol: t.symbol }, { variant: 'symbol' }));
    }
  }
  return out;
}

/** IND-07 and IND-08 for one indicator: a composite is weighed (IND-08) and its terms divided (IND-07). */
function formulaFindings(
  indicator: Indicator,
  measure: MeasureWord | undefined,
  env: IndicatorEnv,
): Finding[] {
  const terms = indicator.terms ?? [];
  const parsed = indicator.formula ? parseFormula(indicator.formula) : undefined;
  // Terms may also name the two sides of a ratio ("(A / B) x 100%"): that is still a ratio, not a composite.
  const ratio = parsed?.ok === true && parsed.value.ratio !== undefined;
  const composite = !ratio && (terms.length > 0 || (parsed?.ok === true && parsed.value.composite));
  if (!composite) {
    if (!measure || !isRatioMeasure(measure.word)) return [];
    return ratioFormula(indicator.name, indicator.formula, measure.word, `${env.path}.formula`, env, parsed);
  }
  const out = compositeFindings(indicator, terms, env, parsed);
  terms.forEach((term, j) => {
    const termMeasure = measureWordOf(term.name);
    if (termMeasure && isRatioMeasure(termMeasure.word)) {
      out.push(
        ...ratioFormula(term.name, term.formula, termMeasure.word, `${env.path}.terms[${j}].formula`, env),
      );
    }
  });
  return out;
}

/** IND-09: the kinerja fits the node's level. */
function kinerjaFindings(indicator: Indicator, env: IndicatorEnv): Finding[] {
  const expected = KINERJA_OF_LEVEL[env.level];
  if (indicator.kinerja === expected) return [];
  const at = { path: `${env.path}.kinerja`, nodeId: env.nodeId };
  const params = { level: label(env.level), kinerja: label(indicator.kinerja ?? '') };
  return [
    finding('IND-09', 'warning', at, indicator.name, params, {
      suggestion: expected,
      variant: indicator.kinerja === undefined ? 'missing' : undefined,
    }),
  ];
}

/** IND-10: the same indicator as the parent's. */
function parentFindings(indicator: Indicator, env: IndicatorEnv): Finding[] {
  if (env.parentIndicators.length === 0) return [];
  const name = env.fold(indicator.name);
  const same = env.parentIndicators.find((p) => env.fold(p) === name);
  if (same === undefined) return [];
  return [
    finding('IND-10', 'warning', { path: `${env.path}.name`, nodeId: env.nodeId }, indicator.name, {
      parent: same,
    }),
  ];
}

/** IND-02 … IND-10 on one indicator. */
function checkOne(indicator: Indicator, env: IndicatorEnv): Finding[] {
  const measure = measureWordOf(indicator.name);
  const kinerja = indicator.kinerja ?? KINERJA_OF_LEVEL[env.level];
  return [
    ...nameFindings(indicator, measure, env),
    ...levelFindings(indicator, measure, kinerja, env),
    ...unitFindings(indicator, measure, kinerja, env),
    ...formulaFindings(indicator, measure, env),
    ...kinerjaFindings(indicator, env),
    ...parentFindings(indicator, env),
  ];
}

/**
 * The IND checks on one indicator not yet in a tree (drafting): paths are `$.indicator.…`. IND-01 and
 * IND-11 count a node's indicators and do not apply here.
 */
export function checkIndicatorAlone(input: IndicatorCheckInput, options: CheckOptions = {}): Finding[] {
  return checkOne(input.indicator, {
    path: '$.indicator',
    level: input.level,
    stage: input.stage ?? options.stage ?? 5,
    official: isOfficialIndicator(input.indicator, input.planning, options.nomenclature),
    parentIndicators: input.parentIndicators ?? [],
    fold: foldName,
  });
}

export const indRules: RuleFamily = {
  family: 'IND',
  fromStage: 4,
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    const folded = new Map<string, string>();
    const fold = (name: string) => {
      let f = folded.get(name);
      if (f === undefined) {
        f = foldName(name);
        folded.set(name, f);
      }
      return f;
    };
    for (const { node, path, parent } of ctx.nodes) {
      const indicators = node.indicators ?? [];
      const at = { path: `${path}.indicators`, nodeId: node.id };
      if (indicators.length === 0) out.push(finding('IND-01', 'error', at, node.statement));
      if (indicators.length > MAX_INDICATORS) {
        out.push(finding('IND-11', 'warning', at, node.statement, { count: indicators.length }));
      }
      const parentIndicators = (parent?.indicators ?? []).map((i) => i.name);
      indicators.forEach((indicator, i) => {
        out.push(
          ...checkOne(indicator, {
            path: `${path}.indicators[${i}]`,
            nodeId: node.id,
            level: node.level,
            stage: ctx.stage,
            official: isOfficialIndicator(indicator, node.planning, ctx.nomenclature),
            parentIndicators,
            fold,
          }),
        );
      });
    }
    return out;
  },
};
