/**
 * Button values too long for a platform (Telegram's 64-byte callback_data, Slack's 2,000-character
 * value) are sent as a short key derived from their hash, so every process derives the same key without
 * talking, and the key → value pair is stored so a tap still resolves after a restart or elsewhere.
 */
import { createHash } from 'node:crypto';
import type { ConversationStore, Platform } from '../../ports/repository.ts';

/** Where long button values live between sending the buttons and the tap. */
export interface ButtonKeyStore {
  put(key: string, value: string): Promise<void>;
  get(key: string): Promise<string | undefined>;
}

/** A stable short key for any string: `prefix` + 22 base64url characters of its SHA-256. */
export function hashKey(value: string, prefix: string): string {
  return prefix + createHash('sha256').update(value, 'utf8').digest('base64url').slice(0, 22);
}

/**
 * The value to send: the value itself when `fits` it and cannot be mistaken for a key, else its key.
 * `fits` is the platform's own measure (bytes for Telegram, UTF-16 units for Slack).
 */
export function keyedValue(value: string, prefix: string, fits: (value: string) => boolean): string {
  if (fits(value) && !value.startsWith(prefix)) return value;
  return hashKey(value, prefix);
}

export function createMemoryButtonKeyStore(): ButtonKeyStore {
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

/**
 * Keys as tiny rows of the conversation store (chat id `<chatIdPrefix><key>` under `platform`), so no
 * extra table is needed and every process sharing the database resolves every key. Keys are content
 * hashes: writing the same key twice (or racing another process) is harmless.
 */
export function createConversationButtonKeyStore(
  conversations: ConversationStore,
  platform: Platform,
  chatIdPrefix: string,
): ButtonKeyStore {
  const keyOf = (key: string) => ({ platform, chatId: `${chatIdPrefix}${key}` });
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
