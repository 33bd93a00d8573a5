/**
 * Two bot processes behind one webhook URL (a load balancer in front), each with its own store
 * connection pool to one PostgreSQL database, built by the same wiring as `npm start`: a conversation
 * started on one continues on the other (its state and its long button keys live in the database), and
 * an update Telegram delivers to both is applied once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createExporter } from '../../../src/adapters/export/index.ts';
import type { TelegramAdapter } from '../../../src/adapters/telegram/create-telegram-adapter.ts';
import type { App } from '../../../src/app/create-app.ts';
import { formatPkAnswer, lookupPk } from '../../../src/core/lookup/pk.ts';
import { createAppFromWiring } from '../../../src/main/wiring/app.ts';
import { openStore, type Store } from '../../../src/main/wiring/store.ts';
import { createTelegramFromEnv } from '../../../src/main/wiring/telegram.ts';
import type { Actor } from '../../../src/ports/repository.ts';
import { FakeTelegram } from '../../support/fake-telegram.ts';
import { createTestDatabase } from '../../support/postgres.ts';
import { type Update, UpdateFactory } from '../../support/telegram-updates.ts';

const SECRET = 'rahasia_Balangan-2025';
const siti: Actor = { platform: 'telegram', userId: '512345678' };

interface BotProcess {
  name: string;
  store: Store;
  app: App;
  adapter: TelegramAdapter;
}

describe('two bot processes on one PostgreSQL database', () => {
  let fake: FakeTelegram;
  let database: { url: string; drop(): Promise<void> };
  const processes: BotProcess[] = [];
  const chat = new UpdateFactory();

  async function startProcess(name: string): Promise<BotProcess> {
    const env = {
      DATABASE_URL: database.url,
      TELEGRAM_BOT_TOKEN: '7012345678:AAH-balangan-test-token',
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://pokin.balangankab.go.id/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PORT: '0',
      HOST: '127.0.0.1',
    };
    const store = await openStore(env);
    const app = createAppFromWiring({
      repository: store.repository,
      conversations: store.conversations,
      events: store.events,
      exporter: createExporter(),
      lookupPk: (tree, query, lang) => formatPkAnswer(lookupPk(tree, query), lang),
      log: () => {},
    });
    const built = createTelegramFromEnv(env, {
      handler: app,
      conversations: store.conversations,
      repository: store.repository,
      sleep: async () => {},
      log: () => {},
    });
    if (!built.ok || !built.value) throw new Error('telegram not configured');
    await built.value.start();
    const started = { name, store, app, adapter: built.value };
    processes.push(started);
    return started;
  }

  beforeEach(async () => {
    fake = await new FakeTelegram().start();
    database = await createTestDatabase();
  });
  afterEach(async () => {
    for (const p of processes.splice(0)) {
      await p.adapter.stop();
      await p.app.idle();
      await p.store.close();
    }
    await fake.stop();
    await database.drop();
  });

  /** Telegram posting one update to one process; resolves when that process has answered it. */
  async function post(to: BotProcess, update: Update): Promise<number> {
    const port = to.adapter.address()?.port;
    const response = await fetch(`http://127.0.0.1:${port}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(update),
    });
    return response.status;
  }

  function keyboard() {
    return [...fake.messages.values()]
      .filter((m) => m.chat.id === chat.chatId && m.reply_markup)
      .sort((a, b) => b.message_id - a.message_id)[0];
  }

  /** A line on a given process: a tap on the last keyboard's button with that label, or typed text. */
  function updateFor(line: string): Update {
    if (line.startsWith('/')) return chat.command(line);
    const last = keyboard();
    const labels = last?.reply_markup?.inline_keyboard.flat().map((b) => b.text) ?? [];
    return last && labels.includes(line) ? chat.tapOn(last, line) : chat.text(line);
  }

  const sentTexts = (from: number) =>
    fake.calls
      .slice(from)
      .filter((c) => c.method === 'sendMessage')
      .map((c) => fake.messages.get(Number((c.result as { message_id?: number })?.message_id))?.text ?? '');

  it('continues a conversation across processes and applies a doubly delivered tap once', async () => {
    const a = await startProcess('A');
    const b = await startProcess('B');
    expect(fake.callsOf('setWebhook').map((c) => c.params.secret_token)).toEqual([SECRET, SECRET]);

    const lines: Array<[string, string]> = [
      ['/mulai', 'Apa nama Perangkat Daerah Anda?'],
      ['Dinas Komunikasi, Informatika, Statistik dan Persandian', 'Di kabupaten/kota/provinsi mana?'],
      ['Kabupaten Balangan', 'Periode Renstra-nya?'],
      ['2025–2029', 'Apa mandat atau tugas-fungsi'],
      ['Urusan komunikasi dan informatika, statistik, dan persandian', 'Sudah (1):'],
      ['Selesai ✓', 'Apa masalah utama di bidang Anda?'],
      ['Rendahnya Tingkat Keamanan Informasi', '• Rendahnya Tingkat Keamanan Informasi'],
      ['Selesai ✓', 'Apa harapan pemangku kepentingan'],
      ['Lewati', 'Apa kondisi akhir (outcome) yang ingin dicapai?'],
      ['Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas', 'Ringkasan Tahap 1:'],
      ['Simpan & lanjut ke Tahap 2', 'Pohon kinerja tersimpan ✓ Tahap 1 selesai.'],
    ];
    // Every other update goes to the other process: each one picks up where the other left off.
    for (const [i, [line, expected]] of lines.entries()) {
      const before = fake.calls.length;
      expect(await post(i % 2 === 0 ? a : b, updateFor(line))).toBe(200);
      expect(sentTexts(before).join('\n'), `reply to «${line}» on ${i % 2 === 0 ? 'A' : 'B'}`).toContain(
        expected,
      );
    }

    // Telegram retries a tap it thinks was lost, and the balancer sends the copies to both processes.
    const tap = updateFor('Meningkatnya Tingkat Keamanan Informasi');
    const before = fake.calls.length;
    expect(await Promise.all([post(a, tap), post(b, tap)])).toEqual([200, 200]);
    const replies = sentTexts(before);
    expect(replies.filter((t) => t.includes('Tersimpan ✓ 1 (CSF).'))).toHaveLength(1);
    expect(fake.calls.slice(before).filter((c) => c.method === 'editMessageText')).toHaveLength(1);

    const [tree] = await a.store.repository.listTrees(siti);
    const loaded = await b.store.repository.loadTree(siti, tree?.id ?? '');
    expect(loaded.ok && loaded.value.tree.tree.children.map((c) => c.statement)).toEqual([
      'Meningkatnya Tingkat Keamanan Informasi',
    ]);
    const revisions = await a.store.repository.listRevisions(siti, tree?.id ?? '', 10);
    expect(revisions.ok && revisions.value.map((r) => r.summary)).toHaveLength(2);

    // A button whose value is too long for callback_data, sent by A; the tap lands on B, which finds
    // the value under its short key in the shared database.
    const query = '/pk kepala bidang statistik dan persandian dinas komunikasi informatika';
    await a.adapter.sender.send({
      conversation: { platform: 'telegram', chatId: String(chat.chatId) },
      messages: [{ text: 'Cari indikator PK Anda:', buttons: [[{ label: 'Cari PK Kabid', value: query }]] }],
    });
    const pushed = keyboard();
    const data = pushed?.reply_markup?.inline_keyboard[0]?.[0]?.callback_data ?? '';
    expect(data).toMatch(/^#k:/);
    const beforeTap = fake.calls.length;
    expect(await post(b, updateFor('Cari PK Kabid'))).toBe(200);
    const answer = sentTexts(beforeTap).join('\n');
    expect(answer).not.toContain('Tombol ini sudah tidak berlaku');
    expect(answer).toContain('kepala bidang statistik dan persandian dinas komunikasi informatika');
  });
});
