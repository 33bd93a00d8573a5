/**
 * A remote workshop in a Telegram supergroup: one facilitator and five participants draft Tahap 2 and
 * Tahap 3 of one CSF of the Balangan Diskominfosan tree. Real telegraf against the fake Bot API, the real
 * conversation app behind the workshop shell, in-memory stores.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryConversationStore } from '../../src/adapters/memory/conversations.ts';
import { createMemoryEventLog } from '../../src/adapters/memory/events.ts';
import { createMemoryRepository } from '../../src/adapters/memory/repository.ts';
import { createOfflineDrafter } from '../../src/adapters/offline/create-offline-drafter.ts';
import {
  createTelegramAdapter,
  type TelegramAdapter,
} from '../../src/adapters/telegram/create-telegram-adapter.ts';
import { createApp } from '../../src/app/create-app.ts';
import { createWorkshopApp, type Scheduler, type WorkshopApp } from '../../src/app/workshop.ts';
import { stageGate } from '../../src/core/rules/index.ts';
import { parseTree } from '../../src/core/tree/parse.ts';
import type { TreeRepository } from '../../src/ports/repository.ts';
import { BOT, FakeTelegram } from '../support/fake-telegram.ts';
import { ManualClock } from '../support/stores.ts';
import { fixture, type Update } from '../support/telegram-updates.ts';

const GROUP_ID = -1001987654321;
const OUTCOME = 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas';
const CSF_1 =
  'Meningkatnya Pengelolaan Informasi dan Komunikasi Perangkat Daerah Sesuai Peraturan yang Berlaku';
const CSF_1_NEAR = 'Meningkatnya Pengelolaan Informasi dan Komunikasi Perangkat Daerah Sesuai Peraturan';
const CSF_2 = 'Meningkatnya Akses Layanan TIK dan e-Government';
const KAU_1 =
  'Meningkatnya Peran Kelompok Informasi Masyarakat (KIM) terhadap Penyebarluasan Informasi dan Komunikasi Publik';
const KAU_2 = 'Meningkatnya Penyebarluasan Informasi Publik';

interface Person {
  id: number;
  first: string;
  last: string;
}
const rina: Person = { id: 498765432, first: 'Rina', last: 'Wulandari' };
const budi: Person = { id: 498765433, first: 'Budi', last: 'Santoso' };
const sari: Person = { id: 498765434, first: 'Sari', last: 'Amelia' };
const andi: Person = { id: 498765435, first: 'Andi', last: 'Pratama' };
const dewi: Person = { id: 498765436, first: 'Dewi', last: 'Lestari' };
const yusuf: Person = { id: 498765437, first: 'Yusuf', last: 'Hidayat' };

let nextUpdate = 684600000;
let nextMessage = 900;

function from(p: Person) {
  return { id: p.id, is_bot: false, first_name: p.first, last_name: p.last, language_code: 'id' };
}

function groupCommand(p: Person, line: string): Update {
  const u = fixture('group-command');
  u.update_id = nextUpdate++;
  u.message.message_id = nextMessage++;
  u.message.from = from(p);
  u.message.chat.id = GROUP_ID;
  const [head = '', ...rest] = line.split(' ');
  u.message.text = [`${head}@PokinBot`, ...rest].join(' ');
  u.message.entities = [{ offset: 0, length: head.length + 9, type: 'bot_command' }];
  return u;
}

/** A group message replying to one of the bot's messages (how a participant answers without a command). */
function groupReply(p: Person, text: string, toMessageId: number): Update {
  const u = fixture('group-text');
  u.update_id = nextUpdate++;
  u.message.message_id = nextMessage++;
  u.message.from = from(p);
  u.message.chat.id = GROUP_ID;
  u.message.text = text;
  delete u.message.entities;
  u.message.reply_to_message = {
    message_id: toMessageId,
    from: BOT,
    chat: u.message.chat,
    date: u.message.date,
    text: '…',
  };
  return u;
}

function groupChatter(p: Person, text: string): Update {
  const u = fixture('group-text');
  u.update_id = nextUpdate++;
  u.message.message_id = nextMessage++;
  u.message.from = from(p);
  u.message.chat.id = GROUP_ID;
  u.message.text = text;
  delete u.message.entities;
  delete u.message.reply_to_message;
  return u;
}

function tap(p: Person, data: string, messageId: number): Update {
  const u = fixture('callback-query');
  u.update_id = nextUpdate++;
  u.callback_query.id = `cq${nextUpdate}`;
  u.callback_query.from = from(p);
  u.callback_query.message.chat = {
    id: GROUP_ID,
    title: 'Lokakarya Pokin Diskominfosan',
    type: 'supergroup',
  };
  u.callback_query.message.message_id = messageId;
  u.callback_query.data = data;
  return u;
}

