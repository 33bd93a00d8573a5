/**
 * LLM drafting cost: calls and tokens per accepted node while drafting a scripted 40-node tree (the first
 * 40 conditions of the Balangan Diskominfosan tree, with an indicator each) through the real ChatOpenAI
 * client against the local OpenAI-compatible stub. Compares a model that makes mistakes with one that
 * does not, the three structured-output methods, and repair rounds on and off.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createChatModel } from '../src/adapters/langchain/config.ts';
import { createLangChainDrafter, type StructuredMethod } from '../src/adapters/langchain/drafter.ts';
import { createMemoryUsageStore } from '../src/adapters/memory/usage-store.ts';
import type { Level, NodeInput, TreeFileInput } from '../src/core/tree/schema.ts';
import type { DraftContext, Drafter, DraftRequest, DraftResponse } from '../src/ports/drafter.ts';
import { modelLikeResponder } from '../test/support/model-like-responder.ts';
import { faults, OpenAIStub } from '../test/support/openai-stub.ts';

const NODES = 40;
const NEXT: Partial<Record<Level, Level>> = {
  csf: 'kondisi_antara_utama',
  kondisi_antara_utama: 'kondisi_antara',
  kondisi_antara: 'kondisi_operasional',
};

const offline: Drafter = { name: 'offline', draft: async () => ({ suggestions: [], source: 'offline' }) };

interface Run {
  label: string;
  nodes: number;
  calls: number;
  repairCalls: number;
  tokensIn: number;
  tokensOut: number;
  repaired: number;
  fallbacks: number;
  ms: number;
}

async function draftTree(
  stub: OpenAIStub,
  file: TreeFileInput,
  options: { method: StructuredMethod; mistakesEvery: number; repairRounds: number; flakyEvery?: number },
): Promise<Omit<Run, 'label'>> {
  const keep = new Set<string>();
  const collect = (n: NodeInput) => {
    if (keep.size < NODES) keep.add(n.statement);
    for (const c of n.children ?? []) collect(c);
  };
  collect(file.tree);

  stub.reset();
  const model = modelLikeResponder(file, options.mistakesEvery);
  let served = 0;
  // A flaky server answers 503 now and then; the drafter retries.
  stub.respondWith((request) =>
    options.flakyEvery && ++served % options.flakyEvery === 0 ? faults.serverError(503) : model(request),
  );
  const usage = createMemoryUsageStore();
  const config = {
    apiKey: 'sk-bench',
    baseURL: stub.baseURL,
    model: 'gpt-4o-mini',
    method: options.method,
    timeoutMs: 10_000,
    retries: 1,
    repairRounds: options.repairRounds,
  };
  const drafter = createLangChainDrafter({
    model: createChatModel(config),
    modelName: config.model,
    method: options.method,
    repairRounds: options.repairRounds,
    retryBaseMs: 20,
    fallback: offline,
    usage,
  });
  const responses: DraftResponse[] = [];
  const draft = async (request: DraftRequest) => {
    const r = await drafter.draft({ ...request, scope: { treeId: 'bench' } });
    responses.push(r);
    return r;
  };
  const problems = (file.tree.children ?? []).map((c) => c.problem ?? '').filter(Boolean);
  const context: DraftContext = {
    organisation: file.organization.name,
    region: file.organization.region,
    mandate: (file.tree.basis ?? []).map((b) => b.text),
    problems,
    expectations: [],
    lang: 'id',
  };

  const t0 = performance.now();
  let nodes = 0;
  const accepted: Array<{ statement: string; level: Level }> = [];
  const outcome = await draft({ task: 'outcome', context });
  const root = outcome.suggestions.find((s) => s.statement && keep.has(s.statement))?.statement;
  if (root) {
    accepted.push({ statement: root, level: 'outcome' });
    context.outcome = root;
  }
  const csfs = await draft({ task: 'problem_to_condition', context, problems });
  const queue: Array<{ statement: string; level: Level }> = [];
  for (const s of csfs.suggestions)
    if (s.statement && keep.has(s.statement)) queue.push({ statement: s.statement, level: 'csf' });
  while (queue.length > 0) {
    const node = queue.shift();
    if (!node) break;
    accepted.push(node);
    const childLevel = NEXT[node.level];
    if (!childLevel) continue;
    const r = await draft({ task: 'decompose', context, parent: node, childLevel, existing: [] });
    for (const s of r.suggestions)
      if (s.statement && keep.has(s.statement)) queue.push({ statement: s.statement, level: childLevel });
  }
  for (const node of accepted) {
    const r = await draft({ task: 'indicators', context, node, parentIndicators: [] });
    if (r.suggestions.some((s) => s.indicator)) nodes++;
  }
  const ms = performance.now() - t0;
  const totals = await usage.totalsForTree('bench');
  return {
    nodes,
    calls: totals.calls,
    repairCalls: usage.calls.filter((c) => !/round 0/.test(c.detail ?? '')).length,
    tokensIn: totals.tokensIn,
    tokensOut: totals.tokensOut,
    repaired: responses.flatMap((r) => r.suggestions).filter((s) => s.repaired?.length).length,
    fallbacks: responses.filter((r) => r.fallback).length,
    ms,
  };
}

export default async function run(): Promise<void> {
  const file = JSON.parse(
    readFileSync(new URL('../examples/balangan-diskominfosan.json', import.meta.url), 'utf8'),
  ) as TreeFileInput;
  const stub = await new OpenAIStub().start();
  const runs: Run[] = [];
  try {
    const plans: Array<[string, StructuredMethod, number, number, number?]> = [
      ['json_schema, careful model', 'json_schema', 0, 2],
      ['json_schema, mistakes (1 in 3), 2 repair rounds', 'json_schema', 3, 2],
      ['json_schema, mistakes (1 in 3), no repair rounds', 'json_schema', 3, 0],
      ['function_calling, mistakes (1 in 3), 2 rounds', 'function_calling', 3, 2],
      ['json_mode, mistakes (1 in 3), 2 rounds', 'json_mode', 3, 2],
      ['json_schema, mistakes (1 in 3), server 503 on 1 answer in 7', 'json_schema', 3, 2, 7],
    ];
    for (const [label, method, mistakesEvery, repairRounds, flakyEvery] of plans)
      runs.push({
        label,
        ...(await draftTree(stub, file, { method, mistakesEvery, repairRounds, flakyEvery })),
      });
  } finally {
    await stub.stop();
  }
  const base = runs[0];
  console.log(`scripted tree: ${NODES} conditions (outcome → kondisi operasional), one indicator each`);
  console.log(
    'a node counts when the person gets the wording they meant; without repair rounds the drafter’s own fix of a problem left as a problem differs from it, so that CSF and its subtree are lost',
  );
  for (const r of runs) {
    const per = (n: number) => (r.nodes > 0 ? n / r.nodes : 0);
    console.log(
      `${r.label}: ${r.nodes} accepted nodes, ${r.calls} calls (${r.repairCalls} repair) → ` +
        `${per(r.calls).toFixed(2)} calls/node, ${per(r.tokensIn).toFixed(0)} tokens in/node, ` +
        `${per(r.tokensOut).toFixed(0)} tokens out/node; ${r.repaired} repaired by the drafter, ` +
        `${r.fallbacks} offline fallbacks; ${r.ms.toFixed(0)} ms` +
        (base && r !== base && base.calls > 0
          ? ` (×${(r.calls / base.calls).toFixed(2)} calls, ×${(r.tokensIn / Math.max(1, base.tokensIn)).toFixed(2)} tokens in vs careful)`
          : ''),
    );
  }
}
