/** In-memory inbound-event log: remembers (platform, update id) pairs to drop duplicate deliveries. */
import type { InboundEventLog, Platform } from '../../ports/repository.ts';

export function createMemoryEventLog(): InboundEventLog {
  const seen = new Set<string>();
  return {
    async firstSeen(platform: Platform, updateId: string) {
      const key = `${platform}\u0000${updateId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    },
  };
}
