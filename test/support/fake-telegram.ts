/**
 * A fake Telegram Bot API server on 127.0.0.1 for tests: telegraf talks to it through `apiRoot`. It
 * records every call (method and params; multipart uploads with their file names and bytes), answers the
 * way the real API does (`{ ok, result }`, message ids, getMe, long-polling getUpdates), and can be told
 * to fail the next call of a method (e.g. a 429 with retry_after).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}

export interface ApiCall {
  token: string;
  method: string;
  params: Record<string, unknown>;
  /** Multipart file fields (sendDocument's `document`, sendPhoto's `photo`). */
  files: Record<string, UploadedFile>;
  /** What the fake answered (the sent Message for sendMessage, true for most others). */
  result?: unknown;
}

export interface TgEntity {
  type: string;
  offset: number;
  length: number;
}

/** A message as Telegram keeps it: plain text with entities (parsed from HTML), and its keyboard. */
export interface StoredMessage {
  message_id: number;
  chat: { id: number; type: string };
  text: string;
  entities: TgEntity[];
  reply_markup?: { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> } | undefined;
}

export interface ApiFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export const BOT = { id: 7000001, is_bot: true, first_name: 'Pokin', username: 'PokinBot' } as const;

interface Waiter {
  offset: number;
  respond: (updates: unknown[]) => void;
}

export class FakeTelegram {
  readonly calls: ApiCall[] = [];
  #server: Server | undefined;
  #updates: Array<{ update_id: number }> = [];
  #pollers = new Set<Waiter>();
  #failures = new Map<string, ApiFailure[]>();
  #listeners = new Set<() => void>();
  #nextMessageId = 5000;
  /** Text messages the bot sent or edited, by message id, as a client would show them. */
  readonly messages = new Map<number, StoredMessage>();
  /** How long an empty getUpdates is held before answering `[]`. */
  pollHoldMs = 200;

