import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/create-slack-adapter.ts';
import type { Incoming, MessageHandler, Outgoing } from '../../../src/ports/chat.ts';
import {
  encodeForHttp,
  FakeSlack,
  type Payload,
  SlackPayloads,
  signedHeaders,
} from '../../support/fake-slack.ts';

const TOKEN = 'xoxb-4123456789-7123456789012-TestBotTokenBalangan';
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

class ScriptedHandler implements MessageHandler {
  readonly received: Incoming[] = [];
  constructor(private readonly script: (incoming: Incoming) => Outgoing[] | Promise<Outgoing[]>) {}
  async handle(incoming: Incoming): Promise<Outgoing[]> {
    this.received.push(incoming);
    return this.script(incoming);
  }
}

const reply = (incoming: Incoming): Outgoing[] => [
  { text: incoming.kind === 'command' ? `Perintah ${incoming.command}` : `Diterima (${incoming.kind})` },
];

describe('Slack adapter over the HTTP receiver (signed requests)', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter | undefined;
  let url: string;
  let warnings: string[];
  const person = new SlackPayloads();

  beforeEach(async () => {
    fake = await new FakeSlack().start();
    warnings = [];
  });
  afterEach(async () => {
    await adapter?.stop();
    adapter = undefined;
    await fake.stop();
  });

  async function startWith(handler: MessageHandler) {
    adapter = createSlackAdapter({
      token: TOKEN,
      mode: { kind: 'http', signingSecret: SECRET, port: 0, host: '127.0.0.1' },
      handler,
      apiUrl: fake.apiUrl,
      log: (event, detail) => warnings.push(`${event}: ${String(detail.message ?? '')}`),
    });
    await adapter.start();
    const address = adapter.address();
    if (!address) throw new Error('no address');
    url = `http://127.0.0.1:${address.port}`;
  }

  async function post(
    body: Payload,
    options: { secret?: string; timestamp?: number; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const { contentType, text } = encodeForHttp(body);
    return fetch(`${url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        ...signedHeaders(options.secret ?? SECRET, text, options.timestamp),
        ...options.headers,
      },
      body: text,
    });
  }

  it('handles a correctly signed event and answers through the Web API', async () => {
    const handler = new ScriptedHandler(reply);
    await startWith(handler);
    const response = await post(
      person.dmText('Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas'),
    );
    expect(response.status).toBe(200);
    await fake.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'), 'the reply');
    expect(handler.received[0]).toMatchObject({
      kind: 'text',
      text: 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
    });
    expect(fake.callsOf('chat.postMessage')[0]?.params).toMatchObject({
      channel: 'D07SITIPOKIN',
      text: 'Diterima (text)',
    });
  });

  it('rejects a bad signature, a timestamp over 5 minutes off either way and a missing signature with 401', async () => {
    const handler = new ScriptedHandler(reply);
    await startWith(handler);
    const now = Math.floor(Date.now() / 1000);
    const forged = await post(person.dmText('palsu'), { secret: 'not-the-signing-secret' });
    const stale = await post(person.dmText('basi'), { timestamp: now - 6 * 60 });
    const ahead = await post(person.dmText('dari masa depan'), { timestamp: now + 6 * 60 });
    const { contentType, text } = encodeForHttp(person.dmText('tanpa tanda tangan'));
    const unsigned = await fetch(`${url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: text,
    });
    expect([forged.status, stale.status, ahead.status, unsigned.status]).toEqual([401, 401, 401, 401]);
    // A request signed just now is still accepted, so the refusals above were about the signature and age.
    expect((await post(person.dmText('sah'))).status).toBe(200);
    await fake.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'), 'the one reply');
    expect(handler.received.map((i) => (i.kind === 'text' ? i.text : i.kind))).toEqual(['sah']);
    expect(fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(warnings.some((w) => /stale/.test(w))).toBe(true);
    expect(warnings.some((w) => /signature mismatch/.test(w))).toBe(true);
    expect(warnings.some((w) => /ahead/.test(w))).toBe(true);
  });

  it('acknowledges a slash command with an empty 200 before the slow work is done', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handler = new ScriptedHandler(async (incoming) => {
      await gate;
      return reply(incoming);
    });
    await startWith(handler);
    try {
      const response = await post(person.command('ekspor xlsx'));
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('');
      expect(fake.callsOf('chat.postMessage')).toEqual([]);
    } finally {
      release();
    }
    await fake.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'), 'the reply');
    expect(handler.received[0]).toMatchObject({ kind: 'command', command: 'ekspor', args: 'xlsx' });
  });

  it('applies an event Slack retries (X-Slack-Retry-Num) once', async () => {
    const handler = new ScriptedHandler(reply);
    await startWith(handler);
    const event = person.dmText('Meningkatnya Peran Kelompok Informasi Masyarakat (KIM)');
    expect((await post(event)).status).toBe(200);
    const retry = await post(event, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    await fake.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'), 'the reply');
    // A later, distinct event proves the retry had its chance to be handled before we count.
    await post(person.dmText('berikutnya'));
    await fake.waitFor(
      (calls) => calls.filter((c) => c.method === 'chat.postMessage').length === 2,
      'two replies',
    );
    expect(handler.received.map((i) => (i.kind === 'text' ? i.text : i.kind))).toEqual([
      'Meningkatnya Peran Kelompok Informasi Masyarakat (KIM)',
      'berikutnya',
    ]);
  });

  it('takes button taps (interactivity payload) and answers Slack’s URL check', async () => {
    const handler = new ScriptedHandler(reply);
    await startWith(handler);
    const tap = await post(person.tap('ya', '1718000500.000100'));
    expect(tap.status).toBe(200);
    await fake.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'), 'the reply');
    expect(handler.received[0]).toMatchObject({
      kind: 'choice',
      value: 'ya',
      messageId: '1718000500.000100',
    });

    const check = await post({ type: 'url_verification', token: 'x', challenge: 'kmW2JuTtp0zX9Y' });
    expect(await check.json()).toEqual({ challenge: 'kmW2JuTtp0zX9Y' });
  });

  it('serves /healthz for the load balancer', async () => {
    await startWith(new ScriptedHandler(reply));
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, mode: 'http' });
  });
});
