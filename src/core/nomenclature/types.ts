/**
 * The national program nomenclature (Kepmendagri 050-5889/2021 as amended) as the pure core sees it:
 * one imported version, looked up by code and name. Loaded from the store; never shipped with the code.
 */
export type NomenclatureLevel = 'urusan' | 'bidang' | 'program' | 'kegiatan' | 'sub_kegiatan';

export interface NomenclatureEntry {
  code: string;
  level: NomenclatureLevel;
  name: string;
  /** Sub kegiatan only: the official kinerja statement, indicator and satuan. */
  kinerja?: string | undefined;
  indicator?: string | undefined;
  unit?: string | undefined;
  /** Codes this entry replaces (SIPD's "SUBKEGIATAN SEBELUMNYA"). */
  previousCodes?: string[] | undefined;
  /** 'kab_kota' | 'provinsi' (SIPD's JENIS PEMDA). */
  pemda?: string | undefined;
  /** Bidang urusan code, e.g. "2.16"; for the expanded penunjang block, the bidang it was expanded for. */
  bidang?: string | undefined;
  /** The other SIPD columns, kept as imported (shown to the person, never checked). */
  extra?: NomenclatureExtra | undefined;
}

/** SIPD columns that no rule reads but a person may want to see. */
export interface NomenclatureExtra {
  tags?: string[] | undefined;
  /** DEFINISI OPERASIONAL; on a copy of the penunjang block, read it from the `template` entry. */
  definition?: string | undefined;
  executor?: string | undefined;
  /** SPM column: true for "SPM", false for "NON-SPM". */
  spm?: boolean | undefined;
  /** JENIS column, e.g. "Layanan" or "Aktifitas". */
  kind?: string | undefined;
  /** For an entry of the expanded penunjang block: the generic code it comes from, e.g. "X.XX.01.2.01.0001". */
  template?: string | undefined;
  /** SUBKEGIATAN SEBELUMNYA as written: the replaced codes with their old names. */
  previous?: { code: string; name: string }[] | undefined;
  /** Row of the imported file the entry was first read from. */
  row?: number | undefined;
}

export interface NomenclatureIndex {
  /** Version label, e.g. "2027". */
  readonly version: string;
  entries(): readonly NomenclatureEntry[];
  byCode(code: string): NomenclatureEntry | undefined;
  /** Entries whose name equals `name` once case, spacing and punctuation are folded. */
  byName(name: string): NomenclatureEntry[];
  /** For a code of an older version: the entry that replaces it in this version. */
  successorOf(code: string): NomenclatureEntry | undefined;
}

/** Case-, space- and punctuation-folded form used to compare nomenclature names. */
export function foldName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Normalise a code as typed ("2.16.02.2.01.0025", "2 .16. 02") to dotted form without spaces. */
export function normaliseCode(code: string): string {
  return code.replace(/\s+/g, '').replace(/\.+$/, '');
}

/** A plain in-memory index over a list of entries (the store builds one per loaded version). */
export function createNomenclatureIndex(
  version: string,
  list: readonly NomenclatureEntry[],
): NomenclatureIndex {
  const codes = new Map<string, NomenclatureEntry>();
  const names = new Map<string, NomenclatureEntry[]>();
  const successors = new Map<string, NomenclatureEntry>();
  for (const e of list) {
    codes.set(normaliseCode(e.code), e);
    const key = foldName(e.name);
    const bucket = names.get(key);
    if (bucket) bucket.push(e);
    else names.set(key, [e]);
    for (const prev of e.previousCodes ?? []) successors.set(normaliseCode(prev), e);
  }
  return {
    version,
    entries: () => list,
    byCode: (code) => codes.get(normaliseCode(code)),
    byName: (name) => names.get(foldName(name)) ?? [],
    successorOf: (code) => {
      const c = normaliseCode(code);
      return codes.has(c) ? undefined : successors.get(c);
    },
  };
}
