import { describe, expect, it } from 'vitest';
import { officialIndicatorFor, searchNomenclature } from '../../../src/core/nomenclature/search.ts';
import { entriesForPemda, pemdaForRegion } from '../../../src/core/nomenclature/select.ts';
import { parseSipd } from '../../../src/core/nomenclature/sipd.ts';
import { createNomenclatureIndex } from '../../../src/core/nomenclature/types.ts';
import { SIPD_HEADER, SIPD_ROWS } from '../../fixtures/sipd/rows.ts';

const parsed = parseSipd({
  rows: [SIPD_HEADER, ...SIPD_ROWS].map((cells, i) => ({ row: i + 1, cells })),
});
if (!parsed.ok) throw new Error(parsed.error.message.en);
const all = createNomenclatureIndex('2027', parsed.value.entries);
const kabKota = createNomenclatureIndex('2027', entriesForPemda(parsed.value.entries, 'kab_kota'));

const codes = (hits: { entry: { code: string } }[]) => hits.map((h) => h.entry.code);

describe('searchNomenclature: words', () => {
  it('finds a sub kegiatan by words of its name, whatever the case and punctuation', () => {
    const hits = searchNomenclature(kabKota, 'PENYEDIAAN akses-internet!');
    expect(hits[0]?.entry).toMatchObject({ code: '2.16.03.2.02.0040', name: 'Penyediaan Akses Internet' });
    expect(hits[0]?.why.fields).toContain('name');
  });

  it('reads swapped letters and words typed together', () => {
    expect(searchNomenclature(kabKota, 'keamanan infromasi')[0]).toMatchObject({
      entry: { code: '2.21.02.2.01.0010' },
      score: 0.9,
    });
    expect(searchNomenclature(kabKota, 'jaringan intar')[0]?.entry.code).toBe('2.16.03.2.02.0043');
    expect(searchNomenclature(kabKota, 'relasimedia')[0]?.entry.code).toBe('2.16.02.2.01.0014');
  });

  it('reads through typos and names what it corrected', () => {
    const hits = searchNomenclature(kabKota, 'diseminsi informsi publik');
    expect(hits[0]?.entry.code).toBe('2.16.02.2.01.0026');
    expect(hits[0]?.why.corrected).toEqual(
      expect.arrayContaining([
        ['diseminsi', 'diseminasi'],
        ['informsi', 'informasi'],
      ]),
    );
    expect(hits[0]?.why.message.id).toContain('ejaan dikoreksi: diseminsi → diseminasi');
    expect(searchNomenclature(kabKota, 'jaringn intra')[0]?.entry.code).toBe('2.16.03.2.02.0043');
    expect(searchNomenclature(kabKota, 'statistk sektorl')[0]?.entry.code).toBe('2.20.02.2.01.0023');
  });

  it('answers a half-typed last word and abbreviations while the person types', () => {
    expect(searchNomenclature(kabKota, 'pusat data nas')[0]?.entry.code).toBe('2.16.03.2.02.0044');
    expect(searchNomenclature(kabKota, 'kab kota cerdas')[0]?.entry.code).toBe('2.16.03.2.02.0038');
  });

  it('ranks the entry whose name equals the query first, with score 1', () => {
    const hits = searchNomenclature(kabKota, 'program pengelolaan aplikasi informatika');
    expect(hits[0]).toMatchObject({ entry: { code: '2.16.03', level: 'program' }, score: 1 });
    expect(hits[0]?.why.kind).toBe('name');
    for (let i = 1; i < hits.length; i++) expect(hits[i]?.score).toBeLessThanOrEqual(hits[i - 1]?.score ?? 1);
  });

  it('finds a sub kegiatan by words of its official indicator', () => {
    const hits = searchNomenclature(kabKota, 'khalayak terpapar');
    expect(hits[0]?.entry.code).toBe('2.16.02.2.01.0026');
    expect(hits[0]?.why.fields).toEqual(['indicator']);
  });

  it('filters by level and by pemda', () => {
    const programs = searchNomenclature(all, 'informasi', { level: 'program' });
    expect(programs.every((h) => h.entry.level === 'program')).toBe(true);
    expect(codes(programs)).toContain('2.16.02');
    const prov = searchNomenclature(all, 'akses internet', { pemda: 'provinsi', level: 'sub_kegiatan' });
    expect(codes(prov)).toEqual(['2.16.03.1.02.0039']);
    const kab = searchNomenclature(all, 'akses internet', { pemda: 'kab_kota', level: 'sub_kegiatan' });
    expect(codes(kab)).toEqual(['2.16.03.2.02.0040']);
  });

  it('answers a penunjang hit with the person’s own bidang code when it is known', () => {
    const generic = searchNomenclature(kabKota, 'gaji tunjangan asn');
    expect(generic[0]?.entry.code).toBe('X.XX.01.2.02.0001');
    expect(generic[0]?.why.message.id).toContain('ganti X.XX dengan kode bidang Anda');
    const own = searchNomenclature(kabKota, 'gaji tunjangan asn', { bidang: '2.21' });
    expect(own[0]?.entry).toMatchObject({
      code: '2.21.01.2.02.0001',
      name: 'Penyediaan Gaji dan Tunjangan ASN',
    });
    expect(own[0]?.why.message.en).toContain('penunjang block X.XX.01 for bidang 2.21');
  });

  it('ranks the organisation’s own bidang first', () => {
    expect(searchNomenclature(kabKota, 'informasi', { limit: 1 })[0]?.entry.bidang).toBe('2.16');
    const persandian = searchNomenclature(kabKota, 'informasi', { bidang: '2.21', limit: 2 });
    expect(persandian.map((h) => h.entry.bidang)).toEqual(['2.21', '2.16']);
    // Without the organisation's bidang a 2.21 sub kegiatan is third; for a 2.16/2.20 office it drops below.
    expect(searchNomenclature(kabKota, 'informasi', { limit: 3 })[2]?.entry.bidang).toBe('2.21');
    const own = searchNomenclature(kabKota, 'informasi', { bidang: ['2.20', '2.16'], limit: 3 });
    expect(own.map((h) => h.entry.bidang)).toEqual(['2.16', '2.16', '2.16']);
  });

  it('returns nothing for an empty query or one that matches nothing, and honours the limit', () => {
    expect(searchNomenclature(kabKota, '   ')).toEqual([]);
    expect(searchNomenclature(kabKota, 'bendungan irigasi')).toEqual([]);
    expect(searchNomenclature(kabKota, 'informasi', { limit: 2 })).toHaveLength(2);
  });
});

