import { afterEach, describe, expect, it } from 'vitest';
import { createDrizzleConversationStore } from '../../src/adapters/drizzle/conversations.ts';
import { type OpenDb, openPglite } from '../../src/adapters/drizzle/db.ts';
import { createDrizzleEventLog } from '../../src/adapters/drizzle/events.ts';
import { createDrizzleRepository } from '../../src/adapters/drizzle/repository.ts';
import { createWorkshopApp, type Scheduler, type WorkshopApp } from '../../src/app/workshop.ts';
import { parseTree } from '../../src/core/tree/parse.ts';
import type { ChatSender, Incoming, Outgoing, Reply } from '../../src/ports/chat.ts';
import type { ConversationStore, InboundEventLog, TreeRepository } from '../../src/ports/repository.ts';
import { ManualClock, memoryStores } from '../support/stores.ts';

const OUTCOME = 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas';
const CSF_1 =
  'Meningkatnya Pengelolaan Informasi dan Komunikasi Perangkat Daerah Sesuai Peraturan yang Berlaku';
const CSF_2 = 'Meningkatnya Akses Layanan TIK dan e-Government';
const GROUP = { platform: 'telegram' as const, chatId: '-1001987654321' };

const rina = { id: '498765432', name: 'Rina Wulandari' };
const budi = { id: '498765433', name: 'Budi Santoso' };
const sari = { id: '498765434', name: 'Sari Amelia' };

interface Stores {
  repository: TreeRepository;
  conversations: ConversationStore;
  events: InboundEventLog;
}

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
  if (!parsed.ok) throw new Error('fixture');
  const admin = { platform: 'telegram' as const, userId: rina.id, name: rina.name };
  const org = await repository.createOrganisation('Diskominfosan Balangan', admin);
  const created = await repository.createTree(
    admin,
    org.id,
    { title: OUTCOME, tree: parsed.value, stage: 1 },
    { actor: admin, source: 'person', summary: 'Tahap 1' },
  );
  if (!created.ok) throw new Error('createTree');
}

class Timers {
  armed: Array<{ at: Date; fire: () => void; cancelled: boolean }> = [];
  readonly scheduler: Scheduler = (at, fire) => {
    const timer = { at, fire, cancelled: false };
    this.armed.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };
  live() {
    return this.armed.filter((t) => !t.cancelled);
  }
}

class Sent implements ChatSender {
  replies: Reply[] = [];
  refuse = new Set<string>();
  async send(reply: Reply): Promise<void> {
    if (this.refuse.has(reply.conversation.chatId)) throw new Error('403: bot was blocked by the user');
    this.replies.push(reply);
  }
  to(chatId: string): string[] {
    return this.replies.filter((r) => r.conversation.chatId === chatId).flatMap((r) => r.messages.map(text));
  }
}

const text = (m: Outgoing) => `${m.title ? `${m.title}\n` : ''}${m.text}`;

