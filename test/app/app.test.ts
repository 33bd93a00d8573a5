/**
 * The app shell with the in-memory stores and the offline drafter: the conversation as a person sees it
 * (through the terminal's line reading), and what ends up in the repository.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryConversationStore } from '../../src/adapters/memory/conversations.ts';
import { createMemoryEventLog } from '../../src/adapters/memory/events.ts';
import { createMemoryRepository } from '../../src/adapters/memory/repository.ts';
import { createOfflineDrafter } from '../../src/adapters/offline/create-offline-drafter.ts';
import { type AppDeps, createApp } from '../../src/app/create-app.ts';
import type { Drafter } from '../../src/ports/drafter.ts';
import type { Actor, TreeRepository } from '../../src/ports/repository.ts';
import { type Chat, createChat } from '../scenarios/driver.ts';

const rina: Actor = { platform: 'console', userId: 'u-1', name: 'Rina' };

function setup(overrides: Partial<AppDeps> = {}) {
  const deps: AppDeps = {
    repository: createMemoryRepository(),
    conversations: createMemoryConversationStore(),
    events: createMemoryEventLog(),
    drafter: createOfflineDrafter(),
    log: () => {},
    newRef: () => 'REF123',
    ...overrides,
  };
  const app = createApp(deps);
  return { deps, app, chat: createChat(app) };
}

async function currentTree(repository: TreeRepository) {
  const [summary] = await repository.listTrees(rina);
  if (!summary) throw new Error('no tree saved');
  const loaded = await repository.loadTree(rina, summary.id);
  if (!loaded.ok) throw new Error(loaded.error.kind);
  return loaded.value;
}

/** Tahap 1 the way a newcomer answers it, ending on the first Tahap 2 question. */
async function finishTahap1(chat: Chat): Promise<void> {
  for (const line of [
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
  ]) {
    await chat.say(line);
  }
}

