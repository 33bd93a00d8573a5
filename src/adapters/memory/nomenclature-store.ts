/** In-memory twin of the nomenclature store: versions side by side, one current; for tests and the CLI's dry runs. */
import { randomUUID } from 'node:crypto';
import { createIndexCache } from '../../core/nomenclature/select.ts';
import type { NomenclatureEntry } from '../../core/nomenclature/types.ts';
import { type Clock, systemClock } from '../../ports/clock.ts';
import type { NomenclatureStore, NomenclatureVersionInfo } from '../../ports/nomenclature.ts';

export function createMemoryNomenclatureStore(options: { clock?: Clock } = {}): NomenclatureStore {
  const clock = options.clock ?? systemClock;
  const versions: { info: NomenclatureVersionInfo; entries: readonly NomenclatureEntry[] }[] = [];
  const cache = createIndexCache();
  const find = (id: string) => versions.find((v) => v.info.id === id);
  // Later imports first; equal times keep the later import first too.
  const newestFirst = () =>
    [...versions].reverse().sort((a, b) => b.info.importedAt.getTime() - a.info.importedAt.getTime());
  const copy = (info: NomenclatureVersionInfo): NomenclatureVersionInfo => ({ ...info });

  return {
    async saveVersion(label, entries, saveOptions = {}) {
      const info: NomenclatureVersionInfo = {
        id: randomUUID(),
        label,
        rowCount: entries.length,
        importedAt: clock.now(),
        current: false,
      };
      versions.push({ info, entries: entries.map((e) => structuredClone(e)) });
      if (saveOptions.makeCurrent ?? true) {
        for (const v of versions) v.info.current = v.info.id === info.id;
      }
      return copy(info);
    },
    async listVersions() {
      return newestFirst().map((v) => copy(v.info));
    },
    async setCurrent(versionId) {
      if (!find(versionId)) throw new Error(`unknown nomenclature version "${versionId}"`);
      for (const v of versions) v.info.current = v.info.id === versionId;
    },
    async current(pemda) {
      const v = versions.find((x) => x.info.current);
      return v ? cache.get(v.info.id, v.info.label, pemda, () => v.entries) : null;
    },
    async allVersions(pemda) {
      return newestFirst().map((v) => cache.get(v.info.id, v.info.label, pemda, () => v.entries));
    },
  };
}