let updateId = 1000;
function command(user: { id: string; name: string }, line: string, chat = GROUP): Incoming {
  const [head = '', ...rest] = line.split(' ');
  return {
    platform: 'telegram',
    updateId: String(updateId++),
    conversation: chat,
    chatType: chat === GROUP ? 'group' : 'private',
    user,
    kind: 'command',
    command: head.replace(/^\//, ''),
    args: rest.join(' '),
  };
}
function vote(user: { id: string; name: string }, n: number): Incoming {
  return {
    platform: 'telegram',
    updateId: String(updateId++),
    conversation: GROUP,
    chatType: 'group',
    user,
    kind: 'choice',
    value: `ws:v:${n}`,
    messageId: '5001',
  };
}

function open(stores: Stores, clock: ManualClock, timers: Timers, sent: Sent): WorkshopApp {
  const app = createWorkshopApp({
    app: { handle: async (incoming) => [{ text: `percakapan biasa: ${incoming.kind}` }] },
    ...stores,
    clock,
    scheduler: timers.scheduler,
    log: () => {},
  });
  app.attach(sent);
  return app;
}

const all = (out: Outgoing[]) => out.map(text).join('\n---\n');

describe('workshop shell', () => {
  const dbs: OpenDb[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.close();
  });

  /** Fresh stores over a database: what a restarted process builds. */
  function storesOver(db: OpenDb): Stores {
    const clock = new ManualClock();
    return {
      repository: createDrizzleRepository(db.db, { clock }),
      conversations: createDrizzleConversationStore(db.db, { clock }),
      events: createDrizzleEventLog(db.db),
    };
  }

  it('a restart mid-round keeps proposals, votes and the deadline (a new app on the same PGlite data)', async () => {
    const db = await openPglite();
    dbs.push(db);
    const clock = new ManualClock('2026-01-05T08:00:00Z');
    let stores = storesOver(db);
    await seedTree(stores.repository);
    let timers = new Timers();
    let sent = new Sent();
    let app = open(stores, clock, timers, sent);

    expect(all(await app.handle(command(rina, '/lokakarya')))).toContain(
      `Lokakarya pohon kinerja dimulai untuk "${OUTCOME}"`,
    );
    await app.handle(command(rina, '/putaran 0'));
    await app.handle(command(budi, `/usul ${CSF_1}`));
    await app.handle(command(sari, `/usul ${CSF_2}`));
    await app.handle(vote(sari, 1));
    await app.handle(vote(budi, 1));
    await app.handle(vote(rina, 2));
    expect(all(await app.handle(command(rina, '/waktu 10')))).toContain('pukul 08:10 UTC');
    expect(timers.live().map((t) => t.at.toISOString())).toEqual(['2026-01-05T08:10:00.000Z']);

    // Restart: the app goes away with its timers and memory; only the database stays.
    app.stop();
    await app.idle();
    stores = storesOver(db);
    timers = new Timers();
    sent = new Sent();
    app = open(stores, clock, timers, sent);
    await app.start(['telegram']);
    expect(timers.live().map((t) => t.at.toISOString())).toEqual(['2026-01-05T08:10:00.000Z']);

    const summary = all(await app.handle(command(budi, '/rekap')));
    expect(summary).toContain(
      'Putaran berjalan: CSF di bawah 0 (mengumpulkan usulan, 2 usulan, ditutup pukul 08:10 UTC)',
    );
    expect(summary).toContain('Sari Amelia (peserta): 1 usulan, 0 diterima, 1 suara');

    clock.advance(10 * 60_000);
    timers.live()[0]?.fire();
    await app.idle();
    const closing = sent.to(GROUP.chatId).join('\n');
    expect(closing).toContain('Waktu habis — putaran ditutup.');
    expect(closing).toContain(`1. ${CSF_1} — 👍 2 · Budi Santoso`);
    expect(closing).toContain(`2. ${CSF_2} — 👍 1 · Sari Amelia`);
    expect(all(await app.handle(command(sari, `/usul ${CSF_2} Daerah`)))).toContain(
      'Putaran ini sudah ditutup',
    );

    const accepted = all(await app.handle(command(rina, '/terima 1')));
    expect(accepted).toContain('dimasukkan ke pohon sebagai 1');
    const admin = { platform: 'telegram' as const, userId: rina.id };
    const [summaryRow] = await stores.repository.listTrees(admin);
    const loaded = await stores.repository.loadTree(admin, summaryRow?.id ?? '');
    expect(loaded.ok && loaded.value.tree.tree.children.map((c) => c.statement)).toEqual([CSF_1]);
    const revisions = await stores.repository.listRevisions(admin, summaryRow?.id ?? '');
    expect(revisions.ok && revisions.value[0]?.summary).toBe('Lokakarya: tambah 1 (usulan Budi Santoso)');
  }, 120_000);

  it('tells the group when a finding cannot be sent privately, and leaves other chat to the conversation', async () => {
    const stores = await memoryStores.open();
    await seedTree(stores.repository);
    const sent = new Sent();
    const app = open(stores, new ManualClock(), new Timers(), sent);
    expect(all(await app.handle(command(budi, '/mulai')))).toBe('percakapan biasa: command');
    await app.handle(command(rina, '/lokakarya'));
    await app.handle(command(rina, '/putaran 0'));

    const refused = all(await app.handle(command(sari, '/usul Rendahnya akses layanan TIK')));
    expect(refused).toContain('Sari Amelia, usulan Anda belum bisa dicatat');
    expect(sent.to(sari.id)[0]).toContain('Usulan perbaikan: Meningkatnya Akses Layanan TIK');

    sent.refuse.add(budi.id);
    const blocked = all(await app.handle(command(budi, '/usul Rendahnya akses layanan TIK')));
    expect(blocked).toContain(
      'Budi Santoso, saya tidak bisa mengirim pesan pribadi kepada Anda. Buka obrolan dengan saya dan tekan Start',
    );

    expect(all(await app.handle(command(budi, '/putaran 0')))).toContain(
      'hanya bisa dilakukan fasilitator (Rina Wulandari)',
    );
    expect(all(await app.handle(command(budi, '/mulai')))).toBe('percakapan biasa: command');
  });

  it('a breakout survives a restart: the private chat of the drafter still drafts the branch', async () => {
    const stores = await memoryStores.open();
    await seedTree(stores.repository);
    const sent = new Sent();
    const first = open(stores, new ManualClock(), new Timers(), sent);
    await first.handle(command(rina, '/lokakarya'));
    await first.handle(command(sari, '/rekap'));
    await first.handle(command(rina, '/putaran 0'));
    await first.handle(command(budi, `/usul ${CSF_1}`));
    await first.handle(command(rina, '/terima 1'));
    expect(all(await first.handle(command(rina, '/bagi 1 Sari')))).toContain('dibagikan kepada Sari Amelia');
    expect(sent.to(sari.id)[0]).toContain('Anda ditugasi menyusun cabang 1');

    const second = open(stores, new ManualClock(), new Timers(), new Sent());
    const privateChat = { platform: 'telegram' as const, chatId: sari.id };
    const drafted = await second.handle({
      platform: 'telegram',
      updateId: String(updateId++),
      conversation: privateChat,
      chatType: 'private',
      user: sari,
      kind: 'text',
      text: 'Meningkatnya Penyebarluasan Informasi Publik',
    });
    expect(all(drafted)).toBe(
      'Ditambahkan 1.1 (kondisi antara utama): "Meningkatnya Penyebarluasan Informasi Publik".',
    );
    // Someone without a branch talks to the ordinary conversation in private.
    expect(all(await second.handle(command(budi, '/lihat', { platform: 'telegram', chatId: budi.id })))).toBe(
      'percakapan biasa: command',
    );
  });
});
