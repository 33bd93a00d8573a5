/**
 * The Telegram adapter: a telegraf bot (long polling, or a webhook server with a secret and /healthz)
 * that turns updates into the app's Incoming, hands them to the MessageHandler one chat at a time
 * (different chats concurrently), drops redelivered updates, and sends the replies through a paced,
 * 429-aware delivery. Button values longer than 64 bytes go through a CallbackKeyStore. Inline queries
 * (`@bot kabid statistik`) go to an optional InlineQueryProvider.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Telegraf } from 'telegraf';
import { SerialQueues } from '../../core/serial-queues.ts';
import type { ChatSender, Incoming, MessageHandler, Outgoing } from '../../ports/chat.ts';
import { type CallbackKeyStore, createMemoryCallbackKeyStore, isKey } from './callback-keys.ts';
import commandCatalogue from './data/commands.json' with { type: 'json' };
import messageCatalogue from './data/messages.json' with { type: 'json' };
import { createDelivery, type Log, type Sleep } from './delivery.ts';
import { type InlineQueryProvider, renderInlineAnswer } from './inline.ts';
import { MESSAGE_LIMIT } from './render.ts';
import { type BotIdentity, chatIdOf, type TgMessage, type TgUpdate, toIncoming } from './to-incoming.ts';

export interface TelegramWebhookOptions {
  /** Public HTTPS URL Telegram posts to; its path is the path this server answers. */
  url: string;
  /** Sent to Telegram with setWebhook and required in X-Telegram-Bot-Api-Secret-Token (1–256 of A-Z a-z 0-9 _ -). */
  secret: string;
  port: number;
  host?: string | undefined;
}

export interface BotCommand {
  command: string;
  description: string;
}

export interface TelegramAdapterOptions {
  token: string;
  handler: MessageHandler;
  /** Bot API root (tests point it at a local fake server). */
  apiRoot?: string | undefined;
  /** Webhook mode; without it the bot uses long polling. */
  webhook?: TelegramWebhookOptions | undefined;
  /** Where long button values are kept; in memory by default (use the conversation-store one in production). */
  callbackStore?: CallbackKeyStore | undefined;
  /** Minimum gap between two messages to one chat (ms); default 1000. */
  paceMs?: number | undefined;
  /** 429 handling: retries (default 3) and the longest retry_after honoured (default 60 s). */
  maxRetries?: number | undefined;
  maxRetryAfterSeconds?: number | undefined;
  /** Command menus by language code; the first is also the default menu. Default: data/commands.json. */
  commands?: Record<string, BotCommand[]> | undefined;
  /** Language of the adapter's own few messages. */
  lang?: 'id' | 'en' | undefined;
  /** Updates being handled at once in polling mode before polling waits. */
  maxPending?: number | undefined;
  sleep?: Sleep | undefined;
  now?: (() => number) | undefined;
  log?: Log | undefined;
  /**
   * Polling ended on its own (another process polls the same bot — 409 — or the token was revoked):
   * the process should stop or restart. Default: logged only.
   */
  onFatal?: ((cause: unknown) => void) | undefined;
  /** Inline mode (`@bot kabid statistik`): answers for an inline query; without it inline queries are ignored. */
  inlineQuery?: InlineQueryProvider | undefined;
}

export interface TelegramAdapter {
  start(): Promise<void>;
  /** Stops receiving, then waits for updates in hand to be answered. */
  stop(): Promise<void>;
  sender: ChatSender;
  /** The webhook server's bound address (after start, webhook mode). */
  address(): AddressInfo | undefined;
  /** Resolves when every update taken so far has been answered (tests, graceful hand-over). */
  idle(): Promise<void>;
}

const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'inline_query'] as const;
const ANSWER_MARK = '\n\n» ';
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const MAX_BODY = 1024 * 1024;
const SEEN_LIMIT = 10_000;

const defaultSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const defaultLog: Log = (event, detail) => {
  const safe = Object.fromEntries(
    Object.entries(detail).map(([k, v]) => [
      k,
      v instanceof Error ? { name: v.name, message: v.message } : v,
    ]),
  );
  console.error(JSON.stringify({ event, ...safe }));
};