function privateText(p: Person, text: string): Update {
  const u = fixture('private-text');
  u.update_id = nextUpdate++;
  u.message.message_id = nextMessage++;
  u.message.from = from(p);
  u.message.chat = { id: p.id, first_name: p.first, last_name: p.last, type: 'private' };
  u.message.text = text;
  return u;
}

function privateCommand(p: Person, line: string): Update {
  const u = fixture('private-command');
  u.update_id = nextUpdate++;
  u.message.message_id = nextMessage++;
  u.message.from = from(p);
  u.message.chat = { id: p.id, first_name: p.first, last_name: p.last, type: 'private' };
  u.message.text = line;
  u.message.entities = [
    { offset: 0, length: line.split(' ')[0]?.length ?? line.length, type: 'bot_command' },
  ];
  return u;
}

async function seedTree(repository: TreeRepository): Promise<void> {
  const parsed = parseTree({
    format: 'pokin/1',
    organization: {
      name: 'Dinas Komunikasi, Informatika, Statistik dan Persandian',
      region: 'Kabupaten Balangan',
    },
    period: { from: 2025, to: 2029 },
    tree: {
      statement: OUTCOME,
      level: 'outcome',
      basis: [{ kind: 'mandat', text: 'Urusan komunikasi dan informatika, statistik, dan persandian' }],
    },
  });
  if (!parsed.ok) throw new Error('fixture tree does not parse');
  const admin = { platform: 'telegram' as const, userId: String(rina.id), name: 'Rina Wulandari' };
  const org = await repository.createOrganisation('Diskominfosan Balangan', admin);
  const created = await repository.createTree(
    admin,
    org.id,
    { title: OUTCOME, tree: parsed.value, stage: 1 },
    { actor: admin, source: 'person', summary: 'Tahap 1' },
  );
  if (!created.ok) throw new Error('createTree failed');
}

