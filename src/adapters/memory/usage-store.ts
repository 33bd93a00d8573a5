/** The in-memory twin of the LLM usage store (tests, the bench, a run without a database). */
import type { ConversationKey } from '../../ports/repository.ts';
import {
  emptyUsageTotals,
  type LlmCallRecord,
  type LlmUsageStore,
  type LlmUsageTotals,
} from '../../ports/usage.ts';

/** The in-memory store also exposes its records, for tests and the bench. */
export interface MemoryUsageStore extends LlmUsageStore {
  /** Every recorded call, oldest first. */
  readonly calls: readonly LlmCallRecord[];
}

const sameConversation = (a: ConversationKey | undefined, b: ConversationKey): boolean =>
  !!a && a.platform === b.platform && a.chatId === b.chatId && (a.threadId ?? '') === (b.threadId ?? '');

function total(calls: readonly LlmCallRecord[]): LlmUsageTotals {
  const sum = emptyUsageTotals();
  for (const c of calls) {
    sum.calls++;
    if (c.outcome !== 'ok') sum.failed++;
    sum.tokensIn += c.tokensIn;
    sum.tokensOut += c.tokensOut;
    sum.latencyMs += c.latencyMs;
  }
  return sum;
}

/** An empty in-memory usage store. */
export function createMemoryUsageStore(): MemoryUsageStore {
  const calls: LlmCallRecord[] = [];
  return {
    calls,
    async record(call) {
      calls.push({ ...call });
    },
    async totalsForConversation(conversation) {
      return total(calls.filter((c) => sameConversation(c.conversation, conversation)));
    },
    async totalsForTree(treeId) {
      return total(calls.filter((c) => c.treeId === treeId));
    },
  };
}
