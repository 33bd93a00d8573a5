import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nomenclatureEntries, nomenclatureVersions } from '../../../db/schema.ts';
import { createDrizzleNomenclatureStore } from '../../../src/adapters/drizzle/nomenclature-store.ts';
import { createMemoryNomenclatureStore } from '../../../src/adapters/memory/nomenclature-store.ts';
import { searchNomenclature } from '../../../src/core/nomenclature/search.ts';
import { parseSipd } from '../../../src/core/nomenclature/sipd.ts';
import type { NomenclatureEntry } from '../../../src/core/nomenclature/types.ts';
import type { NomenclatureStore } from '../../../src/ports/nomenclature.ts';
import { SIPD_HEADER, SIPD_ROWS } from '../../fixtures/sipd/rows.ts';
import { ManualClock, type OpenedStores, storeImplementations } from '../../support/stores.ts';

function fixtureEntries(rows = SIPD_ROWS): NomenclatureEntry[] {
  const parsed = parseSipd({ rows: [SIPD_HEADER, ...rows].map((cells, i) => ({ row: i + 1, cells })) });
  if (!parsed.ok) throw new Error(parsed.error.message.en);
  return parsed.value.entries;
}

/** Last year's list: the sub kegiatan under the codes the 2027 export names as replaced. */
const OLD: NomenclatureEntry[] = [
  {
    code: '2.16.03.2.02.0036',
    level: 'sub_kegiatan',
    name: 'Penyediaan Akses Internet',
    indicator: 'Jumlah titik akses internet',
    unit: 'Titik',
    pemda: 'kab_kota',
    bidang: '2.16',
  },
  {
    code: '2.16.02.2.01.0020',
    level: 'sub_kegiatan',
    name: 'Diseminasi Informasi',
    pemda: 'kab_kota',
    bidang: '2.16',
  },
];

for (const impl of storeImplementations()) {
  describe(`NomenclatureStore (${impl.name})`, () => {
    let opened: OpenedStores;
    let store: NomenclatureStore;
    let clock: ManualClock;

    // One database per implementation (opening PGlite is slow); each test starts from empty tables.
    beforeAll(async () => {
      opened = await impl.open();
    });
    afterAll(async () => {
      await opened.close();
    });
    beforeEach(async () => {
      clock = new ManualClock('2026-01-23T00:50:58Z');
      if (opened.db) {
        await opened.db.delete(nomenclatureEntries);
        await opened.db.delete(nomenclatureVersions);
      }
      store = opened.db
        ? createDrizzleNomenclatureStore(opened.db, { clock })
        : createMemoryNomenclatureStore({ clock });
    });

    it('has no current version before the first import', async () => {
      expect(await store.current()).toBeNull();
      expect(await store.listVersions()).toEqual([]);
    });

    it('stores an imported version and gives it back as an index, entries intact', async () => {
      const entries = fixtureEntries();
      const info = await store.saveVersion('2027', entries);
      expect(info).toMatchObject({ label: '2027', rowCount: entries.length, current: true });
      const index = await store.current();
      expect(index?.version).toBe('2027');
      expect(index?.entries()).toHaveLength(entries.length);
      const internet = entries.find((e) => e.code === '2.16.03.2.02.0040');
      expect(index?.byCode('2.16.03.2.02.0040')).toEqual(internet);
      expect(index?.byCode('2.16.03.2.02.0040')?.extra?.previous).toEqual([
        { code: '2.16.03.2.02.0036', name: 'Penyediaan Akses Internet' },
      ]);
      expect(index?.successorOf('2.16.02.2.01.0020')?.code).toBe('2.16.02.2.01.0026');
    });

    it('keeps kab/kota and provinsi apart when asked for one pemda', async () => {
      await store.saveVersion('2027', fixtureEntries());
      const kab = await store.current('kab_kota');
      const prov = await store.current('provinsi');
      expect(kab?.byCode('2.16.01')?.name).toBe(
        'PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA',
      );
      expect(prov?.byCode('2.16.01')?.name).toBe('PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH PROVINSI');
      expect(kab?.byCode('2.16.03.1.02.0039')).toBeUndefined();
      expect(prov?.entries().every((e) => e.pemda === 'provinsi')).toBe(true);
    });

    it('keeps versions side by side, one current, and switches back on request', async () => {
      const old = await store.saveVersion('2026', OLD);
      clock.advance(60_000);
      const fresh = await store.saveVersion('2027', fixtureEntries());
      expect((await store.listVersions()).map((v) => [v.label, v.current])).toEqual([
        ['2027', true],
        ['2026', false],
      ]);
      await store.setCurrent(old.id);
      expect((await store.current())?.version).toBe('2026');
      expect((await store.listVersions()).find((v) => v.id === fresh.id)?.current).toBe(false);
      // Older versions stay readable, newest first, for recognising last year's codes.
      const versions = await store.allVersions('kab_kota');
      expect(versions.map((v) => v.version)).toEqual(['2027', '2026']);
      expect(versions[1]?.byCode('2.16.03.2.02.0036')?.name).toBe('Penyediaan Akses Internet');
    });

    it('can store a version without making it current', async () => {
      await store.saveVersion('2027', fixtureEntries());
      await store.saveVersion('2028 (uji coba)', OLD, { makeCurrent: false });
      expect((await store.current())?.version).toBe('2027');
    });

    it('refuses to make an unknown version current', async () => {
      await expect(store.setCurrent('00000000-0000-0000-0000-000000000000')).rejects.toThrow(/unknown/);
    });

    it('answers the same index object until the current version changes, so search stays warm', async () => {
      await store.saveVersion('2027', fixtureEntries());
      const first = await store.current('kab_kota');
      expect(await store.current('kab_kota')).toBe(first);
      if (first) expect(searchNomenclature(first, 'akses internet')[0]?.entry.code).toBe('2.16.03.2.02.0040');
    });

    it('stores thousands of entries in one import', async () => {
      const many: NomenclatureEntry[] = Array.from({ length: 2_500 }, (_, i) => ({
        code: `9.99.99.2.01.${String(i + 1).padStart(4, '0')}`,
        level: 'sub_kegiatan',
        name: `Sub kegiatan uji ${i + 1}`,
        indicator: 'Jumlah dokumen',
        unit: 'Dokumen',
        pemda: 'kab_kota',
        previousCodes: i % 2 === 0 ? [`9.99.99.2.01.${String(i + 5001).padStart(4, '0')}`] : undefined,
      }));
      await store.saveVersion('besar', many);
      const index = await store.current();
      expect(index?.entries()).toHaveLength(2_500);
      expect(index?.successorOf('9.99.99.2.01.5001')?.code).toBe('9.99.99.2.01.0001');
    });
  });
}
