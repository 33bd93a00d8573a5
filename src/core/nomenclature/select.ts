/**
 * One imported version holds kab/kota and provinsi rows side by side (the same program code can name a
 * different program in each); an index for a pemda keeps that pemda's entries and those without pemda.
 * Indexes are cached per (version, pemda) so the search index built on them is built once too.
 */
import { createNomenclatureIndex, type NomenclatureEntry, type NomenclatureIndex } from './types.ts';

/** The entries that apply to `pemda` ('kab_kota' | 'provinsi'); all of them when pemda is undefined. */
export function entriesForPemda(
  entries: readonly NomenclatureEntry[],
  pemda?: string,
): readonly NomenclatureEntry[] {
  if (pemda === undefined) return entries;
  return entries.filter((e) => e.pemda === undefined || e.pemda === pemda);
}

/** A memo of indexes per version id and pemda; versions never change once saved. */
export function createIndexCache(): {
  get(
    versionId: string,
    label: string,
    pemda: string | undefined,
    load: () => readonly NomenclatureEntry[],
  ): NomenclatureIndex;
  forget(versionId: string): void;
} {
  const indexes = new Map<string, NomenclatureIndex>();
  return {
    get(versionId, label, pemda, load) {
      const key = `${versionId}\u0000${pemda ?? '*'}`;
      let index = indexes.get(key);
      if (!index) {
        const all = indexes.get(`${versionId}\u0000*`)?.entries() ?? load();
        index = createNomenclatureIndex(label, entriesForPemda(all, pemda));
        indexes.set(key, index);
      }
      return index;
    },
    forget(versionId) {
      for (const key of indexes.keys()) if (key.startsWith(`${versionId}\u0000`)) indexes.delete(key);
    },
  };
}

/**
 * The pemda whose nomenclature applies to an organisation, from its region as written in the tree
 * ("Kabupaten Balangan", "Kota Banjarmasin" → kab_kota; "Provinsi Kalimantan Selatan" → provinsi);
 * undefined when the region does not say.
 */
export function pemdaForRegion(region: string | undefined): 'kab_kota' | 'provinsi' | undefined {
  const text = (region ?? '').trim().toLowerCase();
  if (/^(prov\.?|provinsi)\s/.test(text)) return 'provinsi';
  if (/^(kab\.?|kabupaten|kota|pemkab|pemkot)\s/.test(text)) return 'kab_kota';
  return undefined;
}
