/**
 * Wiring for the Telegram bot: reads TELEGRAM_* from the environment and builds the adapter around the
 * app's MessageHandler, with button keys kept in the conversation store (so they survive restarts and
 * work across processes) and inline mode answering the PK look-up from the repository. Returns undefined
 * when no token is set.
 */
import { createHash } from 'node:crypto';
import { createConversationCallbackKeyStore } from '../../adapters/telegram/callback-keys.ts';
import {
  createTelegramAdapter,
  type TelegramAdapter,
  type TelegramAdapterOptions,
  type TelegramWebhookOptions,
} from '../../adapters/telegram/create-telegram-adapter.ts';
import { createPkInlineProvider } from '../../adapters/telegram/inline.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { MessageHandler } from '../../ports/chat.ts';
import type { ConversationStore, TreeRepository } from '../../ports/repository.ts';

export interface TelegramConfig {
  token: string;
  /** A local Bot API server, if any (TELEGRAM_API_ROOT). */
  apiRoot?: string | undefined;
  webhook?: TelegramWebhookOptions | undefined;
}

type Env = Record<string, string | undefined>;

const SECRET_FORMAT = /^[A-Za-z0-9_-]{1,256}$/;

/** The Telegram part of the configuration; undefined without TELEGRAM_BOT_TOKEN, an error for bad values. */
export function telegramConfigFromEnv(env: Env): Result<TelegramConfig | undefined, string> {
  const token = env.TELEGRAM_BOT_TOKEN?.trim();
  if (!token) return ok(undefined);
  const apiRoot = env.TELEGRAM_API_ROOT?.trim() || undefined;
  const url = env.TELEGRAM_WEBHOOK_URL?.trim();
  if (!url) return ok({ token, apiRoot });

  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return err('TELEGRAM_WEBHOOK_URL is not a URL');
  }
  if (parsed.protocol !== 'https:')
    return err('TELEGRAM_WEBHOOK_URL must be an https:// URL (Telegram posts only over HTTPS)');
  // Without an explicit secret, derive one from the token: every process of this bot derives the same
  // one, and it is not guessable without the token.
  const secret =
    env.TELEGRAM_WEBHOOK_SECRET?.trim() ||
    createHash('sha256').update(`pokin-telegram-webhook:${token}`).digest('hex');
  if (!SECRET_FORMAT.test(secret))
    return err('TELEGRAM_WEBHOOK_SECRET may contain only A-Z, a-z, 0-9, _ and - (1–256 characters)');
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return err('PORT is not a port number');
  return ok({ token, apiRoot, webhook: { url, secret, port, host: env.HOST?.trim() || '0.0.0.0' } });
}

export interface TelegramDeps {
  handler: MessageHandler;
  conversations: ConversationStore;
  /** Where inline mode (`@bot kabid statistik`) finds the person's trees; inline queries are ignored without it. */
  repository?: TreeRepository | undefined;
  /** Pacing and its clock (tests keep the pacing but not the waiting). */
  paceMs?: TelegramAdapterOptions['paceMs'];
  sleep?: TelegramAdapterOptions['sleep'];
  log?: TelegramAdapterOptions['log'];
  onFatal?: TelegramAdapterOptions['onFatal'];
}

/** The Telegram adapter for this environment, or undefined when TELEGRAM_BOT_TOKEN is unset. */
export function createTelegramFromEnv(
  env: Env,
  deps: TelegramDeps,
): Result<TelegramAdapter | undefined, string> {
  const config = telegramConfigFromEnv(env);
  if (!config.ok) return config;
  if (!config.value) return ok(undefined);
  return ok(
    createTelegramAdapter({
      ...config.value,
      handler: deps.handler,
      callbackStore: createConversationCallbackKeyStore(deps.conversations),
      ...(deps.repository ? { inlineQuery: createPkInlineProvider(deps.repository) } : {}),
      ...(deps.paceMs !== undefined ? { paceMs: deps.paceMs } : {}),
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(deps.log ? { log: deps.log } : {}),
      ...(deps.onFatal ? { onFatal: deps.onFatal } : {}),
    }),
  );
}
