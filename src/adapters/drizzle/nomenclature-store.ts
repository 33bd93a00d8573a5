/**
 * The nomenclature store over drizzle (PGlite or PostgreSQL): each imported version in
 * nomenclature_versions with its entries in nomenclature_entries, one version marked current. Entries
 * are written in chunks inside one transaction (a full SIPD export expands to ~20,000 entries) and read
 * back once per version and process: versions never change after import.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, isNull, or } from 'drizzle-orm';
import { nomenclatureEntries, nomenclatureVersions } from '../../../db/schema.ts';
import { createIndexCache } from '../../core/nomenclature/select.ts';
import type {
  NomenclatureEntry,
  NomenclatureExtra,
  NomenclatureLevel,
} from '../../core/nomenclature/types.ts';
import { type Clock, systemClock } from '../../ports/clock.ts';
import type { NomenclatureStore, NomenclatureVersionInfo } from '../../ports/nomenclature.ts';
import type { PokinDb } from './db.ts';

/** Rows per INSERT: 11 parameters a row stays well under PostgreSQL's 65,535 bind parameters. */
export const INSERT_CHUNK = 1000;

type VersionRow = typeof nomenclatureVersions.$inferSelect;
type EntryRow = typeof nomenclatureEntries.$inferSelect;

function toInfo(row: VersionRow): NomenclatureVersionInfo {
  return {
    id: row.id,
    label: row.label,
    rowCount: row.rowCount,
    importedAt: row.importedAt,
    current: row.isCurrent,
  };
}

function toEntry(row: EntryRow): NomenclatureEntry {
  const entry: NomenclatureEntry = { code: row.code, level: row.level as NomenclatureLevel, name: row.name };
  if (row.kinerja !== null) entry.kinerja = row.kinerja;
  if (row.indicator !== null) entry.indicator = row.indicator;
  if (row.unit !== null) entry.unit = row.unit;
  if (row.previousCodes.length > 0) entry.previousCodes = row.previousCodes;
  if (row.pemda !== null) entry.pemda = row.pemda;
  if (row.bidang !== null) entry.bidang = row.bidang;
  if (row.extra !== null && row.extra !== undefined) entry.extra = row.extra as NomenclatureExtra;
  return entry;
}

export function createDrizzleNomenclatureStore(
  db: PokinDb,
  options: { clock?: Clock } = {},
): NomenclatureStore {
  const clock = options.clock ?? systemClock;
  const cache = createIndexCache();
  // Entries are loaded once per version and pemda (the chat always asks for one pemda: half the rows).
  const loaded = new Map<string, readonly NomenclatureEntry[]>();

  async function entriesOf(
    versionId: string,
    pemda: string | undefined,
  ): Promise<readonly NomenclatureEntry[]> {
    const key = `${versionId}\u0000${pemda ?? '*'}`;
    const hit = loaded.get(key) ?? loaded.get(`${versionId}\u0000*`);
    if (hit) return hit;
    const ofVersion = eq(nomenclatureEntries.versionId, versionId);
    const rows = await db
      .select()
      .from(nomenclatureEntries)
      .where(
        pemda === undefined
          ? ofVersion
          : and(ofVersion, or(eq(nomenclatureEntries.pemda, pemda), isNull(nomenclatureEntries.pemda))),
      )
      .orderBy(asc(nomenclatureEntries.code));
    const entries = rows.map(toEntry);
    loaded.set(key, entries);
    return entries;
  }

  async function indexOf(row: VersionRow, pemda: string | undefined) {
    const entries = await entriesOf(row.id, pemda);
    return cache.get(row.id, row.label, pemda, () => entries);
  }

  return {
    async saveVersion(label, entries, saveOptions = {}) {
      const id = randomUUID();
      const makeCurrent = saveOptions.makeCurrent ?? true;
      const importedAt = clock.now();
      await db.transaction(async (tx) => {
        await tx
          .insert(nomenclatureVersions)
          .values({ id, label, importedAt, isCurrent: false, rowCount: entries.length });
        for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
          await tx.insert(nomenclatureEntries).values(
            entries.slice(i, i + INSERT_CHUNK).map((e) => ({
              versionId: id,
              code: e.code,
              level: e.level,
              name: e.name,
              kinerja: e.kinerja ?? null,
              indicator: e.indicator ?? null,
              unit: e.unit ?? null,
              previousCodes: e.previousCodes ?? [],
              pemda: e.pemda ?? null,
              bidang: e.bidang ?? null,
              extra: e.extra ?? null,
            })),
          );
        }
        if (makeCurrent) {
          await tx
            .update(nomenclatureVersions)
            .set({ isCurrent: false })
            .where(eq(nomenclatureVersions.isCurrent, true));
          await tx
            .update(nomenclatureVersions)
            .set({ isCurrent: true })
            .where(eq(nomenclatureVersions.id, id));
        }
      });
      return { id, label, rowCount: entries.length, importedAt, current: makeCurrent };
    },

    async listVersions() {
      const rows = await db
        .select()
        .from(nomenclatureVersions)
        .orderBy(desc(nomenclatureVersions.importedAt));
      return rows.map(toInfo);
    },

    async setCurrent(versionId) {
      await db.transaction(async (tx) => {
        const found = await tx
          .select({ id: nomenclatureVersions.id })
          .from(nomenclatureVersions)
          .where(eq(nomenclatureVersions.id, versionId));
        if (found.length === 0) throw new Error(`unknown nomenclature version "${versionId}"`);
        await tx
          .update(nomenclatureVersions)
          .set({ isCurrent: false })
          .where(eq(nomenclatureVersions.isCurrent, true));
        await tx
          .update(nomenclatureVersions)
          .set({ isCurrent: true })
          .where(eq(nomenclatureVersions.id, versionId));
      });
    },

    async current(pemda) {
      const rows = await db
        .select()
        .from(nomenclatureVersions)
        .where(eq(nomenclatureVersions.isCurrent, true))
        .limit(1);
      const row = rows[0];
      return row ? indexOf(row, pemda) : null;
    },

    async allVersions(pemda) {
      const rows = await db
        .select()
        .from(nomenclatureVersions)
        .orderBy(desc(nomenclatureVersions.importedAt));
      return Promise.all(rows.map((row) => indexOf(row, pemda)));
    },
  };
}
