/** Inbound-event log over drizzle: the primary key on (platform, update id) makes the second insert a no-op. */
import { inboundEvents } from '../../../db/schema.ts';
import type { InboundEventLog } from '../../ports/repository.ts';
import type { PokinDb } from './db.ts';

export function createDrizzleEventLog(db: PokinDb): InboundEventLog {
  return {
    async firstSeen(platform, updateId) {
      const inserted = await db
        .insert(inboundEvents)
        .values({ platform, updateId })
        .onConflictDoNothing()
        .returning({ updateId: inboundEvents.updateId });
      return inserted.length > 0;
    },
  };
}
