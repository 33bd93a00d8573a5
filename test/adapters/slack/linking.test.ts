/**
 * Cross-platform identity through the real app: a tree started by a Telegram account, a one-time code
 * created for that account, and a Slack person who redeems it with `/pokin tautkan KODE` (real Bolt, the
 * app shell with the in-memory stores and the offline drafter, the fake Web API).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryConversationStore } from '../../../src/adapters/memory/conversations.ts';
import { createMemoryEventLog } from '../../../src/adapters/memory/events.ts';
import { createMemoryRepository } from '../../../src/adapters/memory/repository.ts';
import { createOfflineDrafter } from '../../../src/adapters/offline/create-offline-drafter.ts';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/create-slack-adapter.ts';
import { createConversationKeyStore } from '../../../src/adapters/slack/keys.ts';
import { unescapeMrkdwn } from '../../../src/adapters/slack/render.ts';
import { createApp } from '../../../src/app/create-app.ts';
import { parseTree } from '../../../src/core/tree/parse.ts';
import { homeFromRepository } from '../../../src/main/wiring/slack.ts';
import type { Actor, StoredTree, TreeRepository } from '../../../src/ports/repository.ts';
import { FakeSlack, type Payload, SlackPayloads, TestReceiver } from '../../support/fake-slack.ts';

const TOKEN = 'xoxb-4123456789-7123456789012-TestBotTokenBalangan';
const siti: Actor = { platform: 'telegram', userId: '512345678', name: 'Siti Rahmawati' };
const sitiOnSlack: Actor = { platform: 'slack', userId: 'U05SITIRAHMA' };
const budiOnSlack: Actor = { platform: 'slack', userId: 'U05BUDI' };

function balanganTree() {
  const url = new URL('../../../examples/balangan-diskominfosan.json', import.meta.url);
  const parsed = parseTree(JSON.parse(readFileSync(fileURLToPath(url), 'utf8')));
  if (!parsed.ok) throw new Error('example tree does not parse');
  return parsed.value;
}

describe('linking a Telegram account from Slack with /pokin tautkan', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter | undefined;
  let receiver: TestReceiver;
  let repository: TreeRepository;
  let stored: StoredTree;

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
    const org = await repository.createOrganisation(
      'Dinas Komunikasi, Informatika, Statistik dan Persandian',
      siti,
    );
    const created = await repository.createTree(
      siti,
      org.id,
      { title: 'Diskominfosan Kab. Balangan 2025–2029', tree: balanganTree(), stage: 3 },
      { actor: siti, source: 'person', summary: 'Pohon dari Telegram' },
    );
    if (!created.ok) throw new Error(created.error.kind);
    stored = created.value;
    adapter = createSlackAdapter({
      token: TOKEN,
      mode: { kind: 'receiver', receiver },
      handler: app,
      keys: createConversationKeyStore(conversations),
      home: homeFromRepository(repository),
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

  async function command(person: SlackPayloads, text: string): Promise<string> {
    const before = fake.callsOf('chat.postMessage').length;
    await receiver.deliver(person.command(text)).done;
    const replies = fake.callsOf('chat.postMessage').slice(before);
    return replies
      .flatMap((c) => c.params.blocks as Payload[])
      .filter((b) => b.type === 'section')
      .map((b) => unescapeMrkdwn(String(b.text.text)))
      .join('\n');
  }

  async function homeSections(person: SlackPayloads): Promise<string[]> {
    await receiver.deliver(person.homeOpened()).done;
    const view = fake.callsOf('views.publish').at(-1)?.params.view as Payload;
    return (view.blocks as Payload[])
      .filter((b) => b.type === 'section')
      .map((b) => unescapeMrkdwn(b.text.text));
  }

  it('gives no access without the code, and the Telegram tree after redeeming it', async () => {
    const sitiSlack = new SlackPayloads('U05SITIRAHMA', 'D07SITIPOKIN');

    // Without a valid code: refused, and the tree stays out of reach.
    expect(await command(sitiSlack, 'tautkan SALAH9')).toContain('Kode tidak berlaku');
    expect(await repository.listTrees(sitiOnSlack)).toEqual([]);
    expect((await repository.loadTree(sitiOnSlack, stored.id)).ok).toBe(false);
    expect(await homeSections(sitiSlack)).toEqual([
      'Belum ada pohon kinerja. Ketik /pokin mulai di pesan langsung ke Pokin untuk memulai.',
    ]);

    // Siti asks Telegram for a code (/tautkan there) and types it in Slack, in lower case.
    const code = await repository.createLinkCode(siti);
    expect(await command(sitiSlack, `tautkan ${code.toLowerCase()}`)).toContain('Akun tertaut ✓');

    const trees = await repository.listTrees(sitiOnSlack);
    expect(trees.map((t) => t.id)).toEqual([stored.id]);
    const loaded = await repository.loadTree(sitiOnSlack, stored.id);
    expect(loaded.ok && loaded.value.tree.tree.statement).toBe(
      'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
    );
    const [home] = await homeSections(sitiSlack);
    expect(home).toMatch(/^\*Diskominfosan Kab\. Balangan 2025–2029\*\nTahap 3\/5 · Kondisi antara · /);

    // Continuing from Slack: a change saved as the Slack account is the same tree Telegram sees.
    if (!loaded.ok) return;
    const changed = structuredClone(loaded.value.tree);
    changed.tree.statement = 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas dan Aman';
    const saved = await repository.saveTree(
      sitiOnSlack,
      stored.id,
      loaded.value.version,
      { tree: changed },
      { actor: sitiOnSlack, source: 'person', summary: 'Ubah outcome dari Slack' },
    );
    expect(saved.ok).toBe(true);
    const fromTelegram = await repository.loadTree(siti, stored.id);
    expect(fromTelegram.ok && fromTelegram.value.tree.tree.statement).toBe(
      'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas dan Aman',
    );
  });

  it('continues the Telegram tree in a fresh Slack DM right after /pokin tautkan, and the edit reaches Telegram', async () => {
    const sitiSlack = new SlackPayloads('U05SITIRAHMA', 'D07SITIPOKIN');
    const code = await repository.createLinkCode(siti);
    const linked = await command(sitiSlack, `tautkan ${code}`);
    expect(linked).toContain('Akun tertaut ✓');
    expect(linked).toContain('Melanjutkan «Diskominfosan Kab. Balangan 2025–2029».');

    // The same conversation now holds the tree: /pokin ubah 1 edits its first CSF, saved as the Slack account.
    expect(await command(sitiSlack, 'ubah 1')).toContain(
      'Ubah «Meningkatnya Pengelolaan Informasi dan Komunikasi Perangkat Daerah Sesuai Peraturan yang Berlaku»',
    );
    const before = fake.callsOf('chat.postMessage').length;
    await receiver.deliver(
      sitiSlack.dmText('Meningkatnya Pengelolaan Informasi dan Komunikasi Perangkat Daerah'),
    ).done;
    const reply = fake
      .callsOf('chat.postMessage')
      .slice(before)
      .flatMap((c) => c.params.blocks as Payload[])
      .filter((b) => b.type === 'section')
      .map((b) => unescapeMrkdwn(String(b.text.text)))
      .join('\n');
    expect(reply).toContain('Tersimpan');

    const fromTelegram = await repository.loadTree(siti, stored.id);
    expect(fromTelegram.ok && fromTelegram.value.tree.tree.children?.[0]?.statement).toBe(
      'Meningkatnya Pengelolaan Informasi dan Komunikasi Perangkat Daerah',
    );
    const history = await repository.listRevisions(siti, stored.id, 1);
    expect(history.ok && history.value[0]?.version).toBe(stored.version + 1);
  });

  it('lets a code be used once: a second Slack person with the same code gets nothing', async () => {
    const code = await repository.createLinkCode(siti);
    expect(await command(new SlackPayloads('U05SITIRAHMA', 'D07SITIPOKIN'), `tautkan ${code}`)).toContain(
      'Akun tertaut ✓',
    );
    expect(await command(new SlackPayloads('U05BUDI', 'D07BUDIPOKIN'), `tautkan ${code}`)).toContain(
      'Kode tidak berlaku',
    );
    expect(await repository.listTrees(budiOnSlack)).toEqual([]);
    expect((await repository.loadTree(budiOnSlack, stored.id)).ok).toBe(false);
  });
});
