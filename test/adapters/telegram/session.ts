/**
 * Drives a real Telegram adapter (long polling, fake Bot API) the way a person on a phone would: each
 * line is a command, a tap on the button with that label in the bot's last keyboard, or typed text.
 * `deliver` waits until telegraf has taken the update and every reply has gone out, then returns the
 * Bot API calls it caused.
 */
import type { TelegramAdapter } from '../../../src/adapters/telegram/create-telegram-adapter.ts';
import type { ApiCall, FakeTelegram, StoredMessage } from '../../support/fake-telegram.ts';
import type { Update, UpdateFactory } from '../../support/telegram-updates.ts';

export class TelegramSession {
  /** The chat as the phone shows it: the person's lines and the bot's messages, in order. */
  readonly lines: string[] = [];
  readonly taps: string[] = [];

  constructor(
    readonly fake: FakeTelegram,
    readonly adapter: TelegramAdapter,
    readonly chat: UpdateFactory,
  ) {}

  async deliver(update: Update): Promise<ApiCall[]> {
    const before = this.fake.calls.length;
    this.fake.push(update);
    await this.fake.waitFor(
      (calls) =>
        calls.some((c) => c.method === 'getUpdates' && Number(c.params.offset ?? 0) > update.update_id),
      `update ${update.update_id} to be taken`,
    );
    await this.adapter.idle();
    if (update.callback_query)
      await this.fake.waitFor(
        (calls) =>
          calls.some(
            (c) =>
              c.method === 'answerCallbackQuery' && c.params.callback_query_id === update.callback_query.id,
          ),
        'the tap to be answered',
      );
    const caused = this.fake.calls.slice(before).filter((c) => c.method !== 'getUpdates');
    for (const call of caused) {
      const sent = call.result as { message_id?: number } | undefined;
      if (call.method === 'sendMessage' && sent?.message_id !== undefined) {
        this.lines.push(this.fake.messages.get(sent.message_id)?.text ?? '');
      }
      if (call.method === 'sendDocument' || call.method === 'sendPhoto') {
        const file = Object.values(call.files)[0];
        this.lines.push(`[${call.method === 'sendPhoto' ? 'foto' : 'berkas'}: ${file?.filename}]`);
      }
    }
    return caused;
  }

  /** The bot's latest message in this chat that still has buttons. */
  keyboard(): StoredMessage | undefined {
    return [...this.fake.messages.values()]
      .filter((m) => m.chat.id === this.chat.chatId && m.reply_markup)
      .sort((a, b) => b.message_id - a.message_id)[0];
  }

  buttons(): string[] {
    return (
      this.keyboard()
        ?.reply_markup?.inline_keyboard.flat()
        .map((b) => b.text) ?? []
    );
  }

  async say(line: string): Promise<ApiCall[]> {
    this.lines.push(`> ${line}`);
    if (line.startsWith('/')) return this.deliver(this.chat.command(line));
    const keyboard = this.keyboard();
    if (keyboard && this.buttons().includes(line)) {
      this.taps.push(line);
      return this.deliver(this.chat.tapOn(keyboard, line));
    }
    return this.deliver(this.chat.text(line));
  }

  /** The text of the messages sent by `calls` (as the phone shows them). */
  textOf(calls: ApiCall[]): string {
    return calls
      .filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText')
      .map((c) => this.fake.messages.get(Number((c.result as { message_id?: number })?.message_id))?.text)
      .filter((t): t is string => t !== undefined)
      .join('\n\n');
  }

  transcript(): string {
    return this.lines.join('\n');
  }
}
