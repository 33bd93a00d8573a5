/**
 * Telegram limits callback_data to 64 bytes; the app's button values may be longer. A long value is sent
 * as a short key derived from its hash (so two processes derive the same key without talking) and the
 * key → value pair is stored, so a tap still resolves after a restart or on another process.
 */
import { createHash } from 'node:crypto';
import type { ConversationStore } from '../../ports/repository.ts';

export const CALLBACK_DATA_LIMIT = 64;
/** Marks callback_data that is a key, not the value itself. */
export const KEY_PREFIX = '#k:';

/** Where long button values live between sending a keyboard and the tap. */
export interface CallbackKeyStore {
  put(key: string, value: string): Promise<void>;
  get(key: string): Promise<string | undefined>;
}

/** The callback_data for a button value: the value itself when it fits, else a short stable key. */
export function callbackDataFor(value: string): string {
  if (Buffer.byteLength(value, 'utf8') <= CALLBACK_DATA_LIMIT && !value.startsWith(KEY_PREFIX)) return value;
  return KEY_PREFIX + createHash('sha256').update(value, 'utf8').digest('base64url').slice(0, 22);
}

export function isKey(data: string): boolean {
  return data.startsWith(KEY_PREFIX);
}

/** Resolve callback_data to the button value; undefined when a key is unknown (an expired keyboard). */
export async function resolveCallbackData(
  store: CallbackKeyStore,
  data: string,
): Promise<string | undefined> {
  return isKey(data) ? store.get(data) : data;
}

export function createMemoryCallbackKeyStore(): CallbackKeyStore {
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
 * Keeps keys as tiny rows in the conversation store (chat id `callback-key:<key>`), so no extra table is
 * needed and every process sharing the database resolves every key. Keys are content hashes: writing
 * the same key twice (or racing another process) is harmless.
 */
export function createConversationCallbackKeyStore(conversations: ConversationStore): CallbackKeyStore {
  const keyOf = (key: string) => ({ platform: 'telegram' as const, chatId: `callback-key:${key}` });
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
