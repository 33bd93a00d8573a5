/**
 * The LangChain drafter: asks a chat model (ChatOpenAI against any OpenAI-compatible server, or a fake in
 * tests) for structured suggestions, validates them again with zod, checks each one with the rules,
 * sends the failing ones back with the findings (up to `repairRounds` times), repairs or drops what still
 * fails, and answers only passing suggestions. Any fault ends in the offline drafter's suggestions with a
 * fallback code; `draft` never throws and never waits longer than its deadline.
 */
import { performance } from 'node:perf_hooks';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import type { Indicator, Planning } from '../../core/tree/schema.ts';
import { type Clock, systemClock } from '../../ports/clock.ts';
import type { Drafter, DraftRequest, DraftResponse, DraftUsage, Suggestion } from '../../ports/drafter.ts';
import type { LlmUsageStore } from '../../ports/usage.ts';
import { checkSuggestion, repairFeedback, repairSuggestion } from './checks.ts';
import { classifyError, type Fault, type FaultCode, fallbackMessage } from './faults.ts';
import { findInjection, loadPrompts, type PromptSet, personTexts, renderPrompt } from './prompts.ts';
import { answerJsonSchema, type ItemOf, parseAnswer } from './schemas.ts';

export type StructuredMethod = 'json_schema' | 'function_calling' | 'json_mode';
export type Log = (event: string, detail: Record<string, unknown>) => void;

/** What the LangChain drafter needs; every limit has a default that fits the app's drafter timeout. */
export interface LangChainDrafterOptions {
  model: BaseChatModel;
  /** The model's name, for `source` ("langchain:<name>") and the usage records. */
  modelName: string;
  /** How structured output is requested (default json_schema; local servers may need another). */
  method?: StructuredMethod | undefined;
  /** Answers whenever the model cannot (the offline drafter). */
  fallback: Drafter;
  usage?: LlmUsageStore | undefined;
  log?: Log | undefined;
  /**
   * How long a person waits for the model's suggestions, over every call, retry and repair round of one
   * draft (default 15 s, inside the app's own drafter timeout). A first answer that does not come in time
   * ends in the offline suggestions; a repair round that does not keeps what already passed.
   */
  timeoutMs?: number | undefined;
  /** Further attempts after a 429, a 5xx or a dropped connection (default 2). */
  retries?: number | undefined;
  /** First back-off delay; doubles per attempt; a longer Retry-After wins (default 500 ms). */
  retryBaseMs?: number | undefined;
  /** A Retry-After longer than this is not waited for: the offline drafter answers (default 5 s). */
  maxRetryDelayMs?: number | undefined;
  /** Rounds that send failing suggestions back to the model with the findings (default 2). */
  repairRounds?: number | undefined;
  /** Hard upper bound for one `draft` call, whatever hangs (default `timeoutMs` + 2 s). */
  deadlineMs?: number | undefined;
  prompts?: PromptSet | undefined;
  clock?: Clock | undefined;
}

const METHOD = {
  json_schema: 'jsonSchema',
  function_calling: 'functionCalling',
  json_mode: 'jsonMode',
} as const;

type Ask =
  | { ok: true; data: unknown; tokensIn: number; tokensOut: number }
  | { ok: false; fault: Fault; tokensIn: number; tokensOut: number };

type Judged<T> = { ok: true; value: T } | { ok: false; fault: Fault };
/** Judges a well-formed answer (schema, topic) before the call is accounted, so its outcome says why. */
type Judge<T> = (data: unknown) => Judged<T>;

class Deadline extends Error {
  override name = 'DeadlineError';
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/** Text of an AI message's content (a string, or text parts). */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map((p) =>
        typeof p === 'string' ? p : p && typeof p === 'object' && 'text' in p ? String(p.text) : '',
      )
      .join('');
  return '';
}

