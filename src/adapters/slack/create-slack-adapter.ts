/**
 * The Slack adapter: a Bolt app (Socket Mode, the HTTP receiver with signature checks, or any Receiver
 * in tests) that acknowledges every request at once, turns it into the app's Incoming, hands it to the
 * MessageHandler one conversation at a time (different conversations concurrently), drops redelivered
 * events, and answers in Block Kit through the Web API (429s retried by the WebClient after Retry-After).
 * Also: modals for Outgoing.editor, file uploads for exports, and App Home.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  App,
  HTTPReceiver,
  type Logger,
  LogLevel,
  type Receiver,
  type RespondFn,
  SocketModeReceiver,
  webApi,
} from '@slack/bolt';
import { SerialQueues } from '../../core/serial-queues.ts';
import type { ChatSender, ChatUser, Incoming, MessageHandler, Outgoing } from '../../ports/chat.ts';
import type { Actor, ConversationKey } from '../../ports/repository.ts';
import messageCatalogue from './data/messages.json' with { type: 'json' };
import { createMemoryKeyStore, isKey, keyFor, type SlackKeyStore } from './keys.ts';
import {
  EDITOR_ACTION,
  EDITOR_BLOCK,
  EDITOR_CALLBACK,
  escapeMrkdwn,
  type HomeData,
  renderEditorModal,
  renderHome,
  renderOutgoing,
  type SlackMessage,
} from './render.ts';
import {
  type BotIdentity,
  type EditorSpec,
  type Parsed,
  type SlackBody,
  submissionIncoming,
  toIncoming,
} from './to-incoming.ts';

export type Log = (event: string, detail: Record<string, unknown>) => void;

/** What App Home shows for a person: their trees, each with its Tahap and open findings. */
export type HomeProvider = (user: Actor) => Promise<HomeData>;
export type { HomeData } from './render.ts';

export type SlackMode =
  /** Socket Mode: Slack is reached over a WebSocket opened with the app-level token (xapp-…). */
  | { kind: 'socket'; appToken: string }
  /** Events API over HTTP: Bolt's HTTPReceiver verifies X-Slack-Signature and the timestamp. */
  | {
      kind: 'http';
      signingSecret: string;
      port: number;
      host?: string | undefined;
      path?: string | undefined;
    }
  /** Any Bolt receiver (tests drive the app through one). */
  | { kind: 'receiver'; receiver: Receiver };

export interface SlackAdapterOptions {
  /** Bot token (xoxb-…). */
  token: string;
  mode: SlackMode;
  handler: MessageHandler;
  home?: HomeProvider | undefined;
  /** Long button values, modal editors and known threads; in memory by default (use the store one in production). */
  keys?: SlackKeyStore | undefined;
  /** Web API root (tests point it at a local fake): e.g. http://127.0.0.1:3000/api/. */
  apiUrl?: string | undefined;
  /** How the WebClient retries (429 Retry-After is always honoured); Bolt's default otherwise. */
  retryConfig?: webApi.RetryOptions | undefined;
  lang?: 'id' | 'en' | undefined;
  /** The clock the HTTP receiver's timestamp window is checked against (ms). */
  now?: (() => number) | undefined;
  log?: Log | undefined;
  /** Receiving stopped on its own (Socket Mode could not connect): the process should stop or restart. */
  onFatal?: ((cause: unknown) => void) | undefined;
}

export interface SlackAdapter {
  start(): Promise<void>;
  /** Stops receiving, then waits for work in hand to be answered. */
  stop(): Promise<void>;
  sender: ChatSender;
  /** The HTTP receiver's bound address (after start, HTTP mode). */
  address(): AddressInfo | undefined;
  /** The bot's identity from auth.test (after start). */
  identity(): BotIdentity | undefined;
}

const SEEN_LIMIT = 10_000;
/** Errors after which an edit is sent as a new message instead. */
const EDIT_FALLBACK = new Set([
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'msg_too_long',
  'no_text',
]);
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

const defaultLog: Log = (event, detail) => {
  const safe = Object.fromEntries(
    Object.entries(detail).map(([k, v]) => [
      k,
      v instanceof Error ? { name: v.name, message: v.message } : v,
    ]),
  );
  console.error(JSON.stringify({ event, ...safe }));
};

