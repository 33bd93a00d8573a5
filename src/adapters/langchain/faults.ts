/**
 * What can go wrong with a model call, as closed codes. Each code has an Indonesian/English explanation in
 * data/messages.json ("fallback.<code>") that the conversation shows beside the offline suggestions.
 */
import { message } from './checks.ts';

export const FAULT_CODES = [
  'timeout',
  'rate_limited',
  'server_error',
  'connection',
  'auth',
  'bad_request',
  'invalid_json',
  'schema_violation',
  'empty_answer',
  'off_topic',
  'prompt_injection',
  'no_passing_suggestion',
  'cancelled',
  'internal',
] as const;
export type FaultCode = (typeof FAULT_CODES)[number];

export interface Fault {
  code: FaultCode;
  /** Non-secret detail for logs and the usage record (never the API key, never the person's text). */
  detail: string;
  /** Worth another attempt (429, 5xx, a dropped connection). */
  retryable: boolean;
  /** The server's Retry-After, in ms. */
  retryAfterMs?: number | undefined;
}

/** The explanation of a fallback code, for the conversation (`{detail}` and `{seconds}` filled). */
export function fallbackMessage(
  code: string,
  params: Record<string, string | number> = {},
): { id: string; en: string } {
  try {
    return message(`fallback.${code}`, params);
  } catch {
    return message('fallback.internal', params);
  }
}

function headerOf(error: Record<string, unknown>, name: string): string | undefined {
  const headers = (error.headers ?? (error.response as Record<string, unknown> | undefined)?.headers) as
    | { get?: (n: string) => string | null }
    | Record<string, string>
    | undefined;
  if (!headers) return undefined;
  if (typeof headers.get === 'function') return headers.get(name) ?? undefined;
  const value = (headers as Record<string, string>)[name];
  return typeof value === 'string' ? value : undefined;
}

function retryAfterMs(error: Record<string, unknown>): number | undefined {
  const ms = headerOf(error, 'retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Number(ms);
  const value = headerOf(error, 'retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Error texts may quote a key ("Incorrect API key provided: sk-…") or a URL with credentials. */
export function redact(text: string): string {
  return text
    .replace(/\b(sk|pk|rk)-[A-Za-z0-9_*-]{6,}/g, '$1-…')
    .replace(/\b(Bearer)\s+\S+/gi, '$1 …')
    .replace(/(\w+:\/\/)[^\s/@]+@/g, '$1…@');
}

/** Classifies an error thrown by a model call (the OpenAI client's, LangChain's, or a parser's). */
export function classifyError(error: unknown): Fault {
  const fault = classify(error);
  return { ...fault, detail: redact(fault.detail) };
}

function classify(error: unknown): Fault {
  if (!error || typeof error !== 'object')
    return { code: 'internal', detail: String(error), retryable: false };
  const e = error as Record<string, unknown> & { name?: string; message?: string };
  const name = String(e.name ?? '');
  const text =
    String(e.message ?? '')
      .split('\n')[0]
      ?.slice(0, 200)
      .trim() ?? '';
  const status = typeof e.status === 'number' ? e.status : undefined;
  if (name === 'TimeoutError' || name === 'APIConnectionTimeoutError' || /timed? ?out/i.test(text))
    return { code: 'timeout', detail: text, retryable: false };
  if (status === 429)
    return { code: 'rate_limited', detail: `429 ${text}`, retryable: true, retryAfterMs: retryAfterMs(e) };
  if (status !== undefined && status >= 500)
    return {
      code: 'server_error',
      detail: `${status} ${text}`,
      retryable: true,
      retryAfterMs: retryAfterMs(e),
    };
  if (status === 401 || status === 403 || status === 404)
    return { code: 'auth', detail: `${status} ${text}`, retryable: false };
  if (status !== undefined && status >= 400)
    return { code: 'bad_request', detail: `${status} ${text}`, retryable: false };
  // The client parses json_schema answers itself: prose instead of JSON surfaces as a SyntaxError on a
  // letter ("Unexpected token 'T', "Tentu! Ber"…").
  if (name === 'SyntaxError' && /Unexpected token '\p{L}'/u.test(text))
    return { code: 'off_topic', detail: 'prose instead of JSON', retryable: false };
  if (name === 'SyntaxError' || name === 'OutputParserException' || name === 'LengthFinishReasonError')
    return { code: 'invalid_json', detail: `${name}: ${text}`, retryable: false };
  if (
    name === 'APIConnectionError' ||
    /ECONNREFUSED|ECONNRESET|socket hang up|fetch failed|Connection error/i.test(text)
  )
    return { code: 'connection', detail: text, retryable: true };
  if (name === 'AbortError' || /abort/i.test(text))
    return { code: 'cancelled', detail: text, retryable: false };
  return { code: 'internal', detail: `${name}: ${text}`, retryable: false };
}
