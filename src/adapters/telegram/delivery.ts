/**
 * Getting rendered messages to Telegram politely: calls for one chat go out one at a time and at most
 * one per `paceMs` (Telegram asks for about one message a second per chat), a 429 is retried after its
 * `retry_after` (bounded), and an edit that cannot be applied falls back to a new message.
 */
import { SerialQueues } from '../../core/serial-queues.ts';
import type { Outgoing } from '../../ports/chat.ts';
import type { ConversationKey } from '../../ports/repository.ts';
import type { CallbackKeyStore } from './callback-keys.ts';
import { renderOutgoing, type TelegramOp } from './render.ts';

/** The part of telegraf's `Telegram` client the adapter uses. */
export interface ApiCaller {
  callApi(method: string, payload: Record<string, unknown>): Promise<unknown>;
}

export type Sleep = (ms: number) => Promise<void>;
export type Log = (event: string, detail: Record<string, unknown>) => void;

export interface DeliveryOptions {
  api: ApiCaller;
  callbackKeys: CallbackKeyStore;
  /** Minimum gap between two calls to one chat; 0 disables pacing. */
  paceMs: number;
  /** How often a 429 is retried, and the longest retry_after honoured (seconds). */
  maxRetries: number;
  maxRetryAfterSeconds: number;
  sleep: Sleep;
  now: () => number;
  log: Log;
}

interface ApiError {
  code: number;
  description: string;
  retryAfter?: number | undefined;
}

function apiErrorOf(error: unknown): ApiError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; description?: unknown; parameters?: { retry_after?: unknown } };
  if (typeof e.code !== 'number') return undefined;
  const retryAfter = typeof e.parameters?.retry_after === 'number' ? e.parameters.retry_after : undefined;
  return { code: e.code, description: typeof e.description === 'string' ? e.description : '', retryAfter };
}

export interface Delivery {
  /** Render and send messages to a conversation, in order; resolves with each message's id (last part). */
  deliver(conversation: ConversationKey, messages: Outgoing[]): Promise<string[]>;
  /** One paced, retried Bot API call to a chat. */
  call(chatId: string, method: string, payload: Record<string, unknown>): Promise<unknown>;
}

function idOf(result: unknown): string | undefined {
  const id = (result as { message_id?: unknown } | null)?.message_id;
  return typeof id === 'number' ? String(id) : undefined;
}

export function createDelivery(options: DeliveryOptions): Delivery {
  const { api, paceMs, sleep, now, log } = options;
  const queues = new SerialQueues();
  const lastCall = new Map<string, number>();

  async function withRetry(method: string, payload: Record<string, unknown>): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await api.callApi(method, payload);
      } catch (error) {
        const apiError = apiErrorOf(error);
        if (apiError?.code !== 429 || attempt >= options.maxRetries) throw error;
        const seconds = Math.min(Math.max(apiError.retryAfter ?? 1, 0), options.maxRetryAfterSeconds);
        log('telegram.rate_limited', { method, retryAfter: apiError.retryAfter, attempt: attempt + 1 });
        await sleep(seconds * 1000);
      }
    }
  }

  function call(chatId: string, method: string, payload: Record<string, unknown>): Promise<unknown> {
    return queues.run(chatId, async () => {
      const last = lastCall.get(chatId);
      if (paceMs > 0 && last !== undefined) {
        const wait = last + paceMs - now();
        if (wait > 0) await sleep(wait);
      }
      try {
        return await withRetry(method, { chat_id: chatId, ...payload });
      } finally {
        lastCall.set(chatId, now());
        if (lastCall.size > 10_000) pruneOld();
      }
    });
  }

  function pruneOld(): void {
    const horizon = now() - Math.max(paceMs, 1000) * 10;
    for (const [chat, at] of lastCall) if (at < horizon) lastCall.delete(chat);
  }

  /** One op; resolves with the id of the message it sent or edited. */
  async function send(conversation: ConversationKey, op: TelegramOp): Promise<string | undefined> {
    const thread =
      conversation.threadId !== undefined ? { message_thread_id: Number(conversation.threadId) } : {};
    switch (op.method) {
      case 'sendMessage':
        return idOf(await call(conversation.chatId, 'sendMessage', { ...thread, ...op.params }));
      case 'editMessageText':
        try {
          await call(conversation.chatId, 'editMessageText', { ...op.params });
          return String(op.params.message_id);
        } catch (error) {
          const apiError = apiErrorOf(error);
          if (apiError?.code === 400 && /not modified/i.test(apiError.description))
            return String(op.params.message_id);
          if (apiError?.code !== 400) throw error;
          // The question is gone or too old to edit: say it as a new message instead.
          const { message_id: _, ...rest } = op.params;
          return idOf(await call(conversation.chatId, 'sendMessage', { ...thread, ...rest }));
        }
      case 'sendDocument':
      case 'sendPhoto': {
        const field = op.method === 'sendPhoto' ? 'photo' : 'document';
        const media = { source: Buffer.from(op.file.data), filename: op.file.filename };
        return idOf(await call(conversation.chatId, op.method, { ...thread, ...op.params, [field]: media }));
      }
    }
  }

  async function deliver(conversation: ConversationKey, messages: Outgoing[]): Promise<string[]> {
    const ids: string[] = [];
    for (const message of messages) {
      const { ops, longValues } = renderOutgoing(message);
      for (const [key, value] of longValues) await options.callbackKeys.put(key, value);
      let id: string | undefined;
      for (const op of ops) id = (await send(conversation, op)) ?? id;
      ids.push(id ?? '');
      if (message.pin && id) {
        try {
          await call(conversation.chatId, 'pinChatMessage', {
            message_id: Number(id),
            disable_notification: true,
          });
        } catch (cause) {
          // The bot needs the group's "pin messages" right; without it the message stays unpinned.
          log('telegram.pin_failed', { chatId: conversation.chatId, cause });
        }
      }
    }
    return ids;
  }

  return { deliver, call };
}
