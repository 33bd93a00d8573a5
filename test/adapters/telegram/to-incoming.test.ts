import { describe, expect, it } from 'vitest';
import { parseCommand, type TgUpdate, toIncoming } from '../../../src/adapters/telegram/to-incoming.ts';
import { type FixtureName, fixture } from '../../support/telegram-updates.ts';

const bot = { id: 7000001, username: 'PokinBot' };
const parse = (name: FixtureName) => toIncoming(fixture(name) as TgUpdate, bot);

describe('to-incoming: captured updates → Incoming', () => {
  it('reads a private text message', () => {
    expect(parse('private-text')).toEqual({
      kind: 'incoming',
      incoming: {
        platform: 'telegram',
        updateId: '684510001',
        conversation: { platform: 'telegram', chatId: '512345678' },
        chatType: 'private',
        user: { id: '512345678', name: 'Siti Rahmawati' },
        messageId: '101',
        kind: 'text',
        text: 'Dinas Komunikasi, Informatika, Statistik dan Persandian Kabupaten Balangan',
      },
    });
  });

  it("reads a deep link (/start pk, from inline mode's button) as its command, and a plain /start as /start", () => {
    const update = fixture('private-command') as TgUpdate & { message: { text: string } };
    update.message.text = '/start pk';
    expect(toIncoming(update, bot)).toMatchObject({ incoming: { kind: 'command', command: 'pk', args: '' } });
    update.message.text = '/start';
    expect(toIncoming(update, bot)).toMatchObject({
      incoming: { kind: 'command', command: 'start', args: '' },
    });
    update.message.text = '/start rahasia';
    expect(toIncoming(update, bot)).toMatchObject({
      incoming: { kind: 'command', command: 'start', args: 'rahasia' },
    });
  });

  it('reads a command with its arguments', () => {
    expect(parse('private-command')).toMatchObject({
      kind: 'incoming',
      incoming: { kind: 'command', command: 'pk', args: 'kabid statistik' },
    });
  });

  it('reads a button tap as a choice on the question message, with the query to answer', () => {
    expect(parse('callback-query')).toMatchObject({
      kind: 'incoming',
      callbackQueryId: '2201548127734567890',
      incoming: {
        kind: 'choice',
        value: 'ya',
        messageId: '5003',
        chatType: 'private',
        updateId: '684510003',
      },
    });
  });

  it('ignores an edited message without a reply', () => {
    expect(parse('edited-message')).toMatchObject({ kind: 'ignore', reason: 'edited message' });
  });

  it('takes a group command addressed to this bot and marks the chat as a group', () => {
    expect(parse('group-command')).toMatchObject({
      kind: 'incoming',
      incoming: {
        kind: 'command',
        command: 'mulai',
        args: '',
        chatType: 'group',
        conversation: { chatId: '-1001987654321' },
      },
    });
  });

  it('ignores group chatter but answers a mention, without the mention', () => {
    expect(parse('group-text')).toMatchObject({ kind: 'ignore' });
    expect(parse('group-mention')).toMatchObject({
      kind: 'incoming',
      incoming: { kind: 'text', text: 'apa yang bisa dikerjakan di grup?', chatType: 'group' },
    });
  });

  it('ignores a command meant for another bot', () => {
    const update = fixture('group-command');
    update.message.text = '/mulai@OtherBot';
    expect(toIncoming(update as TgUpdate, bot)).toMatchObject({
      kind: 'ignore',
      reason: 'command for another bot',
    });
  });

  it('marks stickers, photos and voice notes as unsupported', () => {
    expect(parse('sticker')).toMatchObject({
      kind: 'incoming',
      incoming: { kind: 'unsupported', what: 'sticker' },
    });
    expect(parse('photo')).toMatchObject({
      kind: 'incoming',
      incoming: { kind: 'unsupported', what: 'photo' },
    });
    expect(parse('voice')).toMatchObject({
      kind: 'incoming',
      incoming: { kind: 'unsupported', what: 'voice' },
    });
  });

  it('keeps a forum topic as its own conversation thread', () => {
    const update = fixture('group-mention');
    update.message.is_topic_message = true;
    update.message.message_thread_id = 77;
    expect(toIncoming(update as TgUpdate, bot)).toMatchObject({
      incoming: { conversation: { platform: 'telegram', chatId: '-1001987654321', threadId: '77' } },
    });
  });

  it('parses /command@bot forms', () => {
    expect(parseCommand('/Mulai@PokinBot')).toEqual({ command: 'mulai', addressee: 'PokinBot', args: '' });
    expect(parseCommand('/pk   kabid\nstatistik ')).toEqual({ command: 'pk', args: 'kabid\nstatistik' });
    expect(parseCommand('/ not a command')).toBeUndefined();
  });
});
