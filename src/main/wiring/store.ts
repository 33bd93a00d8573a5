/**
 * Opens the store from the environment: DATABASE_URL set → a PostgreSQL server through postgres.js;
 * unset → embedded PGlite in POKIN_DATA_DIR (default ./data/pokin, created on first start). Migrations
 * are applied either way. The URL's password is never logged.
 */
import { resolve } from 'node:path';
import { createDrizzleConversationStore } from '../../adapters/drizzle/conversations.ts';
import {
  type Driver,
  type OpenDb,
  openPglite,
  openPostgres,
  type PokinDb,
  redactUrl,
} from '../../adapters/drizzle/db.ts';
import { createDrizzleEventLog } from '../../adapters/drizzle/events.ts';
import { createDrizzleNomenclatureStore } from '../../adapters/drizzle/nomenclature-store.ts';
import { createDrizzleRepository } from '../../adapters/drizzle/repository.ts';
import type { Clock } from '../../ports/clock.ts';
import type { NomenclatureStore } from '../../ports/nomenclature.ts';
import type { Actor, ConversationStore, InboundEventLog, TreeRepository } from '../../ports/repository.ts';

export type { PokinDb } from '../../adapters/drizzle/db.ts';

export interface Store {
  repository: TreeRepository;
  conversations: ConversationStore;
  events: InboundEventLog;
  /** Imported SIPD nomenclature versions (pokin nomenklatur, Tahap 5). */
  nomenclature: NomenclatureStore;
  /** The drizzle database, for sibling stores (nomenclature, LLM usage). */
  db: PokinDb;
  driver: Driver;
  /** Where the data lives, safe to print: the PGlite folder or the URL without its password. */
  location: string;
  close(): Promise<void>;
}

type Env = Record<string, string | undefined>;

export const DEFAULT_DATA_DIR = './data/pokin';

export async function openStore(env: Env, options: { clock?: Clock } = {}): Promise<Store> {
  const url = env.DATABASE_URL?.trim();
  let opened: OpenDb;
  let location: string;
  if (url) {
    location = redactUrl(url);
    try {
      opened = await openPostgres(url);
    } catch (e) {
      // postgres.js errors can carry the connection options; say where without the password.
      const reason = e instanceof Error ? e.message.replaceAll(url, location) : String(e);
      throw new Error(`cannot open the database at ${location}: ${reason}`);
    }
  } else {
    location = resolve(env.POKIN_DATA_DIR?.trim() || DEFAULT_DATA_DIR);
    opened = await openPglite(location);
  }
  const opts = options.clock ? { clock: options.clock } : {};
  return {
    repository: createDrizzleRepository(opened.db, opts),
    conversations: createDrizzleConversationStore(opened.db, opts),
    events: createDrizzleEventLog(opened.db),
    nomenclature: createDrizzleNomenclatureStore(opened.db, opts),
    db: opened.db,
    driver: opened.driver,
    location,
    close: () => opened.close(),
  };
}

/** The person at the terminal, for `pokin` commands: platform 'cli', user from USER/USERNAME. */
export function cliActor(env: Env = process.env): Actor {
  const user = env.USER?.trim() || env.USERNAME?.trim() || 'local';
  return { platform: 'cli', userId: user, name: user };
}
