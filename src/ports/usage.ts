/**
 * Accounting of LLM calls: every call the LangChain drafter makes (including retries and repair rounds)
 * is recorded once, with tokens and latency, so `/status` can show totals per conversation and per tree.
 */
import type { ConversationKey } from './repository.ts';

/** How one call ended: "ok", or the fault code the drafter fell back with (see the drafter's messages). */
export type LlmCallOutcome = 'ok' | (string & {});

/** One model call: one HTTP attempt, retries and repair rounds each counting once. */
export interface LlmCallRecord {
  at: Date;
  /** The conversation the call was made for; absent when drafting outside a chat (bench, CLI). */
  conversation?: ConversationKey | undefined;
  treeId?: string | undefined;
  /** The drafting task ("outcome", "decompose", …). */
  task: string;
  model: string;
  outcome: LlmCallOutcome;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
  /** Short non-secret context: prompt version, repair round, fault detail. */
  detail?: string | undefined;
}

export interface LlmUsageTotals {
  calls: number;
  /** Calls that did not end "ok" (timeouts, 429s, invalid answers…). */
  failed: number;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
}

/** Where LLM calls are recorded and summed (in memory, or the `llm_usage` table). */
export interface LlmUsageStore {
  record(call: LlmCallRecord): Promise<void>;
  totalsForConversation(conversation: ConversationKey): Promise<LlmUsageTotals>;
  totalsForTree(treeId: string): Promise<LlmUsageTotals>;
}

export const emptyUsageTotals = (): LlmUsageTotals => ({
  calls: 0,
  failed: 0,
  tokensIn: 0,
  tokensOut: 0,
  latencyMs: 0,
});
