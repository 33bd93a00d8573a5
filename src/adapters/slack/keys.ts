/**
 * Small values the adapter must find again after a round trip through Slack: button values longer than
 * Slack's 2,000 characters (sent as a short key derived from their hash, so every process derives the
 * same key), the editor a modal belongs to, and the threads the bot takes part in. Kept as tiny rows in
 * the conversation store (same idea as Telegram's callback keys), so they survive restarts and work
 * across processes without an extra table.
 */
import { createHash } from 'node:crypto';
import type { ConversationStore } from '../../ports/repository.ts';

export const BUTTON_VALUE_LIMIT = 2000;
/** Marks a button value that is a key, not the value itself. */
export const KEY_PREFIX = '#k:';

export interface SlackKeyStore {
  put(key: string, value: string): Promise<void>;
  get(key: string): Promise<string | undefined>;
}

/** A stable short key for any string. */
export function keyFor(value: string): string {
  return KEY_PREFIX + createHash('sha256').update(value, 'utf8').digest('base64url').slice(0, 22);
}

/** The button value to send: the value itself when it fits, else a short stable key. */
export function buttonValueFor(value: string): string {
  if (value.length <= BUTTON_VALUE_LIMIT && !value.startsWith(KEY_PREFIX)) return value;
  return keyFor(value);
}

export function isKey(value: string): boolean {
  return value.startsWith(KEY_PREFIX);
}

export function createMemoryKeyStore(): SlackKeyStore {
  const map = new Map<string, string>();
  return {
    async put(key, value) {
      map.set(key, value);
    },
    async get(key) {
      return map.get(key);
    },
  };
}

interface KeyState {
  value: string;
}

/** Keys as rows of the conversation store (chat id `slack-key:<key>`); writing a key twice is harmless. */
export function createConversationKeyStore(conversations: ConversationStore): SlackKeyStore {
  const keyOf = (key: string) => ({ platform: 'slack' as const, chatId: `slack-key:${key}` });
  return {
    async put(key, value) {
      const existing = await conversations.load<KeyState>(keyOf(key));
      if (existing) return;
      await conversations.save<KeyState>(keyOf(key), 0, 1, { value });
    },
    async get(key) {
      const row = await conversations.load<KeyState>(keyOf(key));
      const value = row?.state?.value;
      return typeof value === 'string' ? value : undefined;
    },
  };
}