describe('workshop in a Telegram group (real telegraf, fake Bot API)', () => {
  let fake: FakeTelegram;
  let adapter: TelegramAdapter | undefined;
  let workshop: WorkshopApp;
  let repository: TreeRepository;
  const clock = new ManualClock('2026-01-05T08:00:00Z');
  const timers: Array<{ at: Date; fire: () => void }> = [];

  beforeEach(async () => {
    fake = await new FakeTelegram().start();
    fake.pollHoldMs = 20;
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
    adapter = createTelegramAdapter({
      token: '123456:TEST-token',
      handler: workshop,
      apiRoot: fake.apiRoot,
      paceMs: 0,
      sleep: async () => {},
      log: () => {},
    });
    workshop.attach(adapter.sender);
    await adapter.start();
    await workshop.start(['telegram']);
  });
  afterEach(async () => {
    workshop.stop();
    await adapter?.stop();
    adapter = undefined;
    await fake.stop();
  });

  /** Texts the bot sent (or edited) in a chat, in order. */
  const texts = (chatId: number) => fake.sentTo(chatId).map((c) => String(c.params.text ?? ''));

  /** Push an update and wait until the bot has said something containing `expected` in `chatId`. */
  async function expectAfter(update: Update, chatId: number, expected: string): Promise<string> {
    const before = fake.sentTo(chatId).length;
    fake.push(update);
    const found = () =>
      texts(chatId)
        .slice(before)
        .find((t) => t.includes(expected));
    await fake.waitFor(() => found() !== undefined, `"${expected}" in chat ${chatId}`);
    return found() ?? '';
  }

  it('runs Tahap 2 and Tahap 3 of one CSF with six people; the tree passes the Tahap 3 gate', async () => {
    await expectAfter(groupCommand(rina, '/lokakarya'), GROUP_ID, 'Lokakarya pohon kinerja dimulai');
    await expectAfter(groupCommand(rina, '/pin'), GROUP_ID, 'Lokakarya: 1 simpul di pohon · 0 keputusan');
    await fake.waitFor((calls) => calls.some((c) => c.method === 'pinChatMessage'), 'the pin');
    const pinnedId = fake.callsOf('pinChatMessage')[0]?.params.message_id;
    expect(pinnedId).toBeDefined();

    // A participant may not advance the workshop: refused politely, naming who can.
    const refusal = await expectAfter(groupCommand(budi, '/putaran 0'), GROUP_ID, 'Maaf Budi Santoso');
    expect(refusal).toContain('membuka putaran hanya bisa dilakukan fasilitator (Rina Wulandari)');

    // Group hygiene: ordinary chatter is not answered.
    const groupSends = () => fake.sentTo(GROUP_ID).filter((c) => c.method === 'sendMessage').length;
    const quiet = groupSends();
    fake.push(groupChatter(dewi, 'Izin, saya bergabung dari kantor kecamatan.'));

    const opened = await expectAfter(
      groupCommand(rina, '/putaran 0'),
      GROUP_ID,
      'Putaran usulan dibuka: CSF di bawah 0',
    );
    expect(groupSends()).toBe(quiet + 1);
    expect(opened).toContain(OUTCOME);
    // Which bot message a reply quotes does not matter to the workshop: any reply to the bot is for it.
    const roundMessage = 5001;

    await expectAfter(groupCommand(budi, `/usul ${CSF_1}`), GROUP_ID, 'Usulan 1 dari Budi Santoso dicatat.');
    // The same statement as a reply to the bot, in other letters: folded into proposal 1.
    await expectAfter(
      groupReply(sari, CSF_1.toLowerCase(), roundMessage),
      GROUP_ID,
      'Usulan Sari Amelia sama dengan usulan 1',
    );
    const near = await expectAfter(
      groupCommand(andi, `/usul ${CSF_1_NEAR}`),
      GROUP_ID,
      'Usulan 2 dari Andi Pratama',
    );
    expect(near).toContain('≈ mirip usulan 1');
    await expectAfter(groupCommand(dewi, `/usul ${CSF_2}`), GROUP_ID, 'Usulan 3 dari Dewi Lestari');

    // A proposal the rules stop: the proposer gets the finding and the fix privately; it is not listed.
    await expectAfter(
      groupCommand(yusuf, '/usul Rendahnya akses layanan TIK'),
      GROUP_ID,
      'Yusuf Hidayat, usulan Anda belum bisa dicatat',
    );
    const privateFinding = texts(yusuf.id).join('\n');
    expect(privateFinding).toContain('Usulan Anda "Rendahnya akses layanan TIK" belum bisa dicatat');
    expect(privateFinding).toContain('Usulan perbaikan: Meningkatnya Akses Layanan TIK');

    // Someone who never pressed Start in a private chat with the bot cannot be written to: the group is told.
    fake.failNext('sendMessage', {
      error_code: 403,
      description: "Forbidden: bot can't initiate conversation with a user",
    });
    await expectAfter(
      groupCommand(dewi, '/usul Meningkatkan keamanan informasi'),
      GROUP_ID,
      'Dewi Lestari, saya tidak bisa mengirim pesan pribadi kepada Anda. Buka obrolan dengan saya dan tekan Start',
    );

    // Votes by button on the list message; the list is edited in place.
    const listMessageId = 5004;
    await expectAfter(tap(andi, 'ws:v:1', listMessageId), GROUP_ID, '👍 1');
    await expectAfter(tap(dewi, 'ws:v:1', listMessageId), GROUP_ID, '👍 2');
    await expectAfter(tap(yusuf, 'ws:v:3', listMessageId), GROUP_ID, `${CSF_2} — 👍 1`);
    await expectAfter(tap(budi, 'ws:v:2', listMessageId), GROUP_ID, `${CSF_1_NEAR} — 👍 1`);
    expect(fake.callsOf('editMessageText').length).toBeGreaterThanOrEqual(4);

    // The duplicate merge: proposal 2 into 1, votes and proposers combined.
    const merged = await expectAfter(
      groupCommand(rina, '/gabung 1 2'),
      GROUP_ID,
      'Usulan 2 digabungkan ke usulan 1',
    );
    expect(merged).toContain(`1. ${CSF_1} — 👍 3 · Budi Santoso, Sari Amelia, Andi Pratama`);

    // The timer closes the round.
    await expectAfter(groupCommand(rina, '/waktu 10'), GROUP_ID, 'ditutup otomatis dalam 10 menit');
    expect(timers.map((t) => t.at.toISOString())).toEqual(['2026-01-05T08:10:00.000Z']);
    clock.advance(10 * 60_000);
    const before = fake.sentTo(GROUP_ID).length;
    timers[0]?.fire();
    await fake.waitFor(
      () =>
        texts(GROUP_ID)
          .slice(before)
          .some((t) => t.includes('Waktu habis — putaran ditutup.')),
      'the round closing',
    );
    await expectAfter(groupCommand(yusuf, `/usul ${CSF_2} Daerah`), GROUP_ID, 'Putaran ini sudah ditutup');

    await expectAfter(groupCommand(rina, '/terima 1'), GROUP_ID, 'dimasukkan ke pohon sebagai 1');
    await expectAfter(groupCommand(rina, '/terima 3'), GROUP_ID, 'dimasukkan ke pohon sebagai 2');

    // Tahap 3 of CSF 1: kondisi antara utama in a round, the branch below drafted in a breakout.
    await expectAfter(groupCommand(rina, '/putaran 1'), GROUP_ID, 'kondisi antara utama di bawah 1');
    await expectAfter(groupCommand(sari, `/usul ${KAU_1}`), GROUP_ID, 'Usulan 1 dari Sari Amelia');
    await expectAfter(groupCommand(yusuf, `/usul ${KAU_2}`), GROUP_ID, 'Usulan 2 dari Yusuf Hidayat');
    await expectAfter(
      groupCommand(budi, '/tutup'),
      GROUP_ID,
      'menutup putaran hanya bisa dilakukan fasilitator',
    );
    await expectAfter(groupCommand(rina, '/tutup'), GROUP_ID, 'Putaran ditutup.');
    await expectAfter(groupCommand(rina, '/terima 1'), GROUP_ID, 'sebagai 1.1');
    await expectAfter(groupCommand(rina, '/terima 2'), GROUP_ID, 'sebagai 1.2');

    await expectAfter(
      groupCommand(rina, '/bagi 1 Andi, Dewi'),
      GROUP_ID,
      'dibagikan kepada Andi Pratama, Dewi Lestari',
    );
    expect(texts(andi.id).join('\n')).toContain('Anda ditugasi menyusun cabang 1');
    expect(texts(dewi.id).join('\n')).toContain('Anda ditugasi menyusun cabang 1');

    await expectAfter(
      privateText(
        andi,
        '1.1 Terlaksananya Penyebarluasan Informasi Kelompok Informasi Masyarakat (KIM) yang Efektif',
      ),
      andi.id,
      'Ditambahkan 1.1.1 (kondisi antara)',
    );
    await expectAfter(
      privateText(dewi, '1.1.1 Terbentuknya Kelompok Informasi Masyarakat (KIM)'),
      dewi.id,
      'Ditambahkan 1.1.1.1 (kondisi operasional)',
    );
    await expectAfter(
      privateText(dewi, '1.2 Meningkatkan akses informasi publik'),
      dewi.id,
      'Belum ditambahkan',
    );
    await expectAfter(
      privateText(dewi, '1.2 Meningkatnya Akses Informasi Publik'),
      dewi.id,
      'Ditambahkan 1.2.1',
    );
    await expectAfter(
      privateText(andi, '1.2.1 Terlayaninya Permohonan Informasi Publik Masyarakat'),
      andi.id,
      'Ditambahkan 1.2.1.1',
    );
    const branch = await expectAfter(
      privateCommand(andi, '/lihat'),
      andi.id,
      'Cabang 1 (usulan baru ditandai ✳)',
    );
    expect(branch).toContain('1.2.1.1 ✳ Terlayaninya Permohonan Informasi Publik Masyarakat');

    const review = await expectAfter(
      privateCommand(andi, '/kembalikan'),
      GROUP_ID,
      'Cabang 1 dari Andi Pratama, Dewi Lestari kembali untuk ditinjau (4 simpul baru)',
    );
    expect(review).toContain(
      '1.1.1 ✳ Terlaksananya Penyebarluasan Informasi Kelompok Informasi Masyarakat (KIM) yang Efektif',
    );
    await expectAfter(
      groupCommand(sari, '/terima cabang 1'),
      GROUP_ID,
      'menerima usulan hanya bisa dilakukan fasilitator',
    );
    await expectAfter(
      groupCommand(rina, '/terima cabang 1'),
      GROUP_ID,
      'Cabang 1 diterima: 4 simpul baru masuk ke pohon.',
    );

    // The drafters' private chats are theirs again (the ordinary conversation answers).
    const after = await expectAfter(privateCommand(andi, '/rekap'), andi.id, '');
    expect(after).not.toContain('Cabang');

    const view = await expectAfter(groupCommand(yusuf, '/lihat'), GROUP_ID, 'Pohon kinerja sejauh ini:');
    expect(view).toContain(
      '1.2.1.1 Terlayaninya Permohonan Informasi Publik Masyarakat (kondisi operasional)',
    );
    const summary = await expectAfter(groupCommand(dewi, '/rekap'), GROUP_ID, 'Rekap lokakarya');
    expect(summary).toContain('Cabang 1 diterima (4 simpul, disusun Andi Pratama, Dewi Lestari)');
    expect(summary).toContain('Budi Santoso (peserta): 1 usulan, 1 diterima, 1 suara');

    const admin = { platform: 'telegram' as const, userId: String(rina.id) };
    const [stored] = await repository.listTrees(admin);
    const loaded = await repository.loadTree(admin, stored?.id ?? '');
    if (!loaded.ok) throw new Error('tree not found');
    expect(loaded.value.tree.tree.children.map((c) => c.statement)).toEqual([CSF_1, CSF_2]);
    expect(stageGate(loaded.value.tree, 3).passed).toBe(true);

    // The pinned progress message was edited in place as the workshop moved.
    const progress = fake
      .callsOf('editMessageText')
      .filter((c) => c.params.message_id === pinnedId)
      .map((c) => String(c.params.text));
    expect(progress.at(-1)).toContain('Lokakarya: 9 simpul di pohon · 5 keputusan');
  }, 120_000);
});
