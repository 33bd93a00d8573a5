/**
 * The offline drafter: deterministic suggestions without a network, from the rules' word lists and the
 * templates in data/templates.json — a problem turned into its condition, an active verb into its
 * condition form, decomposition and indicator templates per level and condition word, nomenclature
 * entries found by the words of a statement, and rising or falling yearly targets.
 */
import { searchNomenclature } from '../../core/nomenclature/search.ts';
import type { NomenclatureIndex } from '../../core/nomenclature/types.ts';
import { classifyStart, titleCase, toCondition } from '../../core/rules/words.ts';
import type { Indicator, Kinerja, Level, Planning } from '../../core/tree/schema.ts';
import type { Drafter, DraftRequest, DraftResponse, Suggestion } from '../../ports/drafter.ts';
import templates from './data/templates.json' with { type: 'json' };

export interface OfflineDrafterOptions {
  /** The nomenclature to search for planning suggestions (a value, or a loader called per request). */
  nomenclature?: NomenclatureIndex | (() => Promise<NomenclatureIndex | null | undefined>) | undefined;
}

const KINERJA_OF: Record<Level, Kinerja> = {
  outcome: 'strategis',
  csf: 'strategis',
  kondisi_antara_utama: 'taktikal_intermediate',
  kondisi_antara: 'taktikal_immediate',
  kondisi_operasional: 'operasional',
};

const COMPONENT_OF: Record<Level, Planning['component']> = {
  outcome: 'tujuan',
  csf: 'sasaran_skpd',
  kondisi_antara_utama: 'sasaran_program',
  kondisi_antara: 'sasaran_kegiatan',
  kondisi_operasional: 'sasaran_sub_kegiatan',
};

const MAX_TOPIC_WORDS = 9;

const fill = (template: string, vars: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);

/** "Urusan komunikasi dan informatika" → "Komunikasi dan Informatika". */
export function mandateTopic(mandate: string): string {
  let text = mandate.replace(/^[^:]*:\s*/, (m) => (m.length < 80 ? '' : m)).trim();
  const leads = [...templates.mandateLeadIns].sort((a, b) => b.length - a.length);
  for (let changed = true; changed; ) {
    changed = false;
    for (const lead of leads) {
      if (text.toLowerCase().startsWith(`${lead} `)) {
        text = text.slice(lead.length + 1).trim();
        changed = true;
      }
    }
  }
  return shorten(titleCase(text));
}

/** "Masyarakat ingin layanan kesehatan yang mudah dijangkau" → "Layanan Kesehatan yang Mudah Dijangkau". */
export function expectationTopic(expectation: string): string {
  let text = expectation.trim();
  const leads = [...templates.expectationLeadIns].sort((a, b) => b.length - a.length);
  for (const lead of leads) {
    if (text.toLowerCase().startsWith(`${lead} `)) {
      text = text.slice(lead.length + 1).trim();
      break;
    }
  }
  return titleCase(shorten(text));
}

/** The part of a statement after its condition word, without a generic head noun, at most nine words. */
export function topicOf(statement: string): string {
  let rest = classifyStart(statement).rest.trim();
  // "Pemahaman Aparatur tentang Tata Kelola X": the subject matter is what follows "tentang".
  const about = /\s(?:tentang|terhadap|mengenai)\s(.+)$/i.exec(rest);
  if (about?.[1]) rest = about[1];
  for (const lead of templates.topicLeadIns) {
    if (rest.toLowerCase().startsWith(`${lead.toLowerCase()} `)) {
      rest = rest.slice(lead.length + 1).trim();
      break;
    }
  }
  return shorten(rest);
}

function shorten(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length <= MAX_TOPIC_WORDS) return words.join(' ');
  const yang = words.findIndex((w, i) => i > 1 && w.toLowerCase() === 'yang');
  const cut = yang > 1 && yang <= MAX_TOPIC_WORDS ? yang : MAX_TOPIC_WORDS;
  return words
    .slice(0, cut)
    .join(' ')
    .replace(/[,;:]+$/, '');
}

