/**
 * Drafting Tahap 1–4 of the real Balangan Diskominfosan tree through the LangChain drafter, with the real
 * ChatOpenAI client talking to the local stub that answers like a model would — including wrong
 * suggestions (active verbs, a problem left as a problem, a program name, a budget in a condition) that
 * the rules must catch and the repair must fix or drop. The person accepts what the drafter shows.
 * (Driven as the scripted sequence of draft requests the conversation makes.)
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatModel } from '../../../src/adapters/langchain/config.ts';
import { createLangChainDrafter } from '../../../src/adapters/langchain/drafter.ts';
import { createMemoryUsageStore } from '../../../src/adapters/memory/usage-store.ts';
import { checkStatement, stageGate } from '../../../src/core/rules/index.ts';
import { parseTree } from '../../../src/core/tree/parse.ts';
import type { Level, NodeInput, TreeFileInput } from '../../../src/core/tree/schema.ts';
import type { DraftContext, DraftRequest, DraftResponse } from '../../../src/ports/drafter.ts';
import { modelLikeResponder } from '../../support/model-like-responder.ts';
import { OpenAIStub } from '../../support/openai-stub.ts';
import { offlineStandIn } from './support.ts';

const balangan = JSON.parse(
  readFileSync(new URL('../../../examples/balangan-diskominfosan.json', import.meta.url), 'utf8'),
) as TreeFileInput;

const NEXT: Partial<Record<Level, Level>> = {
  csf: 'kondisi_antara_utama',
  kondisi_antara_utama: 'kondisi_antara',
  kondisi_antara: 'kondisi_operasional',
};

const statementsOf = (n: NodeInput): string[] => [n.statement, ...(n.children ?? []).flatMap(statementsOf)];

describe('Tahap 1–4 drafted with a model that makes mistakes', () => {
  const stub = new OpenAIStub();
  const responder = modelLikeResponder(balangan);
  const usage = createMemoryUsageStore();
  const offline = offlineStandIn();
  let drafted: NodeInput;
  const responses: DraftResponse[] = [];

  beforeAll(async () => {
    await stub.start();
    stub.respondWith(responder);
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
      fallback: offline,
      usage,
      timeoutMs: 5_000,
    });
    const scope = { conversation: { platform: 'console' as const, chatId: 'tty' }, treeId: 'bal-draft' };
    const draft = async (request: DraftRequest) => {
      const r = await drafter.draft({ ...request, scope });
      responses.push(r);
      return r;
    };
    const problems = (balangan.tree.children ?? []).map((c) => c.problem ?? '').filter(Boolean);
    const context: DraftContext = {
      organisation: balangan.organization.name,
      region: balangan.organization.region,
      mandate: (balangan.tree.basis ?? []).map((b) => b.text),
      problems,
      expectations: [],
      lang: 'id',
    };

    // Tahap 1: the person takes the suggestion that reads like their mandate.
    const outcome = await draft({ task: 'outcome', context });
    drafted = {
      statement: outcome.suggestions[0]?.statement ?? '',
      level: 'outcome',
      basis: context.mandate.map((text) => ({ kind: 'mandat' as const, text })),
      children: [],
    };
    context.outcome = drafted.statement;

    // Tahap 2: each problem turned into a condition, accepted as the CSFs.
    const csfs = await draft({ task: 'problem_to_condition', context, problems });
    for (const s of csfs.suggestions)
      drafted.children?.push({
        statement: s.statement ?? '',
        level: 'csf',
        problem: s.problem,
        children: [],
      });

    // Tahap 3: every condition broken down until the operational level, accepting every suggestion.
    const decompose = async (node: NodeInput): Promise<void> => {
      const childLevel = NEXT[node.level];
      if (!childLevel) return;
      const r = await draft({
        task: 'decompose',
        context,
        parent: { statement: node.statement, level: node.level },
        childLevel,
        existing: [],
      });
      if (r.fallback) return; // nothing below this one in the real tree: the person stops here
      for (const s of r.suggestions) {
        const child: NodeInput = { statement: s.statement ?? '', level: childLevel, children: [] };
        node.children?.push(child);
        await decompose(child);
      }
    };
    for (const csf of drafted.children ?? []) await decompose(csf);

    // Tahap 4: the first passing indicator of every node.
    const indicate = async (node: NodeInput, parentIndicators: string[]): Promise<void> => {
      const r = await draft({
        task: 'indicators',
        context,
        node: { statement: node.statement, level: node.level },
        parentIndicators,
      });
      const first = r.suggestions.find((s) => s.indicator)?.indicator;
      if (first) node.indicators = [first];
      for (const child of node.children ?? []) await indicate(child, first ? [first.name] : []);
    };
    await indicate(drafted, []);
  });

  afterAll(async () => {
    await stub.stop();
  });

  it('ends with the real tree’s conditions: every mistake caught and repaired, nothing wrong left in', () => {
    expect(responder.stats.mistakes).toBeGreaterThanOrEqual(5);
    expect(statementsOf(drafted).sort()).toEqual(statementsOf(balangan.tree).sort());
    for (const s of statementsOf(drafted))
      expect(
        checkStatement({ statement: s, level: 'kondisi_operasional' }).filter((f) => f.severity === 'error'),
      ).toEqual([]);
  });

  it('sent the mistakes back with the findings, repaired a repeated one itself, and dropped what had no fix', () => {
    const repairs = stub.requests.filter((r) => r.isRepair);
    expect(repairs.length).toBeGreaterThanOrEqual(3);
    expect(repairs.some((r) => r.lastUser.includes('KND-02'))).toBe(true);
    expect(repairs.some((r) => r.lastUser.includes('KND-03'))).toBe(true);
    expect(repairs.some((r) => r.lastUser.includes('KND-04'))).toBe(true);
    const suggestions = responses.flatMap((r) => r.suggestions);
    expect(suggestions.some((s) => s.repaired?.length)).toBe(true);
    expect(responder.stats.unfixable).toBeGreaterThanOrEqual(1);
    expect(suggestions.some((s) => /Anggaran/.test(s.statement ?? ''))).toBe(false);
  });

  it('passes the Tahap 3 gate, and gives every node an indicator', () => {
    const tree = parseTree({ format: 'pokin/1', organization: balangan.organization, tree: drafted });
    expect(tree.ok).toBe(true);
    if (!tree.ok) return;
    expect(stageGate(tree.value, 3).blocking).toEqual([]);
    const withoutIndicator: string[] = [];
    const visit = (n: NodeInput) => {
      if (!n.indicators?.length) withoutIndicator.push(n.statement);
      n.children?.forEach(visit);
    };
    visit(drafted);
    expect(withoutIndicator).toEqual([]);
  });

  it('accounted every call for the tree', async () => {
    const totals = await usage.totalsForTree('bal-draft');
    expect(totals.calls).toBe(stub.requests.length);
    expect(totals.calls).toBe(responses.reduce((sum, r) => sum + (r.usage?.calls ?? 0), 0));
    expect(totals.tokensIn).toBeGreaterThan(totals.calls * 500);
  });
});
