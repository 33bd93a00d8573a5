/**
 * Configuration from the environment and the drafter wiring: unset → the offline drafter; a bad value →
 * the offline drafter and a log line without the key; set → the LangChain drafter, end to end against
 * the local stub through OPENAI_BASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { llmConfigFromEnv } from '../../../src/adapters/langchain/config.ts';
import { createMemoryUsageStore } from '../../../src/adapters/memory/usage-store.ts';
import { createDrafterFromEnv } from '../../../src/main/wiring/drafter.ts';
import { OpenAIStub } from '../../support/openai-stub.ts';
import { balangan, offlineStandIn, statements } from './support.ts';

const KEY = 'sk-proj-very-secret-0123456789';

describe('llmConfigFromEnv', () => {
  it('is unset without a key and a base URL', () => {
    expect(llmConfigFromEnv({})).toEqual({ ok: true, value: undefined });
    expect(llmConfigFromEnv({ POKIN_LLM_MODEL: 'gpt-4o' })).toEqual({ ok: true, value: undefined });
  });

  it('defaults to gpt-4o-mini with json_schema, a 15 s timeout, 2 retries and 2 repair rounds', () => {
    expect(llmConfigFromEnv({ OPENAI_API_KEY: KEY })).toEqual({
      ok: true,
      value: {
        apiKey: KEY,
        baseURL: undefined,
        model: 'gpt-4o-mini',
        method: 'json_schema',
        timeoutMs: 15_000,
        retries: 2,
        repairRounds: 2,
      },
    });
  });

  it('accepts a local server without a key (Ollama, LM Studio)', () => {
    const config = llmConfigFromEnv({
      OPENAI_BASE_URL: 'http://localhost:11434/v1',
      POKIN_LLM_MODEL: 'qwen2.5:7b-instruct',
      POKIN_LLM_METHOD: 'function_calling',
      POKIN_LLM_TIMEOUT_MS: '90000',
    });
    expect(config).toMatchObject({
      ok: true,
      value: {
        baseURL: 'http://localhost:11434/v1',
        model: 'qwen2.5:7b-instruct',
        method: 'function_calling',
        timeoutMs: 90_000,
      },
    });
  });

  it.each([
    [
      { OPENAI_API_KEY: KEY, POKIN_LLM_METHOD: 'xml' },
      /POKIN_LLM_METHOD must be one of json_schema, function_calling, json_mode/,
    ],
    [{ OPENAI_API_KEY: KEY, POKIN_LLM_TIMEOUT_MS: 'lama' }, /POKIN_LLM_TIMEOUT_MS must be a whole number/],
    [{ OPENAI_BASE_URL: 'localhost:11434' }, /OPENAI_BASE_URL must be an http\(s\) URL|not a URL/],
  ])('says which value is wrong: %o', (env, message) => {
    const config = llmConfigFromEnv(env);
    expect(config.ok).toBe(false);
    if (!config.ok) expect(config.error).toMatch(message);
  });
});

describe('createDrafterFromEnv', () => {
  const stub = new OpenAIStub();
  beforeAll(async () => {
    await stub.start();
  });
  afterAll(async () => {
    await stub.stop();
  });

  it('keeps the offline drafter when no LLM is configured', () => {
    const offline = offlineStandIn();
    expect(createDrafterFromEnv({}, { fallback: offline })).toBe(offline);
  });

  it('keeps the offline drafter on a bad value, and logs why without the key', () => {
    const offline = offlineStandIn();
    const lines: string[] = [];
    const drafter = createDrafterFromEnv(
      { OPENAI_API_KEY: KEY, POKIN_LLM_METHOD: 'xml' },
      { fallback: offline, log: (event, detail) => lines.push(`${event} ${JSON.stringify(detail)}`) },
    );
    expect(drafter).toBe(offline);
    expect(lines.join('\n')).toContain('llm.config_invalid');
    expect(lines.join('\n')).not.toContain(KEY);
  });

  it('drafts through the configured server, accounts the call, and never logs the key', async () => {
    stub.enqueue({ json: statements('Meningkatnya Pemanfaatan Data Sektoral') });
    const usage = createMemoryUsageStore();
    const lines: string[] = [];
    const drafter = createDrafterFromEnv(
      {
        OPENAI_API_KEY: KEY,
        OPENAI_BASE_URL: stub.baseURL,
        POKIN_LLM_MODEL: 'llama3.1:8b',
        POKIN_LLM_METHOD: 'json_mode',
      },
      {
        fallback: offlineStandIn(),
        usage,
        log: (event, detail) => lines.push(`${event} ${JSON.stringify(detail)}`),
      },
    );
    expect(drafter.name).toBe('langchain:llama3.1:8b');
    const r = await drafter.draft({ task: 'csf', context: balangan, existing: [] });
    expect(r.suggestions.map((s) => s.statement)).toEqual(['Meningkatnya Pemanfaatan Data Sektoral']);
    expect(stub.requests[0]?.body.model).toBe('llama3.1:8b');
    expect(stub.requests[0]?.mode).toBe('json_object');
    expect(usage.calls).toHaveLength(1);
    expect(lines.join('\n')).toContain('"apiKey":"set"');
    expect(lines.join('\n')).not.toContain(KEY);
  });
});
