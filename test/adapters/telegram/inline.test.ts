/**
 * Inline mode through the real telegraf bot and the `npm start` wiring: `@PokinBot kabid statistik`
 * typed in any chat is answered with answerInlineQuery from the PK look-up over the person's current
 * tree (the most recently updated of the trees they are a member of), personal and briefly cached.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryConversationStore } from '../../../src/adapters/memory/conversations.ts';
import { createMemoryRepository } from '../../../src/adapters/memory/repository.ts';
import {
  createTelegramAdapter,
  type TelegramAdapter,
} from '../../../src/adapters/telegram/create-telegram-adapter.ts';
import { renderInlineAnswer } from '../../../src/adapters/telegram/inline.ts';
import { lookupPk } from '../../../src/core/lookup/pk.ts';
import { parseTree } from '../../../src/core/tree/parse.ts';
import type { Tree } from '../../../src/core/tree/schema.ts';
import { createTelegramFromEnv } from '../../../src/main/wiring/telegram.ts';
import type { Actor, StoredTree, TreeRepository } from '../../../src/ports/repository.ts';
import { type ApiCall, FakeTelegram } from '../../support/fake-telegram.ts';
import { ManualClock } from '../../support/stores.ts';
import { UpdateFactory } from '../../support/telegram-updates.ts';
import { TelegramSession } from './session.ts';

const siti: Actor = { platform: 'telegram', userId: '512345678', name: 'Siti Rahmawati' };

function balanganTree(): Tree {
  const url = new URL('../../../examples/balangan-diskominfosan.json', import.meta.url);
  const parsed = parseTree(JSON.parse(readFileSync(fileURLToPath(url), 'utf8')));
  if (!parsed.ok) throw new Error('example tree does not parse');
  return parsed.value;
}

interface Article {
  type: string;
  id: string;
  title: string;
  description?: string;
  input_message_content: { message_text: string; parse_mode: string };
}

describe('inline mode: @PokinBot kabid statistik', () => {
  let fake: FakeTelegram;
  let adapter: TelegramAdapter;
  let repository: TreeRepository;
  let clock: ManualClock;
  let older: StoredTree;
  let newer: StoredTree;

  beforeEach(async () => {
    fake = await new FakeTelegram().start();
    clock = new ManualClock('2026-01-05T08:00:00Z');
    repository = createMemoryRepository({ clock });
    const org = await repository.createOrganisation(
      'Dinas Komunikasi, Informatika, Statistik dan Persandian',
      siti,
    );
    const create = async (title: string) => {
      const created = await repository.createTree(
        siti,
        org.id,
        { title, tree: balanganTree(), stage: 5 },
        { actor: siti, source: 'import', summary: 'Impor tabel cascading' },
      );
      if (!created.ok) throw new Error(created.error.kind);
      clock.advance(60_000);
      return created.value;
    };
    older = await create('Draf Renstra 2021–2026');
    newer = await create('Diskominfosan Kab. Balangan 2025–2029');
    const built = createTelegramFromEnv(
      { TELEGRAM_BOT_TOKEN: '7012345678:AAH-balangan-test-token', TELEGRAM_API_ROOT: fake.apiRoot },
      {
        handler: { handle: async () => [] },
        conversations: createMemoryConversationStore(),
        repository,
        log: () => {},
      },
    );
    if (!built.ok || !built.value) throw new Error('telegram not configured');
    adapter = built.value;
    phone = new UpdateFactory();
    await adapter.start();
    await fake.waitFor((calls) => calls.some((c) => c.method === 'getUpdates'), 'polling to start');
  });
  afterEach(async () => {
    await adapter.stop();
    await fake.stop();
  });

  let phone: UpdateFactory;
  async function ask(query: string, from = phone): Promise<ApiCall> {
    const session = new TelegramSession(fake, adapter, from);
    const calls = await session.deliver(from.inline(query));
    const answers = calls.filter((c) => c.method === 'answerInlineQuery');
    expect(answers).toHaveLength(1);
    return answers[0] as ApiCall;
  }

  it('asks Telegram for inline queries', () => {
    expect(fake.callsOf('getUpdates')[0]?.params.allowed_updates).toContain('inline_query');
  });

  it('answers with the PK holders of the most recently updated tree, as escaped HTML articles', async () => {
    const expected = lookupPk(newer.tree, 'kabid statistik');
    if (expected.kind !== 'found') throw new Error('the example has no Kabid Statistik');
    const answer = await ask('kabid statistik');
    expect(answer.params).toMatchObject({
      inline_query_id: expect.stringMatching(/^2201548128/),
      is_personal: true,
      cache_time: 10,
    });
    expect(answer.params.button).toBeUndefined();
    const results = answer.params.results as Article[];
    expect(results.map((r) => r.title)).toEqual(
      expected.matches.map((m) => `${m.number ? `${m.number} ` : ''}${m.statement}`),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(results.length);
    for (const r of results) {
      expect(r.type).toBe('article');
      expect(r.id.length).toBeLessThanOrEqual(64);
      expect(r.input_message_content.parse_mode).toBe('HTML');
      expect(r.input_message_content.message_text).toMatch(/^<b>Sasaran [^<]+<\/b>\n/);
      expect(r.input_message_content.message_text).toContain(
        '\nPohon: Diskominfosan Kab. Balangan 2025–2029',
      );
    }
    const first = results[0]?.input_message_content.message_text ?? '';
    expect(first).toContain('STATISTIK SEKTORAL');
    expect(first).toContain('Administrator');

    // Work on the older tree makes it the current one.
    const saved = await repository.saveTree(
      siti,
      older.id,
      older.version,
      { tree: older.tree },
      { actor: siti, source: 'person', summary: 'Perbarui target' },
    );
    expect(saved.ok).toBe(true);
    const again = await ask('kabid statistik');
    expect((again.params.results as Article[])[0]?.input_message_content.message_text).toContain(
      '\nPohon: Draf Renstra 2021–2026',
    );
  });

  it('forgives a misspelling, and offers the closest matches with a way into the chat when nothing matches', async () => {
    const misspelt = await ask('kabid statistk');
    expect((misspelt.params.results as Article[]).length).toBeGreaterThan(0);
    expect(misspelt.params.button).toBeUndefined();

    const nothing = await ask('kabid pariwisata dan kebudayaan');
    expect(nothing.params.button).toEqual({
      text: 'Tidak ditemukan: «kabid pariwisata dan kebudayaan»',
      start_parameter: 'pk',
    });
    for (const r of nothing.params.results as Article[]) expect(r.description).toMatch(/^Paling mirip/);
  });

  it('tells a person without a tree, or with an empty query, what to do', async () => {
    const empty = await ask('');
    expect(empty.params).toMatchObject({
      results: [],
      button: { text: 'Ketik jabatan atau kata, mis. kabid statistik', start_parameter: 'pk' },
    });
    const stranger = await ask('kabid statistik', new UpdateFactory(498700011, 684530000));
    expect(stranger.params).toMatchObject({
      results: [],
      is_personal: true,
      button: { text: 'Belum ada pohon kinerja — buka Pokin untuk menyusun', start_parameter: 'mulai' },
    });
  });
});

describe('renderInlineAnswer', () => {
  it('escapes hostile text, keeps the message under 4,096 and titles short', () => {
    const jabatan = 'Kepala Bidang <Statistik> & *_[Persandian]_* 🔐';
    const rendered = renderInlineAnswer('42', {
      items: [
        {
          id: 'a',
          title: `3.1 ${'Meningkatnya Akses Data Sektoral '.repeat(10)}`,
          text: `Sasaran Program 3.1 · ${jabatan}\n${'Jumlah <data> & "terverifikasi" 📈 '.repeat(200)}`,
        },
      ],
    });
    const [article] = rendered.results as Article[];
    const html = article?.input_message_content.message_text ?? '';
    expect(
      html.startsWith(
        '<b>Sasaran Program 3.1 · Kepala Bidang &lt;Statistik&gt; &amp; *_[Persandian]_* 🔐</b>\n',
      ),
    ).toBe(true);
    expect(html.length).toBeLessThanOrEqual(4096);
    expect(html.endsWith('…')).toBe(true);
    expect(html).not.toMatch(/&[a-z]*…$/);
    expect(html.replace(/<\/?b>/g, '')).not.toMatch(/<|>/);
    expect(Array.from(article?.title ?? '').length).toBeLessThanOrEqual(120);
  });
});

describe('inline queries without a provider, or with a failing one', () => {
  it('answers nothing without a provider, and logs a failing provider without answering', async () => {
    const fake = await new FakeTelegram().start();
    const logged: string[] = [];
    const make = (inlineQuery?: Parameters<typeof createTelegramAdapter>[0]['inlineQuery']) =>
      createTelegramAdapter({
        token: '7012345678:AAH-balangan-test-token',
        handler: { handle: async () => [] },
        apiRoot: fake.apiRoot,
        log: (event) => logged.push(event),
        ...(inlineQuery ? { inlineQuery } : {}),
      });
    try {
      const phone = new UpdateFactory();
      for (const adapter of [
        make(),
        make(async () => {
          throw new Error('database is down');
        }),
      ]) {
        await adapter.start();
        await new TelegramSession(fake, adapter, phone).deliver(phone.inline('kabid statistik'));
        await adapter.stop();
      }
      expect(fake.callsOf('answerInlineQuery')).toEqual([]);
      expect(logged).toEqual(['telegram.inline_failed']);
    } finally {
      await fake.stop();
    }
  });
});
