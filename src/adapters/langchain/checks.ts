/**
 * Every suggestion the model makes is checked before a person sees it: statements and indicators by the
 * rules of src/core/rules (checkStatement, checkIndicator), planning entries and targets by the drafting
 * checks here (same catalogue ids: PLN-02…06, TGT-01…03). Errors go back to the model as feedback; what
 * still fails is repaired from the findings' own suggestions, or dropped.
 */
import type { NomenclatureEntry } from '../../core/nomenclature/types.ts';
import { normaliseCode } from '../../core/nomenclature/types.ts';
import { checkIndicator, checkStatement } from '../../core/rules/index.ts';
import { readNumber } from '../../core/rules/numbers.ts';
import type { Finding, Lang } from '../../core/rules/types.ts';
import type { Component, Level, PkHolder, Planning } from '../../core/tree/schema.ts';
import type { DraftRequest, Suggestion } from '../../ports/drafter.ts';
import messages from './data/messages.json' with { type: 'json' };

type Catalogue = Record<string, { id: string; en: string }>;
const CATALOGUE = messages as Catalogue;

/** A message of this adapter's catalogue, `{name}` placeholders filled. */
export function message(
  key: string,
  params: Record<string, string | number> = {},
): { id: string; en: string } {
  const m = CATALOGUE[key];
  if (!m) throw new Error(`no message "${key}" in src/adapters/langchain/data/messages.json`);
  const fill = (t: string) =>
    t.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  return { id: fill(m.id), en: fill(m.en) };
}

function localFinding(
  rule: string,
  severity: Finding['severity'],
  path: string,
  text: string,
  params: Record<string, string | number> = {},
  suggestion?: string,
): Finding {
  const m = message(rule, { text, ...params });
  return {
    rule,
    severity,
    path,
    text,
    message: { id: `${rule}: ${m.id}`, en: `${rule}: ${m.en}` },
    ...(suggestion !== undefined ? { suggestion } : {}),
  };
}

/** The level a statement suggestion is drafted at. */
export function statementLevel(request: DraftRequest): Level {
  switch (request.task) {
    case 'outcome':
      return 'outcome';
    case 'decompose':
      return request.childLevel;
    default:
      return 'csf';
  }
}

const COMPONENT_OF: Record<Level, Component> = {
  outcome: 'tujuan',
  csf: 'sasaran_skpd',
  kondisi_antara_utama: 'sasaran_program',
  kondisi_antara: 'sasaran_kegiatan',
  kondisi_operasional: 'sasaran_sub_kegiatan',
};

const HOLDERS: Partial<Record<Component, PkHolder[]>> = {
  sasaran_skpd: ['JPT'],
  sasaran_program: ['Administrator'],
  sasaran_kegiatan: ['Administrator', 'Pengawas', 'JF'],
  sasaran_sub_kegiatan: ['Pengawas', 'JF', 'JP'],
};

const NEEDS: Partial<Record<Component, Array<'program' | 'kegiatan' | 'subKegiatan'>>> = {
  sasaran_program: ['program'],
  sasaran_kegiatan: ['program', 'kegiatan'],
  sasaran_sub_kegiatan: ['program', 'kegiatan', 'subKegiatan'],
};

const FIELD_LABEL = { program: 'program', kegiatan: 'kegiatan', subKegiatan: 'sub kegiatan' } as const;

