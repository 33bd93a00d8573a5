/**
 * /lanjut in a conversation without a tree, through the app shell with in-memory stores: the person's
 * saved trees as buttons (newest first), a tap opens one where its drafting stopped, and a tree that
 * cannot be opened is said so with the list again.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMemoryConversationStore } from '../../src/adapters/memory/conversations.ts';
import { createMemoryEventLog } from '../../src/adapters/memory/events.ts';
import { createMemoryRepository } from '../../src/adapters/memory/repository.ts';
import { parseTree } from '../../src/core/tree/parse.ts';
import { createAppFromWiring } from '../../src/main/wiring/app.ts';
import type { Actor } from '../../src/ports/repository.ts';
import { createChat } from '../scenarios/driver.ts';

const rina: Actor = { platform: 'console', userId: 'u-1', name: 'Rina' };

function balangan() {
  const url = new URL('../../examples/balangan-diskominfosan.json', import.meta.url);
  const parsed = parseTree(JSON.parse(readFileSync(fileURLToPath(url), 'utf8')));
  if (!parsed.ok) throw new Error('example tree does not parse');
  return parsed.value;
}

async function setup() {
  const repository = createMemoryRepository();
  const org = await repository.createOrganisation(
    'Dinas Komunikasi, Informatika, Statistik dan Persandian',
    rina,
  );
  const ids: string[] = [];
  for (const [title, stage] of [
    ['Diskominfosan 2021–2026', 5],
    ['Diskominfosan 2025–2029', 4],
  ] as const) {
    const created = await repository.createTree(
      rina,
      org.id,
      { title, tree: balangan(), stage },
      { actor: rina, source: 'import', summary: 'Impor' },
    );
    if (!created.ok) throw new Error(created.error.kind);
    ids.push(created.value.id);
    // Apart in time, so "newest first" has one answer.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const app = createAppFromWiring({
    repository,
    conversations: createMemoryConversationStore(),
    events: createMemoryEventLog(),
    log: () => {},
  });
  return { chat: createChat(app), ids };
}

describe('/lanjut without a tree in the conversation', () => {
  it('lists the saved trees newest first and opens the one tapped at its stage', async () => {
    const { chat } = await setup();
    await chat.say('/lanjut');
    expect(chat.lastText(), chat.transcript()).toContain(
      'Anda punya 2 pohon kinerja. Pilih yang ingin dilanjutkan:',
    );
    // The 2025–2029 tree was saved last.
    expect(chat.buttons()).toEqual([
      'Diskominfosan 2025–2029 · Tahap 4',
      'Diskominfosan 2021–2026 · Tahap 5',
      'Mulai',
    ]);
    await chat.say('Diskominfosan 2021–2026 · Tahap 5');
    expect(chat.lastText(), chat.transcript()).toContain('Melanjutkan «Diskominfosan 2021–2026».');
    expect(chat.lastText()).toContain('Tahap 5/5');
    await chat.say('/status');
    expect(chat.lastText()).toContain('Tahap 5/5 · ');
  });

  it('says a tree cannot be opened (no access, or gone) and lists the trees again', async () => {
    const { chat } = await setup();
    await chat.say('/lanjut 6f1c2d3e-0000-4000-8000-000000000000');
    const text = chat.lastText();
    expect(text, chat.transcript()).toContain(
      'Pohon itu tidak bisa dibuka (sudah dihapus, atau akun ini bukan anggota perangkat daerahnya).',
    );
    expect(chat.buttons()).toContain('Diskominfosan 2025–2029 · Tahap 4');
  });
});
