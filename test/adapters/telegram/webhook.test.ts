import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTelegramAdapter,
  type TelegramAdapter,
} from '../../../src/adapters/telegram/create-telegram-adapter.ts';
import type { Incoming, MessageHandler, Outgoing } from '../../../src/ports/chat.ts';
import { FakeTelegram } from '../../support/fake-telegram.ts';
import { UpdateFactory } from '../../support/telegram-updates.ts';

const SECRET = 'pokin_webhook-Secret_0123456789';
const HOOK_URL = 'https://pokin.example.go.id/telegram/hook';

class RecordingHandler implements MessageHandler {
  readonly received: Incoming[] = [];
  async handle(incoming: Incoming): Promise<Outgoing[]> {
    this.received.push(incoming);
    return [{ text: 'Diterima.' }];
  }
}

describe('Telegram adapter in webhook mode', () => {
  let fake: FakeTelegram;
  let adapter: TelegramAdapter;
  let handler: RecordingHandler;
  let base: string;

  beforeEach(async () => {
    fake = await new FakeTelegram().start();
    handler = new RecordingHandler();
    adapter = createTelegramAdapter({
      token: '123456:TEST-token',
      handler,
      apiRoot: fake.apiRoot,
      webhook: { url: HOOK_URL, secret: SECRET, port: 0, host: '127.0.0.1' },
      paceMs: 0,
      log: () => {},
    });
    await adapter.start();
    base = `http://127.0.0.1:${adapter.address()?.port}`;
  });
  afterEach(async () => {
    await adapter.stop();
    await fake.stop();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/telegram/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('registers the webhook with its secret and does not poll', async () => {
    expect(fake.callsOf('setWebhook').map((c) => c.params)).toEqual([
      {
        url: HOOK_URL,
        secret_token: SECRET,
        allowed_updates: ['message', 'edited_message', 'callback_query', 'inline_query'],
      },
    ]);
    expect(fake.callsOf('getUpdates', 'deleteWebhook')).toEqual([]);
  });

  it('rejects a request with a missing secret (401) or a wrong one (403) and handles nothing', async () => {
    const chat = new UpdateFactory();
    const missing = await post(chat.text('tanpa rahasia'));
    const wrong = await post(chat.text('rahasia salah'), { 'X-Telegram-Bot-Api-Secret-Token': 'tebakan' });
    const almost = await post(chat.text('hampir'), { 'X-Telegram-Bot-Api-Secret-Token': `${SECRET}x` });
    expect([missing.status, wrong.status, almost.status]).toEqual([401, 403, 403]);
    expect(handler.received).toEqual([]);
    expect(fake.callsOf('sendMessage')).toEqual([]);
  });

  it('handles an update with the right secret once, even when Telegram redelivers it', async () => {
    const update = new UpdateFactory().text('Rendahnya kualitas layanan informasi publik');
    const first = await post(update, { 'X-Telegram-Bot-Api-Secret-Token': SECRET });
    const again = await post(update, { 'X-Telegram-Bot-Api-Secret-Token': SECRET });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(handler.received.map((i) => (i.kind === 'text' ? i.text : ''))).toEqual([
      'Rendahnya kualitas layanan informasi publik',
    ]);
    expect(fake.callsOf('sendMessage').map((c) => c.params.text)).toEqual(['Diterima.']);
  });

  it('answers the health check and refuses other paths and bad bodies', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, mode: 'webhook' });
    expect((await fetch(`${base}/elsewhere`, { method: 'POST', body: '{}' })).status).toBe(404);
    const bad = await fetch(`${base}/telegram/hook`, {
      method: 'POST',
      headers: { 'X-Telegram-Bot-Api-Secret-Token': SECRET },
      body: 'not json',
    });
    expect(bad.status).toBe(400);
  });
});
