/**
 * A local OpenAI-compatible server on 127.0.0.1 for tests and the bench: `POST /v1/chat/completions` with
 * plain text, `response_format` (json_schema, json_object) and forced function calls (tools +
 * tool_choice). Answers are scripted (a queue, then a responder function) and rendered the way the request
 * asked (a tool call or JSON content); faults are injected the same way: slow answers, 429 with
 * Retry-After, 500/503, broken JSON, schema-violating JSON, an empty answer, an off-topic answer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StubAnswer =
  /** Valid JSON, rendered as a tool call (tools mode) or as message content (otherwise). */
  | { json: unknown }
  /** Raw message content, exactly as given (prose, broken JSON, a fenced block…). */
  | { content: string }
  /** Raw tool-call arguments, exactly as given (broken JSON in function-calling mode). */
  | { toolArguments: string }
  /** Nothing: empty content and no tool call. */
  | { empty: true }
  /** An HTTP error, with Retry-After (seconds) where given. */
  | { status: number; retryAfter?: number | undefined; message?: string | undefined }
  /** Answer after a delay (longer than the client's timeout → a timeout). */
  | { delayMs: number; then: StubAnswer };

export type StubMode = 'tools' | 'json_schema' | 'json_object' | 'text';

export interface StubRequest {
  body: Record<string, unknown> & { model?: string; messages: Array<{ role: string; content: unknown }> };
  mode: StubMode;
  /** The schema or function name the client asked for (`pokin_<task>`), if any. */
  schemaName?: string | undefined;
  /** The task, from the schema name. */
  task?: string | undefined;
  /** The last user message (the DATA block, or repair feedback). */
  lastUser: string;
  /** True when this request carries repair feedback (a follow-up with findings). */
  isRepair: boolean;
}

export type Responder = (request: StubRequest) => StubAnswer;

/** Faults as answers, for readable tests. */
export const faults = {
  slow: (delayMs: number, then: StubAnswer = { json: { suggestions: [] } }): StubAnswer => ({
    delayMs,
    then,
  }),
  rateLimited: (retryAfter = 0): StubAnswer => ({ status: 429, retryAfter, message: 'Rate limit reached' }),
  serverError: (status = 500): StubAnswer => ({ status, message: 'The server had an error' }),
  invalidJson: (): StubAnswer => ({
    content: '{"suggestions": [{"statement": "Meningkatnya Pemanfaatan Data',
  }),
  invalidToolArguments: (): StubAnswer => ({ toolArguments: '{"suggestions": [{"statement": "Meningkatnya' }),
  schemaViolation: (): StubAnswer => ({ json: { usulan: ['Meningkatnya Pemanfaatan Data Sektoral'] } }),
  empty: (): StubAnswer => ({ empty: true }),
  offTopic: (): StubAnswer => ({
    content: 'Tentu! Berikut resep nasi goreng spesial: tumis bawang, masukkan nasi, tambahkan kecap.',
  }),
  offTopicJson: (): StubAnswer => ({
    json: { suggestions: [{ statement: 'Meningkatnya Penjualan Nasi Goreng Spesial', note: null }] },
  }),
};

const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

/** The stub server: `start()`, point a client at `baseURL`, script answers, read `requests`, `stop()`. */
export class OpenAIStub {
  readonly requests: StubRequest[] = [];
  #server: Server | undefined;
  #queue: StubAnswer[] = [];
  #responder: Responder = () => ({ content: 'no scripted answer' });
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #served = 0;

  /** The base URL a client is given (`…/v1`). */
  get baseURL(): string {
    const address = this.#server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('OpenAI stub not started');
    return `http://127.0.0.1:${address.port}/v1`;
  }

