/**
 * Telegram limits callback_data to 64 bytes; the app's button values may be longer. A long value is sent
 * as a short key derived from its hash (so two processes derive the same key without talking) and the
 * key → value pair is stored, so a tap still resolves after a restart or on another process
 * (the shared button-keys module, as for Slack).
 */
import type { ConversationStore } from '../../ports/repository.ts';
import {
  type ButtonKeyStore,
  createConversationButtonKeyStore,
  createMemoryButtonKeyStore,
  keyedValue,
} from '../common/button-keys.ts';

export const CALLBACK_DATA_LIMIT = 64;
/** Marks callback_data that is a key, not the value itself. */
export const KEY_PREFIX = '#k:';

/** Where long button values live between sending a keyboard and the tap. */
export type CallbackKeyStore = ButtonKeyStore;

/** The callback_data for a button value: the value itself when it fits, else a short stable key. */
export function callbackDataFor(value: string): string {
  return keyedValue(value, KEY_PREFIX, (v) => Buffer.byteLength(v, 'utf8') <= CALLBACK_DATA_LIMIT);
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
  return createMemoryButtonKeyStore();
}

/**
 * Keeps keys as tiny rows in the conversation store (chat id `callback-key:<key>`), so no extra table is
 * needed and every process sharing the database resolves every key.
 */
export function createConversationCallbackKeyStore(conversations: ConversationStore): CallbackKeyStore {
  return createConversationButtonKeyStore(conversations, 'telegram', 'callback-key:');
}