/** Bolt's own warnings and errors (bad signatures, unhandled requests) go to our log; the rest is dropped. */
function boltLogger(log: Log): Logger {
  let level = LogLevel.WARN;
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' ');
  return {
    debug() {},
    info() {},
    warn: (...msg: unknown[]) => log('slack.bolt_warning', { message: text(msg) }),
    error: (...msg: unknown[]) => log('slack.bolt_error', { message: text(msg) }),
    setLevel(next: LogLevel) {
      level = next;
    },
    getLevel: () => level,
    setName() {},
  };
}

function platformError(error: unknown): string | undefined {
  return error instanceof webApi.WebAPIPlatformError ? error.data.error : undefined;
}

function queueKey(conversation: ConversationKey): string {
  return `${conversation.chatId}:${conversation.threadId ?? ''}`;
}

/** Per-interaction context for delivering replies: the trigger (for a modal) and the slash command's respond. */
interface ReplyContext {
  triggerId?: string | undefined;
  respond?: RespondFn | undefined;
}

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const log = options.log ?? defaultLog;
  const now = options.now ?? Date.now;
  const text = messageCatalogue[options.lang ?? 'id'];
  const keys = options.keys ?? createMemoryKeyStore();
  const logger = boltLogger(log);
  const clientOptions = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
  };
  const client = new webApi.WebClient(options.token, { ...clientOptions, logger });

  const conversations = new SerialQueues();
  const outbox = new SerialQueues();
  const seen = new Set<string>();
  const knownThreads = new Set<string>();
  const pending = new Set<Promise<void>>();
  let identity: BotIdentity | undefined;
  let app: App | undefined;
  let server: Server | undefined;

  function remember(updateId: string): boolean {
    if (seen.has(updateId)) return false;
    seen.add(updateId);
    if (seen.size > SEEN_LIMIT) {
      const oldest = seen.values().next().value;
      if (oldest !== undefined) seen.delete(oldest);
    }
    return true;
  }

  const threadKey = (channel: string, threadTs: string) => `thread:${channel}:${threadTs}`;

  async function isKnownThread(channel: string, threadTs: string): Promise<boolean> {
    const key = threadKey(channel, threadTs);
    if (knownThreads.has(key)) return true;
    const known = (await keys.get(key)) !== undefined;
    if (known) knownThreads.add(key);
    return known;
  }

  async function rememberThread(conversation: ConversationKey): Promise<void> {
    if (!conversation.threadId || conversation.chatId.startsWith('D')) return;
    const key = threadKey(conversation.chatId, conversation.threadId);
    if (knownThreads.has(key)) return;
    knownThreads.add(key);
    await keys.put(key, '1');
  }

  async function post(conversation: ConversationKey, message: SlackMessage): Promise<string | undefined> {
    const result = await client.chat.postMessage({
      channel: conversation.chatId,
      ...(conversation.threadId ? { thread_ts: conversation.threadId } : {}),
      text: message.text,
      // render.ts builds only valid Block Kit; the SDK's block union is stricter than our local type.
      blocks: message.blocks as never,
      unfurl_links: false,
      unfurl_media: false,
    });
    return typeof result.ts === 'string' ? result.ts : undefined;
  }

  async function update(conversation: ConversationKey, ts: string, message: SlackMessage): Promise<void> {
    try {
      await client.chat.update({
        channel: conversation.chatId,
        ts,
        text: message.text,
        blocks: message.blocks as never,
      });
    } catch (error) {
      const code = platformError(error);
      if (!code || !EDIT_FALLBACK.has(code)) throw error;
      await post(conversation, message);
    }
  }

  async function openEditor(
    editor: NonNullable<Outgoing['editor']>,
    conversation: ConversationKey,
    messageId: string | undefined,
    context: ReplyContext,
  ): Promise<void> {
    const spec: EditorSpec & { title: string; initial: string } = {
      conversation,
      submitValue: editor.submitValue,
      ...(messageId ? { messageId } : {}),
      title: editor.title,
      initial: editor.initial,
    };
    const serialised = JSON.stringify(spec);
    const key = keyFor(serialised);
    await keys.put(key, serialised);
    const trigger = context.triggerId;
    if (trigger) {
      // A trigger opens one modal, once, within 3 seconds.
      context.triggerId = undefined;
      try {
        await client.views.open({
          trigger_id: trigger,
          view: renderEditorModal(editor, key, {
            submit: text.editorSubmit,
            cancel: text.editorCancel,
          }) as never,
        });
        return;
      } catch (error) {
        log('slack.modal_failed', { error: platformError(error) ?? 'request failed', cause: error });
      }
    }
    // No usable trigger (the answer took too long, or came from a typed message): offer a button whose
    // tap brings a fresh trigger.
    await post(conversation, {
      text: escapeMrkdwn(text.editorPrompt),
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(text.editorPrompt), verbatim: true } },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: EDITOR_ACTION,
              text: { type: 'plain_text', text: text.openEditor, emoji: true },
              value: key,
            },
          ],
        },
      ],
    });
  }

  async function deliverOne(
    conversation: ConversationKey,
    out: Outgoing,
    context: ReplyContext,
  ): Promise<string | undefined> {
    const { messages, longValues } = renderOutgoing(out);
    for (const [key, value] of longValues) await keys.put(key, value);
    let lastTs: string | undefined;
    for (const [i, message] of messages.entries()) {
      if (i === 0 && out.editsMessageId) {
        await update(conversation, out.editsMessageId, message);
        lastTs = out.editsMessageId;
      } else {
        lastTs = await post(conversation, message);
      }
    }
    for (const file of out.files ?? []) {
      const destination = conversation.threadId
        ? { channel_id: conversation.chatId, thread_ts: conversation.threadId }
        : { channel_id: conversation.chatId };
      await client.filesUploadV2({
        ...destination,
        file: Buffer.from(file.data),
        filename: file.filename,
        title: file.filename,
        ...(file.caption?.trim() ? { initial_comment: escapeMrkdwn(file.caption.trim()) } : {}),
      });
    }
    if (out.editor) await openEditor(out.editor, conversation, lastTs ?? out.editsMessageId, context);
    if (out.pin && lastTs) {
      try {
        await client.pins.add({ channel: conversation.chatId, timestamp: lastTs });
      } catch (cause) {
        // Needs the pins:write scope; without it the message stays unpinned.
        log('slack.pin_failed', { channel: conversation.chatId, cause });
      }
    }
    return lastTs;
  }

  function deliver(
    conversation: ConversationKey,
    messages: Outgoing[],
    context: ReplyContext = {},
  ): Promise<string[]> {
    return outbox.run(queueKey(conversation), async () => {
      const ids: string[] = [];
      try {
        for (const out of messages) ids.push((await deliverOne(conversation, out, context)) ?? '');
      } catch (error) {
        const code = platformError(error);
        if (code && CANNOT_POST.has(code) && context.respond) {
          await context.respond({ response_type: 'ephemeral', text: escapeMrkdwn(text.notInChannel) });
          return ids;
        }
        throw error;
      }
      await rememberThread(conversation);
      return ids;
    });
  }

  async function answer(incoming: Incoming, context: ReplyContext): Promise<void> {
    let message = incoming;
    if (message.kind === 'choice' && isKey(message.value)) {
      const value = await keys.get(message.value);
      if (value === undefined) {
        await deliver(message.conversation, [{ text: text.expiredButton }], context);
        return;
      }
      message = { ...message, value };
    }
    let replies: Outgoing[];
    try {
      replies = await options.handler.handle(message);
    } catch (error) {
      const ref = randomBytes(3).toString('hex');
      log('slack.handler_failed', {
        ref,
        channel: message.conversation.chatId,
        updateId: message.updateId,
        cause: error,
      });
      replies = [{ text: text.error.replace('{ref}', ref) }];
    }
    await deliver(message.conversation, replies, context);
  }

  /** A slash command in a channel: an anchor message whose thread becomes the session. */
  async function startThread(incoming: Incoming, context: ReplyContext): Promise<Incoming | undefined> {
    const command = incoming.kind === 'command' ? `${incoming.command} ${incoming.args}`.trim() : '';
    const user = /^[A-Z0-9]+$/.test(incoming.user.id) ? incoming.user.id : 'unknown';
    const anchor = text.anchor.replace('{user}', user).replace('{command}', escapeMrkdwn(command));
    try {
      const ts = await post(incoming.conversation, {
        text: anchor,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: anchor } }],
      });
      if (!ts) return undefined;
      const conversation = { ...incoming.conversation, threadId: ts };
      await rememberThread(conversation);
      return { ...incoming, conversation };
    } catch (error) {
      const code = platformError(error);
      if (code && CANNOT_POST.has(code) && context.respond) {
        await context.respond({ response_type: 'ephemeral', text: escapeMrkdwn(text.notInChannel) });
        return undefined;
      }
      throw error;
    }
  }

  async function publishHome(user: ChatUser): Promise<void> {
    let data: HomeData | undefined;
    if (options.home) {
      try {
        data = await options.home({ platform: 'slack', userId: user.id });
      } catch (cause) {
        log('slack.home_failed', { user: user.id, cause });
      }
    }
    await client.views.publish({
      user_id: user.id,
      view: renderHome(options.home ? data : null, text.home) as never,
    });
  }

  async function openEditorFromButton(
    key: string,
    triggerId: string,
    conversation: ConversationKey | undefined,
  ): Promise<void> {
    const stored = await keys.get(key);
    if (!stored) {
      if (conversation) await deliver(conversation, [{ text: text.expiredEditor }]);
      return;
    }
    const spec = JSON.parse(stored) as EditorSpec & { title: string; initial: string };
    await client.views.open({
      trigger_id: triggerId,
      view: renderEditorModal(spec, key, { submit: text.editorSubmit, cancel: text.editorCancel }) as never,
    });
  }

  /** Everything after the ack. Order within a conversation is fixed here, before the first await. */
  function dispatch(parsed: Parsed, context: ReplyContext): Promise<void> {
    switch (parsed.kind) {
      case 'ignore':
        return Promise.resolve();
      case 'home':
        return publishHome(parsed.user);
      case 'open-editor':
        return openEditorFromButton(parsed.key, parsed.triggerId, parsed.conversation);
      case 'submission':
        // Resolved before the ack (see the view listener); never reaches here.
        return Promise.resolve();
      case 'incoming':
        break;
    }
    const { incoming, threadCheck } = parsed;
    if (!remember(incoming.updateId)) return Promise.resolve();
    if (parsed.startThread) {
      return (async () => {
        const threaded = await startThread(incoming, context);
        if (threaded)
          await conversations.run(queueKey(threaded.conversation), () => answer(threaded, context));
      })();
    }
    return conversations.run(queueKey(incoming.conversation), async () => {
      if (threadCheck && !(await isKnownThread(threadCheck.channel, threadCheck.threadTs))) return;
      await answer(incoming, context);
    });
  }

  function track(work: Promise<void>, what: Record<string, unknown>): Promise<void> {
    const done = work.catch((cause: unknown) => {
      log('slack.dispatch_failed', { ...what, error: platformError(cause), cause });
    });
    pending.add(done);
    void done.finally(() => pending.delete(done));
    return done;
  }

  function parse(body: SlackBody): Parsed {
    if (!identity) throw new Error('Slack adapter used before start()');
    return toIncoming(body, identity);
  }

  function register(bolt: App): void {
    const onEvent = async ({ body }: { body: SlackBody }) => {
      // Events are acknowledged by Bolt before listeners run.
      await track(dispatch(parse(body), {}), { eventId: body.event_id });
    };
    bolt.event('message', onEvent);
    bolt.event('app_mention', onEvent);
    bolt.event('app_home_opened', onEvent);

    bolt.command(/.*/, async ({ ack, body, respond }) => {
      await ack();
      await track(dispatch(parse(body as SlackBody), { triggerId: body.trigger_id, respond }), {
        command: body.command,
      });
    });

    bolt.action(/.*/, async ({ ack, body }) => {
      await ack();
      const parsed = parse(body as SlackBody);
      const triggerId = parsed.kind === 'incoming' ? parsed.triggerId : undefined;
      await track(dispatch(parsed, { triggerId }), { action: 'block_actions' });
    });

    bolt.view(EDITOR_CALLBACK, async ({ ack, body }) => {
      const parsed = parse(body as SlackBody);
      if (parsed.kind !== 'submission') {
        await ack();
        return;
      }
      if (parsed.text.trim() === '') {
        await ack({ response_action: 'errors', errors: { [EDITOR_BLOCK]: text.editorEmpty } });
        return;
      }
      const stored = await keys.get(parsed.key);
      if (!stored) {
        await ack({ response_action: 'errors', errors: { [EDITOR_BLOCK]: text.expiredEditor } });
        return;
      }
      await ack();
      const spec = JSON.parse(stored) as EditorSpec;
      const incoming = submissionIncoming(parsed, spec);
      await track(dispatch({ kind: 'incoming', incoming }, {}), { view: parsed.updateId });
    });

    bolt.error(async (error) => {
      log('slack.bolt_failed', { cause: error });
    });
  }

  function receiverFor(mode: SlackMode): Receiver {
    switch (mode.kind) {
      case 'receiver':
        return mode.receiver;
      case 'socket':
        // The Socket Mode client opens its connection through the Web API too (apps.connections.open).
        return new SocketModeReceiver({
          appToken: mode.appToken,
          logger,
          installerOptions: { clientOptions: { ...clientOptions } },
        });
      case 'http':
        return rejectFutureTimestamps(
          new HTTPReceiver({
            signingSecret: mode.signingSecret,
            endpoints: mode.path ?? '/slack/events',
            logger,
            customRoutes: [
              {
                path: '/healthz',
                method: ['GET', 'HEAD'],
                handler: (_req, res) => {
                  res.writeHead(200, { 'content-type': 'application/json' });
                  res.end(JSON.stringify({ ok: true, mode: 'http' }));
                },
              },
            ],
          }),
          now,
          log,
        );
    }
  }

  return {
    async start() {
      const me = await client.auth.test();
      if (typeof me.user_id !== 'string') throw new Error('auth.test returned no bot user id');
      identity = { userId: me.user_id, ...(typeof me.bot_id === 'string' ? { botId: me.bot_id } : {}) };
      const mode = options.mode;
      const bolt = new App({
        token: options.token,
        botUserId: identity.userId,
        ...(identity.botId ? { botId: identity.botId } : {}),
        // Verified just above, once; Bolt would otherwise call auth.test again.
        tokenVerificationEnabled: false,
        receiver: receiverFor(mode),
        logger,
        // Bolt and the Socket Mode client add to the options they are given: each gets its own copy.
        clientOptions: { ...clientOptions },
        convoStore: false,
      });
      register(bolt);
      app = bolt;
      if (mode.kind === 'http') {
        server = (await bolt.start({ port: mode.port, host: mode.host ?? '0.0.0.0' })) as Server;
        return;
      }
      try {
        await bolt.start();
      } catch (cause) {
        log('slack.receiver_failed', { cause });
        options.onFatal?.(cause);
        throw cause;
      }
    },
    async stop() {
      if (app) {
        const running = app;
        app = undefined;
        try {
          await running.stop();
        } catch (cause) {
          log('slack.stop_failed', { cause });
        }
      }
      server = undefined;
      await Promise.all(pending);
      await conversations.idle();
      await outbox.idle();
    },
    sender: {
      send: (reply) => deliver(reply.conversation, reply.messages),
    },
    address() {
      const address = server?.address();
      return address && typeof address === 'object' ? address : undefined;
    },
    identity: () => identity,
  };
}

/** Slack's timestamp window, both ways (Bolt itself refuses only timestamps from the past). */
const TIMESTAMP_WINDOW_SECONDS = 5 * 60;

/**
 * Slack asks apps to refuse a request whose X-Slack-Request-Timestamp differs from the clock by more than
 * five minutes either way; Bolt checks only the past, so a signed request dated ahead would be replayable
 * until then. This answers such requests with 401 before Bolt sees them.
 */
function rejectFutureTimestamps(receiver: HTTPReceiver, now: () => number, log: Log): HTTPReceiver {
  const listener = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const header = req.headers['x-slack-request-timestamp'];
    const timestamp = typeof header === 'string' ? Number(header) : Number.NaN;
    if (Number.isFinite(timestamp) && timestamp - now() / 1000 > TIMESTAMP_WINDOW_SECONDS) {
      log('slack.bolt_warning', { message: 'request timestamp is more than 5 minutes ahead; refused' });
      req.resume();
      res.writeHead(401);
      res.end();
      return;
    }
    listener(req, res);
  };
  return receiver;
}