describe('the conversation through the app shell', () => {
  it('greets a newcomer, asks one question at a time and saves the Tahap 1 tree with its basis', async () => {
    const { app, chat, deps } = setup();
    const peek = createChat(app, { chatId: 'peek', userId: 'u-2', runId: 'peek' });
    await peek.say('/lanjut');
    expect(peek.lastText()).toContain('Ketuk Mulai');
    expect(peek.buttons()).toEqual(['Mulai']);
    await peek.say('1');
    expect(peek.lastText()).toContain('[Tahap 1/5 · Perangkat Daerah]');
    expect(peek.lastText()).toContain('Apa nama Perangkat Daerah Anda?');

    await finishTahap1(chat);
    expect(chat.lastText()).toContain('Pohon kinerja tersimpan ✓ Tahap 1 selesai.');
    expect(chat.lastText()).toContain('[Tahap 2/5 · CSF 1/1]');
    expect(chat.lastText()).toContain('«Rendahnya Tingkat Keamanan Informasi»');
    expect(chat.buttons()).toContain('Meningkatnya Tingkat Keamanan Informasi');

    const orgs = await deps.repository.organisationsOf(rina);
    expect(orgs.map((o) => [o.name, o.role])).toEqual([
      ['Dinas Komunikasi, Informatika, Statistik dan Persandian', 'admin'],
    ]);
    const stored = await currentTree(deps.repository);
    expect(stored.tree.tree.statement).toBe('Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas');
    expect(stored.tree.period).toEqual({ from: 2025, to: 2029 });
    expect(stored.tree.tree.basis).toEqual([
      { kind: 'mandat', text: 'Urusan komunikasi dan informatika, statistik, dan persandian' },
      { kind: 'masalah', text: 'Rendahnya Tingkat Keamanan Informasi' },
    ]);
  });

  it('applies a message delivered twice only once', async () => {
    const { chat, deps } = setup();
    await finishTahap1(chat);
    const tap = chat.incoming('Meningkatnya Tingkat Keamanan Informasi');
    const first = await chat.deliver(tap);
    const second = await chat.deliver(tap);
    expect(first.map((m) => m.text).join('\n')).toContain('Tersimpan ✓ 1 (CSF)');
    expect(second).toEqual([]);
    const stored = await currentTree(deps.repository);
    expect(stored.tree.tree.children.map((c) => c.statement)).toEqual([
      'Meningkatnya Tingkat Keamanan Informasi',
    ]);
  });

  it('handles two messages of one chat that arrive together in order, both applied', async () => {
    const { chat, app } = setup();
    await chat.say('/mulai');
    const first = chat.incoming('Dinas Komunikasi, Informatika, Statistik dan Persandian');
    const second = { ...chat.incoming('Kabupaten Balangan'), updateId: 'run-together-2' };
    const [a, b] = await Promise.all([app.handle(first), app.handle(second)]);
    expect(a?.map((m) => m.text).join('\n')).toContain('Di kabupaten/kota/provinsi mana?');
    expect(b?.map((m) => m.text).join('\n')).toContain('Periode Renstra-nya?');
  });

  it('continues on a second process sharing the store, and a race between the two saves only one of them', async () => {
    const { deps, chat } = setup();
    const other = createApp({ ...deps });
    await chat.say('/mulai');
    await chat.say('Dinas Komunikasi, Informatika, Statistik dan Persandian');
    const elsewhere = createChat(other, { runId: 'other' });
    await elsewhere.say('/lanjut');
    expect(elsewhere.lastText()).toContain('Di kabupaten/kota/provinsi mana?');

    // Both processes take a message of the same chat at once: compare-and-swap lets one win.
    const [a, b] = await Promise.all([chat.say('Kabupaten Balangan'), elsewhere.say('Kota Banjarbaru')]);
    const texts = [a, b].map((r) => r.map((m) => m.text).join('\n'));
    expect(texts.filter((t) => t.includes('Periode Renstra-nya?'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('masih diproses'))).toHaveLength(1);
  });

  it('answers an empty, a 10,000-character and a gibberish message clearly and asks again', async () => {
    const { chat } = setup();
    await chat.say('/mulai');
    await chat.say('   ');
    expect(chat.lastText()).toContain('Pesan Anda kosong.');
    expect(chat.lastText()).toContain('Apa nama Perangkat Daerah Anda?');
    await chat.say('Dinas '.repeat(2000).slice(0, 10_000));
    expect(chat.lastText()).toContain('terlalu panjang (10.000 karakter; batas 200)');
    expect(chat.lastText()).toContain('Apa nama Perangkat Daerah Anda?');
    await chat.say('sdfghjkl qwrtzp');
    expect(chat.lastText()).toContain('tidak bisa membaca itu sebagai kalimat');
    await chat.say('Dinas Komunikasi dan Informatika');
    expect(chat.lastText()).toContain('Di kabupaten/kota/provinsi mana?');
  });

  it('/kembali returns to the previous question with the answers so far', async () => {
    const { chat } = setup();
    for (const line of [
      '/mulai',
      'Dinas Komunikasi dan Informatika',
      'Lewati',
      '2025-2029',
      'Urusan komunikasi dan informatika',
      'Selesai ✓',
    ]) {
      await chat.say(line);
    }
    expect(chat.lastText()).toContain('Apa masalah utama');
    await chat.say('/kembali');
    expect(chat.lastText()).toContain('[Tahap 1/5 · Mandat]');
    expect(chat.lastText()).toContain('Mandat: kirim yang berikutnya');
    expect(chat.lastText()).toContain('• Urusan komunikasi dan informatika');
  });

  it('rejects an activity as a CSF with its rule id, and saves the fix tapped as a button', async () => {
    const { chat, deps } = setup();
    await finishTahap1(chat);
    await chat.say('Lewati masalah ini');
    await chat.say('Meningkatkan keamanan informasi');
    expect(chat.lastText()).toContain('KND-02');
    expect(chat.lastText()).toContain('Belum bisa disimpan');
    expect(chat.buttons()[0]).toBe('Pakai: Meningkatnya Keamanan Informasi');
    expect((await currentTree(deps.repository)).tree.tree.children).toEqual([]);
    await chat.say('1');
    expect(chat.lastText()).toContain('Tersimpan ✓ 1 (CSF)');
    expect((await currentTree(deps.repository)).tree.tree.children.map((c) => c.statement)).toEqual([
      'Meningkatnya Keamanan Informasi',
    ]);
  });

  it('accepts a warning with a short reason, saved with the node and its revision', async () => {
    const { chat, deps } = setup();
    await finishTahap1(chat);
    await chat.say('Lewati masalah ini');
    await chat.say('Tersedianya Jaringan Internet di Seluruh Desa');
    expect(chat.lastText()).toContain('KND-06');
    await chat.say('Tetap pakai (tulis alasan)');
    expect(chat.lastText()).toContain('Ketik alasan singkat');
    await chat.say('Desa blankspot adalah masalah utama daerah kami');
    expect(chat.lastText()).toContain('Tersimpan ✓ 1 (CSF)');
    const stored = await currentTree(deps.repository);
    const csf = stored.tree.tree.children[0];
    expect(csf?.acceptedWarnings).toEqual([
      { rule: 'KND-06', reason: 'Desa blankspot adalah masalah utama daerah kami', text: expect.any(String) },
    ]);
    const revisions = await deps.repository.listRevisions(rina, stored.id, 1);
    expect(revisions.ok && revisions.value[0]?.reason).toBe(
      'Desa blankspot adalah masalah utama daerah kami',
    );
    // An accepted warning is settled: /cek no longer lists it.
    await chat.say('/cek');
    expect(chat.lastText()).toContain('Tidak ada temuan sampai Tahap 2 ✓');
  });

  it('/ubah changes an earlier node by its outline number and returns to the same question; /batal undoes it', async () => {
    const { chat, deps } = setup();
    await finishTahap1(chat);
    await chat.say('Meningkatnya Tingkat Keamanan Informasi');
    await chat.say('Selesai ✓');
    await chat.say('Lanjut ke Tahap 3 ▶');
    expect(chat.lastText()).toContain(
      'Kondisi apa yang diperlukan agar «Meningkatnya Tingkat Keamanan Informasi» terwujud?',
    );
    const [editing] = await chat.say('/ubah 1');
    expect(chat.lastText()).toContain('Ubah «Meningkatnya Tingkat Keamanan Informasi»');
    expect(editing?.editor).toEqual({
      title: 'Ubah 1',
      initial: 'Meningkatnya Tingkat Keamanan Informasi',
      submitValue: 'edit',
    });
    await chat.say('Meningkatnya Keamanan Informasi Pemerintah Daerah');
    expect(chat.lastText()).toContain('Tersimpan ✓ 1 diubah.');
    expect(chat.lastText()).toContain('agar «Meningkatnya Keamanan Informasi Pemerintah Daerah» terwujud?');
    expect((await currentTree(deps.repository)).tree.tree.children[0]?.statement).toBe(
      'Meningkatnya Keamanan Informasi Pemerintah Daerah',
    );

    await chat.say('/batal');
    expect(chat.lastText()).toContain(
      'Dibatalkan: Ubah 1: Meningkatnya Keamanan Informasi Pemerintah Daerah.',
    );
    expect((await currentTree(deps.repository)).tree.tree.children[0]?.statement).toBe(
      'Meningkatnya Tingkat Keamanan Informasi',
    );
    await chat.say('/lihat');
    expect(chat.lastText()).toContain('0 Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas');
    expect(chat.lastText()).toContain('1 Meningkatnya Tingkat Keamanan Informasi');
  });

  it('/ubah masalah edits a Tahap 1 answer of a saved tree and comes back to the question', async () => {
    const { chat, deps } = setup();
    await finishTahap1(chat);
    await chat.say('/ubah masalah');
    expect(chat.lastText()).toContain('• Rendahnya Tingkat Keamanan Informasi');
    await chat.say('Rendahnya Pemanfaatan Data Sektoral');
    await chat.say('Selesai ✓');
    expect(chat.lastText()).toContain('Tersimpan ✓ dasar Tahap 1 diperbarui.');
    expect(chat.lastText()).toContain('Masalah 1/2: «Rendahnya Tingkat Keamanan Informasi»');
    const stored = await currentTree(deps.repository);
    expect(stored.tree.tree.basis?.filter((b) => b.kind === 'masalah').map((b) => b.text)).toEqual([
      'Rendahnya Tingkat Keamanan Informasi',
      'Rendahnya Pemanfaatan Data Sektoral',
    ]);
  });

  it('answers a store failure with a reference and saves nothing half-done', async () => {
    const repository = createMemoryRepository();
    let failNext = false;
    const flaky: TreeRepository = {
      ...repository,
      saveTree: async (...args) => {
        if (failNext) {
          failNext = false;
          throw new Error('connection reset by peer');
        }
        return repository.saveTree(...args);
      },
    };
    const logged: Array<Record<string, unknown>> = [];
    const { chat } = setup({ repository: flaky, log: (_e, detail) => logged.push(detail) });
    await finishTahap1(chat);
    failNext = true;
    await chat.say('Meningkatnya Tingkat Keamanan Informasi');
    expect(chat.lastText()).toContain('(ref REF123)');
    expect(chat.lastText()).toContain('Tidak ada yang tersimpan setengah jalan');
    expect(logged).toEqual([
      expect.objectContaining({
        code: 'store_failed',
        ref: 'REF123',
        conversation: 'console:tester:',
        cause: 'Error: connection reset by peer',
      }),
    ]);
    // The conversation was not moved on: the same answer is accepted on the next try.
    await chat.say('/lanjut');
    expect(chat.lastText()).toContain('Masalah 1/1');
    await chat.say('Meningkatnya Tingkat Keamanan Informasi');
    expect(chat.lastText()).toContain('Tersimpan ✓ 1 (CSF)');
  });

  it('asks without suggestions when the drafter fails or takes too long', async () => {
    const never: Drafter = { name: 'stuck', draft: () => new Promise(() => {}) };
    const { chat } = setup({ drafter: never, drafterTimeoutMs: 20 });
    await finishTahap1(chat);
    expect(chat.lastText()).toContain('Usulan otomatis sedang tidak tersedia');
    expect(chat.buttons()).toEqual(['Lewati masalah ini']);
  });

  it('switches to English with /bahasa en and keeps the question', async () => {
    const { chat } = setup();
    await chat.say('/mulai');
    await chat.say('/bahasa en');
    expect(chat.lastText()).toContain('Language: English.');
    expect(chat.lastText()).toContain('What is the name of your organisation');
    await chat.say('/help');
    expect(chat.lastText()).toContain('Write the full name of the organisation');
  });

  it('answers a sticker politely without stepping', async () => {
    const { chat, app } = setup();
    await chat.say('/mulai');
    const base = chat.incoming('x');
    const replies = await app.handle({ ...base, kind: 'unsupported', what: 'sticker' });
    expect(replies.map((r) => r.text)).toEqual([
      'Saya hanya membaca pesan teks. Ketik jawaban Anda, atau /bantuan.',
    ]);
  });
});
