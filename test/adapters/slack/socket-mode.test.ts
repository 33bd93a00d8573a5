import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/create-slack-adapter.ts';
import type { Incoming, MessageHandler, Outgoing } from '../../../src/ports/chat.ts';
import { FakeSlack, SlackPayloads } from '../../support/fake-slack.ts';

const TOKEN = 'xoxb-4123456789-7123456789012-TestBotTokenBalangan';
const APP_TOKEN = 'xapp-1-A07POKINAPP-7123456789012-socketmodetoken';

class ScriptedHandler implements MessageHandler {
  readonly received: Incoming[] = [];
  async handle(incoming: Incoming): Promise<Outgoing[]> {
    this.received.push(incoming);
    return [{ text: incoming.kind === 'command' ? `Perintah ${incoming.command}` : 'Diterima' }];
  }
}

describe('Slack adapter in Socket Mode (real Socket Mode client, fake Slack)', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter | undefined;
  const person = new SlackPayloads();

  beforeEach(async () => {
    fake = await new FakeSlack().start();
  });
  afterEach(async () => {
    await adapter?.stop();
    adapter = undefined;
    await fake.stop();
  });

  async function startWith(handler: MessageHandler) {
    adapter = createSlackAdapter({
      token: TOKEN,
      mode: { kind: 'socket', appToken: APP_TOKEN },
      handler,
      apiUrl: fake.apiUrl,
      log: () => {},
    });
    await adapter.start();
  }

  it('opens the connection with the app-level token and takes events over it, acknowledging each', async () => {
    const handler = new ScriptedHandler();
    await startWith(handler);
    expect(fake.callsOf('apps.connections.open').map((c) => c.token)).toEqual([APP_TOKEN]);
    expect(fake.callsOf('auth.test').map((c) => c.token)).toEqual([TOKEN]);
    expect(fake.socketCount).toBe(1);

    const envelope = fake.pushEnvelope(
      'events_api',
      person.dmText('Terbentuknya Kelompok Informasi Masyarakat (KIM)'),
    );
    await fake.waitFor(() => fake.acks.some((a) => a.envelope_id === envelope), 'the ack');
    await fake.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'), 'the reply');
    expect(handler.received[0]).toMatchObject({
      kind: 'text',
      text: 'Terbentuknya Kelompok Informasi Masyarakat (KIM)',
    });
    expect(fake.callsOf('chat.postMessage')[0]?.token).toBe(TOKEN);
  });

  it('acknowledges a redelivered event and applies it once', async () => {
    const handler = new ScriptedHandler();
    await startWith(handler);
    const event = person.dmText('Cakupan KIM yang menyebarluaskan informasi secara berkala');
    const first = fake.pushEnvelope('events_api', event);
    const again = fake.pushEnvelope('events_api', structuredClone(event), { attempt: 1, reason: 'timeout' });
    const command = fake.pushEnvelope('slash_commands', person.command('status'));
    await fake.waitFor(
      () => [first, again, command].every((id) => fake.acks.some((a) => a.envelope_id === id)),
      'three acks',
    );
    await fake.waitFor(
      (calls) => calls.filter((c) => c.method === 'chat.postMessage').length === 2,
      'two replies',
    );
    expect(handler.received.map((i) => i.kind)).toEqual(['text', 'command']);
  });
});
