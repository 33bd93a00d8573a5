import { describe, expect, it } from 'vitest';
import {
  parseSubcommand,
  plainTextOf,
  submissionIncoming,
  toIncoming,
} from '../../../src/adapters/slack/to-incoming.ts';
import { BOT, fixture } from '../../support/fake-slack.ts';

const bot = { userId: BOT.userId, botId: BOT.botId };

describe('Slack payloads → Incoming', () => {
  it('reads a direct message as text, decoding the entities Slack sends', () => {
    expect(toIncoming(fixture('message-im'), bot)).toEqual({
      kind: 'incoming',
      incoming: {
        platform: 'slack',
        updateId: 'Ev07AAAA0001',
        conversation: { platform: 'slack', chatId: 'D07SITIPOKIN' },
        chatType: 'private',
        user: { id: 'U05SITIRAHMA' },
        messageId: '1718000101.000200',
        kind: 'text',
        text: 'Meningkatnya kualitas layanan informasi publik & statistik sektoral',
      },
    });
  });

  it('reads a mention as text without the mention, in a thread under the mentioning message', () => {
    const parsed = toIncoming(fixture('app-mention'), bot);
    expect(parsed).toMatchObject({
      kind: 'incoming',
      incoming: {
        kind: 'text',
        text: 'mulai pohon Diskominfosan',
        chatType: 'group',
        conversation: { platform: 'slack', chatId: 'C07RENJA2025', threadId: '1718000201.000300' },
      },
    });
  });

  it('takes a channel thread reply only after checking the thread is the bot’s', () => {
    const reply = fixture('message-thread-reply');
    expect(toIncoming(reply, bot)).toMatchObject({
      kind: 'incoming',
      threadCheck: { channel: 'C07RENJA2025', threadTs: '1718000201.000300' },
      incoming: { conversation: { chatId: 'C07RENJA2025', threadId: '1718000201.000300' } },
    });
    reply.event.parent_user_id = BOT.userId;
    const underBot = toIncoming(reply, bot);
    expect(underBot.kind === 'incoming' && underBot.threadCheck).toBeUndefined();
  });

  it('ignores channel remarks, mention duplicates, edits, bots and itself', () => {
    const remark = fixture('message-thread-reply');
    delete remark.event.thread_ts;
    expect(toIncoming(remark, bot)).toMatchObject({ kind: 'ignore' });

    const mentionInThread = fixture('message-thread-reply');
    mentionInThread.event.text = `<@${BOT.userId}> lihat`;
    expect(toIncoming(mentionInThread, bot)).toEqual({
      kind: 'ignore',
      reason: 'mention: handled as app_mention',
    });

    const edited = fixture('message-im');
    edited.event.subtype = 'message_changed';
    expect(toIncoming(edited, bot)).toMatchObject({ kind: 'ignore', reason: 'subtype message_changed' });

    const otherBot = fixture('message-im');
    otherBot.event.bot_id = 'B0OTHER';
    expect(toIncoming(otherBot, bot)).toMatchObject({ kind: 'ignore' });

    const own = fixture('message-im');
    own.event.user = BOT.userId;
    expect(toIncoming(own, bot)).toMatchObject({ kind: 'ignore' });
  });

  it('answers a shared file politely (unsupported), never stepping it', () => {
    const file = fixture('message-im');
    file.event.subtype = 'file_share';
    file.event.text = '';
    expect(toIncoming(file, bot)).toMatchObject({
      kind: 'incoming',
      incoming: { kind: 'unsupported', what: 'file' },
    });
  });

  it('maps /pokin subcommands to the Telegram command names', () => {
    const command = fixture('slash-command');
    command.text = 'pk kabid statistik';
    expect(toIncoming(command, bot)).toEqual({
      kind: 'incoming',
      startThread: false,
      triggerId: command.trigger_id,
      incoming: {
        platform: 'slack',
        updateId: `command:${command.trigger_id}`,
        conversation: { platform: 'slack', chatId: 'D07SITIPOKIN' },
        chatType: 'private',
        user: { id: 'U05SITIRAHMA', name: 'siti.rahmawati' },
        kind: 'command',
        command: 'pk',
        args: 'kabid statistik',
      },
    });
    expect(parseSubcommand('mulai')).toEqual({ command: 'mulai', args: '' });
    expect(parseSubcommand('  Tautkan   K7Q2-MB4X ')).toEqual({ command: 'tautkan', args: 'K7Q2-MB4X' });
    expect(parseSubcommand('/lihat')).toEqual({ command: 'lihat', args: '' });
    expect(parseSubcommand('')).toEqual({ command: 'bantuan', args: '' });
  });

  it('starts a thread for a slash command typed in a channel', () => {
    const command = fixture('slash-command');
    command.channel_id = 'C07RENJA2025';
    expect(toIncoming(command, bot)).toMatchObject({ kind: 'incoming', startThread: true });
  });

  it('reads a button tap as a choice on the tapped message', () => {
    expect(toIncoming(fixture('block-actions'), bot)).toMatchObject({
      kind: 'incoming',
      triggerId: '7123456789555.4123456789.5f4e3d2c1b0a99887766554433221100',
      incoming: {
        kind: 'choice',
        value: 'ya',
        messageId: '1718000500.000100',
        conversation: { platform: 'slack', chatId: 'D07SITIPOKIN' },
        user: { id: 'U05SITIRAHMA', name: 'siti.rahmawati' },
      },
    });
    const inThread = fixture('block-actions');
    inThread.channel.id = 'C07RENJA2025';
    inThread.message.thread_ts = '1718000201.000300';
    expect(toIncoming(inThread, bot)).toMatchObject({
      incoming: {
        conversation: { chatId: 'C07RENJA2025', threadId: '1718000201.000300' },
        chatType: 'group',
      },
    });
  });

  it('reads a modal submission and maps it by the editor’s submitValue', () => {
    const parsed = toIncoming(fixture('view-submission'), bot);
    expect(parsed).toEqual({
      kind: 'submission',
      key: '#k:REPLACED_BY_TEST',
      text: 'Meningkatnya kualitas tata kelola statistik sektoral',
      user: { id: 'U05SITIRAHMA', name: 'siti.rahmawati' },
      updateId: 'view:V07EDITOR01:1718000600.AbCdEf12',
    });
    if (parsed.kind !== 'submission') return;
    const conversation = { platform: 'slack' as const, chatId: 'D07SITIPOKIN' };
    expect(submissionIncoming(parsed, { conversation, submitValue: '' })).toMatchObject({
      kind: 'text',
      text: 'Meningkatnya kualitas tata kelola statistik sektoral',
    });
    expect(submissionIncoming(parsed, { conversation, submitValue: 'ubah:bal.1.1:{text}' })).toMatchObject({
      kind: 'choice',
      value: 'ubah:bal.1.1:Meningkatnya kualitas tata kelola statistik sektoral',
    });
  });

  it('asks for App Home on the home tab only', () => {
    expect(toIncoming(fixture('app-home-opened'), bot)).toEqual({
      kind: 'home',
      user: { id: 'U05SITIRAHMA' },
    });
    const messagesTab = fixture('app-home-opened');
    messagesTab.event.tab = 'messages';
    expect(toIncoming(messagesTab, bot)).toMatchObject({ kind: 'ignore' });
  });

  it('turns Slack link and mention markup back into what the person typed', () => {
    expect(plainTextOf('Lihat <https://balangankab.go.id|portal> &amp; <https://bps.go.id>')).toBe(
      'Lihat portal & https://bps.go.id',
    );
    expect(plainTextOf('<@U05BUDI|budi> di <#C07RENJA2025|renja-2025> <!here>')).toBe(
      '@budi di #renja-2025 @here',
    );
    expect(plainTextOf('a &lt; b &gt; c')).toBe('a < b > c');
  });
});