  /** HTTP answers sent so far (errors included). */
  get served(): number {
    return this.#served;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      void this.#serve(req, res);
    });
    const server = this.#server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    const server = this.#server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Answers for the next requests, in order (then the responder takes over). */
  enqueue(...answers: StubAnswer[]): this {
    this.#queue.push(...answers);
    return this;
  }

  /** Answers every request the queue does not (a model "answering like a model would"). */
  respondWith(responder: Responder): this {
    this.#responder = responder;
    return this;
  }

  reset(): void {
    this.#queue = [];
    this.requests.length = 0;
    this.#served = 0;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !/\/v1\/chat\/completions$/.test(req.url ?? '')) {
      return this.#send(res, 404, {
        error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' },
      });
    }
    let body: StubRequest['body'];
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return this.#send(res, 400, {
        error: { message: 'request body is not JSON', type: 'invalid_request_error' },
      });
    }
    const request = describe(body);
    this.requests.push(request);
    const answer = this.#queue.shift() ?? this.#responder(request);
    await this.#answer(request, answer, res);
  }

  async #answer(request: StubRequest, answer: StubAnswer, res: ServerResponse): Promise<void> {
    if ('delayMs' in answer) {
      const waited = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          resolve(true);
        }, answer.delayMs);
        this.#timers.add(timer);
        res.on('close', () => {
          clearTimeout(timer);
          this.#timers.delete(timer);
          resolve(false);
        });
      });
      if (!waited || res.destroyed) return;
      return this.#answer(request, answer.then, res);
    }
    if ('status' in answer) {
      const headers: Record<string, string> = {};
      if (answer.retryAfter !== undefined) headers['retry-after'] = String(answer.retryAfter);
      const type = answer.status === 429 ? 'rate_limit_error' : 'server_error';
      return this.#send(
        res,
        answer.status,
        { error: { message: answer.message ?? 'error', type, code: null } },
        headers,
      );
    }
    // Like a real server, the schema sent as tools or response_format counts as input too.
    const { messages, tools, response_format } = request.body;
    const prompt = tokens(JSON.stringify([messages, tools ?? null, response_format ?? null]));
    let content: string | null = null;
    let toolCalls: unknown[] | undefined;
    if ('empty' in answer) content = '';
    else if ('content' in answer) content = answer.content;
    else {
      const args = 'toolArguments' in answer ? answer.toolArguments : JSON.stringify(answer.json);
      if (request.mode === 'tools' || 'toolArguments' in answer)
        toolCalls = [
          {
            id: `call_${this.requests.length}`,
            type: 'function',
            function: { name: request.schemaName ?? 'extract', arguments: args },
          },
        ];
      else content = args;
    }
    const completion = tokens(content ?? JSON.stringify(toolCalls ?? ''));
    this.#send(res, 200, {
      id: `chatcmpl-stub-${this.requests.length}`,
      object: 'chat.completion',
      created: 1_763_856_000,
      model: request.body.model ?? 'stub',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content,
            refusal: null,
            ...(toolCalls ? { tool_calls: toolCalls } : {}),
          },
          logprobs: null,
          finish_reason: toolCalls ? 'tool_calls' : 'stop',
        },
      ],
      usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
    });
  }

  #send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.destroyed) return;
    this.#served++;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
}

function describe(body: StubRequest['body']): StubRequest {
  const tools = body.tools as Array<{ function?: { name?: string } }> | undefined;
  const choice = body.tool_choice as { function?: { name?: string } } | undefined;
  const format = body.response_format as { type?: string; json_schema?: { name?: string } } | undefined;
  let mode: StubMode = 'text';
  let schemaName: string | undefined;
  if (tools?.length) {
    mode = 'tools';
    schemaName = choice?.function?.name ?? tools[0]?.function?.name;
  } else if (format?.type === 'json_schema') {
    mode = 'json_schema';
    schemaName = format.json_schema?.name;
  } else if (format?.type === 'json_object') mode = 'json_object';
  const messages = body.messages ?? [];
  const users = messages.filter((m) => m.role === 'user');
  const lastUser = String(users[users.length - 1]?.content ?? '');
  const system = String(messages.find((m) => m.role === 'system')?.content ?? '');
  const task =
    schemaName?.replace(/^pokin_/, '') ?? /Skema JSON jawaban \(pokin_(\w+)\)/.exec(system)?.[1] ?? undefined;
  return { body, mode, schemaName, task, lastUser, isRepair: users.length > 1 };
}
