/**
 * Real-shaped Telegram updates for tests, built from the captured fixtures in test/fixtures/telegram/:
 * each builder clones a fixture and changes only the update id, chat, text or button data.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
  | 'voice';

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

  media(name: 'sticker' | 'photo' | 'voice'): Update {
    return this.#withChat(fixture(name), 'message');
  }

  edited(text: string): Update {
    const update = this.#withChat(fixture('edited-message'), 'edited_message');
    update.edited_message.text = text;
    return update;
  }
}