/** Reads the JSON a model wrote as text: tolerates a ```json fence; prose without any JSON is off topic. */
function readJsonText(text: string): { ok: true; data: unknown } | { ok: false; fault: Fault } {
  const trimmed = text.trim();
  if (!trimmed)
    return { ok: false, fault: { code: 'empty_answer', detail: 'empty content', retryable: false } };
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(trimmed);
  const body = fenced ? (fenced[1] ?? '') : trimmed;
  try {
    return { ok: true, data: JSON.parse(body) };
  } catch (e) {
    if (!/[{[]/.test(body))
      return { ok: false, fault: { code: 'off_topic', detail: 'prose instead of JSON', retryable: false } };
    return {
      ok: false,
      fault: { code: 'invalid_json', detail: String((e as Error).message).slice(0, 120), retryable: false },
    };
  }
}

/** What a structured-output runnable returned: `{ raw, parsed }` (ChatOpenAI) or the parsed value (fakes). */
function readOutput(out: unknown): Ask {
  const none = { tokensIn: 0, tokensOut: 0 };
  if (out && typeof out === 'object' && 'raw' in out && AIMessage.isInstance((out as { raw: unknown }).raw)) {
    const raw = (out as { raw: AIMessage }).raw;
    const tokens = {
      tokensIn: raw.usage_metadata?.input_tokens ?? 0,
      tokensOut: raw.usage_metadata?.output_tokens ?? 0,
    };
    const call = raw.tool_calls?.[0];
    if (call) return { ok: true, data: call.args, ...tokens };
    if (raw.invalid_tool_calls?.length)
      return {
        ok: false,
        fault: { code: 'invalid_json', detail: 'tool call arguments are not JSON', retryable: false },
        ...tokens,
      };
    const read = readJsonText(contentText(raw.content));
    return read.ok ? { ok: true, data: read.data, ...tokens } : { ok: false, fault: read.fault, ...tokens };
  }
  if (out === null || out === undefined)
    return { ok: false, fault: { code: 'empty_answer', detail: 'no output', retryable: false }, ...none };
  return { ok: true, data: out, ...none };
}

const STOP = new Set(
  'yang dan atau dengan untuk dari pada dalam oleh serta secara sesuai terhadap bagi akan agar'.split(' '),
);

/** Word stems (first five letters of words of four or more letters) of a text, for the topic check. */
function stems(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (w.length < 4 || STOP.has(w)) continue;
    out.add(w.slice(0, 5));
  }
  return out;
}

/** A statement answer that shares no word with anything the person wrote is not about their tree. */
function offTopic(request: DraftRequest, suggestions: Suggestion[]): boolean {
  // Indicators and formulas legitimately bring new words (SPBE, KAMI, a unit): only conditions are judged.
  if (!['outcome', 'problem_to_condition', 'csf', 'decompose'].includes(request.task)) return false;
  const context = new Set(personTexts(request).flatMap((t) => [...stems(t)]));
  if (context.size === 0) return false;
  // The first word is the condition/measure word: it says nothing about the topic.
  const own = (s: Suggestion) => (s.statement ?? '').split(/\s+/).slice(1).join(' ');
  return !suggestions.some((s) => [...stems(own(s))].some((w) => context.has(w)));
}

function toSuggestions(request: DraftRequest, items: unknown[]): Suggestion[] {
  const note = (n: string | null | undefined) => (n ? { note: n } : {});
  switch (request.task) {
    case 'outcome':
    case 'decompose':
      return (items as ItemOf<'outcome'>[]).map((i) => ({ statement: i.statement, ...note(i.note) }));
    case 'problem_to_condition':
      return (items as ItemOf<'problem_to_condition'>[]).map((i) => ({
        statement: i.statement,
        problem: i.problem,
        ...note(i.note),
      }));
    case 'csf':
      return (items as ItemOf<'csf'>[]).map((i) => ({
        statement: i.statement,
        ...(i.problem ? { problem: i.problem } : {}),
        ...note(i.note),
      }));
    case 'indicators':
      return (items as ItemOf<'indicators'>[]).map((i) => {
        const indicator: Indicator = { name: i.name, unit: i.unit };
        if (i.kinerja) indicator.kinerja = i.kinerja;
        if (i.formula) indicator.formula = i.formula;
        if (i.polarity) indicator.polarity = i.polarity;
        return { indicator, ...note(i.note) };
      });
    case 'formula':
      return (items as ItemOf<'formula'>[]).map((i) => ({
        indicator: {
          ...request.indicator,
          formula: i.formula,
          ...(i.terms?.length ? { terms: i.terms } : {}),
        } as Indicator,
        ...note(i.note),
      }));
    case 'planning': {
      const byCode = new Map(request.candidates.map((c) => [c.code.replace(/\s+/g, ''), c]));
      const ref = (code: string | null | undefined) => {
        if (!code) return undefined;
        const entry = byCode.get(code.replace(/\s+/g, ''));
        return { code, name: entry?.name ?? code };
      };
      return (items as ItemOf<'planning'>[]).map((i) => {
        const planning: Planning = { component: i.component };
        if (i.pk) planning.pk = i.pk;
        const program = ref(i.program);
        const kegiatan = ref(i.kegiatan);
        const subKegiatan = ref(i.subKegiatan);
        if (program) planning.program = program;
        if (kegiatan) planning.kegiatan = kegiatan;
        if (subKegiatan) planning.subKegiatan = subKegiatan;
        return { planning, ...note(i.note) };
      });
    }
    case 'targets':
      return (items as ItemOf<'targets'>[]).map((i) => ({
        targets: Object.fromEntries(i.targets.map((t) => [String(t.year), t.value])),
        ...note(i.note),
      }));
  }
}

/** The LangChain drafter (see the module comment). */
export function createLangChainDrafter(options: LangChainDrafterOptions): Drafter {
  const method = options.method ?? 'json_schema';
  const timeoutMs = options.timeoutMs ?? 15_000;
  const retries = options.retries ?? 2;
  const retryBaseMs = options.retryBaseMs ?? 500;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 5_000;
  const repairRounds = options.repairRounds ?? 2;
  const deadlineMs = options.deadlineMs ?? timeoutMs + 2_000;
  const prompts = options.prompts ?? loadPrompts();
  const clock = options.clock ?? systemClock;
  const log: Log = options.log ?? (() => {});
  const name = `langchain:${options.modelName}`;

  async function record(
    request: DraftRequest,
    outcome: string,
    stat: { tokensIn: number; tokensOut: number; latencyMs: number },
    detail: string,
  ): Promise<void> {
    if (!options.usage) return;
    try {
      await options.usage.record({
        at: clock.now(),
        conversation: request.scope?.conversation,
        treeId: request.scope?.treeId,
        task: request.task,
        model: options.modelName,
        outcome,
        tokensIn: stat.tokensIn,
        tokensOut: stat.tokensOut,
        latencyMs: Math.round(stat.latencyMs),
        detail,
      });
    } catch (cause) {
      log('llm.usage_record_failed', { task: request.task, cause });
    }
  }

  /** One model call with timeout and bounded retries; every attempt is accounted. */
  async function ask<T>(
    request: DraftRequest,
    messages: BaseMessage[],
    usage: DraftUsage,
    signal: AbortSignal,
    detail: string,
    judge: Judge<T>,
    deadlineAt: number,
  ): Promise<Judged<T>> {
    const schema = answerJsonSchema(request.task);
    const runnable = options.model.withStructuredOutput(schema, {
      name: `pokin_${request.task}`,
      method: METHOD[method],
      includeRaw: true,
      ...(method === 'json_mode' ? {} : { strict: method === 'json_schema' ? true : undefined }),
    });
    for (let attempt = 0; ; attempt++) {
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(
        () => {
          timedOut = true;
          controller.abort(new Error('timeout'));
        },
        Math.max(1, deadlineAt - performance.now()),
      );
      const onAbort = () => controller.abort(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      const started = performance.now();
      let result: Ask;
      try {
        const aborted = new Promise<never>((_, reject) => {
          controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
        });
        const out = await Promise.race([runnable.invoke(messages, { signal: controller.signal }), aborted]);
        result = readOutput(out);
      } catch (error) {
        const fault: Fault = timedOut
          ? { code: 'timeout', detail: `no answer within ${timeoutMs} ms`, retryable: false }
          : signal.aborted
            ? { code: 'cancelled', detail: 'cancelled', retryable: false }
            : classifyError(error);
        result = { ok: false, fault, tokensIn: 0, tokensOut: 0 };
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      }
      const latencyMs = performance.now() - started;
      const judged: Judged<T> = result.ok ? judge(result.data) : result;
      usage.calls++;
      usage.tokensIn += result.tokensIn;
      usage.tokensOut += result.tokensOut;
      usage.latencyMs += Math.round(latencyMs);
      const outcome = judged.ok ? 'ok' : judged.fault.code;
      await record(
        request,
        outcome,
        { ...result, latencyMs },
        judged.ok ? detail : `${detail}; ${judged.fault.detail}`,
      );
      if (judged.ok || !judged.fault.retryable || attempt >= retries || signal.aborted) return judged;
      const wait = Math.max(judged.fault.retryAfterMs ?? 0, retryBaseMs * 2 ** attempt);
      if ((judged.fault.retryAfterMs ?? 0) > maxRetryDelayMs) return judged;
      // Waiting would leave no time for the answer: give up now rather than at the deadline.
      if (performance.now() + Math.min(wait, maxRetryDelayMs) >= deadlineAt) return judged;
      log('llm.retry', { task: request.task, code: judged.fault.code, attempt: attempt + 1, waitMs: wait });
      await sleep(Math.min(wait, maxRetryDelayMs), signal);
    }
  }

  async function fallback(
    request: DraftRequest,
    code: FaultCode,
    detail: string,
    usage: DraftUsage,
    signal?: AbortSignal,
  ): Promise<DraftResponse> {
    log('llm.fallback', {
      task: request.task,
      code,
      detail: code === 'prompt_injection' ? 'matched' : detail,
    });
    const params = { detail, seconds: Math.round(timeoutMs / 1000) };
    let offline: DraftResponse;
    try {
      offline = await options.fallback.draft(request, signal);
    } catch (cause) {
      log('llm.offline_failed', { task: request.task, cause });
      offline = { suggestions: [], source: options.fallback.name };
    }
    return {
      ...offline,
      usage: usage.calls > 0 ? usage : offline.usage,
      fallback: { code, detail, message: fallbackMessage(code, params) },
    };
  }

  async function run(request: DraftRequest, usage: DraftUsage, signal: AbortSignal): Promise<DraftResponse> {
    const deadlineAt = performance.now() + timeoutMs;
    const injected = findInjection(request);
    if (injected) return fallback(request, 'prompt_injection', injected, usage, signal);

    const rendered = renderPrompt(
      prompts,
      request,
      method === 'json_mode' ? answerJsonSchema(request.task) : undefined,
    );
    const history: BaseMessage[] = [new SystemMessage(rendered.system), new HumanMessage(rendered.user)];
    const judge =
      (checkTopic: boolean): Judge<{ data: unknown; candidates: Suggestion[] }> =>
      (data) => {
        const parsed = parseAnswer(request.task, data);
        if (!parsed.ok) {
          const code = parsed.reason === 'empty' ? 'empty_answer' : 'schema_violation';
          return { ok: false, fault: { code, detail: parsed.detail, retryable: false } };
        }
        const candidates = toSuggestions(request, parsed.items);
        if (checkTopic && offTopic(request, candidates))
          return {
            ok: false,
            fault: { code: 'off_topic', detail: 'no word of the request', retryable: false },
          };
        return { ok: true, value: { data, candidates } };
      };
    const first = await ask(
      request,
      history,
      usage,
      signal,
      `${rendered.version} round 0`,
      judge(true),
      deadlineAt,
    );
    if (!first.ok) return fallback(request, first.fault.code, first.fault.detail, usage, signal);
    let candidates = first.value.candidates;

    const accepted: Suggestion[] = [];
    let failing: Array<{ suggestion: Suggestion; findings: ReturnType<typeof checkSuggestion> }> = [];
    let answer: unknown = first.value.data;
    for (let round = 0; ; round++) {
      failing = [];
      for (const suggestion of candidates) {
        const findings = checkSuggestion(request, suggestion, accepted);
        if (findings.some((f) => f.severity === 'error')) failing.push({ suggestion, findings });
        else accepted.push(withWarnings(suggestion, findings));
      }
      if (failing.length === 0 || round >= repairRounds) break;
      history.push(new AIMessage(JSON.stringify(answer)), new HumanMessage(repairFeedback(failing)));
      const detail = `${rendered.version} round ${round + 1}`;
      if (performance.now() >= deadlineAt) break;
      const next = await ask(request, history, usage, signal, detail, judge(false), deadlineAt);
      if (!next.ok) break;
      answer = next.value.data;
      candidates = next.value.candidates;
    }

    for (const { suggestion, findings } of failing) {
      const repaired = repairSuggestion(suggestion, findings);
      if (!repaired) continue;
      const after = checkSuggestion(request, repaired.suggestion, accepted);
      if (after.some((f) => f.severity === 'error')) continue;
      accepted.push({ ...withWarnings(repaired.suggestion, after), repaired: repaired.rules });
    }
    if (accepted.length === 0)
      return fallback(
        request,
        'no_passing_suggestion',
        `${failing.length} failing after ${repairRounds} round(s)`,
        usage,
        signal,
      );
    return { suggestions: accepted, source: name, usage };
  }

  return {
    name,
    async draft(request, signal) {
      const usage: DraftUsage = { calls: 0, tokensIn: 0, tokensOut: 0, latencyMs: 0 };
      if (signal?.aborted) return fallback(request, 'cancelled', 'cancelled before the call', usage, signal);
      const controller = new AbortController();
      const onAbort = () => controller.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Deadline(`no answer within ${deadlineMs} ms`)), deadlineMs);
      });
      try {
        return await Promise.race([run(request, usage, controller.signal), deadline]);
      } catch (error) {
        controller.abort();
        if (error instanceof Deadline) return fallback(request, 'timeout', error.message, { ...usage });
        log('llm.draft_failed', { task: request.task, cause: error });
        return fallback(request, 'internal', String((error as Error)?.message ?? error).slice(0, 200), {
          ...usage,
        });
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

function withWarnings(s: Suggestion, findings: ReturnType<typeof checkSuggestion>): Suggestion {
  const warnings = findings.filter((f) => f.severity === 'warning');
  return warnings.length > 0 ? { ...s, warnings } : s;
}