export function createTelegramAdapter(options: TelegramAdapterOptions): TelegramAdapter {
  const log = options.log ?? defaultLog;
  const text = messageCatalogue[options.lang ?? 'id'];
  const callbackStore = options.callbackStore ?? createMemoryCallbackKeyStore();
  const webhook = options.webhook;
  const bot = new Telegraf(options.token, {
    // Every call goes through the API, never as a webhook reply: errors must be seen and retried.
    telegram: { ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}), webhookReply: false },
    handlerTimeout: 15 * 60_000,
  });
  const api = {
    callApi: (method: string, payload: Record<string, unknown>) =>
      // telegraf types callApi per method; the adapter builds payloads from render.ts's typed ops.
      (bot.telegram.callApi as (m: string, p: Record<string, unknown>) => Promise<unknown>)(method, payload),
  };
  const delivery = createDelivery({
    api,
    callbackKeys: callbackStore,
    paceMs: options.paceMs ?? 1000,
    maxRetries: options.maxRetries ?? 3,
    maxRetryAfterSeconds: options.maxRetryAfterSeconds ?? 60,
    sleep: options.sleep ?? defaultSleep,
    now: options.now ?? Date.now,
    log,
  });

  const chats = new SerialQueues();
  const seen = new Set<number>();
  const pending = new Set<Promise<void>>();
  const maxPending = options.maxPending ?? 200;
  let identity: BotIdentity | undefined;
  let server: Server | undefined;
  let polling: Promise<void> | undefined;

  function remember(updateId: number): boolean {
    if (seen.has(updateId)) return false;
    seen.add(updateId);
    if (seen.size > SEEN_LIMIT) {
      const oldest = seen.values().next().value;
      if (oldest !== undefined) seen.delete(oldest);
    }
    return true;
  }

  /**
   * In a private chat, the tapped question is edited in place: its keyboard goes (no second tap on an
   * answered question) and the tapped label is added in italics, so the chat still shows what was
   * answered. The original text and entities come with the tap, so formatting is kept exactly.
   */
  function answeredEdit(update: TgUpdate): Record<string, unknown> | undefined {
    const q = update.callback_query;
    const message = q?.message;
    if (!q || !message || message.chat.type !== 'private' || typeof message.text !== 'string')
      return undefined;
    const label = buttonLabel(message, q.data);
    if (!label) return undefined;
    const text = `${message.text}${ANSWER_MARK}${label}`;
    if (text.length > MESSAGE_LIMIT) return undefined;
    const entities = Array.isArray(message.entities) ? message.entities : [];
    return {
      message_id: message.message_id,
      text,
      entities: [
        ...entities,
        { type: 'italic', offset: message.text.length + 2, length: ANSWER_MARK.length - 2 + label.length },
      ],
      link_preview_options: { is_disabled: true },
    };
  }

  async function process(incoming: Incoming, edit?: Record<string, unknown>): Promise<void> {
    let message = incoming;
    if (message.kind === 'choice' && isKey(message.value)) {
      const value = await callbackStore.get(message.value);
      if (value === undefined) {
        await delivery.deliver(message.conversation, [{ text: text.expiredButton }]);
        return;
      }
      message = { ...message, value };
    }
    let replies: Outgoing[];
    try {
      replies = await options.handler.handle(message);
    } catch (error) {
      const ref = randomBytes(3).toString('hex');
      log('telegram.handler_failed', {
        ref,
        chatId: message.conversation.chatId,
        updateId: message.updateId,
        cause: error,
      });
      replies = [{ text: text.error.replace('{ref}', ref) }];
    }
    // No replies means the app dropped the tap (a redelivery); an app that rewrites the question itself
    // gets its own edit.
    const rewritten = replies.some((r) => r.editsMessageId === message.messageId);
    if (edit && replies.length > 0 && !rewritten) {
      try {
        await delivery.call(message.conversation.chatId, 'editMessageText', edit);
      } catch (cause) {
        log('telegram.mark_answer_failed', { chatId: message.conversation.chatId, cause });
      }
    }
    await delivery.deliver(message.conversation, replies);
  }

  /** Takes one update; resolves when it has been answered (or dropped). Order per chat is fixed here, synchronously. */
  function dispatch(update: TgUpdate): Promise<void> {
    if (!identity) throw new Error('Telegram adapter used before start()');
    if (typeof update?.update_id !== 'number' || !remember(update.update_id)) return Promise.resolve();
    if (update.inline_query) return answerInline(update);
    const parsed = toIncoming(update, identity);
    if (parsed.callbackQueryId) {
      // Stop the tap's spinner at once, outside the chat's queue.
      api
        .callApi('answerCallbackQuery', { callback_query_id: parsed.callbackQueryId })
        .catch((cause: unknown) => {
          log('telegram.answer_callback_failed', { updateId: update.update_id, cause });
        });
    }
    if (parsed.kind === 'ignore') return Promise.resolve();
    const chatId = chatIdOf(update);
    return chats
      .run(String(chatId), () => process(parsed.incoming, answeredEdit(update)))
      .catch((cause: unknown) => {
        log('telegram.delivery_failed', { updateId: update.update_id, chatId, cause });
      });
  }

  async function answerInline(update: TgUpdate): Promise<void> {
    const query = update.inline_query;
    if (!options.inlineQuery || !query?.from) return;
    const from = query.from;
    const name = [from.first_name, from.last_name].filter(Boolean).join(' ').trim();
    const lang = from.language_code?.toLowerCase().startsWith('en') ? 'en' : 'id';
    try {
      const answer = await options.inlineQuery(
        { id: String(from.id), ...(name ? { name } : {}) },
        query.query ?? '',
        lang,
      );
      await api.callApi('answerInlineQuery', renderInlineAnswer(query.id, answer));
    } catch (cause) {
      log('telegram.inline_failed', { updateId: update.update_id, cause });
    }
  }

  bot.use(async (ctx) => {
    const done = dispatch(ctx.update as unknown as TgUpdate);
    if (webhook) {
      await done;
      return;
    }
    // Polling hands over a batch and waits for all of it: answer concurrently and keep polling, but
    // stop taking more when too much is in hand.
    pending.add(done);
    void done.finally(() => pending.delete(done));
    while (pending.size > maxPending) await Promise.race(pending);
  });
  bot.catch((cause, ctx) => {
    log('telegram.update_failed', { updateId: ctx.update.update_id, cause });
  });

  async function registerCommands(): Promise<void> {
    const menus = options.commands ?? commandCatalogue;
    const entries = Object.entries(menus);
    const [first] = entries;
    const calls: Array<[string, Record<string, unknown>]> = [];
    if (first) calls.push(['setMyCommands', { commands: first[1] }]);
    for (const [language, commands] of entries)
      calls.push(['setMyCommands', { commands, language_code: language }]);
    for (const [method, payload] of calls) {
      try {
        await api.callApi(method, payload);
      } catch (cause) {
        log('telegram.set_commands_failed', { language: payload.language_code ?? 'default', cause });
      }
    }
  }

  async function startWebhook(hook: TelegramWebhookOptions): Promise<void> {
    const path = new URL(hook.url).pathname || '/';
    const expected = Buffer.from(hook.secret);
    server = createServer((req, res) => {
      void serveWebhook(req, res, path, expected);
    });
    const listening = server;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(hook.port, hook.host ?? '0.0.0.0', () => {
        listening.off('error', reject);
        resolve();
      });
    });
    await api.callApi('setWebhook', {
      url: hook.url,
      secret_token: hook.secret,
      allowed_updates: ALLOWED_UPDATES,
    });
  }

  async function serveWebhook(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    expected: Buffer,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reply = (status: number, body?: object) => {
      res.writeHead(status, body ? { 'content-type': 'application/json' } : {});
      res.end(body ? JSON.stringify(body) : undefined);
    };
    if (url.pathname === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      return reply(200, { ok: true, mode: 'webhook' });
    }
    if (url.pathname !== path) return reply(404);
    if (req.method !== 'POST') return reply(405);
    const given = req.headers[SECRET_HEADER];
    if (typeof given !== 'string' || given === '') return reply(401);
    const givenBytes = Buffer.from(given);
    if (givenBytes.length !== expected.length || !timingSafeEqual(givenBytes, expected)) return reply(403);

    let update: TgUpdate;
    try {
      update = JSON.parse(await readBody(req)) as TgUpdate;
    } catch {
      return reply(400);
    }
    try {
      await bot.handleUpdate(update as never);
      reply(200);
    } catch (cause) {
      log('telegram.webhook_failed', { cause });
      reply(500);
    }
  }

  return {
    async start() {
      const me = await bot.telegram.getMe();
      bot.botInfo = me;
      identity = { id: me.id, username: me.username };
      await registerCommands();
      if (webhook) {
        await startWebhook(webhook);
        return;
      }
      polling = bot.launch({ allowedUpdates: [...ALLOWED_UPDATES] }).catch((cause: unknown) => {
        log('telegram.polling_failed', { cause });
        options.onFatal?.(cause);
      });
    },
    async stop() {
      if (polling) {
        try {
          bot.stop('stop');
        } catch {
          // Not running (launch failed): nothing to stop.
        }
        await polling;
        polling = undefined;
      }
      if (server) {
        const closing = server;
        server = undefined;
        await new Promise<void>((resolve) => {
          closing.close(() => resolve());
          closing.closeIdleConnections();
        });
      }
      await Promise.all(pending);
      await chats.idle();
    },
    sender: {
      send: (reply) => delivery.deliver(reply.conversation, reply.messages),
    },
    async idle() {
      while (pending.size > 0) await Promise.all(pending);
      await chats.idle();
    },
    address() {
      const address = server?.address();
      return address && typeof address === 'object' ? address : undefined;
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The label of the button whose callback_data is `data`, from the keyboard the tap came with. */
function buttonLabel(message: TgMessage, data: string | undefined): string | undefined {
  const markup = message.reply_markup as { inline_keyboard?: unknown } | undefined;
  if (data === undefined || !Array.isArray(markup?.inline_keyboard)) return undefined;
  for (const row of markup.inline_keyboard) {
    if (!Array.isArray(row)) continue;
    for (const button of row as Array<{ text?: unknown; callback_data?: unknown }>)
      if (button.callback_data === data && typeof button.text === 'string') return button.text;
  }
  return undefined;
}
