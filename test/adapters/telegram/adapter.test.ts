import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callbackDataFor } from '../../../src/adapters/telegram/callback-keys.ts';
import {
  createTelegramAdapter,
  type TelegramAdapter,
} from '../../../src/adapters/telegram/create-telegram-adapter.ts';
import type { Incoming, MessageHandler, Outgoing } from '../../../src/ports/chat.ts';
import { FakeTelegram } from '../../support/fake-telegram.ts';
import { UpdateFactory } from '../../support/telegram-updates.ts';

const TOKEN = '123456:TEST-token';

/** A stand-in for the app: records what it was given and answers from a script. */
class ScriptedHandler implements MessageHandler {
  readonly received: Incoming[] = [];
  constructor(private readonly script: (incoming: Incoming) => Outgoing[] | Promise<Outgoing[]>) {}
  async handle(incoming: Incoming): Promise<Outgoing[]> {
    this.received.push(incoming);
    return this.script(incoming);
  }
}

const echo = (incoming: Incoming): Outgoing[] => {
  switch (incoming.kind) {
    case 'text':
      return [{ text: `Anda menulis: ${incoming.text}` }];
    case 'command':
      return [{ text: `Perintah ${incoming.command} (${incoming.args})` }];
    case 'choice':
      return [{ text: `Pilihan: ${incoming.value}`, editsMessageId: incoming.messageId }];
    case 'unsupported':
      return [{ text: 'Maaf, saya hanya bisa membaca teks. Silakan ketik jawaban Anda.' }];
  }
};

