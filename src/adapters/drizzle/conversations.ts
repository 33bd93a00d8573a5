/**
 * Conversation state over drizzle: one row per (platform, chat, thread), saved with compare-and-swap on
 * `version` so two processes (or a retried delivery) never overwrite each other's step silently.
 */
import { and, eq } from 'drizzle-orm';
import { conversations } from '../../../db/schema.ts';
import { err, ok } from '../../core/result.ts';
import { type Clock, systemClock } from '../../ports/clock.ts';
import type {
  ConversationKey,
  ConversationStore,
  Platform,
  StoredConversation,
} from '../../ports/repository.ts';
import type { PokinDb } from './db.ts';

type Row = typeof conversations.$inferSelect;

function toStored<S>(row: Row): StoredConversation<S> {
  return {
    key: {
      platform: row.platform as Platform,
      chatId: row.chatId,
      threadId: row.threadId === '' ? undefined : row.threadId,
    },
    version: row.version,
    flowVersion: row.flowVersion,
    state: row.state as S,
    updatedAt: row.updatedAt,
  };
}

export function createDrizzleConversationStore(
  db: PokinDb,
  options: { clock?: Clock } = {},
): ConversationStore {
  const clock = options.clock ?? systemClock;
  const where = (key: ConversationKey) =>
    and(
      eq(conversations.platform, key.platform),
      eq(conversations.chatId, key.chatId),
      eq(conversations.threadId, key.threadId ?? ''),
    );
  const currentVersion = async (key: ConversationKey) => {
    const [row] = await db.select({ version: conversations.version }).from(conversations).where(where(key));
    return row?.version ?? 0;
  };

  return {
    async load<S>(key: ConversationKey) {
      const [row] = await db.select().from(conversations).where(where(key));
      return row ? toStored<S>(row) : null;
    },

    async save<S>(key: ConversationKey, expectedVersion: number, flowVersion: number, state: S) {
      const updatedAt = clock.now();
      const rows =
        expectedVersion === 0
          ? await db
              .insert(conversations)
              .values({
                platform: key.platform,
                chatId: key.chatId,
                threadId: key.threadId ?? '',
                version: 1,
                flowVersion,
                state,
                updatedAt,
              })
              .onConflictDoNothing()
              .returning()
          : await db
              .update(conversations)
              .set({ version: expectedVersion + 1, flowVersion, state, updatedAt })
              .where(and(where(key), eq(conversations.version, expectedVersion)))
              .returning();
      const [row] = rows;
      if (!row) return err({ kind: 'conflict', expectedVersion, actualVersion: await currentVersion(key) });
      return ok(toStored<S>(row));
    },
  };
}
