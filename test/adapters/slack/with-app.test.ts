/**
 * Tahap 1 in Slack with the real app (in-memory stores, offline drafter) behind the real Bolt app: a
 * person in a direct message types answers and taps buttons; what reaches Slack must be valid Block Kit
 * and the tree ends up saved for the Slack account.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryConversationStore } from '../../../src/adapters/memory/conversations.ts';
import { createMemoryEventLog } from '../../../src/adapters/memory/events.ts';
import { createMemoryRepository } from '../../../src/adapters/memory/repository.ts';
import { createOfflineDrafter } from '../../../src/adapters/offline/create-offline-drafter.ts';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/create-slack-adapter.ts';
import { createConversationKeyStore } from '../../../src/adapters/slack/keys.ts';
import { unescapeMrkdwn } from '../../../src/adapters/slack/render.ts';
import { createApp } from '../../../src/app/create-app.ts';
import type { TreeRepository } from '../../../src/ports/repository.ts';
import {
  type ApiCall,
  FakeSlack,
  type Payload,
  SlackPayloads,
  TestReceiver,
} from '../../support/fake-slack.ts';

const TOKEN = 'xoxb-4123456789-7123456789012-TestBotTokenBalangan';

describe('Tahap 1 in a Slack direct message with the real app', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter | undefined;
  let receiver: TestReceiver;
  let repository: TreeRepository;
  const person = new SlackPayloads('U05SITIRAHMA', 'D07SITIPOKIN');

  beforeEach(async () => {
    fake = await new FakeSlack().start();
    receiver = new TestReceiver();
    repository = createMemoryRepository();
    const conversations = createMemoryConversationStore();
    const app = createApp({
      repository,
      conversations,
      events: createMemoryEventLog(),
      drafter: createOfflineDrafter(),
      log: () => {},
    });
    adapter = createSlackAdapter({
      token: TOKEN,
      mode: { kind: 'receiver', receiver },
      handler: app,
      keys: createConversationKeyStore(conversations),
      apiUrl: fake.apiUrl,
      log: () => {},
    });
    await adapter.start();
  });
  afterEach(async () => {
    await adapter?.stop();
    adapter = undefined;
    await fake.stop();
  });

  const posts = () => fake.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');

  /** The buttons of the last message that had any: label, value, and the message's ts. */
  function lastButtons(): Array<{ label: string; value: string; actionId: string; ts: string }> {
    const withButtons = [...posts()]
      .reverse()
      .find((c) => (c.params.blocks as Payload[]).some((b) => b.type === 'actions'));
    if (!withButtons) return [];
    const ts = String(withButtons.params.ts ?? withButtons.result?.ts);
    return (withButtons.params.blocks as Payload[])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements as Payload[])
      .map((e) => ({ label: e.text.text, value: e.value, actionId: e.action_id, ts }));
  }

  const tapped: string[] = [];

  /** A line as a person gives it: a slash command, a tap on the button with that label, or typed text. */
  async function say(line: string): Promise<ApiCall[]> {
    const before = posts().length;
    const button = lastButtons().find((b) => b.label === line);
    if (button && !line.startsWith('/')) tapped.push(line);
    const body = line.startsWith('/')
      ? person.command(line.slice(1))
      : button
        ? person.tap(button.value, button.ts, { actionId: button.actionId })
        : person.dmText(line);
    await receiver.deliver(body).done;
    return posts().slice(before);
  }

  const textOf = (calls: ApiCall[]) =>
    calls
      .flatMap((c) => c.params.blocks as Payload[])
      .filter((b) => b.type === 'section' || b.type === 'context')
      .map((b) => unescapeMrkdwn(b.type === 'section' ? b.text.text : b.elements[0].text))
      .join('\n');

  it('drafts and saves the Tahap 1 tree from /pokin lanjut to "Simpan & lanjut ke Tahap 2"', async () => {
    const lines = [
      '/lanjut',
      'Mulai',
      'Dinas Komunikasi, Informatika, Statistik dan Persandian',
      'Kabupaten Balangan',
      '2025–2029',
      'Urusan komunikasi dan informatika, statistik, dan persandian',
      'Selesai ✓',
      'Rendahnya Tingkat Keamanan Informasi',
      'Selesai ✓',
      'Lewati',
      'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
      'Simpan & lanjut ke Tahap 2',
    ];
    let last: ApiCall[] = [];
    for (const line of lines) {
      last = await say(line);
      expect(last.length, `no answer to «${line}»`).toBeGreaterThan(0);
    }
    expect(textOf(last)).toContain('Pohon kinerja tersimpan ✓ Tahap 1 selesai.');
    expect(textOf(last)).toContain('Tahap 2/5');
    expect(tapped).toEqual([
      'Mulai',
      '2025–2029',
      'Selesai ✓',
      'Selesai ✓',
      'Lewati',
      'Simpan & lanjut ke Tahap 2',
    ]);

    const [tree] = await repository.listTrees({ platform: 'slack', userId: 'U05SITIRAHMA' });
    expect(tree?.title).toBe('Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas');

    // Everything sent was within Slack's limits, and every button was a tap the app understood.
    for (const call of posts()) {
      const blocks = call.params.blocks as Payload[];
      expect(blocks.length).toBeLessThanOrEqual(50);
      const ids = blocks
        .filter((b) => b.type === 'actions')
        .flatMap((b) => b.elements.map((e: Payload) => e.action_id));
      expect(new Set(ids).size).toBe(ids.length);
      for (const block of blocks) {
        if (block.type === 'section') expect(block.text.text.length).toBeLessThanOrEqual(3000);
        if (block.type === 'actions')
          for (const e of block.elements) {
            expect(e.value.length).toBeLessThanOrEqual(2000);
            expect(e.text.text.length).toBeLessThanOrEqual(75);
          }
      }
    }
    expect(fake.calls.every((c) => c.method !== 'response_url')).toBe(true);
  });
});