  get apiRoot(): string {
    const address = this.#server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('fake Telegram not started');
    return `http://127.0.0.1:${address.port}`;
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
    for (const waiter of this.#pollers) waiter.respond([]);
    this.#pollers.clear();
    const server = this.#server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Queue updates for long polling (served to the next getUpdates). */
  push(...updates: Array<{ update_id: number }>): void {
    this.#updates.push(...updates);
    for (const waiter of [...this.#pollers]) {
      const ready = this.#updates.filter((u) => u.update_id >= waiter.offset);
      if (ready.length > 0) {
        this.#pollers.delete(waiter);
        waiter.respond(ready);
      }
    }
  }

  /** The next call(s) of `method` fail with this answer. */
  failNext(method: string, failure: ApiFailure, times = 1): void {
    const list = this.#failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.#failures.set(method, list);
  }

  /** Calls of the given methods (all but polling by default). */
  callsOf(...methods: string[]): ApiCall[] {
    return this.calls.filter((c) =>
      methods.length === 0 ? c.method !== 'getUpdates' : methods.includes(c.method),
    );
  }

  /** Messages and edits sent to a chat, in order. */
  sentTo(chatId: number | string): ApiCall[] {
    return this.calls.filter(
      (c) =>
        ['sendMessage', 'editMessageText', 'sendDocument', 'sendPhoto'].includes(c.method) &&
        String(c.params.chat_id) === String(chatId),
    );
  }

  /** Resolves once `predicate` holds over the recorded calls (re-checked after every call). */
  waitFor(predicate: (calls: ApiCall[]) => boolean, what = 'condition', timeoutMs = 10_000): Promise<void> {
    if (predicate(this.calls)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#listeners.delete(check);
        reject(
          new Error(
            `fake Telegram: timed out waiting for ${what}; calls: ${this.calls.map((c) => c.method).join(', ')}`,
          ),
        );
      }, timeoutMs);
      const check = () => {
        if (!predicate(this.calls)) return;
        clearTimeout(timer);
        this.#listeners.delete(check);
        resolve();
      };
      this.#listeners.add(check);
    });
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
    if (!match) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }));
      return;
    }
    const [, token = '', method = ''] = match;
    const body = await readAll(req);
    const { params, files } = parseBody(req.headers['content-type'] ?? '', body);
    const call: ApiCall = { token, method, params, files };
    this.calls.push(call);

    const failure = this.#failures.get(method)?.shift();
    if (failure) {
      this.#notify();
      res.writeHead(failure.error_code, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, ...failure }));
      return;
    }

    if (method === 'getUpdates') {
      const offset = Number(params.offset ?? 0);
      this.#updates = this.#updates.filter((u) => u.update_id >= offset);
      const answer = (updates: unknown[]) => {
        if (res.writableEnded || res.destroyed) return;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, result: updates }));
      };
      this.#notify();
      const limit = Number(params.limit ?? 100);
      if (this.#updates.length > 0 || Number(params.timeout ?? 0) === 0)
        return answer(this.#updates.slice(0, limit));
      const waiter: Waiter = { offset, respond: answer };
      this.#pollers.add(waiter);
      const timer = setTimeout(() => {
        if (this.#pollers.delete(waiter)) answer([]);
      }, this.pollHoldMs);
      req.on('close', () => {
        clearTimeout(timer);
        this.#pollers.delete(waiter);
      });
      return;
    }

    let result: unknown;
    try {
      result = this.#result(method, params, files);
    } catch (error) {
      // Telegram answers text it cannot parse with 400; so does the fake.
      call.result = { error: String(error) };
      this.#notify();
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error_code: 400, description: (error as Error).message }));
      return;
    }
    call.result = result;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, result }));
    this.#notify();
  }

  #store(id: number, chat: { id: number; type: string }, params: Record<string, unknown>): StoredMessage {
    const parsed =
      params.parse_mode === 'HTML'
        ? parseHtml(String(params.text))
        : { text: String(params.text), entities: (params.entities as TgEntity[] | undefined) ?? [] };
    const markup = params.reply_markup as StoredMessage['reply_markup'];
    const stored: StoredMessage = {
      message_id: id,
      chat,
      ...parsed,
      ...(markup ? { reply_markup: markup } : {}),
    };
    this.messages.set(id, stored);
    return stored;
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  #result(method: string, params: Record<string, unknown>, files: Record<string, UploadedFile>): unknown {
    const date = 1_718_000_000 + this.calls.length;
    const chat = { id: Number(params.chat_id), type: Number(params.chat_id) < 0 ? 'supergroup' : 'private' };
    switch (method) {
      case 'getMe':
        return {
          ...BOT,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        };
      case 'sendMessage': {
        const stored = this.#store(this.#nextMessageId++, chat, params);
        return { ...stored, from: BOT, date };
      }
      case 'editMessageText':
        this.#store(Number(params.message_id), chat, params);
        return {
          message_id: Number(params.message_id),
          from: BOT,
          chat,
          date,
          edit_date: date,
          text: params.text,
        };
      case 'sendDocument': {
        const file = files.document;
        return {
          message_id: this.#nextMessageId++,
          from: BOT,
          chat,
          date,
          document: {
            file_id: `doc-${this.calls.length}`,
            file_unique_id: `u${this.calls.length}`,
            file_name: file?.filename,
            file_size: file?.bytes.length,
          },
        };
      }
      case 'sendPhoto':
        return {
          message_id: this.#nextMessageId++,
          from: BOT,
          chat,
          date,
          photo: [
            {
              file_id: `photo-${this.calls.length}`,
              file_unique_id: `p${this.calls.length}`,
              width: 1280,
              height: 720,
            },
          ],
        };
      default:
        // answerCallbackQuery, setMyCommands, setWebhook, deleteWebhook, sendChatAction…
        return true;
    }
  }
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(
  contentType: string,
  body: Buffer,
): { params: Record<string, unknown>; files: Record<string, UploadedFile> } {
  if (body.length === 0) return { params: {}, files: {} };
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  if (!contentType.startsWith('multipart/form-data') || !boundary) {
    return { params: JSON.parse(body.toString('utf8')) as Record<string, unknown>, files: {} };
  }
  const params: Record<string, unknown> = {};
  const files: Record<string, UploadedFile> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2); // skip CRLF after the delimiter and before the next
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]+)"/.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/.exec(headers)?.[1];
      if (name && filename !== undefined) files[name] = { filename, bytes: Buffer.from(content) };
      else if (name) {
        const text = content.toString('utf8');
        params[name] = name === 'reply_markup' ? JSON.parse(text) : text;
      }
    }
    start = next;
  }
  return { params, files };
}

const TAGS: Record<string, string> = {
  b: 'bold',
  i: 'italic',
  code: 'code',
  u: 'underline',
  s: 'strikethrough',
};

/**
 * Telegram's HTML parse mode, as far as the adapter uses it: tags become entities (offsets in UTF-16
 * units, as Telegram counts), &amp; &lt; &gt; become characters. Anything else is a parse error, as on
 * the real API, which is how a missed escape shows up in a test.
 */
export function parseHtml(html: string): { text: string; entities: TgEntity[] } {
  let text = '';
  const entities: TgEntity[] = [];
  const open: Array<{ tag: string; offset: number }> = [];
  const token = /<(\/?)([a-z]+)>|&(amp|lt|gt);|([<>&])|([^<>&]+)/g;
  for (let m = token.exec(html); m; m = token.exec(html)) {
    const [, closing, tag, entity, stray, plain] = m;
    if (plain !== undefined) text += plain;
    else if (entity) text += entity === 'amp' ? '&' : entity === 'lt' ? '<' : '>';
    else if (stray) throw new Error(`Bad Request: can't parse entities: unescaped "${stray}"`);
    else if (tag && !TAGS[tag]) throw new Error(`Bad Request: unsupported start tag "${tag}"`);
    else if (tag && !closing) open.push({ tag, offset: text.length });
    else if (tag) {
      const last = open.pop();
      if (last?.tag !== tag) throw new Error(`Bad Request: unmatched end tag "${tag}"`);
      entities.push({ type: TAGS[tag] ?? tag, offset: last.offset, length: text.length - last.offset });
    }
  }
  if (open.length > 0) throw new Error('Bad Request: unclosed tag');
  return { text, entities: entities.sort((a, b) => a.offset - b.offset) };
}