describe('Telegram adapter over long polling (real telegraf, fake Bot API)', () => {
  let fake: FakeTelegram;
  let adapter: TelegramAdapter | undefined;
  const sleeps: number[] = [];

  beforeEach(async () => {
    fake = await new FakeTelegram().start();
    sleeps.length = 0;
  });
  afterEach(async () => {
    await adapter?.stop();
    adapter = undefined;
    await fake.stop();
  });

  async function startWith(handler: MessageHandler, extra: { paceMs?: number } = {}) {
    adapter = createTelegramAdapter({
      token: TOKEN,
      handler,
      apiRoot: fake.apiRoot,
      paceMs: extra.paceMs ?? 0,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      log: () => {},
    });
    await adapter.start();
    await fake.waitFor((calls) => calls.some((c) => c.method === 'getUpdates'), 'polling to start');
    return adapter;
  }

  it('registers the Indonesian and English command menus, drops any webhook and polls', async () => {
    await startWith(new ScriptedHandler(echo));
    const methods = fake.calls.map((c) => c.method);
    expect(methods.slice(0, 5)).toEqual([
      'getMe',
      'setMyCommands',
      'setMyCommands',
      'setMyCommands',
      'deleteWebhook',
    ]);
    const menus = fake.callsOf('setMyCommands').map((c) => c.params);
    expect(menus[0]?.language_code).toBeUndefined();
    expect(menus.slice(1).map((m) => m.language_code)).toEqual(['id', 'en']);
    expect(menus[1]?.commands).toContainEqual({
      command: 'mulai',
      description: 'Mulai menyusun pohon kinerja baru',
    });
    expect(menus[2]?.commands).toContainEqual({
      command: 'mulai',
      description: 'Start drafting a new performance tree',
    });
    expect(fake.callsOf('getUpdates')[0]?.params.allowed_updates).toEqual([
      'message',
      'edited_message',
      'callback_query',
      'inline_query',
    ]);
    expect(fake.calls.every((c) => c.token === TOKEN)).toBe(true);
  });

  it('answers text, commands and button taps with the exact Bot API calls', async () => {
    const handler = new ScriptedHandler(echo);
    await startWith(handler);
    const chat = new UpdateFactory();
    fake.push(chat.text('Diskominfosan Balangan'), chat.command('/pk kabid statistik'), chat.tap('ya', 5003));
    await fake.waitFor(
      (calls) => calls.filter((c) => c.method === 'editMessageText').length === 1,
      'the edit',
    );

    expect(handler.received.map((i) => i.kind)).toEqual(['text', 'command', 'choice']);
    expect(handler.received[2]).toMatchObject({
      kind: 'choice',
      value: 'ya',
      messageId: '5003',
      chatType: 'private',
    });
    expect(fake.callsOf('answerCallbackQuery').map((c) => c.params)).toEqual([
      { callback_query_id: expect.stringMatching(/^2201548127/) },
    ]);
    expect(fake.sentTo(chat.chatId).map((c) => [c.method, c.params])).toEqual([
      [
        'sendMessage',
        {
          chat_id: '512345678',
          text: 'Anda menulis: Diskominfosan Balangan',
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
        },
      ],
      [
        'sendMessage',
        {
          chat_id: '512345678',
          text: 'Perintah pk (kabid statistik)',
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
        },
      ],
      [
        'editMessageText',
        {
          chat_id: '512345678',
          message_id: 5003,
          text: 'Pilihan: ya',
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
        },
      ],
    ]);
  });

  it('answers a sticker, a photo and a voice note politely and ignores an edited message', async () => {
    const handler = new ScriptedHandler(echo);
    await startWith(handler);
    const chat = new UpdateFactory();
    fake.push(chat.media('sticker'), chat.edited('koreksi'), chat.media('photo'), chat.media('voice'));
    await fake.waitFor(
      (calls) => calls.filter((c) => c.method === 'sendMessage').length === 3,
      'three answers',
    );
    expect(handler.received.map((i) => (i.kind === 'unsupported' ? i.what : i.kind))).toEqual([
      'sticker',
      'photo',
      'voice',
    ]);
    expect(fake.sentTo(chat.chatId).map((c) => c.params.text)).toEqual(
      Array(3).fill('Maaf, saya hanya bisa membaca teks. Silakan ketik jawaban Anda.'),
    );
  });

  it('escapes hostile text and splits it over several messages without losing a character', async () => {
    const hostile = `<b>bold?</b> *bintang* _miring_ [tautan](http://x) 🌳🇮🇩 & </i>`;
    const long = Array.from({ length: 80 }, (_, i) => `${i}: ${hostile}`).join('\n');
    expect(long.length).toBeGreaterThan(4000);
    await startWith(new ScriptedHandler(() => [{ title: '<script>', text: long }]));
    const chat = new UpdateFactory();
    fake.push(chat.text('tolong'));
    await fake.waitFor(
      (calls) => calls.filter((c) => c.method === 'sendMessage').length >= 2,
      'the split message',
    );
    const texts = fake.sentTo(chat.chatId).map((c) => String(c.params.text));
    expect(texts.length).toBe(2);
    for (const text of texts) {
      expect(text.length).toBeLessThanOrEqual(4096);
      // The only tags are our own bold title; everything else arrives as escaped text.
      expect(text.replace('<b>&lt;script&gt;</b>', '')).not.toMatch(/<[a-z/]/i);
    }
    const decoded = texts
      .join('\n')
      .replace('<b>&lt;script&gt;</b>\n', '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    expect(decoded).toBe(long);
  });

  it('retries after a 429 for the time Telegram asks and still delivers', async () => {
    fake.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    await startWith(new ScriptedHandler(echo));
    const chat = new UpdateFactory();
    fake.push(chat.text('halo'));
    await fake.waitFor((calls) => calls.filter((c) => c.method === 'sendMessage').length === 2, 'the retry');
    expect(sleeps).toEqual([1000]);
    const [first, retry] = fake.sentTo(chat.chatId);
    expect(retry?.params).toEqual(first?.params);
  });

  it('paces messages to one chat', async () => {
    let clock = 0;
    adapter = createTelegramAdapter({
      token: TOKEN,
      handler: new ScriptedHandler(() => [{ text: 'satu' }, { text: 'dua' }, { text: 'tiga' }]),
      apiRoot: fake.apiRoot,
      paceMs: 1000,
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
      log: () => {},
    });
    await adapter.start();
    fake.push(new UpdateFactory().text('halo'));
    await fake.waitFor(
      (calls) => calls.filter((c) => c.method === 'sendMessage').length === 3,
      'three messages',
    );
    expect(sleeps).toEqual([1000, 1000]);
  });

  it('handles one chat in order while another chat goes ahead, and applies a redelivered update once', async () => {
    let releaseFirst: () => void = () => {};
    const firstHeld = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const handler = new ScriptedHandler(async (incoming) => {
      if (incoming.kind === 'text' && incoming.text === 'a1') await firstHeld;
      return [{ text: `ok ${incoming.kind === 'text' ? incoming.text : ''}` }];
    });
    await startWith(handler);
    const a = new UpdateFactory(111, 1000);
    const b = new UpdateFactory(222, 2000);
    const a1 = a.text('a1');
    fake.push(a1, a.text('a2'), a1, b.text('b1'), a.text('a3'));
    await fake.waitFor((calls) => calls.some((c) => c.params.text === 'ok b1'), 'chat b while chat a waits');
    expect(handler.received.map((i) => (i.kind === 'text' ? i.text : ''))).toEqual(['a1', 'b1']);
    releaseFirst();
    await fake.waitFor((calls) => calls.some((c) => c.params.text === 'ok a3'), 'chat a to finish');
    expect(fake.sentTo(111).map((c) => c.params.text)).toEqual(['ok a1', 'ok a2', 'ok a3']);
    expect(handler.received.filter((i) => i.conversation.chatId === '111').map((i) => i.updateId)).toEqual([
      String(a1.update_id),
      String(a1.update_id + 1),
      String(a1.update_id + 2),
    ]);
  });

  it('sends long button values as short keys and resolves them on the tap', async () => {
    const long = 'pilih-kondisi:Meningkatnya kualitas tata kelola data statistik sektoral yang terintegrasi';
    const handler = new ScriptedHandler((incoming) =>
      incoming.kind === 'choice'
        ? [{ text: `dipilih ${incoming.value}` }]
        : [{ text: 'Pilih satu', buttons: [[{ label: 'Kondisi 1', value: long }]] }],
    );
    await startWith(handler);
    const chat = new UpdateFactory();
    fake.push(chat.text('mulai'));
    await fake.waitFor((calls) => calls.some((c) => c.method === 'sendMessage'), 'the keyboard');
    const data = (
      fake.sentTo(chat.chatId)[0]!.params.reply_markup as {
        inline_keyboard: Array<Array<{ callback_data: string }>>;
      }
    ).inline_keyboard[0]?.[0]?.callback_data;
    expect(data).toBe(callbackDataFor(long));
    expect(Buffer.byteLength(data ?? '')).toBeLessThanOrEqual(64);
    fake.push(chat.tap(data ?? '', 5000), chat.tap('#k:unknownkey', 5000));
    await fake.waitFor(
      (calls) => calls.filter((c) => c.method === 'sendMessage').length === 3,
      'two answers',
    );
    expect(handler.received.at(-1)).toMatchObject({ kind: 'choice', value: long });
    expect(fake.sentTo(chat.chatId).map((c) => c.params.text)).toEqual([
      'Pilih satu',
      `dipilih ${long}`,
      'Tombol ini sudah tidak berlaku. Ketik /bantuan untuk melihat langkah Anda sekarang.',
    ]);
    expect(fake.callsOf('answerCallbackQuery').length).toBe(2);
  });

  it('uploads exports as documents and the diagram as a photo', async () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9]);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    await startWith(
      new ScriptedHandler(() => [
        {
          text: 'Ekspor siap:',
          files: [
            {
              filename: 'cascading-balangan.xlsx',
              mimeType: 'application/vnd.ms-excel',
              data: xlsx,
              caption: 'Tabel cascading',
            },
            {
              filename: 'pohon.png',
              mimeType: 'image/png',
              data: png,
              asImage: true,
              caption: 'Pohon kinerja',
            },
          ],
        },
      ]),
    );
    const chat = new UpdateFactory();
    fake.push(chat.command('/ekspor'));
    await fake.waitFor((calls) => calls.some((c) => c.method === 'sendPhoto'), 'the photo');
    const sent = fake.sentTo(chat.chatId);
    expect(sent.map((c) => c.method)).toEqual(['sendMessage', 'sendDocument', 'sendPhoto']);
    expect(sent[1]?.params).toMatchObject({
      chat_id: '512345678',
      caption: 'Tabel cascading',
      parse_mode: 'HTML',
    });
    expect(sent[1]?.files.document?.filename).toBe('cascading-balangan.xlsx');
    expect(sent[1]?.files.document?.bytes.equals(Buffer.from(xlsx))).toBe(true);
    expect(sent[2]?.files.photo?.filename).toBe('pohon.png');
    expect(sent[2]?.files.photo?.bytes.equals(Buffer.from(png))).toBe(true);
  });

  it('falls back to a new message when the question can no longer be edited', async () => {
    fake.failNext('editMessageText', {
      error_code: 400,
      description: 'Bad Request: message to edit not found',
    });
    await startWith(new ScriptedHandler(echo));
    const chat = new UpdateFactory();
    fake.push(chat.tap('ya', 4242));
    await fake.waitFor((calls) => calls.some((c) => c.method === 'sendMessage'), 'the fallback');
    expect(fake.sentTo(chat.chatId).map((c) => [c.method, c.params.text])).toEqual([
      ['editMessageText', 'Pilihan: ya'],
      ['sendMessage', 'Pilihan: ya'],
    ]);
  });

  it('marks a tapped question with its answer only when that fits and the app does not rewrite it', async () => {
    await startWith(new ScriptedHandler(() => [{ text: 'Pertanyaan berikutnya' }]));
    const chat = new UpdateFactory();
    const tapOn = (text: string, data: string) => {
      const update = chat.tap(data, 5003);
      update.callback_query.message.text = text;
      update.callback_query.message.entities = [];
      return update;
    };
    // Fits: marked. Too long with the label: left alone. A value not on the keyboard: left alone.
    fake.push(tapOn('Simpan?', 'ya'), tapOn('x'.repeat(4090), 'ya'), tapOn('Simpan?', 'bukan-tombol'));
    await fake.waitFor(
      (calls) => calls.filter((c) => c.method === 'sendMessage').length === 3,
      'three answers',
    );
    expect(fake.callsOf('editMessageText').map((c) => [c.params.text, c.params.entities])).toEqual([
      ['Simpan?\n\n» Ya, simpan', [{ type: 'italic', offset: 9, length: 12 }]],
    ]);
    expect(fake.callsOf('answerCallbackQuery')).toHaveLength(3);
  });

  it('answers with a short reference when the handler fails, and keeps serving', async () => {
    const handler = new ScriptedHandler((incoming) => {
      if (incoming.kind === 'text' && incoming.text === 'rusak') throw new Error('boom');
      return echo(incoming);
    });
    await startWith(handler);
    const chat = new UpdateFactory();
    fake.push(chat.text('rusak'), chat.text('lagi'));
    await fake.waitFor(
      (calls) => calls.filter((c) => c.method === 'sendMessage').length === 2,
      'two answers',
    );
    const [failure, next] = fake.sentTo(chat.chatId).map((c) => String(c.params.text));
    expect(failure).toMatch(/^Maaf, terjadi gangguan .* \(ref [0-9a-f]{6}\)/);
    expect(next).toBe('Anda menulis: lagi');
  });

  it('passes group messages addressed to the bot as group chats and ignores the rest', async () => {
    const handler = new ScriptedHandler(() => [{ text: 'Di grup saya bisa: /status, /ekspor.' }]);
    await startWith(handler);
    const { fixture } = await import('../../support/telegram-updates.ts');
    fake.push(fixture('group-text'), fixture('group-command'), fixture('group-mention'));
    await fake.waitFor(
      (calls) => calls.filter((c) => c.method === 'sendMessage').length === 2,
      'two group answers',
    );
    expect(handler.received.map((i) => [i.kind, i.chatType])).toEqual([
      ['command', 'group'],
      ['text', 'group'],
    ]);
    expect(fake.sentTo(-1001987654321).length).toBe(2);
  });

  it('reports when another process takes over polling (409) so the process can stop', async () => {
    fake.failNext('getUpdates', {
      error_code: 409,
      description:
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    });
    const fatal: unknown[] = [];
    adapter = createTelegramAdapter({
      token: TOKEN,
      handler: new ScriptedHandler(echo),
      apiRoot: fake.apiRoot,
      log: () => {},
      onFatal: (cause) => fatal.push(cause),
    });
    await adapter.start();
    await expect.poll(() => fatal.length).toBe(1);
    expect(fatal[0]).toMatchObject({ code: 409 });
  });

  it('pushes messages outside a reply through the sender', async () => {
    const started = await startWith(new ScriptedHandler(echo));
    await started.sender.send({
      conversation: { platform: 'telegram', chatId: '-1001987654321', threadId: '77' },
      messages: [{ text: 'Ronde ditutup' }],
    });
    expect(fake.sentTo(-1001987654321).map((c) => c.params)).toEqual([
      {
        chat_id: '-1001987654321',
        message_thread_id: 77,
        text: 'Ronde ditutup',
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      },
    ]);
  });
});
