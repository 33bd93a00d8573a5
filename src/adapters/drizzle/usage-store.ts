/** LLM usage over drizzle (table `llm_usage`): one row per model call, totals summed by the database. */
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { llmUsage } from '../../../db/schema.ts';
import type { LlmUsageStore, LlmUsageTotals } from '../../ports/usage.ts';
import type { PokinDb } from './db.ts';

/** The usage store over the `llm_usage` table of a PGlite or PostgreSQL database. */
export function createDrizzleUsageStore(db: PokinDb): LlmUsageStore {
  async function totals(where: SQL | undefined): Promise<LlmUsageTotals> {
    const [row] = await db
      .select({
        calls: sql<string>`count(*)`,
        failed: sql<string>`count(*) filter (where ${llmUsage.outcome} <> 'ok')`,
        tokensIn: sql<string>`coalesce(sum(${llmUsage.tokensIn}), 0)`,
        tokensOut: sql<string>`coalesce(sum(${llmUsage.tokensOut}), 0)`,
        latencyMs: sql<string>`coalesce(sum(${llmUsage.latencyMs}), 0)`,
      })
      .from(llmUsage)
      .where(where);
    return {
      calls: Number(row?.calls ?? 0),
      failed: Number(row?.failed ?? 0),
      tokensIn: Number(row?.tokensIn ?? 0),
      tokensOut: Number(row?.tokensOut ?? 0),
      latencyMs: Number(row?.latencyMs ?? 0),
    };
  }

  return {
    async record(call) {
      await db.insert(llmUsage).values({
        id: randomUUID(),
        at: call.at,
        platform: call.conversation?.platform ?? null,
        chatId: call.conversation?.chatId ?? null,
        threadId: call.conversation?.threadId ?? null,
        treeId: call.treeId ?? null,
        task: call.task,
        model: call.model,
        outcome: call.outcome,
        tokensIn: call.tokensIn,
        tokensOut: call.tokensOut,
        latencyMs: call.latencyMs,
        detail: call.detail ?? null,
      });
    },
    totalsForConversation(conversation) {
      return totals(
        and(
          eq(llmUsage.platform, conversation.platform),
          eq(llmUsage.chatId, conversation.chatId),
          conversation.threadId ? eq(llmUsage.threadId, conversation.threadId) : isNull(llmUsage.threadId),
        ),
      );
    },
    totalsForTree(treeId) {
      return totals(eq(llmUsage.treeId, treeId));
    },
  };
}
