/**
 * The LLM usage store contract: every call recorded once, totals per conversation (threads apart) and per
 * tree, failed calls counted. Run against the in-memory twin, PGlite and a real PostgreSQL server.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LlmCallRecord, LlmUsageStore } from '../../src/ports/usage.ts';

export interface UsageImplementation {
  name: string;
  open(): Promise<{ store: LlmUsageStore; close(): Promise<void> }>;
}

const chat = { platform: 'telegram' as const, chatId: '-100777' };
const call = (over: Partial<LlmCallRecord>): LlmCallRecord => ({
  at: new Date('2026-01-05T08:00:00Z'),
  task: 'decompose',
  model: 'gpt-4o-mini',
  outcome: 'ok',
  tokensIn: 1200,
  tokensOut: 80,
  latencyMs: 900,
  ...over,
});

export function usageContract(impl: UsageImplementation): void {
  describe(`LLM usage store (${impl.name})`, () => {
    let opened: Awaited<ReturnType<UsageImplementation['open']>>;
    beforeEach(async () => {
      opened = await impl.open();
    });
    afterEach(async () => {
      await opened.close();
    });

    it('sums calls, failures, tokens and latency per conversation, keeping threads apart', async () => {
      const { store } = opened;
      await store.record(call({ conversation: chat, treeId: 'bal' }));
      await store.record(
        call({
          conversation: chat,
          treeId: 'bal',
          outcome: 'timeout',
          tokensIn: 0,
          tokensOut: 0,
          latencyMs: 30_000,
        }),
      );
      await store.record(
        call({
          conversation: { ...chat, threadId: '55' },
          treeId: 'bal',
          tokensIn: 10,
          tokensOut: 1,
          latencyMs: 5,
        }),
      );
      await store.record(call({ conversation: { platform: 'slack', chatId: '-100777' }, treeId: 'other' }));
      expect(await store.totalsForConversation(chat)).toEqual({
        calls: 2,
        failed: 1,
        tokensIn: 1200,
        tokensOut: 80,
        latencyMs: 30_900,
      });
      expect(await store.totalsForConversation({ ...chat, threadId: '55' })).toMatchObject({
        calls: 1,
        tokensIn: 10,
      });
      expect(await store.totalsForTree('bal')).toMatchObject({
        calls: 3,
        failed: 1,
        tokensIn: 1210,
        tokensOut: 81,
      });
    });

    it('answers zeros for a conversation or tree without calls, and records calls made outside a chat', async () => {
      const { store } = opened;
      await store.record(call({ detail: 'bench' }));
      expect(await store.totalsForConversation(chat)).toEqual({
        calls: 0,
        failed: 0,
        tokensIn: 0,
        tokensOut: 0,
        latencyMs: 0,
      });
      expect(await store.totalsForTree('bal')).toMatchObject({ calls: 0 });
    });
  });
}
