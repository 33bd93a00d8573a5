/**
 * Real-shaped Telegram updates for tests, built from the captured fixtures in test/fixtures/telegram/:
 * each builder clones a fixture and changes only the update id, chat, text or button data.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StoredMessage } from './fake-telegram.ts';

export type FixtureName =
  | 'private-text'
  | 'private-command'
  | 'callback-query'
  | 'edited-message'
  | 'group-command'
  | 'group-text'
  | 'group-mention'
  | 'sticker'
  | 'photo'
  | 'voice'
  | 'inline-query';

// biome-ignore lint/suspicious/noExplicitAny: fixtures are free-form Telegram JSON
export type Update = { update_id: number } & Record<string, any>;

export function fixture(name: FixtureName): Update {
  const url = new URL(`../fixtures/telegram/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as Update;
}

/** Hands out increasing update and message ids, as Telegram does. */
export class UpdateFactory {
  #updateId: number;
  #messageId = 200;

  constructor(
    readonly chatId = 512345678,
    firstUpdateId = 684520000,
  ) {
    this.#updateId = firstUpdateId;
  }

  #withChat(update: Update, key: string): Update {
    update.update_id = this.#updateId++;
    const message = update[key];
    message.message_id = this.#messageId++;
    message.chat.id = this.chatId;
    if (message.chat.type === 'private' && message.from) message.from.id = this.chatId;
    return update;
  }

  text(text: string): Update {
    const update = this.#withChat(fixture('private-text'), 'message');
    update.message.text = text;
    return update;
  }

  command(text: string): Update {
    const update = this.#withChat(fixture('private-command'), 'message');
    update.message.text = text;
    const length = text.split(/\s/)[0]?.length ?? text.length;
    update.message.entities = [{ offset: 0, length, type: 'bot_command' }];
    return update;
  }

  /** A tap on a button with `callbackData` under the bot message `messageId`. */
  tap(callbackData: string, messageId: number): Update {
    const update = fixture('callback-query');
    update.update_id = this.#updateId++;
    update.callback_query.id = `${update.callback_query.id.slice(0, 10)}${this.#updateId}`;
    update.callback_query.from.id = this.chatId;
    update.callback_query.message.chat.id = this.chatId;
    update.callback_query.message.message_id = messageId;
    update.callback_query.data = callbackData;
    return update;
  }

  /** A tap on the button labelled `label` of a message the bot sent (as the fake keeps it). */
  tapOn(message: StoredMessage, label: string, from?: { id: number; first_name: string }): Update {
    const button = message.reply_markup?.inline_keyboard.flat().find((b) => b.text === label);
    if (!button) throw new Error(`no button «${label}» on message ${message.message_id}`);
    const update = this.tap(button.callback_data, message.message_id);
    const q = update.callback_query;
    q.message = {
      ...q.message,
      chat: { ...q.message.chat, id: message.chat.id, type: message.chat.type },
      text: message.text,
      entities: message.entities,
      reply_markup: message.reply_markup,
    };
    if (message.chat.type !== 'private') {
      q.message.chat = { id: message.chat.id, title: 'Tim Renja Diskominfosan Balangan', type: 'supergroup' };
    }
    if (from) q.from = { ...q.from, ...from, username: undefined };
    return update;
  }

  /** A message in the team's group from `from`: a command, a mention, a reply to the bot, or chatter. */
  group(
    text: string,
    from: { id: number; first_name: string },
    options: { replyTo?: StoredMessage } = {},
  ): Update {
    const update = fixture(text.startsWith('/') ? 'group-command' : 'group-text');
    update.update_id = this.#updateId++;
    const message = update.message;
    message.message_id = this.#messageId++;
    message.chat.id = this.chatId;
    message.from = { id: from.id, is_bot: false, first_name: from.first_name, language_code: 'id' };
    message.text = text;
    const command = /^\/\S+/.exec(text)?.[0];
    const mention = /@\w+/.exec(text);
    message.entities = command
      ? [{ offset: 0, length: command.length, type: 'bot_command' }]
      : mention
        ? [{ offset: mention.index, length: mention[0].length, type: 'mention' }]
        : undefined;
    if (options.replyTo) {
      message.reply_to_message = {
        message_id: options.replyTo.message_id,
        from: { id: 7000001, is_bot: true, first_name: 'Pokin', username: 'PokinBot' },
        chat: message.chat,
        date: message.date - 10,
        text: options.replyTo.text,
      };
    }
    return update;
  }

  /** `@PokinBot <query>` typed by this chat's person in any chat. */
  inline(query: string): Update {
    const update = fixture('inline-query');
    update.update_id = this.#updateId++;
    update.inline_query.id = `${update.inline_query.id.slice(0, 10)}${this.#updateId}`;
    update.inline_query.from.id = this.chatId;
    update.inline_query.query = query;
    return update;
  }

  media(name: 'sticker' | 'photo' | 'voice'): Update {
    return this.#withChat(fixture(name), 'message');
  }

  edited(text: string): Update {
    const update = this.#withChat(fixture('edited-message'), 'edited_message');
    update.edited_message.text = text;
    return update;
  }
}