describe('searchNomenclature: codes', () => {
  it('lists what sits under a code prefix, higher levels first', () => {
    const hits = searchNomenclature(kabKota, '2.16.02', { limit: 3 });
    expect(codes(hits)).toEqual(['2.16.02', '2.16.02.2.01', '2.16.02.2.01.0014']);
    expect(hits[0]).toMatchObject({ score: 1, why: { kind: 'code', prefix: '2.16.02' } });
  });

  it('tolerates spaces and commas typed inside a code', () => {
    expect(codes(searchNomenclature(kabKota, '2. 16 .03.2.02.004'))).toEqual([
      '2.16.03.2.02.0040',
      '2.16.03.2.02.0043',
      '2.16.03.2.02.0044',
    ]);
    expect(searchNomenclature(kabKota, '2,21,02,2,01,0010')[0]?.entry.code).toBe('2.21.02.2.01.0010');
  });

  it('finds the expanded penunjang block under a bidang code', () => {
    expect(codes(searchNomenclature(kabKota, '2.20.01', { level: 'sub_kegiatan' }))).toEqual([
      '2.20.01.2.01.0001',
      '2.20.01.2.02.0001',
    ]);
  });

  it('combines a code prefix with words', () => {
    expect(codes(searchNomenclature(kabKota, '2.16 informasi', { level: 'sub_kegiatan' }))).not.toContain(
      '2.21.02.2.01.0010',
    );
    expect(codes(searchNomenclature(kabKota, '2.21 informasi', { level: 'sub_kegiatan' }))).toEqual([
      '2.21.02.2.01.0010',
    ]);
  });

  it('builds the search index once per nomenclature index', () => {
    const fresh = createNomenclatureIndex('2027', entriesForPemda(parsed.value.entries, 'kab_kota'));
    let reads = 0;
    const counting = {
      ...fresh,
      entries: () => {
        reads++;
        return fresh.entries();
      },
    };
    searchNomenclature(counting, 'relasi media');
    searchNomenclature(counting, 'konten');
    searchNomenclature(counting, '2.16');
    expect(reads).toBe(1);
  });
});

describe('officialIndicatorFor', () => {
  it('offers the official indicator, unit and kinerja of a sub kegiatan', () => {
    expect(officialIndicatorFor(kabKota, '2.16.03.2.02.0040')).toEqual({
      indicator: 'Jumlah Perangkat Daerah dan UPTD yang memanfaatkan akses internet dari Dinas',
      unit: 'Titik',
      kinerja: 'Tersedianya akses internet bagi perangkat daerah dan ruang publik',
    });
    expect(officialIndicatorFor(kabKota, '2.16.01.2.01.0001')?.indicator).toBe(
      'Jumlah Dokumen Perencanaan Perangkat Daerah',
    );
  });

  it('has nothing to offer for a program, a kegiatan or an unknown code', () => {
    expect(officialIndicatorFor(kabKota, '2.16.03')).toBeUndefined();
    expect(officialIndicatorFor(kabKota, '2.16.03.2.02')).toBeUndefined();
    expect(officialIndicatorFor(kabKota, '2.16.03.2.02.0036')).toBeUndefined();
  });
});

describe('pemdaForRegion', () => {
  it('reads kab/kota or provinsi from the organisation region as trees write it', () => {
    expect(pemdaForRegion('Kabupaten Balangan')).toBe('kab_kota');
    expect(pemdaForRegion('Kota Banjarmasin')).toBe('kab_kota');
    expect(pemdaForRegion('Kab. Hulu Sungai Utara')).toBe('kab_kota');
    expect(pemdaForRegion('Provinsi Kalimantan Selatan')).toBe('provinsi');
    expect(pemdaForRegion('Kotawaringin')).toBeUndefined();
    expect(pemdaForRegion(undefined)).toBeUndefined();
  });
});