/** PLN-02…06 on a drafted planning entry, against the nomenclature candidates the model was given. */
export function checkPlanningDraft(
  planning: Planning,
  level: Level,
  candidates: NomenclatureEntry[],
): Finding[] {
  const out: Finding[] = [];
  const expected = COMPONENT_OF[level];
  if (planning.component !== expected)
    out.push(
      localFinding('PLN-02', 'warning', '$.planning.component', planning.component, {
        component: planning.component,
        level,
        expected,
      }),
    );
  const holders = HOLDERS[planning.component];
  if (holders && (!planning.pk || !holders.includes(planning.pk)))
    out.push(
      localFinding(
        'PLN-03',
        'error',
        '$.planning.pk',
        planning.pk ?? '',
        { component: planning.component, expected: holders.join(', ') },
        holders.length === 1 ? holders[0] : undefined,
      ),
    );
  const known = new Set(candidates.map((c) => normaliseCode(c.code)));
  for (const field of NEEDS[planning.component] ?? []) {
    const ref = planning[field];
    if (!ref?.code) {
      out.push(
        localFinding('PLN-04', 'error', `$.planning.${field}`, '', {
          component: planning.component,
          field: FIELD_LABEL[field],
        }),
      );
    } else if (!known.has(normaliseCode(ref.code))) {
      out.push(localFinding('PLN-05', 'error', `$.planning.${field}.code`, ref.code));
    }
  }
  const nest: Array<['program' | 'kegiatan', 'kegiatan' | 'subKegiatan']> = [
    ['program', 'kegiatan'],
    ['kegiatan', 'subKegiatan'],
  ];
  for (const [parentField, field] of nest) {
    const parent = planning[parentField]?.code;
    const child = planning[field]?.code;
    if (parent && child && !normaliseCode(child).startsWith(`${normaliseCode(parent)}.`))
      out.push(
        localFinding('PLN-06', 'error', `$.planning.${field}.code`, child, {
          field: FIELD_LABEL[field],
          parentField: FIELD_LABEL[parentField],
          parent,
        }),
      );
  }
  return out;
}

/** TGT-01…03 on drafted yearly targets. */
export function checkTargetsDraft(
  targets: Record<string, number | string>,
  years: number[],
  indicator: {
    polarity?: 'naik' | 'turun' | undefined;
    baseline?: { year: number; value: number | string } | undefined;
  },
): Finding[] {
  const out: Finding[] = [];
  for (const year of years)
    if (!(String(year) in targets))
      out.push(localFinding('TGT-01', 'error', `$.targets.${year}`, '', { year, years: years.join(', ') }));
  const values: Array<{ year: string; value: number; text: string }> = [];
  for (const [year, value] of Object.entries(targets).sort(([a], [b]) => a.localeCompare(b))) {
    const n = readNumber(value);
    if (!n.ok) out.push(localFinding('TGT-02', 'error', `$.targets.${year}`, String(value), { year }));
    else values.push({ year, value: n.value, text: String(value) });
  }
  const polarity = indicator.polarity;
  if (polarity) {
    const base = indicator.baseline ? readNumber(indicator.baseline.value) : { ok: false as const };
    let previous = base.ok ? base.value : undefined;
    for (const v of values) {
      const wrong = previous !== undefined && (polarity === 'naik' ? v.value < previous : v.value > previous);
      if (wrong)
        out.push(
          localFinding('TGT-03', 'warning', `$.targets.${v.year}`, v.text, {
            year: v.year,
            polarity,
            why: polarity === 'naik' ? `lebih rendah dari ${previous}` : `lebih tinggi dari ${previous}`,
          }),
        );
      previous = v.value;
    }
  }
  return out;
}

const FORMULA_RULES = new Set(['IND-07', 'IND-08']);

/**
 * The findings on one suggestion. `accepted` are the suggestions already kept for this request: a repeat
 * of one of them is a duplicate (TRE-06) like a repeat of the tree's own statements.
 */
