/**
 * The real app (PGlite store, offline drafter, real exporter) behind the real telegraf bot, against the
 * fake Bot API: Siti from Diskominfosan Balangan drafts Tahap 1 and Tahap 2 on her phone by typing and
 * tapping, gets the cascading table as a document and the diagram as a photo, and hostile text comes
 * back exactly as typed, split under Telegram's 4,096 characters.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createExporter } from '../../../src/adapters/export/index.ts';
import { createOfflineDrafter } from '../../../src/adapters/offline/create-offline-drafter.ts';
import { createConversationCallbackKeyStore } from '../../../src/adapters/telegram/callback-keys.ts';
import {
  createTelegramAdapter,
  type TelegramAdapter,
} from '../../../src/adapters/telegram/create-telegram-adapter.ts';
import { createApp } from '../../../src/app/create-app.ts';
import { formatPkAnswer, lookupPk } from '../../../src/core/lookup/pk.ts';
import { parseTree } from '../../../src/core/tree/parse.ts';
import type { Node, Tree } from '../../../src/core/tree/schema.ts';
import type { Actor } from '../../../src/ports/repository.ts';
import { FakeTelegram } from '../../support/fake-telegram.ts';
import { type OpenedStores, pgliteStores } from '../../support/stores.ts';
import { UpdateFactory } from '../../support/telegram-updates.ts';
import { TelegramSession } from './session.ts';

const TOKEN = '7012345678:AAH-balangan-test-token';

describe('drafting in a private Telegram chat with the real app', () => {
  let fake: FakeTelegram;
  let stores: OpenedStores;
  let adapter: TelegramAdapter;
  let session: TelegramSession;
  let siti: Actor;
  // One PGlite database for the file (opening one is the slow part); each test is another person.
  let person = 0;

  beforeAll(async () => {
    stores = await pgliteStores.open();
  });
  afterAll(async () => {
    await stores.close();
  });

  beforeEach(async () => {
    fake = await new FakeTelegram().start();
    const app = createApp({
      repository: stores.repository,
      conversations: stores.conversations,
      events: stores.events,
      drafter: createOfflineDrafter(),
      exporter: createExporter(),
      lookupPk: (tree, query, lang) => formatPkAnswer(lookupPk(tree, query), lang),
      log: () => {},
    });
    adapter = createTelegramAdapter({
      token: TOKEN,
      handler: app,
      apiRoot: fake.apiRoot,
      callbackStore: createConversationCallbackKeyStore(stores.conversations),
      paceMs: 1000,
      sleep: async () => {},
      log: () => {},
    });
    await adapter.start();
    await fake.waitFor((calls) => calls.some((c) => c.method === 'getUpdates'), 'polling to start');
    person += 1;
    const phone = new UpdateFactory(512345678 + person, 684520000 + person * 10_000);
    siti = { platform: 'telegram', userId: String(phone.chatId) };
    session = new TelegramSession(fake, adapter, phone);
  });
  afterEach(async () => {
    await adapter.stop();
    await fake.stop();
  });

  it('runs Tahap 1 and Tahap 2 through typing and tapping, up to the Tahap 2 gate', async () => {
    const chatId = String(session.chat.chatId);

    // The first question: its progress line in italics, plain text escaped, no buttons.
    const first = await session.say('/mulai');
    expect(first.map((c) => [c.method, c.params])).toEqual([
      [
        'sendMessage',
        {
          chat_id: chatId,
          text: expect.stringMatching(
            /^<i>Tahap 1\/5 · Perangkat Daerah<\/i>\n[\s\S]*Apa nama Perangkat Daerah Anda\?\nContoh: Dinas Komunikasi, Informatika, Statistik dan Persandian$/,
          ),
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
        },
      ],
    ]);
    await session.say('Dinas Komunikasi, Informatika, Statistik dan Persandian');
    const region = await session.say('Kabupaten Balangan');
    const periodQuestion = region.find((c) => c.method === 'sendMessage');
    expect(periodQuestion?.params.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: '2025–2029', callback_data: expect.stringMatching(/:period:2025-2029$/) },
          { text: '2026–2030', callback_data: expect.stringMatching(/:period:2026-2030$/) },
        ],
      ],
    });
    const questionId = Number((periodQuestion?.result as { message_id?: number } | undefined)?.message_id);
    const questionText = fake.messages.get(questionId)?.text ?? '';
    expect(questionText).toMatch(/^Tahap 1\/5 · Periode\nPeriode Renstra-nya\?/);

    // A tap: the spinner is stopped, the question keeps its text and shows the answer instead of its
    // buttons, and the next question comes as a new message.
    const tap = await session.say('2025–2029');
    // The acknowledgement goes out at once on its own connection; the edit and the reply follow in order.
    expect(tap.filter((c) => c.method === 'answerCallbackQuery')).toHaveLength(1);
    const inChat = tap.filter((c) => c.method !== 'answerCallbackQuery');
    expect(inChat.map((c) => c.method)).toEqual(['editMessageText', 'sendMessage']);
    expect(inChat[0]?.params).toEqual({
      chat_id: chatId,
      message_id: questionId,
      text: `${questionText}\n\n» 2025–2029`,
      entities: [
        { type: 'italic', offset: 0, length: 'Tahap 1/5 · Periode'.length },
        { type: 'italic', offset: questionText.length + 2, length: '» 2025–2029'.length },
      ],
      link_preview_options: { is_disabled: true },
    });
    expect(fake.messages.get(questionId)?.reply_markup).toBeUndefined();
    expect(session.textOf(tap)).toContain('Apa mandat atau tugas-fungsi');

    const script: Array<[string, string]> = [
      ['Urusan komunikasi dan informatika, statistik, dan persandian', 'Sudah (1):'],
      ['Selesai ✓', 'Apa masalah utama di bidang Anda?'],
      ['Rendahnya Tingkat Keamanan Informasi', '• Rendahnya Tingkat Keamanan Informasi'],
      ['Selesai ✓', 'Apa harapan pemangku kepentingan'],
      ['Lewati', 'Apa kondisi akhir (outcome) yang ingin dicapai?'],
      ['Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas', 'Ringkasan Tahap 1:'],
      ['Simpan & lanjut ke Tahap 2', 'Pohon kinerja tersimpan ✓ Tahap 1 selesai.'],
      ['Meningkatnya Tingkat Keamanan Informasi', 'Tersimpan ✓ 1 (CSF).'],
      ['Selesai ✓', 'Tahap 2 lolos pemeriksaan ✓'],
    ];
    for (const [line, expected] of script) {
      const calls = await session.say(line);
      expect(session.textOf(calls), `reply to «${line}»\n${session.transcript()}`).toContain(expected);
    }

    // Typed answers and taps both reached the app; each tap was answered, each tapped question marked.
    expect(session.taps).toEqual([
      '2025–2029',
      'Selesai ✓',
      'Selesai ✓',
      'Lewati',
      'Simpan & lanjut ke Tahap 2',
      'Meningkatnya Tingkat Keamanan Informasi',
      'Selesai ✓',
    ]);
    expect(fake.callsOf('answerCallbackQuery')).toHaveLength(session.taps.length);
    expect(fake.callsOf('editMessageText').map((c) => String(c.params.text).split('\n\n» ').pop())).toEqual(
      session.taps,
    );
    // At the gate: the three ways on, as buttons of the last message.
    expect(session.buttons()).toEqual(['Lanjut ke Tahap 3 ▶', 'Lihat pohon', 'Cek']);
    expect(session.transcript()).toContain(
      '> Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas\nTahap 1/5 · Outcome\nRingkasan Tahap 1:\n• Perangkat Daerah: Dinas Komunikasi, Informatika, Statistik dan Persandian',
    );

    // Every call was well-formed for Telegram: parsed HTML, within limits, short callback data.
    for (const call of fake.callsOf('sendMessage')) {
      expect((call.result as { error?: string }).error).toBeUndefined();
      expect(String(call.params.text).length).toBeLessThanOrEqual(4096);
      const rows = (call.params.reply_markup as { inline_keyboard?: Array<Array<{ callback_data: string }>> })
        ?.inline_keyboard;
      for (const b of rows?.flat() ?? []) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    }

    const [tree] = await stores.repository.listTrees(siti);
    expect(tree?.title).toBe('Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas');
    const loaded = await stores.repository.loadTree(siti, tree?.id ?? '');
    expect(loaded.ok && loaded.value.tree.tree.children.map((c) => c.statement)).toEqual([
      'Meningkatnya Tingkat Keamanan Informasi',
    ]);
  });

  it('/ekspor sends the cascading table as a document and the diagram as a photo', async () => {
    for (const line of [
      '/mulai',
      'Dinas Komunikasi, Informatika, Statistik dan Persandian',
      'Kabupaten Balangan',
      '2025–2029',
      'Urusan komunikasi dan informatika, statistik, dan persandian',
      'Selesai ✓',
      'Rendahnya Tingkat Keamanan Informasi',
      'Selesai ✓',
      'Lewati',
      'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
      'Simpan & lanjut ke Tahap 2',
      'Meningkatnya Tingkat Keamanan Informasi',
    ])
      await session.say(line);

    await session.say('/ekspor');
    expect(session.buttons()).toEqual([
      'Tabel cascading (XLSX)',
      'CSV',
      'Markdown',
      'pokin/1 (JSON)',
      'Diagram (SVG)',
      'Diagram (PNG)',
    ]);
    const xlsx = await session.say('Tabel cascading (XLSX)');
    const document = xlsx.find((c) => c.method === 'sendDocument');
    expect(document?.params.chat_id).toBe(String(session.chat.chatId));
    expect(document?.files.document?.filename).toBe(
      'cascading-dinas-komunikasi-informatika-statistik-dan-persandian.xlsx',
    );
    // An XLSX is a zip: it starts with "PK\x03\x04".
    expect(document?.files.document?.bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    expect(xlsx.some((c) => c.method === 'sendPhoto')).toBe(false);

    await session.say('/ekspor');
    const png = await session.say('Diagram (PNG)');
    const photo = png.find((c) => c.method === 'sendPhoto');
    expect(photo?.files.photo?.filename).toMatch(/\.png$/);
    expect(photo?.files.photo?.bytes.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(png.some((c) => c.method === 'sendDocument')).toBe(false);
    expect(session.transcript()).toMatch(/\[berkas: cascading-[\s\S]*\[foto: [^\]]+\.png\]/);
  });

  it('brings hostile text back exactly as typed, escaped, and splits a 4,000+ answer under 4,096', async () => {
    const organisation = 'Dinas <b>Kominfo</b> & *_[Statistik]_* 🛰️ Balangan';
    for (const line of ['/mulai', organisation, 'Kabupaten Balangan', '2025–2029']) await session.say(line);
    for (const line of [
      'Urusan <i>persandian</i> & statistik *_[sektoral]_* 📊',
      'Selesai ✓',
      'Rendahnya Tingkat Keamanan Informasi',
      'Selesai ✓',
      'Lewati',
    ])
      await session.say(line);
    const summary = await session.say('Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas');
    expect(session.textOf(summary)).toContain(`• Perangkat Daerah: ${organisation}`);
    expect(String(summary.find((c) => c.method === 'sendMessage')?.params.text)).toContain(
      'Dinas &lt;b&gt;Kominfo&lt;/b&gt; &amp; *_[Statistik]_* 🛰️ Balangan',
    );
    await session.say('Simpan & lanjut ke Tahap 2');

    // The Balangan tree is brought into her tree (as an import would), with a hostile jabatan and a
    // formula explanation pasted from a long document: /pk answers with more than one message's worth.
    const [summaryRow] = await stores.repository.listTrees(siti);
    const current = await stores.repository.loadTree(siti, summaryRow?.id ?? '');
    if (!current.ok) throw new Error(current.error.kind);
    const tree = balanganTree();
    const found = lookupPk(tree, 'kabid statistik');
    const nodeId = found.kind === 'found' ? found.matches[0]?.nodeId : undefined;
    const node = findNode(tree.tree, nodeId ?? '');
    const jabatan = 'Kepala Bidang <Statistik> & *_[Persandian]_* 🔐';
    const formula = Array.from(
      { length: 40 },
      (_, i) =>
        `(${i + 1}) Jumlah <data> sektoral & "terverifikasi" *_[tahun n]_* 📈 dibagi jumlah seluruh data`,
    ).join(' + ');
    for (const p of node?.planning ?? []) p.jabatan = jabatan;
    const indicator = node?.indicators?.[0];
    if (indicator) indicator.formula = formula;
    const saved = await stores.repository.saveTree(
      siti,
      current.value.id,
      current.value.version,
      { tree, stage: 5 },
      { actor: siti, source: 'import', summary: 'Impor tabel cascading' },
    );
    expect(saved.ok).toBe(true);

    const answer = await session.say('/pk kabid statistik');
    const sent = answer.filter((c) => c.method === 'sendMessage');
    expect(sent.length).toBeGreaterThan(1);
    for (const call of sent) {
      expect((call.result as { error?: string }).error).toBeUndefined();
      expect(String(call.params.text).length).toBeLessThanOrEqual(4096);
    }
    const shown = session.textOf(sent);
    expect(shown.length).toBeGreaterThan(4000);
    expect(shown).toContain(jabatan);
    // Split at spaces between messages: every character of the formula arrives, in order.
    expect(shown.replace(/\s+/g, '')).toContain(formula.replace(/\s+/g, ''));
    expect(sent.map((c) => String(c.params.text)).join('')).toContain(
      'Kepala Bidang &lt;Statistik&gt; &amp; *_[Persandian]_* 🔐',
    );
  });
});

function balanganTree(): Tree {
  const url = new URL('../../../examples/balangan-diskominfosan.json', import.meta.url);
  const parsed = parseTree(JSON.parse(readFileSync(fileURLToPath(url), 'utf8')));
  if (!parsed.ok) throw new Error('example tree does not parse');
  return parsed.value;
}

function findNode(node: Node, id: string): Node | undefined {
  if (node.id === id) return node;
  for (const child of node.children) {
    const hit = findNode(child, id);
    if (hit) return hit;
  }
  return undefined;
}
