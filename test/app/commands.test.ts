/**
 * Commands and Tahap 5 details through the app shell with in-memory stores: nomenclature picked from a
 * short list (codes of kegiatan and program carried), a crosscutting mark, /riwayat, /ekspor, /pk and
 * linking accounts across platforms with /tautkan.
 */
import { describe, expect, it } from 'vitest';
import { createExporter } from '../../src/adapters/export/index.ts';
import { createMemoryConversationStore } from '../../src/adapters/memory/conversations.ts';
import { createMemoryEventLog } from '../../src/adapters/memory/events.ts';
import { createMemoryNomenclatureStore } from '../../src/adapters/memory/nomenclature-store.ts';
import { createMemoryRepository } from '../../src/adapters/memory/repository.ts';
import { formatPkAnswer, lookupPk } from '../../src/core/lookup/pk.ts';
import type { NomenclatureEntry } from '../../src/core/nomenclature/types.ts';
import { createAppFromWiring } from '../../src/main/wiring/app.ts';
import type { Actor } from '../../src/ports/repository.ts';
import { TAHAP_1, TAHAP_2_3, TAHAP_4 } from '../scenarios/balangan-script.ts';
import { type Chat, createChat } from '../scenarios/driver.ts';

const SANDI: NomenclatureEntry[] = [
  { code: '2.21', level: 'bidang', name: 'URUSAN PEMERINTAHAN BIDANG PERSANDIAN' },
  {
    code: '2.21.02',
    level: 'program',
    name: 'PROGRAM PENYELENGGARAAN PERSANDIAN UNTUK PENGAMANAN INFORMASI',
  },
  {
    code: '2.21.02.2.01',
    level: 'kegiatan',
    name: 'Penyelenggaraan Persandian untuk Pengamanan Informasi Pemerintah Daerah Kabupaten/Kota',
  },
  {
    code: '2.21.02.2.01.0001',
    level: 'sub_kegiatan',
    name: 'Penyediaan Layanan Keamanan Informasi Pemerintah Daerah Kabupaten/Kota',
    indicator: 'Jumlah Layanan Keamanan Informasi yang Diselenggarakan',
    unit: 'Layanan',
  },
];

async function setup(options: { nomenclature?: boolean } = {}) {
  const repository = createMemoryRepository();
  const nomenclature = createMemoryNomenclatureStore();
  if (options.nomenclature) await nomenclature.saveVersion('2025', SANDI);
  const app = createAppFromWiring({
    repository,
    conversations: createMemoryConversationStore(),
    events: createMemoryEventLog(),
    nomenclature,
    exporter: createExporter(),
    lookupPk: (tree, query, lang) => formatPkAnswer(lookupPk(tree, query), lang),
    log: () => {},
  });
  return { app, repository, chat: createChat(app) };
}

async function play(chat: Chat, script: Array<[string, string]>) {
  for (const [line, expected] of script) {
    await chat.say(line);
    expect(chat.lastText(), `reply to «${line}»\n${chat.transcript()}`).toContain(expected);
  }
}

const rina: Actor = { platform: 'console', userId: 'u-1' };