export function checkSuggestion(request: DraftRequest, s: Suggestion, accepted: Suggestion[]): Finding[] {
  const taken = accepted.map((a) => a.statement).filter((x): x is string => !!x);
  switch (request.task) {
    case 'outcome':
    case 'problem_to_condition':
    case 'csf':
    case 'decompose': {
      const existing = [
        ...taken,
        ...(request.task === 'csf' || request.task === 'decompose' ? request.existing : []),
        ...(request.task !== 'outcome' && request.context.outcome ? [request.context.outcome] : []),
      ];
      return checkStatement({
        statement: s.statement ?? '',
        level: statementLevel(request),
        existing,
        ...(request.task === 'decompose' ? { parent: request.parent.statement } : {}),
      });
    }
    case 'indicators': {
      if (!s.indicator) return [];
      const names = accepted.map((a) => a.indicator?.name).filter((x): x is string => !!x);
      return checkIndicator(
        {
          indicator: s.indicator,
          level: request.node.level,
          stage: 4,
          parentIndicators: [...request.parentIndicators, ...names],
        },
        { stage: 4 },
      );
    }
    case 'formula':
      if (!s.indicator) return [];
      return checkIndicator(
        { indicator: s.indicator, level: request.node.level, stage: 5 },
        { stage: 5 },
      ).filter((f) => FORMULA_RULES.has(f.rule));
    case 'planning':
      return s.planning ? checkPlanningDraft(s.planning, request.node.level, request.candidates) : [];
    case 'targets':
      return s.targets ? checkTargetsDraft(s.targets, request.years, request.indicator) : [];
  }
}

type TextField = 'statement' | 'name' | 'unit' | 'formula';

function fieldOf(path: string): TextField | undefined {
  const last = /\.(\w+)$/.exec(path)?.[1];
  return last === 'statement' || last === 'name' || last === 'unit' || last === 'formula' ? last : undefined;
}

/**
 * Applies the fixes the findings offer (an error's `suggestion` replaces its quoted text) and answers the
 * repaired suggestion with the rule ids applied, or undefined when no error offered a fix.
 */
export function repairSuggestion(
  s: Suggestion,
  findings: Finding[],
): { suggestion: Suggestion; rules: string[] } | undefined {
  let out: Suggestion = { ...s, ...(s.indicator ? { indicator: { ...s.indicator } } : {}) };
  const rules: string[] = [];
  for (const f of findings) {
    if (f.severity !== 'error' || f.suggestion === undefined) continue;
    const fix = f.suggestion;
    const apply = (value: string | undefined): string | undefined => {
      if (value === undefined) return undefined;
      if (f.text && value === f.text) return fix;
      if (f.text && value.includes(f.text)) return value.replace(f.text, fix);
      return undefined;
    };
    const field = fieldOf(f.path);
    let changed = false;
    if (out.statement !== undefined && (field === 'statement' || field === undefined)) {
      const next = apply(out.statement);
      if (next !== undefined && next !== out.statement) {
        out = { ...out, statement: next };
        changed = true;
      }
    }
    if (!changed && out.indicator && field && field !== 'statement') {
      const next = apply(out.indicator[field]);
      if (next !== undefined && next !== out.indicator[field]) {
        out = { ...out, indicator: { ...out.indicator, [field]: next } };
        changed = true;
      }
    }
    if (!changed && out.planning && f.rule === 'PLN-03') {
      out = { ...out, planning: { ...out.planning, pk: fix as PkHolder } };
      changed = true;
    }
    if (changed && !rules.includes(f.rule)) rules.push(f.rule);
  }
  return rules.length > 0 ? { suggestion: out, rules } : undefined;
}

/** The feedback a repair round sends the model: each failing suggestion with its error findings. */
export function repairFeedback(
  failing: Array<{ suggestion: Suggestion; findings: Finding[] }>,
  lang: Lang = 'id',
): string {
  const lines = [message('repair.intro')[lang]];
  failing.forEach(({ suggestion, findings }, i) => {
    lines.push(`${i + 1}. ${JSON.stringify(describe(suggestion))}`);
    for (const f of findings.filter((x) => x.severity === 'error')) {
      const hint = f.suggestion ? ` (${message('repair.hint', { suggestion: f.suggestion })[lang]})` : '';
      lines.push(`   - ${f.message[lang]}${hint}`);
    }
  });
  return lines.join('\n');
}

/** What a suggestion says, for the feedback text (the fields the model wrote). */
function describe(s: Suggestion): unknown {
  if (s.statement !== undefined) return s.statement;
  if (s.planning) return s.planning;
  if (s.targets) return s.targets;
  if (s.indicator)
    return {
      name: s.indicator.name,
      unit: s.indicator.unit,
      ...(s.indicator.formula ? { formula: s.indicator.formula } : {}),
    };
  return s;
}
