/**
 * Telegram adapter numbers: rendering/splitting cost, and updates per second through real telegraf
 * long polling against the local fake Bot API (many chats at once, in-order per chat).
 */

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createMemoryConversationStore } from '../src/adapters/memory/conversations.ts';
import { createMemoryEventLog } from '../src/adapters/memory/events.ts';
import { createMemoryRepository } from '../src/adapters/memory/repository.ts';
import { createOfflineDrafter } from '../src/adapters/offline/create-offline-drafter.ts';
import { createTelegramAdapter } from '../src/adapters/telegram/create-telegram-adapter.ts';
import { createPkInlineProvider, renderInlineAnswer } from '../src/adapters/telegram/inline.ts';
import { renderOutgoing } from '../src/adapters/telegram/render.ts';
import { createApp } from '../src/app/create-app.ts';
import { parseTree } from '../src/core/tree/parse.ts';
import type { Incoming, Outgoing } from '../src/ports/chat.ts';
import { TelegramSession } from '../test/adapters/telegram/session.ts';
import { FakeTelegram } from '../test/support/fake-telegram.ts';
import { UpdateFactory } from '../test/support/telegram-updates.ts';

export default async function run(): Promise<void> {
  const short = {
    progress: 'Tahap 2/5 · CSF 3/4',
    title: 'Usulan CSF',
    text: 'Meningkatnya <kualitas> & layanan',
    buttons: [[{ label: 'Ya', value: 'ya' }]],
  };
  const long = {
    text: Array.from(
      { length: 200 },
      (_, i) => `${i}. <b>Meningkatnya</b> kualitas data & statistik sektoral 🇮🇩`,
    ).join('\n\n'),
  };
  for (const [name, out] of [
    ['render short message', short],
    ['render 14 KB message (split)', long],
  ] as const) {
    const n = name.startsWith('render short') ? 20_000 : 500;
    const t0 = performance.now();
    let parts = 0;
    for (let i = 0; i < n; i++) parts += renderOutgoing(out as Outgoing).ops.length;
    const ms = performance.now() - t0;
    console.log(`${name}: ${((ms * 1000) / n).toFixed(1)} µs each (${parts / n} message(s))`);
  }

  const fake = await new FakeTelegram().start();
  const chats = 50;
  const perChat = 10;
  let handled = 0;
  const adapter = createTelegramAdapter({
    token: '1:bench',
    apiRoot: fake.apiRoot,
    paceMs: 0,
    log: () => {},
    handler: {
      async handle(incoming: Incoming) {
        handled++;
        return [{ text: `ok ${incoming.kind}` }];
      },
    },
  });
  await adapter.start();
  const factories = Array.from(
    { length: chats },
    (_, i) => new UpdateFactory(10_000 + i, 1_000_000 + i * 1000),
  );
  const t0 = performance.now();
  let updateId = 1_000_000;
  for (let k = 0; k < perChat; k++) {
    // Telegram's update ids grow across all chats.
    fake.push(...factories.map((f) => ({ ...f.text(`pesan ${k}`), update_id: updateId++ })));
  }
  await fake.waitFor(
    (calls) => calls.filter((c) => c.method === 'sendMessage').length === chats * perChat,
    'all replies',
    60_000,
  );
  const ms = performance.now() - t0;
  console.log(
    `polling round trip: ${chats * perChat} updates from ${chats} chats in ${ms.toFixed(0)} ms → ${((handled / ms) * 1000).toFixed(0)} updates/s`,
  );
  await adapter.stop();
  await fake.stop();

  // Inline mode: one `@bot …` answer over the Balangan tree (load the current tree, look up, render).
  const parsed = parseTree(
    JSON.parse(
      readFileSync(
        fileURLToPath(new URL('../examples/balangan-diskominfosan.json', import.meta.url)),
        'utf8',
      ),
    ),
  );
  if (!parsed.ok) throw new Error('example tree does not parse');
  const repository = createMemoryRepository();
  const actor = { platform: 'telegram' as const, userId: '512345678' };
  const org = await repository.createOrganisation('Diskominfosan Balangan', actor);
  await repository.createTree(
    actor,
    org.id,
    { title: 'Balangan', tree: parsed.value, stage: 5 },
    { actor, source: 'import', summary: 'bench' },
  );
  const provider = createPkInlineProvider(repository);
  const queries = ['kabid statistik', 'kasi persandian', 'indikator keamanan informasi', 'kabid statisik'];
  const rounds = 200;
  const t1 = performance.now();
  for (let i = 0; i < rounds; i++) {
    const query = queries[i % queries.length] ?? '';
    renderInlineAnswer(String(i), await provider({ id: actor.userId }, query, 'id'));
  }
  const inlineMs = performance.now() - t1;
  console.log(
    `inline answer (Balangan tree, memory store): ${((inlineMs * 1000) / rounds).toFixed(0)} µs each → ${((rounds / inlineMs) * 1000).toFixed(0)} queries/s`,
  );

  // Tahap 1 as a person drafts it on the phone: real telegraf polling, the real app (memory stores,
  // offline drafter), the fake Bot API; time per step from update to last reply sent.
  const lines = [
    '/mulai',
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
  const appFake = await new FakeTelegram().start();
  const app = createApp({
    repository: createMemoryRepository(),
    conversations: createMemoryConversationStore(),
    events: createMemoryEventLog(),
    drafter: createOfflineDrafter(),
    log: () => {},
  });
  const withApp = createTelegramAdapter({
    token: '1:bench',
    apiRoot: appFake.apiRoot,
    paceMs: 0,
    handler: app,
    log: () => {},
  });
  await withApp.start();
  await appFake.waitFor((calls) => calls.some((c) => c.method === 'getUpdates'), 'polling');
  const steps: number[] = [];
  for (let run = 0; run < 5; run++) {
    const session = new TelegramSession(
      appFake,
      withApp,
      new UpdateFactory(600_000 + run, 2_000_000 + run * 1000),
    );
    for (const line of lines) {
      const t = performance.now();
      await session.say(line);
      steps.push(performance.now() - t);
    }
  }
  steps.sort((a, b) => a - b);
  const median = steps[Math.floor(steps.length / 2)] ?? 0;
  const p95 = steps[Math.floor(steps.length * 0.95)] ?? 0;
  console.log(
    `Tahap 1 through telegraf + app (memory store): ${steps.length} steps, median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms per step (update → last reply sent; includes the fake's poll turn-around)`,
  );
  await withApp.stop();
  await appFake.stop();
}
