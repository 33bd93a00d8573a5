/**
 * LLM accounting through the app shell: the real LangChain drafter (LangChain's fake chat model) records
 * every call into the usage store with the conversation and tree, /status shows the totals, and a
 * fallback names its specific reason instead of the generic note.
 */
import { describe, expect, it } from 'vitest';
import { createLangChainDrafter } from '../../src/adapters/langchain/drafter.ts';
import { createMemoryConversationStore } from '../../src/adapters/memory/conversations.ts';
import { createMemoryEventLog } from '../../src/adapters/memory/events.ts';
import { createMemoryRepository } from '../../src/adapters/memory/repository.ts';
import { createMemoryUsageStore } from '../../src/adapters/memory/usage-store.ts';
import { parseTree } from '../../src/core/tree/parse.ts';
import { createAppFromWiring, offlineDrafterFor } from '../../src/main/wiring/app.ts';
import type { Actor } from '../../src/ports/repository.ts';
import { fakeModel } from '../adapters/langchain/support.ts';
import { createChat } from '../scenarios/driver.ts';

const rina: Actor = { platform: 'console', userId: 'u-1', name: 'Rina' };

async function setup(responses: unknown[], withUsage = true) {
  const repository = createMemoryRepository();
  const usage = createMemoryUsageStore();
  const parsed = parseTree({
    format: 'pokin/1',
    organization: {
      name: 'Dinas Komunikasi, Informatika, Statistik dan Persandian',
      region: 'Kabupaten Balangan',
    },
    period: { from: 2025, to: 2029 },
    tree: {
      id: 'o',
      statement: 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
      level: 'outcome',
      basis: [{ kind: 'masalah', text: 'Rendahnya Tingkat Keamanan Informasi' }],
      children: [{ id: 'c1', statement: 'Meningkatnya Keamanan Informasi', level: 'csf' }],
    },
  });
  if (!parsed.ok) throw new Error('tree does not parse');
  const org = await repository.createOrganisation(parsed.value.organization.name, rina);
  const created = await repository.createTree(
    rina,
    org.id,
    { title: 'Diskominfosan 2025–2029', tree: parsed.value, stage: 3 },
    { actor: rina, source: 'import', summary: 'Impor' },
  );
  if (!created.ok) throw new Error(created.error.kind);
  const drafter = createLangChainDrafter({
    model: fakeModel(responses).model,
    modelName: 'fake',
    fallback: offlineDrafterFor(undefined),
    usage,
    retries: 0,
    repairRounds: 0,
  });
  const app = createAppFromWiring({
    repository,
    conversations: createMemoryConversationStore(),
    events: createMemoryEventLog(),
    drafter,
    usage: withUsage ? usage : undefined,
    log: () => {},
  });
  return { chat: createChat(app), usage, treeId: created.value.id };
}

describe('LLM accounting in /status', () => {
  it('shows the calls of the conversation and the tree once the model was asked', async () => {
    const { chat, usage, treeId } = await setup([
      { suggestions: [{ statement: 'Meningkatnya Penanganan Gangguan Keamanan Informasi', note: null }] },
    ]);
    await chat.say('/status');
    expect(chat.lastText()).not.toContain('LLM');

    await chat.say('/lanjut');
    expect(chat.lastText(), chat.transcript()).toContain(
      'Meningkatnya Penanganan Gangguan Keamanan Informasi',
    );
    expect(await usage.totalsForTree(treeId)).toMatchObject({ calls: 1, failed: 0 });

    await chat.say('/status');
    const text = chat.lastText();
    expect(text, chat.transcript()).toMatch(
      /LLM percakapan ini: 1 panggilan \(0 gagal\) · token 0 masuk \/ 0 keluar · rata-rata [\d,]+ dtk/,
    );
    expect(text).toMatch(/LLM pohon ini: 1 panggilan \(0 gagal\)/);
    expect(text).toContain('pengusul: langchain:fake');
  });

  it('names the specific reason when the model answer is unreadable and the offline drafter answers', async () => {
    const { chat } = await setup(['{"suggestions": [']);
    await chat.say('/lanjut');
    const text = chat.lastText();
    expect(text, chat.transcript()).toContain(
      '(Jawaban model bahasa tidak dapat dibaca (JSON rusak). Usulan di bawah dari penyusun offline; Anda dapat meminta usulan lagi.)',
    );
    expect(text).not.toContain('Model bahasa sedang tidak menjawab');
    await chat.say('/status');
    expect(chat.lastText()).toMatch(/LLM percakapan ini: 1 panggilan \(1 gagal\)/);
  });

  it('says nothing of the LLM when no usage store is wired', async () => {
    const { chat } = await setup(
      [{ suggestions: [{ statement: 'Meningkatnya Penanganan Gangguan Keamanan Informasi', note: null }] }],
      false,
    );
    await chat.say('/lanjut');
    await chat.say('/status');
    expect(chat.lastText(), chat.transcript()).toContain('Tahap 3/5');
    expect(chat.lastText()).not.toContain('LLM');
  });
});
