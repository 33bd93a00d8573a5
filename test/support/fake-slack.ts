/**
 * A fake Slack Web API on 127.0.0.1 for tests: Bolt's WebClient talks to it through `slackApiUrl`. It
 * records every call (method, params with JSON fields decoded, the bearer token), answers the way Slack
 * does (`{ ok, … }`, message ts, views, the three-step external file upload with its upload URL), and can
 * be told to fail the next call of a method (a 429 with Retry-After, or a platform error such as
 * `expired_trigger_id`). It also speaks Socket Mode: `apps.connections.open` hands out a ws:// URL on the
 * same server, which says hello, pushes envelopes and records the client's acks. Also here: a Bolt test receiver, real-shaped payload builders from
 * test/fixtures/slack/, and request signing for the HTTP receiver.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';

export const BOT = {
  userId: 'U07POKIN01',
  botId: 'B07POKIN01',
  teamId: 'T04BALANGAN',
  appId: 'A07POKINAPP',
} as const;

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  token: string | undefined;
  /** What the fake answered (ts of a posted message, the view id…). */
  result?: Record<string, unknown>;
}

export interface Upload {
  fileId: string;
  filename: string;
  bytes: Buffer;
}

export type ApiFailure = { status: 429; retryAfter: number } | { error: string };

/** Params that the WebClient sends JSON-encoded inside the form body. */
const JSON_FIELDS = new Set(['blocks', 'view', 'files', 'attachments', 'metadata']);

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly uploads: Upload[] = [];
  /** Channels the bot is not a member of: chat.postMessage answers not_in_channel. */
  readonly notInChannel = new Set<string>();
  #server: Server | undefined;
  #failures = new Map<string, ApiFailure[]>();
  #listeners = new Set<() => void>();
  #ts = 1_718_001_000;
  #ids = 1;
  #pendingUploads = new Map<string, { filename: string }>();
  #sockets = new Set<Socket>();
  /** Socket Mode acks from the client: envelope id and the payload it answered with, if any. */
  readonly acks: Array<{ envelope_id: string; payload?: unknown }> = [];

  get base(): string {
    const address = this.#server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('fake Slack not started');
    return `http://127.0.0.1:${address.port}`;
  }

  /** What SLACK_API_URL / clientOptions.slackApiUrl should be. */
  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      void this.#serve(req, res);
    });
    this.#server.on('upgrade', (req: IncomingMessage, socket: Socket) => this.#upgrade(req, socket));
    const server = this.#server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** The next call(s) of `method` fail with this answer. */
  failNext(method: string, failure: ApiFailure, times = 1): void {
    const list = this.#failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.#failures.set(method, list);
  }

  /** Calls of the given methods, in order. */
  callsOf(...methods: string[]): ApiCall[] {
    return this.calls.filter((c) => methods.includes(c.method));
  }

  /** Resolves once `predicate` holds over the recorded calls (re-checked after every call). */
  waitFor(predicate: (calls: ApiCall[]) => boolean, what = 'condition', timeoutMs = 10_000): Promise<void> {
    if (predicate(this.calls)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#listeners.delete(check);
        reject(
          new Error(
            `fake Slack: timed out waiting for ${what}; calls: ${this.calls.map((c) => c.method).join(', ')}`,
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

  /** Open Socket Mode connections (after the client connected and got hello). */
  get socketCount(): number {
    return this.#sockets.size;
  }

  /** Push a Socket Mode envelope to every connected client; returns its envelope id. */
  pushEnvelope(
    type: 'events_api' | 'slash_commands' | 'interactive',
    payload: Record<string, unknown>,
    retry: { attempt: number; reason: string } = { attempt: 0, reason: '' },
  ): string {
    const envelopeId = `f3c2b1a0-${String(this.#ids++).padStart(4, '0')}-4d5e-8f90-socketmode`;
    const envelope = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      ...(type === 'events_api' ? { retry_attempt: retry.attempt, retry_reason: retry.reason } : {}),
    };
    for (const socket of this.#sockets) socket.write(wsFrame(0x1, Buffer.from(JSON.stringify(envelope))));
    return envelopeId;
  }

  #upgrade(req: IncomingMessage, socket: Socket): void {
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string' || !(req.url ?? '').startsWith('/link/')) {
      socket.destroy();
      return;
    }
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => this.#sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const frame = readWsFrame(buffered);
        if (!frame) break;
        buffered = buffered.subarray(frame.size);
        if (frame.opcode === 0x9) socket.write(wsFrame(0xa, frame.payload));
        else if (frame.opcode === 0x8) {
          socket.end(wsFrame(0x8, frame.payload.subarray(0, 2)));
          this.#sockets.delete(socket);
        } else if (frame.opcode === 0x1) {
          this.acks.push(
            JSON.parse(frame.payload.toString('utf8')) as { envelope_id: string; payload?: unknown },
          );
          this.#notify();
        }
      }
    });
    const hello = {
      type: 'hello',
      num_connections: 1,
      debug_info: { host: 'applink-fake', approximate_connection_time: 18060 },
      connection_info: { app_id: BOT.appId },
    };
    socket.write(wsFrame(0x1, Buffer.from(JSON.stringify(hello))));
    this.#notify();
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  #nextTs(): string {
    this.#ts += 1;
    return `${this.#ts}.000100`;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAll(req);
    const url = req.url ?? '';
    const json = (status: number, answer: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(answer));
      this.#notify();
    };

    const upload = /^\/upload\/([A-Z0-9]+)$/.exec(url);
    if (upload) {
      const fileId = upload[1] ?? '';
      const pending = this.#pendingUploads.get(fileId);
      const parts = parseMultipart(req.headers['content-type'] ?? '', body);
      const bytes = parts.files.body?.bytes ?? body;
      this.uploads.push({ fileId, filename: pending?.filename ?? '', bytes });
      this.calls.push({ method: 'upload', params: { fileId, size: bytes.length }, token: bearer(req) });
      res.writeHead(pending ? 200 : 404, { 'content-type': 'text/plain' });
      res.end(pending ? `OK - ${bytes.length}` : 'not found');
      this.#notify();
      return;
    }

    if (url.startsWith('/respond/')) {
      this.calls.push({
        method: 'response_url',
        params: JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>,
        token: undefined,
      });
      json(200, { ok: true });
      return;
    }

    const match = /^\/api\/([A-Za-z.]+)$/.exec(url);
    if (!match) return json(404, { ok: false, error: 'unknown_method' });
    const method = match[1] ?? '';
    const params = parseForm(req.headers['content-type'] ?? '', body);
    const token = bearer(req) ?? (typeof params.token === 'string' ? params.token : undefined);
    delete params.token;
    const call: ApiCall = { method, params, token };
    this.calls.push(call);

    const failure = this.#failures.get(method)?.shift();
    if (failure) {
      if ('status' in failure)
        return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfter) });
      return json(200, { ok: false, error: failure.error });
    }
    call.result = this.#answer(method, params);
    return json(200, call.result);
  }

  #answer(method: string, params: Record<string, unknown>): Record<string, unknown> {
    const bot = { user: BOT.userId, bot_id: BOT.botId, app_id: BOT.appId, team: BOT.teamId };
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://balangan-kab.slack.com/',
          team: 'Pemkab Balangan',
          user: 'pokin',
          team_id: BOT.teamId,
          user_id: BOT.userId,
          bot_id: BOT.botId,
          is_enterprise_install: false,
        };
      case 'apps.connections.open':
        return { ok: true, url: `${this.base.replace('http:', 'ws:')}/link/?ticket=7f3e-socket` };
      case 'chat.postMessage': {
        const channel = String(params.channel);
        if (this.notInChannel.has(channel)) return { ok: false, error: 'not_in_channel' };
        const ts = this.#nextTs();
        return {
          ok: true,
          channel,
          ts,
          message: {
            type: 'message',
            ...bot,
            text: params.text,
            ts,
            ...(params.thread_ts ? { thread_ts: params.thread_ts, parent_user_id: BOT.userId } : {}),
            blocks: params.blocks,
          },
        };
      }
      case 'chat.update':
        return {
          ok: true,
          channel: params.channel,
          ts: params.ts,
          text: params.text,
          message: {
            type: 'message',
            ...bot,
            text: params.text,
            blocks: params.blocks,
            edited: { user: BOT.userId },
          },
        };
      case 'views.open':
      case 'views.publish': {
        const view = (params.view ?? {}) as Record<string, unknown>;
        return {
          ok: true,
          view: {
            id: `V07VIEW${String(this.#ids++).padStart(4, '0')}`,
            team_id: BOT.teamId,
            ...view,
            state: { values: {} },
            hash: `${this.#ts}.Zz9Yy8Xx`,
            app_id: BOT.appId,
            bot_id: BOT.botId,
          },
        };
      }
      case 'files.getUploadURLExternal': {
        const fileId = `F07FILE${String(this.#ids++).padStart(4, '0')}`;
        this.#pendingUploads.set(fileId, { filename: String(params.filename) });
        return { ok: true, upload_url: `${this.base}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = (params.files ?? []) as Array<{ id: string; title?: string }>;
        return {
          ok: true,
          files: files.map((f) => ({
            id: f.id,
            name: this.#pendingUploads.get(f.id)?.filename,
            title: f.title,
          })),
        };
      }
      default:
        return { ok: true };
    }
  }
}

/** One unmasked server frame (FIN set). */
function wsFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, length])
      : length < 65_536
        ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(length)]);
  return Buffer.concat([header, payload]);
}

function bigLength(length: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(length));
  return bytes;
}

/** One (masked, unfragmented) client frame from the start of `data`, or undefined if incomplete. */
function readWsFrame(data: Buffer): { opcode: number; payload: Buffer; size: number } | undefined {
  if (data.length < 2) return undefined;
  const first = data[0] ?? 0;
  const second = data[1] ?? 0;
  let length = second & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return undefined;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return undefined;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  const masked = (second & 0x80) !== 0;
  const maskEnd = offset + (masked ? 4 : 0);
  if (data.length < maskEnd + length) return undefined;
  const payload = Buffer.from(data.subarray(maskEnd, maskEnd + length));
  if (masked) {
    const mask = data.subarray(offset, maskEnd);
    for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
  }
  return { opcode: first & 0x0f, payload, size: maskEnd + length };
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseForm(contentType: string, body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  if (contentType.startsWith('application/json'))
    return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) {
    params[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  }
  return params;
}

function parseMultipart(
  contentType: string,
  body: Buffer,
): { params: Record<string, string>; files: Record<string, { filename: string; bytes: Buffer }> } {
  const params: Record<string, string> = {};
  const files: Record<string, { filename: string; bytes: Buffer }> = {};
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  if (!contentType.startsWith('multipart/form-data') || !boundary) return { params, files };
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]+)"/.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/.exec(headers)?.[1];
      if (name && filename !== undefined) files[name] = { filename, bytes: Buffer.from(content) };
      else if (name) params[name] = content.toString('utf8');
    }
    start = next;
  }
  return { params, files };
}

/**
 * A Bolt receiver driven by the test: `deliver` hands Bolt one request body the way Slack would and
 * reports when (and with what) it was acknowledged and when Bolt finished with it.
 */
export class TestReceiver implements Receiver {
  #app: App | undefined;

  init(app: App): void {
    this.#app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  deliver(
    body: Record<string, unknown>,
    extra: { retryNum?: number; retryReason?: string } = {},
  ): { acked: Promise<unknown>; done: Promise<void>; ackCount: () => number } {
    const app = this.#app;
    if (!app) throw new Error('TestReceiver: app not initialised');
    let count = 0;
    let resolveAck: (response: unknown) => void = () => {};
    const acked = new Promise<unknown>((resolve) => {
      resolveAck = resolve;
    });
    const event: ReceiverEvent = {
      body,
      ...(extra.retryNum !== undefined ? { retryNum: extra.retryNum } : {}),
      ...(extra.retryReason !== undefined ? { retryReason: extra.retryReason } : {}),
      ack: async (response?: unknown) => {
        count += 1;
        resolveAck(response);
      },
    };
    return { acked, done: app.processEvent(event), ackCount: () => count };
  }
}

// biome-ignore lint/suspicious/noExplicitAny: fixtures are free-form Slack JSON
export type Payload = Record<string, any>;

export type FixtureName =
  | 'message-im'
  | 'app-mention'
  | 'message-thread-reply'
  | 'slash-command'
  | 'block-actions'
  | 'view-submission'
  | 'app-home-opened';

export function fixture(name: FixtureName): Payload {
  const url = new URL(`../fixtures/slack/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as Payload;
}

let sequence = 0;

/** Builds real-shaped payloads for one person, handing out fresh event ids and triggers as Slack does. */
export class SlackPayloads {
  #n = 0;

  constructor(
    readonly user = 'U05SITIRAHMA',
    readonly dm = 'D07SITIPOKIN',
    /** Where `/respond/…` response URLs point (the fake's base URL), if anywhere. */
    readonly responseBase?: string,
  ) {}

  #next(): number {
    // Shared by every builder: Slack's event ids, triggers and ts never repeat across people either.
    sequence += 1;
    this.#n = sequence;
    return this.#n;
  }

  #trigger(): string {
    return `71234567${String(this.#next()).padStart(5, '0')}.4123456789.${'ab'.repeat(16)}`;
  }

  /** A direct message typed by the person. */
  dmText(text: string, extra: { threadTs?: string } = {}): Payload {
    const body = fixture('message-im');
    const n = this.#next();
    body.event_id = `Ev07DM${this.user.slice(-4)}${String(n).padStart(6, '0')}`;
    body.event.user = this.user;
    body.event.channel = this.dm;
    body.event.text = text;
    body.event.ts = `${1_718_000_100 + n}.000200`;
    body.event.event_ts = body.event.ts;
    if (extra.threadTs) body.event.thread_ts = extra.threadTs;
    return body;
  }

  mention(channel: string, text: string, extra: { threadTs?: string } = {}): Payload {
    const body = fixture('app-mention');
    const n = this.#next();
    body.event_id = `Ev07MN${this.user.slice(-4)}${String(n).padStart(6, '0')}`;
    body.event.user = this.user;
    body.event.channel = channel;
    body.event.text = text;
    body.event.ts = `${1_718_000_200 + n}.000300`;
    body.event.event_ts = body.event.ts;
    if (extra.threadTs) body.event.thread_ts = extra.threadTs;
    return body;
  }

  threadReply(channel: string, threadTs: string, text: string, parentUser = this.user): Payload {
    const body = fixture('message-thread-reply');
    const n = this.#next();
    body.event_id = `Ev07TR${this.user.slice(-4)}${String(n).padStart(6, '0')}`;
    body.event.user = this.user;
    body.event.channel = channel;
    body.event.text = text;
    body.event.thread_ts = threadTs;
    body.event.parent_user_id = parentUser;
    body.event.ts = `${1_718_000_300 + n}.000400`;
    body.event.event_ts = body.event.ts;
    return body;
  }

  /** `/pokin <text>` typed in `channel` (the person's DM with Pokin by default). */
  command(text: string, channel = this.dm): Payload {
    const body = fixture('slash-command');
    body.text = text;
    body.user_id = this.user;
    body.channel_id = channel;
    body.channel_name = channel.startsWith('D') ? 'directmessage' : 'renja-2025';
    body.trigger_id = this.#trigger();
    if (this.responseBase) body.response_url = `${this.responseBase}/respond/${this.#n}`;
    return body;
  }

  /** A tap on the button `actionId` with `value`, under the bot message `messageTs`. */
  tap(
    value: string,
    messageTs: string,
    extra: { channel?: string; threadTs?: string; actionId?: string } = {},
  ): Payload {
    const body = fixture('block-actions');
    const channel = extra.channel ?? this.dm;
    body.user.id = this.user;
    body.trigger_id = this.#trigger();
    body.channel.id = channel;
    body.container.channel_id = channel;
    body.container.message_ts = messageTs;
    body.message.ts = messageTs;
    if (extra.threadTs) {
      body.container.thread_ts = extra.threadTs;
      body.message.thread_ts = extra.threadTs;
    }
    const action = body.actions[0];
    action.value = value;
    action.action_id = extra.actionId ?? 'pokin:choice:0';
    if (this.responseBase) body.response_url = `${this.responseBase}/respond/${this.#n}`;
    return body;
  }

  /** The person presses Simpan on the editor modal whose private_metadata is `metadata`. */
  submit(metadata: string, value: string): Payload {
    const body = fixture('view-submission');
    body.user.id = this.user;
    body.trigger_id = this.#trigger();
    body.view.id = `V07EDIT${String(this.#n).padStart(4, '0')}`;
    body.view.private_metadata = metadata;
    body.view.state.values.editor.text.value = value;
    return body;
  }

  homeOpened(): Payload {
    const body = fixture('app-home-opened');
    body.event_id = `Ev07HM${this.user.slice(-4)}${String(this.#next()).padStart(6, '0')}`;
    body.event.user = this.user;
    body.event.channel = this.dm;
    return body;
  }
}

/** Headers Slack sends with a request: v0 signature over `v0:<timestamp>:<body>`. */
export function signedHeaders(
  signingSecret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${signature}` };
}

/** How Slack encodes each kind of request: events as JSON, commands as a form, interactions as `payload=`. */
export function encodeForHttp(body: Payload): { contentType: string; text: string } {
  if (body.type === 'event_callback' || body.type === 'url_verification')
    return { contentType: 'application/json', text: JSON.stringify(body) };
  if (typeof body.command === 'string') {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(body)) form.set(key, String(value));
    return { contentType: 'application/x-www-form-urlencoded', text: form.toString() };
  }
  return {
    contentType: 'application/x-www-form-urlencoded',
    text: new URLSearchParams({ payload: JSON.stringify(body) }).toString(),
  };
}
