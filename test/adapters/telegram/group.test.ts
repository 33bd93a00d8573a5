/**
 * A Telegram group ("Tim Renja Diskominfosan Balangan") with the app as `npm start` runs it (the
 * conversation app wrapped in workshop mode; in-memory stores, offline drafter) behind the real telegraf
 * bot: what is addressed to the bot — its commands, mentions, replies to it, taps — is answered in the
 * group; chatter, other bots' commands and stickers are left alone.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryConversationStore } from '../../../src/adapters/memory/conversations.ts';
import { createMemoryEventLog } from '../../../src/adapters/memory/events.ts';
import { createMemoryRepository } from '../../../src/adapters/memory/repository.ts';
import { createOfflineDrafter } from '../../../src/adapters/offline/create-offline-drafter.ts';
import {
  createTelegramAdapter,
  type TelegramAdapter,
} from '../../../src/adapters/telegram/create-telegram-adapter.ts';
import { createApp } from '../../../src/app/create-app.ts';
import { createWorkshopApp, type WorkshopApp } from '../../../src/app/workshop.ts';
import { FakeTelegram } from '../../support/fake-telegram.ts';
import { UpdateFactory } from '../../support/telegram-updates.ts';
import { TelegramSession } from './session.ts';

const GROUP = -1001987654321;
const ahmad = { id: 498765432, first_name: 'Ahmad' };
const budi = { id: 498700011, first_name: 'Budi' };

describe('the bot in a Telegram group with the real app', () => {
  let fake: FakeTelegram;
  let adapter: TelegramAdapter;
  let workshop: WorkshopApp;
  let session: TelegramSession;
  let group: UpdateFactory;

  beforeEach(async () => {
    fake = await new FakeTelegram().start();
    const repository = createMemoryRepository();
    const conversations = createMemoryConversationStore();
    const events = createMemoryEventLog();
    const app = createApp({
      repository,
      conversations,
      events,
      drafter: createOfflineDrafter(),
      log: () => {},
    });
    workshop = createWorkshopApp({ app, repository, conversations, events, log: () => {} });
    adapter = createTelegramAdapter({
      token: '7012345678:AAH-balangan-test-token',
      handler: workshop,
      apiRoot: fake.apiRoot,
      paceMs: 0,
      log: () => {},
    });
    workshop.attach(adapter.sender);
    await adapter.start();
    await fake.waitFor((calls) => calls.some((c) => c.method === 'getUpdates'), 'polling to start');
    group = new UpdateFactory(GROUP);
    session = new TelegramSession(fake, adapter, group);
  });
  afterEach(async () => {
    await adapter.stop();
    workshop.stop();
    await fake.stop();
  });

  const sent = (calls: Awaited<ReturnType<TelegramSession['deliver']>>) =>
    calls.filter((c) => ['sendMessage', 'editMessageText', 'sendDocument', 'sendPhoto'].includes(c.method));

  it('answers commands, mentions, replies and taps meant for it, and nothing else', async () => {
    const start = await session.deliver(group.group('/mulai@PokinBot', ahmad));
    expect(sent(start).map((c) => c.params.chat_id)).toEqual([String(GROUP)]);
    expect(session.textOf(start)).toContain('Apa nama Perangkat Daerah Anda?');
    const question = fake.messages.get(Number((start[0]?.result as { message_id?: number })?.message_id));
    if (!question) throw new Error('no question');

    // Chatter between colleagues, another bot's command and a sticker: no Bot API call at all.
    const sticker = group.media('sticker');
    sticker.message.chat = { id: GROUP, title: 'Tim Renja Diskominfosan Balangan', type: 'supergroup' };
    sticker.message.from = { ...budi, is_bot: false };
    for (const update of [
      group.group('Rapat renja besok jam 9 ya, bapak ibu', budi),
      group.group('/start@GroupHelpBot', budi),
      sticker,
    ])
      expect(sent(await session.deliver(update))).toEqual([]);

    // A reply to the bot's question is an answer.
    const reply = await session.deliver(
      group.group('Dinas Komunikasi, Informatika, Statistik dan Persandian', ahmad, { replyTo: question }),
    );
    expect(session.textOf(reply)).toContain('Di kabupaten/kota/provinsi mana?');

    // So is a message that mentions the bot; the mention itself is not part of the answer.
    const mention = await session.deliver(group.group('@PokinBot Kabupaten Balangan', budi));
    expect(session.textOf(mention)).toContain('Periode Renstra-nya?');
    expect(session.textOf(mention)).not.toContain('@PokinBot');

    // A tap in a group: answered, and the keyboard stays (someone else may still need it).
    const periods = session.keyboard();
    if (!periods) throw new Error('no keyboard');
    const tap = await session.deliver(group.tapOn(periods, '2025–2029', ahmad));
    // The tap is acknowledged on its own connection, so it may overtake the reply: order aside.
    expect(tap.map((c) => c.method).sort()).toEqual(['answerCallbackQuery', 'sendMessage']);
    expect(session.textOf(tap)).toContain('Apa mandat atau tugas-fungsi');
    expect(fake.messages.get(periods.message_id)?.reply_markup).toBeDefined();

    // Plain text in the group without a mention or reply is not taken as an answer.
    expect(
      sent(await session.deliver(group.group('Urusan komunikasi dan informatika, statistik', budi))),
    ).toEqual([]);
    expect(fake.callsOf('editMessageText')).toEqual([]);
    expect(fake.callsOf('sendMessage').every((c) => c.params.chat_id === String(GROUP))).toBe(true);
  });
});
