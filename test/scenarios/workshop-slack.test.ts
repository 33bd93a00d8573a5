/**
 * The same remote workshop in a Slack channel: `/pokin …` commands in #renja-2025, vote buttons on the
 * list, findings and breakout drafting in direct messages. Real Bolt against the fake Web API, the real
 * conversation app behind the workshop shell, in-memory stores.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryConversationStore } from '../../src/adapters/memory/conversations.ts';
import { createMemoryEventLog } from '../../src/adapters/memory/events.ts';
import { createMemoryRepository } from '../../src/adapters/memory/repository.ts';
import { createOfflineDrafter } from '../../src/adapters/offline/create-offline-drafter.ts';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/create-slack-adapter.ts';
import { createConversationKeyStore } from '../../src/adapters/slack/keys.ts';
import { unescapeMrkdwn } from '../../src/adapters/slack/render.ts';
import { createApp } from '../../src/app/create-app.ts';
import { createWorkshopApp, type Scheduler, type WorkshopApp } from '../../src/app/workshop.ts';
import { stageGate } from '../../src/core/rules/index.ts';
import { parseTree } from '../../src/core/tree/parse.ts';
import type { TreeRepository } from '../../src/ports/repository.ts';
import { type ApiCall, FakeSlack, type Payload, SlackPayloads, TestReceiver } from '../support/fake-slack.ts';
import { ManualClock } from '../support/stores.ts';

const TOKEN = 'xoxb-4123456789-7123456789012-TestBotTokenBalangan';
const CHANNEL = 'C07RENJA2025';
const OUTCOME = 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas';
const CSF_1 =
  'Meningkatnya Pengelolaan Informasi dan Komunikasi Perangkat Daerah Sesuai Peraturan yang Berlaku';
const CSF_1_NEAR = 'Meningkatnya Pengelolaan Informasi dan Komunikasi Perangkat Daerah Sesuai Peraturan';
const CSF_2 = 'Meningkatnya Akses Layanan TIK dan e-Government';
const KAU_1 =
  'Meningkatnya Peran Kelompok Informasi Masyarakat (KIM) terhadap Penyebarluasan Informasi dan Komunikasi Publik';
const KAU_2 = 'Meningkatnya Penyebarluasan Informasi Publik';

interface Member {
  payloads: SlackPayloads;
  handle: string;
}
const member = (user: string, dm: string, handle: string): Member => ({
  payloads: new SlackPayloads(user, dm),
  handle,
});
const rina = member('U07RINA', 'D07RINA', 'rina.wulandari');
const budi = member('U07BUDI', 'D07BUDI', 'budi.santoso');
const sari = member('U07SARI', 'D07SARI', 'sari.amelia');
const andi = member('U07ANDI', 'D07ANDI', 'andi.pratama');
const dewi = member('U07DEWI', 'D07DEWI', 'dewi.lestari');
const yusuf = member('U07YUSUF', 'D07YUSUF', 'yusuf.hidayat');

async function seedTree(repository: TreeRepository): Promise<void> {
  const parsed = parseTree({
    format: 'pokin/1',
    organization: {
      name: 'Dinas Komunikasi, Informatika, Statistik dan Persandian',
      region: 'Kabupaten Balangan',
    },
    tree: {
      statement: OUTCOME,
      level: 'outcome',
      basis: [{ kind: 'mandat', text: 'Urusan komunikasi dan informatika, statistik, dan persandian' }],
    },
  });
  if (!parsed.ok) throw new Error('fixture tree does not parse');
  const admin = { platform: 'slack' as const, userId: 'U07RINA', name: 'rina.wulandari' };
  const org = await repository.createOrganisation('Diskominfosan Balangan', admin);
  const created = await repository.createTree(
    admin,
    org.id,
    { title: OUTCOME, tree: parsed.value, stage: 1 },
    { actor: admin, source: 'person', summary: 'Tahap 1' },
  );
  if (!created.ok) throw new Error('createTree failed');
}

describe('workshop in a Slack channel (real Bolt, fake Web API)', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter | undefined;
  let receiver: TestReceiver;
  let workshop: WorkshopApp;
  let repository: TreeRepository;
  const clock = new ManualClock('2026-01-05T08:00:00Z');
  const timers: Array<{ at: Date; fire: () => void }> = [];

  beforeEach(async () => {
    fake = await new FakeSlack().start();
    receiver = new TestReceiver();
    repository = createMemoryRepository({ clock });
    const conversations = createMemoryConversationStore({ clock });
    const events = createMemoryEventLog();
    await seedTree(repository);
    const app = createApp({
      repository,
      conversations,
      events,
      drafter: createOfflineDrafter(),
      log: () => {},
    });
    const scheduler: Scheduler = (at, fire) => {
      timers.push({ at, fire });
      return () => {};
    };
    workshop = createWorkshopApp({ app, repository, conversations, events, clock, scheduler, log: () => {} });
    adapter = createSlackAdapter({
      token: TOKEN,
      mode: { kind: 'receiver', receiver },
      handler: workshop,
      keys: createConversationKeyStore(conversations),
      apiUrl: fake.apiUrl,
      log: () => {},
    });
    workshop.attach(adapter.sender, 'slack');
    await adapter.start();
    await workshop.start(['slack']);
  });
  afterEach(async () => {
    workshop.stop();
    await adapter?.stop();
    adapter = undefined;
    await fake.stop();
  });

  const posts = (channel: string) =>
    fake.calls.filter(
      (c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.params.channel === channel,
    );
  const textOf = (call: ApiCall) =>
    ((call.params.blocks as Payload[] | undefined) ?? [])
      .filter((b) => b.type === 'section' || b.type === 'context' || b.type === 'header')
      .map((b) => unescapeMrkdwn(b.type === 'context' ? b.elements[0].text : b.text.text))
      .join('\n');

  /** Deliver a payload; the texts the bot posted or updated in `channel` in answer. */
  async function say(body: Payload, channel = CHANNEL): Promise<string> {
    const before = posts(channel).length;
    await receiver.deliver(body).done;
    await workshop.idle();
    return posts(channel).slice(before).map(textOf).join('\n---\n');
  }
  const pokin = (m: Member, text: string) => {
    const body = m.payloads.command(text, CHANNEL);
    body.user_name = m.handle;
    return say(body);
  };

  /** Tap the 👍 button of proposal `n` on the last list posted in the channel. */
  function vote(m: Member, n: number): Promise<string> {
    const list = [...posts(CHANNEL)]
      .reverse()
      .find((c) => (c.params.blocks as Payload[]).some((b) => b.type === 'actions'));
    const ts = String(list?.params.ts ?? list?.result?.ts);
    const button = ((list?.params.blocks as Payload[]) ?? [])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements as Payload[])
      .find((e) => e.text.text === `👍 ${n}`);
    if (!button) throw new Error(`no vote button for ${n}`);
    return say(m.payloads.tap(button.value, ts, { channel: CHANNEL, actionId: button.action_id }));
  }

  it('runs Tahap 2 and Tahap 3 of one CSF with six people; the tree passes the Tahap 3 gate', async () => {
    expect(await pokin(rina, 'lokakarya')).toContain('Lokakarya pohon kinerja dimulai');
    expect(await pokin(rina, 'pin')).toContain('Lokakarya: 1 simpul di pohon');
    const pinnedTs = fake.callsOf('pins.add')[0]?.params.timestamp;
    expect(pinnedTs).toBeDefined();
    expect(await pokin(budi, 'putaran 0')).toContain(
      'Maaf budi.santoso, membuka putaran hanya bisa dilakukan fasilitator (rina.wulandari)',
    );
    expect(await pokin(rina, 'putaran 0')).toContain('Putaran usulan dibuka: CSF di bawah 0');

    expect(await pokin(budi, `usul ${CSF_1}`)).toContain('Usulan 1 dari budi.santoso dicatat.');
    expect(await pokin(sari, `usul ${CSF_1.toLowerCase()}`)).toContain(
      'Usulan sari.amelia sama dengan usulan 1',
    );
    expect(await pokin(andi, `usul ${CSF_1_NEAR}`)).toContain('≈ mirip usulan 1');
    expect(await pokin(dewi, `usul ${CSF_2}`)).toContain('Usulan 3 dari dewi.lestari dicatat.');

    const dmBefore = posts('U07YUSUF').length;
    expect(await pokin(yusuf, 'usul Rendahnya akses layanan TIK')).toContain(
      'yusuf.hidayat, usulan Anda belum bisa dicatat',
    );
    const finding = posts('U07YUSUF').slice(dmBefore).map(textOf).join('\n');
    expect(finding).toContain('Usulan perbaikan: Meningkatnya Akses Layanan TIK');

    await vote(andi, 1);
    await vote(dewi, 1);
    await vote(budi, 2);
    expect(await vote(yusuf, 3)).toContain(`${CSF_2} — 👍 1`);
    expect(fake.callsOf('chat.update').length).toBeGreaterThanOrEqual(4);

    expect(await pokin(rina, 'gabung 1 2')).toContain(
      `1. ${CSF_1} — 👍 3 · budi.santoso, sari.amelia, andi.pratama`,
    );

    expect(await pokin(rina, 'waktu 5')).toContain('ditutup otomatis dalam 5 menit');
    clock.advance(5 * 60_000);
    const before = posts(CHANNEL).length;
    timers.at(-1)?.fire();
    await workshop.idle();
    expect(posts(CHANNEL).slice(before).map(textOf).join('\n')).toContain('Waktu habis — putaran ditutup.');

    expect(await pokin(rina, 'terima 1')).toContain('sebagai 1');
    expect(await pokin(rina, 'terima 3')).toContain('sebagai 2');

    expect(await pokin(rina, 'putaran 1')).toContain('kondisi antara utama di bawah 1');
    await pokin(sari, `usul ${KAU_1}`);
    await pokin(yusuf, `usul ${KAU_2}`);
    expect(await pokin(rina, 'tutup')).toContain('Putaran ditutup.');
    expect(await pokin(rina, 'terima 1')).toContain('sebagai 1.1');
    expect(await pokin(rina, 'terima 2')).toContain('sebagai 1.2');

    expect(await pokin(rina, 'bagi 1 <@U07ANDI|andi.pratama> <@U07DEWI|dewi.lestari>')).toContain(
      'dibagikan kepada andi.pratama, dewi.lestari',
    );
    expect(posts('U07ANDI').map(textOf).join('\n')).toContain('Anda ditugasi menyusun cabang 1');

    const draft = (m: Member, text: string) => say(m.payloads.dmText(text), m.payloads.dm);
    expect(
      await draft(
        andi,
        '1.1 Terlaksananya Penyebarluasan Informasi Kelompok Informasi Masyarakat (KIM) yang Efektif',
      ),
    ).toContain('Ditambahkan 1.1.1 (kondisi antara)');
    expect(await draft(dewi, '1.1.1 Terbentuknya Kelompok Informasi Masyarakat (KIM)')).toContain(
      'Ditambahkan 1.1.1.1 (kondisi operasional)',
    );
    expect(await draft(dewi, '1.2 Meningkatnya Akses Informasi Publik')).toContain('Ditambahkan 1.2.1');
    expect(await draft(andi, '1.2.1 Terlayaninya Permohonan Informasi Publik Masyarakat')).toContain(
      'Ditambahkan 1.2.1.1',
    );

    const channelBefore = posts(CHANNEL).length;
    expect(await say(andi.payloads.command('kembalikan'), andi.payloads.dm)).toContain(
      'Cabang dikirim ke grup untuk ditinjau.',
    );
    expect(posts(CHANNEL).slice(channelBefore).map(textOf).join('\n')).toContain(
      'Cabang 1 dari andi.pratama, dewi.lestari kembali untuk ditinjau (4 simpul baru)',
    );
    expect(await pokin(rina, 'terima cabang 1')).toContain(
      'Cabang 1 diterima: 4 simpul baru masuk ke pohon.',
    );
    expect(await pokin(dewi, 'rekap')).toContain(
      'Cabang 1 diterima (4 simpul, disusun andi.pratama, dewi.lestari)',
    );

    const admin = { platform: 'slack' as const, userId: 'U07RINA' };
    const [stored] = await repository.listTrees(admin);
    const loaded = await repository.loadTree(admin, stored?.id ?? '');
    if (!loaded.ok) throw new Error('tree not found');
    expect(loaded.value.tree.tree.children.map((c) => c.statement)).toEqual([CSF_1, CSF_2]);
    expect(stageGate(loaded.value.tree, 3).passed).toBe(true);

    const progress = fake
      .callsOf('chat.update')
      .filter((c) => c.params.ts === pinnedTs)
      .map(textOf);
    expect(progress.at(-1)).toContain('Lokakarya: 9 simpul di pohon · 5 keputusan');
  }, 120_000);
});
