/**
 * An OpenAI-stub responder that answers like a model would while drafting a real tree: it reads the
 * task and the DATA block, proposes the wording of a real pohon kinerja (the Balangan Diskominfosan tree
 * by default), makes the mistakes models make (active verbs, a problem left as a problem, a program name,
 * a budget in a condition), and on a repair round applies the fixes the findings offer, leaving out what
 * it cannot fix. Used by the Tahap 1–4 scenario and the LLM bench.
 */
import type { NodeInput, TreeFileInput } from '../../src/core/tree/schema.ts';
import type { Responder, StubAnswer, StubRequest } from './openai-stub.ts';

const fold = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
const rest = (s: string) => s.split(/\s+/).slice(1).join(' ');

/** The mistakes a model makes on a first answer (each has a rule that catches it). */
const MISTAKES: Array<[RegExp, string]> = [
  [/^Meningkatnya /, 'Meningkatkan '], // KND-02, fix offered
  [/^Tersedianya /, 'Menyediakan '], // KND-02, fix offered
  [/^Terlaksananya /, 'Pelaksanaan '], // KND-04, fix offered
  [/^Terwujudnya /, 'Mewujudkan '], // KND-02, fix offered
];

export interface ModelLikeStats {
  /** Statements answered with a deliberate mistake. */
  mistakes: number;
  /** Budget suggestions added (no fix exists: the rules drop them). */
  unfixable: number;
  repairs: number;
}

/** `every`: one statement in `every` comes with a mistake; 0 → a careful model that makes none. */
export function modelLikeResponder(file: TreeFileInput, every = 3): Responder & { stats: ModelLikeStats } {
  const careless = every > 0;
  const byStatement = new Map<string, NodeInput>();
  const walk = (n: NodeInput) => {
    byStatement.set(fold(n.statement), n);
    for (const c of n.children ?? []) walk(c);
  };
  walk(file.tree);
  const csfs = file.tree.children ?? [];
  const stats: ModelLikeStats = { mistakes: 0, unfixable: 0, repairs: 0 };
  let produced = 0;
  const stubbornOn = new Set<string>();

  const maybeWrong = (statement: string): string => {
    produced++;
    if (!careless || produced % every !== 0) return statement;
    for (const [re, replacement] of MISTAKES)
      if (re.test(statement)) {
        stats.mistakes++;
        return statement.replace(re, replacement);
      }
    return statement;
  };
  const items = (list: string[], extra: Record<string, unknown> = {}) =>
    list.map((statement) => ({ statement, note: null, ...extra }));

  function data(request: StubRequest): Record<string, unknown> {
    for (const m of request.body.messages) {
      const text = typeof m.content === 'string' ? m.content : '';
      const block = /<<<DATA\n([\s\S]*?)\nDATA>>>/.exec(text)?.[1];
      if (m.role === 'user' && block) return JSON.parse(block) as Record<string, unknown>;
    }
    return {};
  }

  function repair(request: StubRequest, d: Record<string, unknown>): StubAnswer {
    stats.repairs++;
    if (request.task === 'indicators' || request.task === 'formula') return { json: { suggestions: [] } };
    const listed: Array<{ original: string; hint?: string | undefined }> = [];
    for (const line of request.lastUser.split('\n')) {
      const item = /^\d+\. (.*)$/.exec(line)?.[1];
      if (item) listed.push({ original: JSON.parse(item) as string });
      const hint = /saran perbaikan: “(.+)”\)$/.exec(line)?.[1];
      const last = listed[listed.length - 1];
      if (hint && last && last.hint === undefined) last.hint = hint;
    }
    // Now and then a model ignores the feedback and repeats itself, round after round: the drafter then
    // applies the findings' fixes itself.
    const stubborn = stats.repairs % 4 === 0 || listed.some((i) => stubbornOn.has(i.original));
    if (stubborn) for (const i of listed) stubbornOn.add(i.original);
    const fixes = listed.flatMap((i) => (stubborn ? [i.original] : i.hint ? [i.hint] : []));
    if (request.task === 'problem_to_condition') {
      const problems = (d.masalah_diubah as string[]) ?? [];
      return {
        json: {
          suggestions: fixes.map((fix) => {
            const problem = problems.find((p) => fold(p).endsWith(fold(rest(fix)))) ?? problems[0] ?? '';
            // Told the wording is still a problem, the model rewrites it as the condition it meant.
            const known = csfs.find((c) => c.problem && fold(c.problem) === fold(problem));
            return { statement: known?.statement ?? fix, problem, note: null };
          }),
        },
      };
    }
    return { json: { suggestions: items(fixes) } };
  }

  const responder = ((request: StubRequest): StubAnswer => {
    const d = data(request);
    if (request.isRepair) return repair(request, d);
    switch (request.task) {
      case 'outcome':
        return {
          json: {
            suggestions: items([
              file.tree.statement,
              maybeWrong('Meningkatnya Kualitas Layanan Komunikasi, Informatika, Statistik dan Persandian'),
            ]),
          },
        };
      case 'problem_to_condition': {
        const problems = (d.masalah_diubah as string[]) ?? [];
        return {
          json: {
            suggestions: problems.map((problem, i) => {
              const known = csfs.find((c) => c.problem && fold(c.problem) === fold(problem));
              // The second problem is left as a problem: KND-03 catches it.
              const statement =
                careless && i === 1 ? problem : (known?.statement ?? `Meningkatnya ${rest(problem)}`);
              return { problem, statement, note: null };
            }),
          },
        };
      }
      case 'csf': {
        const taken = new Set(((d.csf_yang_sudah_ada as string[]) ?? []).map(fold));
        const fresh = csfs.filter((c) => !taken.has(fold(c.statement))).map((c) => c.statement);
        const extra = careless
          ? [{ statement: 'Penyelenggaraan Statistik Sektoral', problem: null, note: null }]
          : [];
        return { json: { suggestions: [...items(fresh.map(maybeWrong)), ...extra] } };
      }
      case 'decompose': {
        const parent = (d.induk as { pernyataan: string }).pernyataan;
        const children = byStatement.get(fold(parent))?.children ?? [];
        const taken = new Set(((d.sudah_ada as string[]) ?? []).map(fold));
        const fresh = children
          .filter((c) => !taken.has(fold(c.statement)))
          .map((c) => maybeWrong(c.statement));
        const list = [...fresh];
        if (careless && produced % 4 === 0) {
          stats.unfixable++;
          list.push(`Meningkatnya Serapan Anggaran ${rest(parent)}`);
        }
        return { json: { suggestions: items(list) } };
      }
      case 'indicators': {
        const node = (d.kondisi as { pernyataan: string }).pernyataan;
        const found = byStatement.get(fold(node))?.indicators ?? [];
        const list = found.length > 0 ? found : [{ name: `Persentase ${rest(node)}`, unit: '%' }];
        return {
          json: {
            suggestions: list.map((i) => ({
              name: i.name,
              unit: i.unit,
              kinerja: i.kinerja ?? null,
              formula: i.formula ?? null,
              polarity: 'naik',
              note: null,
            })),
          },
        };
      }
      case 'formula': {
        const name = (d.indikator as { nama: string }).nama;
        const what = rest(name).replace(/ yang .*/, '');
        return {
          json: {
            suggestions: [
              {
                formula: `(Jumlah ${rest(name)} / Jumlah seluruh ${what}) x 100%`,
                terms: null,
                note: null,
              },
            ],
          },
        };
      }
      default:
        return { json: { suggestions: [] } };
    }
  }) as Responder & { stats: ModelLikeStats };
  responder.stats = stats;
  return responder;
}
