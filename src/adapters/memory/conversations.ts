/** In-memory conversation store with compare-and-swap on the row version (the twin of the drizzle one). */
import { err, ok } from '../../core/result.ts';
import { type Clock, systemClock } from '../../ports/clock.ts';
import type { ConversationKey, ConversationStore, StoredConversation } from '../../ports/repository.ts';

export function conversationKeyString(key: ConversationKey): string {
  return JSON.stringify([key.platform, key.chatId, key.threadId ?? '']);
}

export function createMemoryConversationStore(options: { clock?: Clock } = {}): ConversationStore {
  const clock = options.clock ?? systemClock;
  const rows = new Map<string, StoredConversation>();
  return {
    async load<S>(key: ConversationKey) {
      const row = rows.get(conversationKeyString(key));
      return row ? (structuredClone(row) as StoredConversation<S>) : null;
    },
    async save<S>(key: ConversationKey, expectedVersion: number, flowVersion: number, state: S) {
      const k = conversationKeyString(key);
      const actualVersion = rows.get(k)?.version ?? 0;
      if (actualVersion !== expectedVersion) return err({ kind: 'conflict', expectedVersion, actualVersion });
      const row: StoredConversation<S> = {
        key: { platform: key.platform, chatId: key.chatId, threadId: key.threadId },
        version: expectedVersion + 1,
        flowVersion,
        state: structuredClone(state),
        updatedAt: clock.now(),
      };
      rows.set(k, row);
      return ok(structuredClone(row));
    },
  };
}
