/**
 * Tahap 5 against a real SIPD export holding kab/kota and provinsi rows side by side: a tree of a
 * kabupaten searches only the kab/kota rows (and its own bidang first), and a chosen sub kegiatan
 * offers its official indicator as the node's operational indicator. The tree is opened with /lanjut
 * at the first node still without planning.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryConversationStore } from '../../src/adapters/memory/conversations.ts';
import { createMemoryEventLog } from '../../src/adapters/memory/events.ts';
import { createMemoryNomenclatureStore } from '../../src/adapters/memory/nomenclature-store.ts';
import { createMemoryRepository } from '../../src/adapters/memory/repository.ts';
import { parseSipd } from '../../src/core/nomenclature/sipd.ts';
import { parseTree } from '../../src/core/tree/parse.ts';
import type { Tree } from '../../src/core/tree/schema.ts';
import { createAppFromWiring } from '../../src/main/wiring/app.ts';
import type { Actor } from '../../src/ports/repository.ts';
import { SIPD_HEADER, SIPD_ROWS } from '../fixtures/sipd/rows.ts';
import { createChat } from '../scenarios/driver.ts';

const rina: Actor = { platform: 'console', userId: 'u-1', name: 'Rina' };

const APTIKA = { code: '2.16.03', name: 'PROGRAM PENGELOLAAN APLIKASI INFORMATIKA' };
const EGOV = {
  code: '2.16.03.2.02',
  name: 'Pengelolaan E-government di Lingkup Pemerintah Daerah Kabupaten/Kota',
};

/** The Balangan chain down to one operational condition; everything above it already planned. */
function tree(region: string): Tree {
  const parsed = parseTree({
    format: 'pokin/1',
    organization: { name: 'Dinas Komunikasi, Informatika, Statistik dan Persandian', region },
    period: { from: 2025, to: 2029 },
    tree: {
      id: 'o',
      statement: 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
      level: 'outcome',
      planning: [{ component: 'tujuan', pk: 'JPT' }],
      children: [
        {
          id: 'c1',
          statement: 'Meningkatnya Kualitas Infrastruktur Jaringan',
          level: 'csf',
          planning: [{ component: 'sasaran_skpd', pk: 'JPT' }],
          children: [
            {
              id: 'k1',
              statement: 'Meningkatnya Ketersediaan Akses Internet Perangkat Daerah',
              level: 'kondisi_antara_utama',
              planning: [{ component: 'sasaran_program', pk: 'Administrator', program: APTIKA }],
              children: [
                {
                  id: 'k2',
                  statement: 'Meningkatnya Cakupan Jaringan Intra Pemerintah Daerah',
                  level: 'kondisi_antara',
                  planning: [
                    {
                      component: 'sasaran_kegiatan',
                      pk: 'Administrator',
                      program: APTIKA,
                      kegiatan: EGOV,
                    },
                  ],
                  children: [
                    {
                      id: 'k3',
                      statement: 'Meningkatnya Perangkat Daerah yang Terhubung Akses Internet',
                      level: 'kondisi_operasional',
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

async function setup(region: string) {
  const repository = createMemoryRepository();
  const nomenclature = createMemoryNomenclatureStore();
  const sipd = parseSipd({
    rows: [SIPD_HEADER, ...SIPD_ROWS].map((cells, i) => ({ row: i + 1, cells })),
  });
  if (!sipd.ok) throw new Error('fixture does not parse');
  await nomenclature.saveVersion('2027', sipd.value.entries);
  const org = await repository.createOrganisation(
    'Dinas Komunikasi, Informatika, Statistik dan Persandian',
    rina,
  );
  const created = await repository.createTree(
    rina,
    org.id,
    { title: 'Diskominfosan 2025–2029', tree: tree(region), stage: 5 },
    { actor: rina, source: 'import', summary: 'Impor' },
  );
  if (!created.ok) throw new Error(created.error.kind);
  const app = createAppFromWiring({
    repository,
    conversations: createMemoryConversationStore(),
    events: createMemoryEventLog(),
    nomenclature,
    log: () => {},
  });
  return { repository, treeId: created.value.id, chat: createChat(app) };
}

/** Open the tree and go to the sub kegiatan question of the operational condition. */
async function toSubKegiatan(region: string) {
  const s = await setup(region);
  await s.chat.say('/lanjut');
  expect(s.chat.lastText(), s.chat.transcript()).toContain('Melanjutkan «Diskominfosan 2025–2029».');
  expect(s.chat.lastText()).toContain('Meningkatnya Perangkat Daerah yang Terhubung Akses Internet');
  await s.chat.say('1');
  return s;
}

describe('Tahap 5 nomenclature by pemda', () => {
  it('a kabupaten searches only kab/kota rows: "penyediaan akses internet" finds 2.16.03.2.02.0040, not the provinsi 0039', async () => {
    const { chat } = await toSubKegiatan('Kabupaten Balangan');
    await chat.say('penyediaan akses internet');
    const text = chat.lastText();
    expect(text, chat.transcript()).toContain('2.16.03.2.02.0040 Penyediaan Akses Internet');
    expect(text).not.toContain('2.16.03.1.02.0039');
  });

  it('a provinsi searches only provinsi rows for the same words', async () => {
    const { chat } = await toSubKegiatan('Provinsi Kalimantan Selatan');
    await chat.say('penyediaan akses internet');
    const text = chat.lastText();
    expect(text, chat.transcript()).toContain('2.16.03.1.02.0039 Penyediaan Akses Internet');
    expect(text).not.toContain('2.16.03.2.02.0040');
  });

  it('the generic penunjang block answers with the bidang the tree already plans under (2.16)', async () => {
    const { chat } = await toSubKegiatan('Kabupaten Balangan');
    await chat.say('penyusunan dokumen perencanaan perangkat daerah');
    const text = chat.lastText();
    expect(text, chat.transcript()).toContain(
      '2.16.01.2.01.0001 Penyusunan Dokumen Perencanaan Perangkat Daerah',
    );
    expect(text).not.toContain('X.XX.01.1.01.0001');
  });
});

describe('Tahap 5 official indicator of a chosen sub kegiatan', () => {
  it('offers it with its satuan and adds it to the operational condition with one tap, then asks its targets', async () => {
    const { chat, repository, treeId } = await toSubKegiatan('Kabupaten Balangan');
    await chat.say('penyediaan akses internet');
    await chat.say('2.16.03.2.02.0040 Penyediaan Akses Internet');
    expect(chat.lastText(), chat.transcript()).toContain(
      'Sub kegiatan ini punya indikator resmi «Jumlah Perangkat Daerah dan UPTD yang memanfaatkan akses internet dari Dinas» (satuan: Titik).',
    );
    expect(chat.buttons()).toContain('➕ Pakai indikator resmi (Titik)');

    await chat.say('➕ Pakai indikator resmi (Titik)');
    expect(chat.lastText(), chat.transcript()).toContain(
      'Indikator resmi tersimpan ✓ (1.1.1.1): «Jumlah Perangkat Daerah dan UPTD yang memanfaatkan akses internet dari Dinas».',
    );
    // Added once: the button is gone from the question asked again.
    expect(chat.buttons()).not.toContain('➕ Pakai indikator resmi (Titik)');

    const loaded = await repository.loadTree(rina, treeId);
    const ko = loaded.ok
      ? loaded.value.tree.tree.children?.[0]?.children?.[0]?.children?.[0]?.children?.[0]
      : undefined;
    expect(ko?.indicators).toEqual([
      expect.objectContaining({
        name: 'Jumlah Perangkat Daerah dan UPTD yang memanfaatkan akses internet dari Dinas',
        unit: 'Titik',
      }),
    ]);

    // Finishing the planning: the official indicator is the one whose baseline is asked next.
    await chat.say('Jabatan Fungsional');
    await chat.say('Lewati');
    expect(chat.lastText(), chat.transcript()).toContain(
      'Jumlah Perangkat Daerah dan UPTD yang memanfaatkan akses internet dari Dinas',
    );
    const after = await repository.loadTree(rina, treeId);
    const planned = after.ok
      ? after.value.tree.tree.children?.[0]?.children?.[0]?.children?.[0]?.children?.[0]
      : undefined;
    expect(planned?.planning?.[0]?.subKegiatan).toEqual({
      code: '2.16.03.2.02.0040',
      name: 'Penyediaan Akses Internet',
    });
  });

  it('offers nothing for a sub kegiatan picked as typed (no official indicator known)', async () => {
    const { chat } = await toSubKegiatan('Kabupaten Balangan');
    await chat.say('penyediaan akses internet');
    const typed = chat.buttons().find((b) => b.startsWith('Pakai'));
    expect(typed, chat.transcript()).toBeDefined();
    await chat.say(typed ?? '');
    expect(chat.lastText(), chat.transcript()).not.toContain('indikator resmi');
    expect(chat.buttons().some((b) => b.includes('indikator resmi'))).toBe(false);
  });
});
