/**
 * Opening the database: embedded PGlite (a folder, or memory) or a PostgreSQL server through postgres.js,
 * both as the same drizzle `PokinDb` type, with the migrations of db/migrations/ applied. The store code
 * is written once against `PokinDb`; only this file knows which driver is underneath.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from '../../../db/schema.ts';

export type Schema = typeof schema;
/** The drizzle database both drivers share (PgliteDatabase and PostgresJsDatabase both extend it). */
export type PokinDb = PgDatabase<PgQueryResultHKT, Schema>;
export type Driver = 'pglite' | 'postgres';

export interface OpenDb {
  db: PokinDb;
  driver: Driver;
  close(): Promise<void>;
}

/** db/migrations of this checkout, wherever the process was started from. */
export const MIGRATIONS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), '../../../db/migrations');

/** Embedded PGlite in `dataDir` (created if missing), or in memory when `dataDir` is undefined. */
export interface OpenOptions {
  /** Sees every statement drizzle sends (tests count them). */
  logger?: Logger | undefined;
}

export async function openPglite(dataDir?: string, options: OpenOptions = {}): Promise<OpenDb> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const client = dataDir === undefined ? new PGlite() : new PGlite(dataDir);
  await client.waitReady;
  const db = drizzlePglite(client, { schema, ...(options.logger ? { logger: options.logger } : {}) });
  await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    db: db as unknown as PokinDb,
    driver: 'pglite',
    close: () => client.close(),
  };
}

/** Arbitrary but fixed: serialises migrations when several processes start against one server. */
const MIGRATION_LOCK = 7_460_113;

/** A PostgreSQL server through postgres.js (a small pool). */
export async function openPostgres(
  url: string,
  options: OpenOptions & { max?: number } = {},
): Promise<OpenDb> {
  const quiet = { onnotice: () => {} };
  const migrator = postgres(url, { ...quiet, max: 1 });
  try {
    await migrator`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzlePostgres(migrator, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    await migrator`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await migrator.end();
  }
  const client = postgres(url, { ...quiet, max: options.max ?? 10 });
  const db = drizzlePostgres(client, { schema, ...(options.logger ? { logger: options.logger } : {}) });
  return {
    db: db as unknown as PokinDb,
    driver: 'postgres',
    close: () => client.end(),
  };
}

/** Rows of a `db.execute` result: postgres.js answers an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** The URL with its password hidden, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
