/**
 * Small values the adapter must find again after a round trip through Slack: button values longer than
 * Slack's 2,000 characters (sent as a short key derived from their hash, so every process derives the
 * same key), the editor a modal belongs to, and the threads the bot takes part in. Kept as tiny rows in
 * the conversation store (the shared button-keys module, as for Telegram's callback keys), so they
 * survive restarts and work across processes without an extra table.
 */
import type { ConversationStore } from '../../ports/repository.ts';
import {
  type ButtonKeyStore,
  createConversationButtonKeyStore,
  createMemoryButtonKeyStore,
  hashKey,
  keyedValue,
} from '../common/button-keys.ts';

export const BUTTON_VALUE_LIMIT = 2000;
/** Marks a button value that is a key, not the value itself. */
export const KEY_PREFIX = '#k:';

export type SlackKeyStore = ButtonKeyStore;

/** A stable short key for any string. */
export function keyFor(value: string): string {
  return hashKey(value, KEY_PREFIX);
}

/** The button value to send: the value itself when it fits, else a short stable key. */
export function buttonValueFor(value: string): string {
  return keyedValue(value, KEY_PREFIX, (v) => v.length <= BUTTON_VALUE_LIMIT);
}

export function isKey(value: string): boolean {
  return value.startsWith(KEY_PREFIX);
}

export function createMemoryKeyStore(): SlackKeyStore {
  return createMemoryButtonKeyStore();
}

/** Keys as rows of the conversation store (chat id `slack-key:<key>`); writing a key twice is harmless. */
export function createConversationKeyStore(conversations: ConversationStore): SlackKeyStore {
  return createConversationButtonKeyStore(conversations, 'slack', 'slack-key:');
}