describe('Tahap 5 with an imported nomenclature', () => {
  it('searches by words, shows a short list with codes, and carries the kegiatan and program of a picked sub kegiatan', async () => {
    const { chat, repository } = await setup({ nomenclature: true });
    await chat.say('/lanjut');
    await play(chat, [...TAHAP_1, ...TAHAP_2_3, ...TAHAP_4]);
    await play(chat, [
      ['Lanjut ke Tahap 5 ▶', 'Komponen perencanaan'],
      ['1', 'Capaian awal (baseline) 2024'],
      ['Lewati', 'Target 2025–2029'],
      ['1', 'Komponen perencanaan untuk «Meningkatnya Tingkat Keamanan Informasi»'],
      ['1', 'Jabatannya apa'],
      ['Lewati', 'Capaian awal'],
      ['Lewati', 'Target'],
      ['1', 'Komponen perencanaan untuk «Meningkatnya Kualitas Tata Kelola Keamanan Informasi»'],
      ['1', 'Ketik kata kunci program'],
      ['persandian pengamanan', 'Pilih yang cocok, atau ketik kata kunci lain:'],
    ]);
    expect(chat.buttons()).toEqual([
      '2.21.02 PROGRAM PENYELENGGARAAN PERSANDIAN UNTUK…',
      'Pakai «persandian pengamanan» apa adanya',
    ]);
    await play(chat, [
      ['1', 'Jabatannya apa (Administrator'],
      ['Kepala Bidang Persandian', 'Capaian awal'],
      ['Lewati', 'Target'],
      ['1', 'Komponen perencanaan untuk «Meningkatnya Pemahaman Aparatur'],
      ['1', 'Ketik kata kunci kegiatan'],
      ['pengamanan informasi pemerintah daerah', 'Pilih yang cocok'],
      ['1', 'Siapa pemegang Perjanjian Kinerja untuk Sasaran Kegiatan ini?'],
      ['Pengawas (Kasi/Kasubbag)', 'Jabatannya apa'],
      ['Lewati', 'Capaian awal'],
      ['Lewati', 'Target'],
      ['1', 'Komponen perencanaan untuk «Tersusunnya Rencana Aksi Keamanan Informasi»'],
      ['1', 'Ketik kata kunci sub kegiatan'],
      ['layanan keamanan informasi', 'Pilih yang cocok'],
      ['1', 'Siapa pemegang Perjanjian Kinerja untuk Sasaran Sub Kegiatan ini?'],
      ['Jabatan Fungsional', 'Jabatannya apa'],
      ['Sandiman Ahli Muda', 'Capaian awal'],
    ]);
    const [summary] = await repository.listTrees(rina);
    const loaded = await repository.loadTree(rina, summary?.id ?? '');
    if (!loaded.ok) throw new Error(loaded.error.kind);
    const ko = loaded.value.tree.tree.children[0]?.children[0]?.children[0]?.children[0];
    expect(ko?.planning).toEqual([
      {
        component: 'sasaran_sub_kegiatan',
        pk: 'JF',
        jabatan: 'Sandiman Ahli Muda',
        program: { code: '2.21.02', name: 'PROGRAM PENYELENGGARAAN PERSANDIAN UNTUK PENGAMANAN INFORMASI' },
        kegiatan: {
          code: '2.21.02.2.01',
          name: 'Penyelenggaraan Persandian untuk Pengamanan Informasi Pemerintah Daerah Kabupaten/Kota',
        },
        subKegiatan: {
          code: '2.21.02.2.01.0001',
          name: 'Penyediaan Layanan Keamanan Informasi Pemerintah Daerah Kabupaten/Kota',
        },
      },
    ]);

    await chat.say('/pk sandiman');
    expect(chat.lastText()).toContain('Tersusunnya Rencana Aksi Keamanan Informasi');
  });
});