const unique = (items: Suggestion[]): Suggestion[] => {
  const seen = new Set<string>();
  return items.filter((s) => {
    const key = (s.statement ?? s.indicator?.name ?? JSON.stringify(s)).toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/** The condition a problem becomes ("Rendahnya X" → "Meningkatnya X"); a bare topic gets "Meningkatnya". */
function conditionOfProblem(problem: string): string {
  const converted = toCondition(problem);
  if (converted) return converted;
  const start = classifyStart(problem);
  if (start.kind === 'condition') return problem;
  return `Meningkatnya ${titleCase(problem)}`;
}

function indicatorFamily(statement: string): 'rising' | 'falling' | 'output' {
  const first = statement.trim().split(/\s+/)[0] ?? '';
  if (templates.fallingWords.some((w) => w.toLowerCase() === first.toLowerCase())) return 'falling';
  if (templates.outputWords.some((w) => w.toLowerCase() === first.toLowerCase())) return 'output';
  return 'rising';
}

function indicatorsFor(statement: string, level: Level, parentIndicators: string[]): Suggestion[] {
  // The measured thing, without its qualifier: "Infrastruktur TI yang Berkualitas" → "Infrastruktur TI".
  const topic =
    topicOf(statement)
      .split(/\s+yang\s+/i)[0]
      ?.trim() ?? '';
  if (!topic) return [];
  const family = indicatorFamily(statement);
  const kinerja = KINERJA_OF[level];
  const list = templates.indicators[family][kinerja] as Array<{
    name: string;
    unit: string;
    formula?: string;
  }>;
  const vars = { topic, topicLower: topic.toLowerCase() };
  const taken = new Set(parentIndicators.map((n) => n.toLowerCase()));
  return list
    .map((tpl) => {
      const indicator: Indicator = {
        name: fill(tpl.name, vars),
        unit: tpl.unit,
        kinerja,
        polarity: family === 'falling' ? 'turun' : 'naik',
      };
      if (tpl.formula) indicator.formula = fill(tpl.formula, vars);
      return { indicator } satisfies Suggestion;
    })
    .filter((s) => !taken.has(s.indicator.name.toLowerCase()));
}

/** "(Jumlah X yang Y / Jumlah seluruh X) x 100%" from a "Persentase X yang Y" name. */
export function formulaFor(name: string): string | undefined {
  const m = /^(Persentase|Proporsi|Rasio|Cakupan|Tingkat)\s+(.+)$/i.exec(name.trim());
  if (!m) return undefined;
  const measure = (m[1] ?? '').toLowerCase();
  const body = (m[2] ?? '').trim();
  const [base = body] = body.split(/\s+yang\s+/i);
  const numerator = `Jumlah ${body.charAt(0).toLowerCase()}${body.slice(1)}`;
  const denominator = `Jumlah seluruh ${base.charAt(0).toLowerCase()}${base.slice(1)}`;
  if (measure === 'rasio') return `${numerator} / ${denominator}`;
  return `(${numerator} / ${denominator}) x 100%`;
}

function formatNumber(value: number): number | string {
  const rounded = Math.round(value * 100) / 100;
  return Number.isInteger(rounded) ? rounded : String(rounded).replace('.', ',');
}

function readNumber(value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const n = Number(value.replace(/%/g, '').replace(/\./g, '').replace(',', '.').trim());
  return Number.isFinite(n) ? n : undefined;
}

function targetsFor(request: Extract<DraftRequest, { task: 'targets' }>): Suggestion[] {
  const unit = request.indicator.unit;
  const startOf = templates.targetStart as Record<string, number>;
  const stepOf = templates.targetStep as Record<string, number>;
  const key = unit in startOf ? unit : 'default';
  const step = stepOf[key] ?? 1;
  const falling = request.indicator.polarity === 'turun';
  const base = readNumber(request.indicator.baseline?.value) ?? startOf[key] ?? 10;
  const targets: Record<string, number | string> = {};
  request.years.forEach((year, i) => {
    let v = falling ? base - step * (i + 1) : base + step * (i + 1);
    if (unit === '%') v = Math.min(100, Math.max(0, v));
    targets[String(year)] = formatNumber(Math.max(0, v));
  });
  return [{ targets }];
}

async function planningFor(
  request: Extract<DraftRequest, { task: 'planning' }>,
  index: NomenclatureIndex | null | undefined,
): Promise<Suggestion[]> {
  const component = COMPONENT_OF[request.node.level];
  const level =
    component === 'sasaran_program'
      ? 'program'
      : component === 'sasaran_kegiatan'
        ? 'kegiatan'
        : component === 'sasaran_sub_kegiatan'
          ? 'sub_kegiatan'
          : undefined;
  let candidates = request.candidates;
  if (candidates.length === 0 && index && level) {
    candidates = searchNomenclature(index, topicOf(request.node.statement), { level, limit: 3 }).map(
      (h) => h.entry,
    );
  }
  if (!level || candidates.length === 0) return [{ planning: { component } }];
  return candidates.slice(0, 3).map((entry) => {
    const ref = { code: entry.code, name: entry.name };
    const planning: Planning = { component };
    if (entry.level === 'program') planning.program = ref;
    if (entry.level === 'kegiatan') planning.kegiatan = ref;
    if (entry.level === 'sub_kegiatan') planning.subKegiatan = ref;
    return { planning, note: entry.code };
  });
}

/** A Drafter that never calls a network: same input, same suggestions. */
export function createOfflineDrafter(options: OfflineDrafterOptions = {}): Drafter {
  const loadIndex = async (): Promise<NomenclatureIndex | null | undefined> =>
    typeof options.nomenclature === 'function' ? options.nomenclature() : options.nomenclature;

  async function suggest(request: DraftRequest): Promise<Suggestion[]> {
    const ctx = request.context;
    switch (request.task) {
      case 'outcome':
        // The outcome sits above the problems (they become CSFs in Tahap 2), so mandate and
        // expectations come first; a problem's condition is the last resort.
        return unique([
          ...ctx.expectations.flatMap((e) =>
            templates.outcomeFromExpectation.map((tpl) => ({
              statement: fill(tpl, { expectation: expectationTopic(e) }),
            })),
          ),
          ...ctx.mandate.flatMap((m) =>
            templates.outcomeFromMandate.map((tpl) => ({
              statement: fill(tpl, { mandate: mandateTopic(m) }),
            })),
          ),
          ...ctx.problems.map((p) => ({ statement: conditionOfProblem(p), problem: p })),
        ]);
      case 'problem_to_condition':
        return request.problems.map((p) => ({ statement: conditionOfProblem(p), problem: p }));
      case 'csf': {
        const existing = new Set(request.existing.map((s) => s.toLowerCase()));
        return unique([
          ...ctx.problems.map((p) => ({ statement: conditionOfProblem(p), problem: p })),
          ...ctx.mandate.flatMap((m) =>
            templates.csfFromMandate.map((tpl) => ({ statement: fill(tpl, { mandate: mandateTopic(m) }) })),
          ),
        ]).filter((s) => !existing.has((s.statement ?? '').toLowerCase()));
      }
      case 'decompose': {
        const topic = topicOf(request.parent.statement);
        if (!topic) return [];
        const list = (templates.decompose as Record<string, string[]>)[request.childLevel] ?? [];
        const existing = new Set(request.existing.map((s) => s.toLowerCase()));
        return list
          .map((tpl) => ({ statement: fill(tpl, { topic }) }))
          .filter((s) => !existing.has(s.statement.toLowerCase()));
      }
      case 'indicators':
        return indicatorsFor(request.node.statement, request.node.level, request.parentIndicators);
      case 'formula': {
        const formula = formulaFor(request.indicator.name);
        return formula ? [{ indicator: { ...request.indicator, formula }, statement: formula }] : [];
      }
      case 'planning':
        return planningFor(request, await loadIndex());
      case 'targets':
        return targetsFor(request);
    }
  }

  return {
    name: 'offline',
    async draft(request) {
      return { suggestions: await suggest(request), source: 'offline' } satisfies DraftResponse;
    },
  };
}
