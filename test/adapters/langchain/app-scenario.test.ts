/**
 * Tahap 1–4 through the app (the MessageHandler every chat adapter calls) with the LangChain drafter as
 * its drafter: the real ChatOpenAI client against the local stub answering like a model would, mistakes
 * included. The person taps the first suggestion of each question; what they are offered has passed the
 * rules, and the tree they end with passes the Tahap 4 gate. A second chat has the LLM failing (503s)
 * and still drafts, on the offline drafter's suggestions.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatModel } from '../../../src/adapters/langchain/config.ts';
import { createLangChainDrafter } from '../../../src/adapters/langchain/drafter.ts';
import { createMemoryUsageStore } from '../../../src/adapters/memory/usage-store.ts';
import { stageGate } from '../../../src/core/rules/index.ts';
import type { Node, TreeFileInput } from '../../../src/core/tree/schema.ts';
import { createAppFromWiring, offlineDrafterFor } from '../../../src/main/wiring/app.ts';
import type { MessageHandler } from '../../../src/ports/chat.ts';
import type { TreeRepository } from '../../../src/ports/repository.ts';
import { createChat } from '../../scenarios/driver.ts';
import { modelLikeResponder } from '../../support/model-like-responder.ts';
import { faults, OpenAIStub } from '../../support/openai-stub.ts';
import { memoryStores } from '../../support/stores.ts';

const balangan = JSON.parse(
  readFileSync(new URL('../../../examples/balangan-diskominfosan.json', import.meta.url), 'utf8'),
) as TreeFileInput;

const TAHAP_1 = [
  'Mulai',
  'Dinas Komunikasi, Informatika, Statistik dan Persandian',
  'Kabupaten Balangan',
  '2025–2029',
  'Urusan komunikasi dan informatika, statistik, dan persandian',
  'Selesai ✓',
  'Rendahnya Pemanfaatan Data Sektoral',
  'Rendahnya Tingkat Keamanan dan Informasi',
  'Selesai ✓',
  'Lewati',
];

/** Taps through Tahap 1–4 the way a hurried person would: the first suggestion, one child per parent. */
async function draftTahap1To4(
  app: MessageHandler,
  chatId: string,
): Promise<{ transcript: string; done: boolean }> {
  const chat = createChat(app, { chatId, userId: `u-${chatId}`, runId: chatId });
  for (const line of TAHAP_1) await chat.say(line);
  let previous = '';
  for (let i = 0; i < 150; i++) {
    const text = chat.lastText();
    const buttons = chat.buttons();
    if (text.includes('Tahap 4 lolos pemeriksaan ✓')) return { transcript: chat.transcript(), done: true };
    const has = (label: string) => buttons.includes(label);
    let line: string;
    if (previous === 'Tetap pakai (tulis alasan)') line = 'Sesuai Renstra Diskominfosan 2025–2029';
    else if (has('Tetap pakai (tulis alasan)')) line = 'Tetap pakai (tulis alasan)';
    else if (has('Simpan & lanjut ke Tahap 2')) line = 'Simpan & lanjut ke Tahap 2';
    else if (has('Lanjut ke Tahap 3 ▶')) line = 'Lanjut ke Tahap 3 ▶';
    else if (has('Lanjut ke Tahap 4 ▶')) line = 'Lanjut ke Tahap 4 ▶';
    else if (text.includes('Sudah ada') && has('Selesai ✓')) line = 'Selesai ✓';
    else if (text.includes('[Tahap 4/5') && has('Lanjut ▶')) line = 'Lanjut ▶';
    else if (text.includes('Sudah (') && has('Cukup, lanjut ▶')) line = 'Cukup, lanjut ▶';
    else {
      const first = buttons.findIndex((b) => !/^(Lewati|↔|Cukup|Selesai|Hapus)/.test(b));
      line = first >= 0 ? String(first + 1) : has('Lewati ▶') ? 'Lewati ▶' : (buttons[0] ?? '/lanjut');
    }
    await chat.say(line);
    previous = line;
  }
  return { transcript: chat.transcript(), done: false };
}

