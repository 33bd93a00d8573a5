/**
 * Wiring for drafting: the LangChain drafter when an OpenAI-compatible LLM is configured (OPENAI_API_KEY /
 * OPENAI_BASE_URL, POKIN_LLM_MODEL, POKIN_LLM_METHOD, POKIN_LLM_TIMEOUT_MS), otherwise the fallback
 * (offline) drafter. A bad value is logged (never the key) and the offline drafter is used.
 */
import { createChatModel, describeConfig, llmConfigFromEnv } from '../../adapters/langchain/config.ts';
import { createLangChainDrafter, type Log } from '../../adapters/langchain/drafter.ts';
import type { Drafter } from '../../ports/drafter.ts';
import type { LlmUsageStore } from '../../ports/usage.ts';

type Env = Record<string, string | undefined>;

export interface DrafterDeps {
  /** The offline drafter: used when no LLM is configured, and whenever the LLM fails. */
  fallback: Drafter;
  usage?: LlmUsageStore | undefined;
  log?: Log | undefined;
}

/** The drafter for this environment: LangChain over the configured LLM, or `deps.fallback` when none is. */
export function createDrafterFromEnv(env: Env, deps: DrafterDeps): Drafter {
  const log: Log = deps.log ?? (() => {});
  const config = llmConfigFromEnv(env);
  if (!config.ok) {
    log('llm.config_invalid', { reason: config.error, using: deps.fallback.name });
    return deps.fallback;
  }
  if (!config.value) return deps.fallback;
  log('llm.configured', describeConfig(config.value));
  return createLangChainDrafter({
    model: createChatModel(config.value),
    modelName: config.value.model,
    method: config.value.method,
    timeoutMs: config.value.timeoutMs,
    retries: config.value.retries,
    repairRounds: config.value.repairRounds,
    fallback: deps.fallback,
    usage: deps.usage,
    log,
  });
}