describe('commands', () => {
  it('marks a new condition as crosscutting with the partner organisation', async () => {
    const { chat, repository } = await setup();
    await chat.say('/lanjut');
    await play(chat, [...TAHAP_1, ...TAHAP_2_3.slice(0, 4)]);
    await play(chat, [
      ['↔ Lintas sektor: Meningkatnya Kualitas Tata…', 'dikerjakan bersama Perangkat Daerah mana?'],
      ['Dinas Komunikasi, Informatika, Statistik dan Persandian', 'Itu Perangkat Daerah Anda sendiri.'],
      [
        'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia',
        'Tersimpan ✓ 1.1 lintas sektor dengan Badan Kepegawaian',
      ],
    ]);
    const [summary] = await repository.listTrees(rina);
    const loaded = await repository.loadTree(rina, summary?.id ?? '');
    expect(loaded.ok && loaded.value.tree.tree.children[0]?.children[0]?.crosscutting).toEqual({
      with: ['Badan Kepegawaian dan Pengembangan Sumber Daya Manusia'],
    });
    await chat.say('/lihat');
    expect(chat.lastText()).toContain(
      '1.1 Meningkatnya Kualitas Tata Kelola Keamanan Informasi ↔ Badan Kepegawaian',
    );
  });

  it('/riwayat lists the changes newest first; /ekspor offers formats and sends the chosen file', async () => {
    const { chat } = await setup();
    await chat.say('/lanjut');
    await play(chat, [...TAHAP_1, ...TAHAP_2_3.slice(0, 1)]);
    await chat.say('/riwayat');
    const history = chat.lastText();
    expect(history).toContain('Riwayat perubahan');
    expect(history.indexOf('Tambah 1: Meningkatnya Tingkat Keamanan Informasi')).toBeLessThan(
      history.indexOf('Buat pohon: Terwujudnya Infrastruktur Teknologi Informasi'),
    );
    await chat.say('/ekspor');
    expect(chat.buttons()).toEqual([
      'Tabel cascading (XLSX)',
      'CSV',
      'Markdown',
      'pokin/1 (JSON)',
      'Diagram (SVG)',
      'Diagram (PNG)',
    ]);
    const [reply] = await chat.say('Tabel cascading (XLSX)');
    expect(reply?.files?.map((f) => [f.filename, f.mimeType])).toEqual([
      [
        'cascading-dinas-komunikasi-informatika-statistik-dan-persandian.xlsx',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ],
    ]);
    expect(reply?.files?.[0]?.data.byteLength).toBeGreaterThan(1000);
  });

  it('/tautkan gives a code on one platform and links the account when typed on another', async () => {
    const { app, repository } = await setup();
    const terminal = createChat(app, { chatId: 'terminal', userId: 'rina-pc', runId: 't' });
    await terminal.say('/lanjut');
    await play(terminal, TAHAP_1);
    await terminal.say('/tautkan');
    const code = /Kode tautan Anda: (\S+)/.exec(terminal.lastText())?.[1];
    expect(code).toBeDefined();

    const phone = createChat(app, { chatId: 'tg-chat', userId: 'rina-phone', runId: 'p' });
    const fromTelegram = (line: string) => ({ ...phone.incoming(line), platform: 'telegram' as const });
    await phone.deliver(fromTelegram('/tautkan SALAH1'));
    expect(phone.lastText()).toContain('Kode tidak berlaku');
    await phone.deliver(fromTelegram(`/tautkan ${code}`));
    expect(phone.lastText()).toContain('Akun tertaut ✓');
    const trees = await repository.listTrees({ platform: 'telegram', userId: 'rina-phone' });
    expect(trees.map((t) => t.title)).toEqual([
      'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
    ]);
  });

  it('asks what each symbol of a composite formula measures, then saves the indicator with its terms', async () => {
    const { chat, repository } = await setup();
    await chat.say('/lanjut');
    await play(chat, [...TAHAP_1, ...TAHAP_2_3, ...TAHAP_4.slice(0, 4)]);
    await play(chat, [
      ['Hapus indikator terakhir', 'Indikator dihapus ✓ (1).'],
      ['Persentase Keamanan Informasi Perangkat Daerah', 'Satuan untuk'],
      ['%', 'Rumus untuk «Persentase Keamanan Informasi Perangkat Daerah»?'],
      ['0,6 x a + 0,4 x b', 'apa yang diukur oleh «a»?'],
      ['Indeks Keamanan Informasi (KAMI)', 'apa yang diukur oleh «b»?'],
      ['Persentase Perangkat Daerah yang Lulus Audit Keamanan', 'Rumus untuk «b»'],
      [
        '(Jumlah perangkat daerah yang lulus audit keamanan / Jumlah seluruh perangkat daerah) x 100%',
        'Indikator tersimpan ✓ (1).',
      ],
    ]);
    const [summary] = await repository.listTrees(rina);
    const loaded = await repository.loadTree(rina, summary?.id ?? '');
    expect(loaded.ok && loaded.value.tree.tree.children[0]?.indicators).toEqual([
      {
        name: 'Persentase Keamanan Informasi Perangkat Daerah',
        unit: '%',
        kinerja: 'strategis',
        polarity: 'naik',
        formula: '0,6 x a + 0,4 x b',
        terms: [
          { symbol: 'a', name: 'Indeks Keamanan Informasi (KAMI)' },
          {
            symbol: 'b',
            name: 'Persentase Perangkat Daerah yang Lulus Audit Keamanan',
            formula:
              '(Jumlah perangkat daerah yang lulus audit keamanan / Jumlah seluruh perangkat daerah) x 100%',
          },
        ],
      },
    ]);
  });

  it('in a group, answers a member of another organisation without moving the conversation', async () => {
    const { app } = await setup();
    const owner = createChat(app, { chatId: 'group-1', userId: 'rina', runId: 'o' });
    await owner.say('/lanjut');
    await play(owner, TAHAP_1);
    const guest = createChat(app, { chatId: 'group-1', userId: 'budi', runId: 'g' });
    await guest.say('Lewati masalah ini');
    expect(guest.lastText()).toContain('tidak bisa dibuka dengan akun Anda');
    await owner.say('/lanjut');
    expect(owner.lastText()).toContain('Masalah 1/1: «Rendahnya Tingkat Keamanan Informasi»');
  });

  it('says what an unknown command is and how to get the list', async () => {
    const { chat } = await setup();
    await chat.say('/mulai');
    await chat.say('/terbang');
    expect(chat.lastText()).toContain(
      'Perintah /terbang tidak dikenal. Ketik /bantuan untuk daftar perintah.',
    );
    expect(chat.lastText()).toContain('Apa nama Perangkat Daerah Anda?');
  });
});
