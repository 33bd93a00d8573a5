import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryConversationStore } from '../../../src/adapters/memory/conversations.ts';
import type { SlackAdapter } from '../../../src/adapters/slack/create-slack-adapter.ts';
import { createSlackFromEnv, slackConfigFromEnv } from '../../../src/main/wiring/slack.ts';
import type { Incoming, MessageHandler, Outgoing } from '../../../src/ports/chat.ts';
import {
  encodeForHttp,
  FakeSlack,
  type Payload,
  SlackPayloads,
  signedHeaders,
} from '../../support/fake-slack.ts';

const BOT_TOKEN = 'xoxb-4123456789-7123456789012-TestBotTokenBalangan';

describe('Slack configuration from the environment', () => {
  it('is off without a bot token', () => {
    expect(slackConfigFromEnv({})).toEqual({ ok: true, value: undefined });
  });

  it('uses Socket Mode when SLACK_APP_TOKEN is set', () => {
    expect(
      slackConfigFromEnv({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-1-A07POKINAPP-123-abc' }),
    ).toEqual({
      ok: true,
      value: {
        token: BOT_TOKEN,
        apiUrl: undefined,
        mode: { kind: 'socket', appToken: 'xapp-1-A07POKINAPP-123-abc' },
      },
    });
  });

  it('serves signed HTTP events otherwise, on SLACK_PORT or PORT', () => {
    expect(
      slackConfigFromEnv({
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
        PORT: '8080',
        SLACK_PORT: '3100',
        HOST: '127.0.0.1',
        SLACK_API_URL: 'http://127.0.0.1:3999/api',
      }),
    ).toEqual({
      ok: true,
      value: {
        token: BOT_TOKEN,
        apiUrl: 'http://127.0.0.1:3999/api/',
        mode: {
          kind: 'http',
          signingSecret: '8f742231b10e8888abcd99yyyzzz85a5',
          port: 3100,
          host: '127.0.0.1',
          path: '/slack/events',
        },
      },
    });
    const onPort = slackConfigFromEnv({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: 's',
      PORT: '8080',
    });
    expect(onPort.ok && onPort.value?.mode).toMatchObject({ kind: 'http', port: 8080, host: '0.0.0.0' });
  });

  it('says what is missing or wrong, naming the variable', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ SLACK_BOT_TOKEN: BOT_TOKEN }, /SLACK_APP_TOKEN .* or SLACK_SIGNING_SECRET/],
      [{ SLACK_BOT_TOKEN: 'xoxp-user-token' }, /SLACK_BOT_TOKEN must be the bot token/],
      [
        { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'xoxb-wrong' },
        /SLACK_APP_TOKEN must be an app-level token/,
      ],
      [
        { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: 's', PORT: 'delapan' },
        /PORT is not a port number/,
      ],
      [{ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: 's', SLACK_API_URL: 'slack' }, /SLACK_API_URL/],
    ];
    for (const [env, message] of cases) {
      const config = slackConfigFromEnv(env);
      expect(config.ok).toBe(false);
      if (!config.ok) expect(config.error).toMatch(message);
    }
  });
});

describe('Slack adapter from the environment', () => {
  let fake: FakeSlack | undefined;
  let adapter: SlackAdapter | undefined;
  afterEach(async () => {
    await adapter?.stop();
    adapter = undefined;
    await fake?.stop();
  });

  it('keeps long button values in the conversation store, so a tap resolves through it', async () => {
    fake = await new FakeSlack().start();
    const conversations = createMemoryConversationStore();
    const longValue = `pilih:${'Meningkatnya Pengelolaan Informasi dan Komunikasi Perangkat Daerah '.repeat(40)}`;
    const received: Incoming[] = [];
    const handler: MessageHandler = {
      async handle(incoming): Promise<Outgoing[]> {
        received.push(incoming);
        return [{ text: 'Pilih rumusan:', buttons: [[{ label: 'Rumusan 1', value: longValue }]] }];
      },
    };
    const secret = 'rahasia-penandatanganan-balangan';
    const built = createSlackFromEnv(
      {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: secret,
        SLACK_PORT: '0',
        HOST: '127.0.0.1',
        SLACK_API_URL: fake.apiUrl,
      },
      { handler, conversations, log: () => {} },
    );
    if (!built.ok || !built.value) throw new Error('not built');
    adapter = built.value;
    await adapter.start();
    const url = `http://127.0.0.1:${adapter.address()?.port}/slack/events`;
    const post = async (body: Payload) => {
      const { contentType, text } = encodeForHttp(body);
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': contentType, ...signedHeaders(secret, text) },
        body: text,
      });
      expect(response.status).toBe(200);
    };

    const person = new SlackPayloads();
    await post(person.dmText('usulkan CSF'));
    await fake.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'), 'the question');
    const question = fake.callsOf('chat.postMessage')[0];
    if (!question) throw new Error('no question posted');
    const key = (question.params.blocks as Payload[])[1]?.elements[0].value as string;
    expect(key).toMatch(/^#k:/);
    expect(await conversations.load({ platform: 'slack', chatId: `slack-key:${key}` })).toMatchObject({
      state: { value: longValue },
    });

    await post(person.tap(key, String(question.result?.ts)));
    await fake.waitFor(
      (calls) => calls.filter((c) => c.method === 'chat.postMessage').length === 2,
      'the answer',
    );
    expect(received[1]).toMatchObject({ kind: 'choice', value: longValue });
  });
});
