/**
 * What the model must answer, per task, as zod schemas. They are sent to the model as JSON Schema
 * (strict-mode shaped: every key required, nullable instead of optional) and used again, leniently, to
 * validate what comes back: LangChain's parsers (and its fake models) do not validate for us.
 */
import { z } from 'zod';
import type { DraftTask } from '../../ports/drafter.ts';

const text = z.string().trim().min(1);
const note = z.string().trim().nullish().describe('Alasan singkat (satu kalimat), atau null');

const statementItem = z.object({
  statement: text.describe('Satu pernyataan kondisi dalam bahasa kondisi'),
  note,
});

const indicatorItem = z.object({
  name: text.describe('Nama indikator, diawali kata ukuran (Persentase, Indeks, Jumlah, …)'),
  unit: text.describe('Satuan: "%" untuk Persentase, "Indeks" untuk Indeks, satuan hitung untuk Jumlah'),
  kinerja: z.enum(['strategis', 'taktikal_intermediate', 'taktikal_immediate', 'operasional']).nullish(),
  formula: z.string().trim().nullish().describe('Formula (pembilang / penyebut x 100%), atau null'),
  polarity: z.enum(['naik', 'turun']).nullish(),
  note,
});

const term = z.object({ symbol: text, name: text });

const formulaItem = z.object({
  formula: text.describe('Formula, mis. "(a / b) x 100%"'),
  terms: z.array(term).nullish().describe('Arti tiap simbol dalam formula'),
  note,
});

const planningItem = z.object({
  component: z.enum([
    'tujuan',
    'sasaran_skpd',
    'sasaran_program',
    'sasaran_kegiatan',
    'sasaran_sub_kegiatan',
  ]),
  pk: z.enum(['JPT', 'Administrator', 'Pengawas', 'JF', 'JP']).nullish(),
  program: z.string().trim().nullish().describe('Kode program dari daftar kandidat, atau null'),
  kegiatan: z.string().trim().nullish().describe('Kode kegiatan dari daftar kandidat, atau null'),
  subKegiatan: z.string().trim().nullish().describe('Kode sub kegiatan dari daftar kandidat, atau null'),
  note,
});

const targetItem = z.object({
  targets: z
    .array(z.object({ year: z.number().int(), value: z.union([z.number(), text]) }))
    .min(1)
    .describe('Satu target per tahun'),
  note,
});

export const ITEM_SCHEMAS = {
  outcome: statementItem,
  problem_to_condition: z.object({
    problem: text.describe('Masalah seperti ditulis pengguna'),
    statement: text.describe('Kondisi yang menjawab masalah itu'),
    note,
  }),
  csf: z.object({
    statement: text.describe('Kondisi (CSF) dalam bahasa kondisi'),
    problem: z.string().trim().nullish().describe('Masalah yang dijawab CSF ini, atau null'),
    note,
  }),
  decompose: statementItem,
  indicators: indicatorItem,
  formula: formulaItem,
  planning: planningItem,
  targets: targetItem,
} as const satisfies Record<DraftTask, z.ZodType>;

export type ItemOf<T extends DraftTask> = z.infer<(typeof ITEM_SCHEMAS)[T]>;

/** The answer envelope of a task: `{ suggestions: [...] }`. */
export function answerSchema(task: DraftTask) {
  return z.object({ suggestions: z.array(ITEM_SCHEMAS[task]) });
}

const DROP_KEYS = new Set(['$schema', 'minLength', 'maxLength', 'minItems', 'maxItems', 'pattern', 'format']);

/** Strict-mode shape (OpenAI structured outputs): every property required, no extra properties. */
function strictify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictify);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROP_KEYS.has(key)) continue;
    out[key] = strictify(value);
  }
  if (out.type === 'object' && out.properties && typeof out.properties === 'object') {
    out.required = Object.keys(out.properties);
    out.additionalProperties = false;
  }
  return out;
}

/** The JSON Schema sent to the model for a task (plain object, so LangChain never re-parses with zod). */
export function answerJsonSchema(task: DraftTask): Record<string, unknown> {
  const schema = strictify(z.toJSONSchema(answerSchema(task), { io: 'input' })) as Record<string, unknown>;
  return { title: `pokin_${task}`, description: `Usulan Pokin untuk tugas ${task}`, ...schema };
}

export type ParsedAnswer<T extends DraftTask = DraftTask> =
  | { ok: true; items: ItemOf<T>[]; rejected: number }
  | { ok: false; reason: 'empty' | 'schema'; detail: string };

/**
 * Validates a model answer for a task. Items are checked one by one: a malformed item is dropped, the
 * rest are kept; the answer fails only when it is not an envelope, or no item is valid.
 */
export function parseAnswer<T extends DraftTask>(task: T, data: unknown): ParsedAnswer<T> {
  const list = Array.isArray(data)
    ? data
    : data && typeof data === 'object' && 'suggestions' in data
      ? (data as { suggestions: unknown }).suggestions
      : undefined;
  if (list === undefined)
    return { ok: false, reason: 'schema', detail: 'the answer has no "suggestions" array' };
  if (!Array.isArray(list)) return { ok: false, reason: 'schema', detail: '"suggestions" is not an array' };
  if (list.length === 0) return { ok: false, reason: 'empty', detail: 'no suggestions' };
  const items: ItemOf<T>[] = [];
  let firstIssue = '';
  for (const raw of list) {
    const parsed = ITEM_SCHEMAS[task].safeParse(raw);
    if (parsed.success) items.push(parsed.data as ItemOf<T>);
    else if (!firstIssue) {
      const issue = parsed.error.issues[0];
      firstIssue = issue ? `${issue.path.join('.') || '(item)'}: ${issue.message}` : 'invalid item';
    }
  }
  if (items.length === 0) return { ok: false, reason: 'schema', detail: firstIssue };
  return { ok: true, items, rejected: list.length - items.length };
}
