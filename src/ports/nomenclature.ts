/**
 * The imported national nomenclature (SIPD export), versions side by side with one marked current.
 * Implementations: in-memory (src/adapters/memory/) and drizzle (src/adapters/drizzle/).
 */
import type { NomenclatureEntry, NomenclatureIndex } from '../core/nomenclature/types.ts';

export interface NomenclatureVersionInfo {
  id: string;
  /** e.g. "2027" or "versi pemutakhiran 2027". */
  label: string;
  /** 'kab_kota' | 'provinsi' rows kept apart; one version holds both, entries carry `pemda`. */
  rowCount: number;
  importedAt: Date;
  current: boolean;
}

export interface NomenclatureStore {
  /** Store a new version (entries as imported); `makeCurrent` marks it current (default true). */
  saveVersion(
    label: string,
    entries: readonly NomenclatureEntry[],
    options?: { makeCurrent?: boolean },
  ): Promise<NomenclatureVersionInfo>;
  listVersions(): Promise<NomenclatureVersionInfo[]>;
  setCurrent(versionId: string): Promise<void>;
  /** The current version as an index (for rules and search), or null when nothing was imported. */
  current(pemda?: string): Promise<NomenclatureIndex | null>;
  /** Every entry of every version (for recognising codes of older versions). */
  allVersions(pemda?: string): Promise<NomenclatureIndex[]>;
}
