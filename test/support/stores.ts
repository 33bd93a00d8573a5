/**
 * Every implementation of the store ports, for contract suites: the in-memory twin, PGlite (in memory)
 * and the run's real PostgreSQL server (a fresh database per `open()`). Use in a `describe.each` or a
 * loop: `for (const impl of storeImplementations()) describe(impl.name, () => …)`.
 */
import { createDrizzleConversationStore } from '../../src/adapters/drizzle/conversations.ts';
import { openPglite, openPostgres, type PokinDb } from '../../src/adapters/drizzle/db.ts';
import { createDrizzleEventLog } from '../../src/adapters/drizzle/events.ts';
import { createDrizzleRepository } from '../../src/adapters/drizzle/repository.ts';
import { createMemoryConversationStore } from '../../src/adapters/memory/conversations.ts';
import { createMemoryEventLog } from '../../src/adapters/memory/events.ts';
import { createMemoryRepository } from '../../src/adapters/memory/repository.ts';
import type { Clock } from '../../src/ports/clock.ts';
import type { ConversationStore, InboundEventLog, TreeRepository } from '../../src/ports/repository.ts';
import { createTestDatabase } from './postgres.ts';

export type StoreKind = 'memory' | 'pglite' | 'postgres';

export interface OpenedStores {
  repository: TreeRepository;
  conversations: ConversationStore;
  events: InboundEventLog;
  /** The drizzle database (absent for the in-memory twin), for sibling stores that need it. */
  db?: PokinDb | undefined;
  close(): Promise<void>;
}

export interface StoreImplementation {
  name: StoreKind;
  open(options?: { clock?: Clock }): Promise<OpenedStores>;
}

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start = '2026-01-05T08:00:00Z') {
    this.t = Date.parse(start);
  }
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

function drizzleStores(db: PokinDb, clock: Clock | undefined, close: () => Promise<void>): OpenedStores {
  const opts = clock ? { clock } : {};
  return {
    repository: createDrizzleRepository(db, opts),
    conversations: createDrizzleConversationStore(db, opts),
    events: createDrizzleEventLog(db),
    db,
    close,
  };
}

export const memoryStores: StoreImplementation = {
  name: 'memory',
  async open(options = {}) {
    return {
      repository: createMemoryRepository(options),
      conversations: createMemoryConversationStore(options),
      events: createMemoryEventLog(),
      close: async () => {},
    };
  },
};

export const pgliteStores: StoreImplementation = {
  name: 'pglite',
  async open(options = {}) {
    const opened = await openPglite();
    return drizzleStores(opened.db, options.clock, () => opened.close());
  },
};

export const postgresStores: StoreImplementation = {
  name: 'postgres',
  async open(options = {}) {
    const database = await createTestDatabase();
    const opened = await openPostgres(database.url);
    return drizzleStores(opened.db, options.clock, async () => {
      await opened.close();
      await database.drop();
    });
  },
};

export function storeImplementations(): StoreImplementation[] {
  return [memoryStores, pgliteStores, postgresStores];
}
