/**
 * The LLM configuration from the environment: any OpenAI-compatible server (OpenAI, Azure OpenAI, vLLM,
 * Ollama, LM Studio). Unset key and base URL → no LLM (the offline drafter answers). The key is only ever
 * handed to the client; it is never logged or echoed.
 */
import { ChatOpenAI } from '@langchain/openai';
import { err, ok, type Result } from '../../core/result.ts';
import type { StructuredMethod } from './drafter.ts';

type Env = Record<string, string | undefined>;

export interface LlmConfig {
  apiKey: string;
  baseURL?: string | undefined;
  model: string;
  method: StructuredMethod;
  timeoutMs: number;
  retries: number;
  repairRounds: number;
}

const METHODS: readonly StructuredMethod[] = ['json_schema', 'function_calling', 'json_mode'];
export const DEFAULT_MODEL = 'gpt-4o-mini';

function integer(env: Env, name: string, fallback: number, min: number, max: number): Result<number, string> {
  const raw = env[name]?.trim();
  if (!raw) return ok(fallback);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    return err(`${name} must be a whole number from ${min} to ${max}`);
  return ok(n);
}

/** The LLM part of the configuration; undefined when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set. */
export function llmConfigFromEnv(env: Env): Result<LlmConfig | undefined, string> {
  const apiKey = env.OPENAI_API_KEY?.trim();
  const baseURL = env.OPENAI_BASE_URL?.trim() || undefined;
  if (!apiKey && !baseURL) return ok(undefined);
  if (baseURL) {
    try {
      const url = new URL(baseURL);
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return err('OPENAI_BASE_URL must be an http(s) URL');
    } catch {
      return err('OPENAI_BASE_URL is not a URL');
    }
  }
  const method = (env.POKIN_LLM_METHOD?.trim() || 'json_schema') as StructuredMethod;
  if (!METHODS.includes(method)) return err(`POKIN_LLM_METHOD must be one of ${METHODS.join(', ')}`);
  const timeoutMs = integer(env, 'POKIN_LLM_TIMEOUT_MS', 15_000, 100, 600_000);
  if (!timeoutMs.ok) return timeoutMs;
  const retries = integer(env, 'POKIN_LLM_RETRIES', 2, 0, 5);
  if (!retries.ok) return retries;
  const repairRounds = integer(env, 'POKIN_LLM_REPAIR_ROUNDS', 2, 0, 3);
  if (!repairRounds.ok) return repairRounds;
  return ok({
    // Local servers (Ollama, LM Studio, vLLM) accept any key; the client insists on one.
    apiKey: apiKey || 'not-needed',
    baseURL,
    model: env.POKIN_LLM_MODEL?.trim() || DEFAULT_MODEL,
    method,
    timeoutMs: timeoutMs.value,
    retries: retries.value,
    repairRounds: repairRounds.value,
  });
}

/** The ChatOpenAI client for a configuration. Retries and timeouts are the drafter's, so the client's are off. */
export function createChatModel(config: LlmConfig): ChatOpenAI {
  return new ChatOpenAI({
    model: config.model,
    apiKey: config.apiKey,
    maxRetries: 0,
    timeout: config.timeoutMs,
    useResponsesApi: false,
    ...(config.baseURL ? { configuration: { baseURL: config.baseURL } } : {}),
  });
}

/** The configuration as safe to log: everything but the key. */
export function describeConfig(config: LlmConfig): Record<string, unknown> {
  return {
    model: config.model,
    baseURL: config.baseURL ?? 'https://api.openai.com/v1',
    method: config.method,
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    repairRounds: config.repairRounds,
    apiKey: config.apiKey === 'not-needed' ? 'unset' : 'set',
  };
}