async function storedTree(repository: TreeRepository, chatId: string) {
  const actor = { platform: 'console' as const, userId: `u-${chatId}`, name: 'Rina' };
  const [summary] = await repository.listTrees(actor);
  if (!summary) throw new Error('no tree saved');
  const loaded = await repository.loadTree(actor, summary.id);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  return { id: summary.id, tree: loaded.value.tree };
}

const statements = (n: Node): string[] => [n.statement, ...n.children.flatMap(statements)];

describe('the app drafting Tahap 1–4 with the LLM drafter', () => {
  const stub = new OpenAIStub();
  const usage = createMemoryUsageStore();
  let stores: Awaited<ReturnType<typeof memoryStores.open>>;
  let app: MessageHandler;

  beforeAll(async () => {
    await stub.start();
    stores = await memoryStores.open();
    const config = {
      apiKey: 'sk-test',
      baseURL: stub.baseURL,
      model: 'gpt-4o-mini',
      method: 'json_schema' as const,
      timeoutMs: 5_000,
      retries: 1,
      repairRounds: 2,
    };
    const drafter = createLangChainDrafter({
      model: createChatModel(config),
      modelName: config.model,
      fallback: offlineDrafterFor(undefined),
      usage,
      retryBaseMs: 5,
    });
    app = createAppFromWiring({ ...stores, drafter, log: () => {} });
  });
  afterAll(async () => {
    await stub.stop();
  });

  it('offers only suggestions that passed the rules, and ends with a tree that passes the Tahap 4 gate', async () => {
    const responder = modelLikeResponder(balangan, 2);
    stub.respondWith(responder);
    const session = await draftTahap1To4(app, 'llm');
    expect(session.done, session.transcript).toBe(true);

    expect(responder.stats.mistakes).toBeGreaterThanOrEqual(2);
    expect(stub.requests.some((r) => r.isRepair && /KND-0[24]/.test(r.lastUser))).toBe(true);
    // The model's wrong wordings never reached the person.
    expect(session.transcript).not.toMatch(/\b(Meningkatkan|Menyediakan|Mewujudkan|Pelaksanaan) [A-Z]/);
    expect(session.transcript).not.toContain('Anggaran');

    const { id, tree } = await storedTree(stores.repository, 'llm');
    expect(stageGate(tree, 4).blocking).toEqual([]);
    const real = new Set(statements(balangan.tree as Node));
    expect(statements(tree.tree).every((s) => real.has(s))).toBe(true);
    expect(statements(tree.tree).length).toBeGreaterThanOrEqual(8);

    const totals = await usage.totalsForTree(id);
    expect(totals.calls).toBeGreaterThan(5);
    // Tahap 1's outcome is drafted before the tree exists: accounted to the conversation only.
    const conversation = await usage.totalsForConversation({ platform: 'console', chatId: 'llm' });
    const beforeTree = usage.calls.filter((c) => c.conversation?.chatId === 'llm' && !c.treeId);
    expect(beforeTree.map((c) => c.task)).toEqual(beforeTree.map(() => 'outcome'));
    expect(conversation.calls).toBe(totals.calls + beforeTree.length);
  });

  it('keeps drafting on the offline drafter while the LLM answers 503', async () => {
    stub.reset();
    stub.respondWith(() => faults.serverError(503));
    const session = await draftTahap1To4(app, 'down');
    expect(session.done, session.transcript).toBe(true);
    const { id, tree } = await storedTree(stores.repository, 'down');
    expect(stageGate(tree, 4).blocking).toEqual([]);
    const totals = await usage.totalsForTree(id);
    expect(totals.calls).toBeGreaterThan(0);
    expect(totals.failed).toBe(totals.calls);
  });
});
