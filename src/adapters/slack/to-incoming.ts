/**
 * Slack request bodies (Events API callbacks, slash commands, block_actions, view_submission) → the
 * app's Incoming. Pure: it reads only the fields it needs; what needs a store (long button keys, the
 * modal's editor, whether a thread is the bot's) comes back as a request for the adapter to resolve.
 *
 * Decisions:
 * - Conversation key = channel + thread. In a channel every drafting session is a thread: a mention
 *   starts one under the mentioning message, a slash command starts one under an anchor message the
 *   adapter posts. In a direct message the top level is one conversation and a thread is another.
 * - In channels only what is addressed to the bot is taken: mentions (`app_mention`) and replies in the
 *   bot's threads. A thread reply that also mentions the bot arrives twice (message + app_mention); the
 *   message copy is dropped so it is handled once.
 * - Edits, deletions, joins and other bots' messages are ignored; a shared file gets the polite
 *   "text only" answer (`unsupported`).
 * - A modal submission becomes `text` (the edited text, as if typed) unless the editor's submitValue
 *   contains `{text}`: then it is a `choice` whose value is submitValue with `{text}` replaced.
 */
import type { ChatType, ChatUser, Incoming } from '../../ports/chat.ts';
import type { ConversationKey } from '../../ports/repository.ts';
import { CHOICE_ACTION, EDITOR_ACTION, EDITOR_BLOCK, EDITOR_CALLBACK, EDITOR_INPUT } from './render.ts';

// biome-ignore lint/suspicious/noExplicitAny: Slack bodies are free-form JSON, read defensively below
export type SlackBody = Record<string, any>;

export interface BotIdentity {
  /** The bot user's id (U…), as mentions carry it. */
  userId: string;
  botId?: string | undefined;
}

/** What the adapter stores for a modal until it is submitted. */
export interface EditorSpec {
  conversation: ConversationKey;
  submitValue: string;
  messageId?: string | undefined;
}

export type Parsed =
  | {
      kind: 'incoming';
      incoming: Incoming;
      /** A slash command in a channel: post an anchor and make its thread the conversation. */
      startThread?: boolean | undefined;
      /** A channel thread reply: take it only if the thread is the bot's (known to the adapter). */
      threadCheck?: { channel: string; threadTs: string } | undefined;
      /** The interaction's trigger, for opening a modal within Slack's 3 seconds. */
      triggerId?: string | undefined;
    }
  | { kind: 'home'; user: ChatUser }
  | {
      kind: 'open-editor';
      key: string;
      triggerId: string;
      user: ChatUser;
      /** Where the editor button was, to say so there if the editor is gone. */
      conversation?: ConversationKey | undefined;
    }
  | { kind: 'submission'; key: string; text: string; user: ChatUser; updateId: string }
  | { kind: 'ignore'; reason: string };

const IGNORED_SUBTYPES_ALLOWED = new Set([undefined, 'thread_broadcast', 'file_share']);

/** Channel ids of direct messages start with D. */
export function isDirect(channel: string): boolean {
  return channel.startsWith('D');
}

/**
 * Slack message text → what the person typed: links become their label (or URL), mentions become
 * @id / #name, and the &amp; &lt; &gt; entities Slack sends are decoded.
 */
export function plainTextOf(text: string): string {
  return text
    .replace(/<([^<>|]*)(?:\|([^<>]*))?>/g, (_, target: string, label: string | undefined) => {
      if (target.startsWith('@')) return label ? `@${label}` : target;
      if (target.startsWith('#')) return label ? `#${label}` : target;
      if (target.startsWith('!')) return `@${label ?? target.slice(1).split('^')[0]}`;
      return label ?? target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** `mulai` → mulai; `pk kabid statistik` → pk + args; empty → bantuan (help). */
export function parseSubcommand(text: string): { command: string; args: string } {
  const trimmed = plainTextOf(text).trim();
  const match = /^(\S+)(?:\s+([\s\S]*))?$/.exec(trimmed);
  if (!match) return { command: 'bantuan', args: '' };
  const [, command = '', args = ''] = match;
  return { command: command.replace(/^\//, '').toLowerCase(), args: args.trim() };
}

function chatTypeOf(channel: string, channelType?: string): ChatType {
  if (channelType === 'im' || (channelType === undefined && isDirect(channel))) return 'private';
  return 'group';
}

function conversationOf(
  channel: string,
  chatType: ChatType,
  threadTs?: string,
  ts?: string,
): ConversationKey {
  if (chatType === 'private') {
    // A DM's top-level message that has replies carries thread_ts === ts: it is still top level.
    const inThread = threadTs !== undefined && threadTs !== ts;
    return { platform: 'slack', chatId: channel, ...(inThread ? { threadId: threadTs } : {}) };
  }
  const threadId = threadTs ?? ts;
  return { platform: 'slack', chatId: channel, ...(threadId ? { threadId } : {}) };
}

function mentionPattern(bot: BotIdentity): RegExp {
  return new RegExp(`<@${bot.userId}(?:\\|[^>]*)?>`, 'g');
}

export function toIncoming(body: SlackBody, bot: BotIdentity): Parsed {
  if (body.type === 'event_callback') return fromEvent(body, bot);
  if (typeof body.command === 'string') return fromCommand(body);
  if (body.type === 'block_actions') return fromActions(body);
  if (body.type === 'view_submission') return fromSubmission(body);
  return { kind: 'ignore', reason: `unhandled ${String(body.type ?? 'body')}` };
}

function fromEvent(body: SlackBody, bot: BotIdentity): Parsed {
  const event = body.event as SlackBody | undefined;
  if (!event) return { kind: 'ignore', reason: 'event without event' };
  const updateId = String(body.event_id ?? `${event.type}:${event.event_ts ?? event.ts}`);

  if (event.type === 'app_home_opened') {
    if (event.tab !== 'home') return { kind: 'ignore', reason: `app home tab ${event.tab}` };
    return { kind: 'home', user: { id: String(event.user) } };
  }
  if (event.type !== 'message' && event.type !== 'app_mention')
    return { kind: 'ignore', reason: `event ${event.type}` };
  if (!IGNORED_SUBTYPES_ALLOWED.has(event.subtype))
    return { kind: 'ignore', reason: `subtype ${event.subtype}` };
  if (event.bot_id || !event.user) return { kind: 'ignore', reason: 'from a bot' };
  if (event.user === bot.userId) return { kind: 'ignore', reason: 'from this bot' };

  const channel = String(event.channel);
  const chatType = chatTypeOf(channel, event.type === 'app_mention' ? 'channel' : event.channel_type);
  const ts = String(event.ts);
  const threadTs = typeof event.thread_ts === 'string' ? event.thread_ts : undefined;
  const base = {
    platform: 'slack' as const,
    updateId,
    conversation: conversationOf(channel, chatType, threadTs, ts),
    chatType,
    user: { id: String(event.user) },
    messageId: ts,
  };
  const rawText = typeof event.text === 'string' ? event.text : '';
  const mentionsBot = mentionPattern(bot).test(rawText);
  let threadCheck: { channel: string; threadTs: string } | undefined;

  if (event.type === 'message' && chatType === 'group') {
    if (!threadTs || threadTs === ts) return { kind: 'ignore', reason: 'channel message outside a thread' };
    if (mentionsBot) return { kind: 'ignore', reason: 'mention: handled as app_mention' };
    if (event.parent_user_id !== bot.userId) threadCheck = { channel, threadTs };
  }

  if (event.subtype === 'file_share' && rawText.trim() === '') {
    return {
      kind: 'incoming',
      incoming: { ...base, kind: 'unsupported', what: 'file' },
      ...(threadCheck ? { threadCheck } : {}),
    };
  }
  const text = plainTextOf(rawText.replace(mentionPattern(bot), ' '))
    .replace(/[ \t]+/g, ' ')
    .trim();
  return {
    kind: 'incoming',
    incoming: { ...base, kind: 'text', text },
    ...(threadCheck ? { threadCheck } : {}),
  };
}

function userOfInteraction(body: SlackBody): ChatUser {
  const user = body.user as SlackBody | undefined;
  const name = typeof user?.name === 'string' ? user.name : undefined;
  return { id: String(user?.id ?? body.user_id), ...(name ? { name } : {}) };
}

function fromCommand(body: SlackBody): Parsed {
  const channel = String(body.channel_id);
  const chatType = chatTypeOf(channel);
  const { command, args } = parseSubcommand(String(body.text ?? ''));
  const name = typeof body.user_name === 'string' ? body.user_name : undefined;
  return {
    kind: 'incoming',
    startThread: chatType === 'group',
    triggerId: typeof body.trigger_id === 'string' ? body.trigger_id : undefined,
    incoming: {
      platform: 'slack',
      updateId: `command:${body.trigger_id ?? `${channel}:${body.user_id}:${body.text}`}`,
      conversation: { platform: 'slack', chatId: channel },
      chatType,
      user: { id: String(body.user_id), ...(name ? { name } : {}) },
      kind: 'command',
      command,
      args,
    },
  };
}

function fromActions(body: SlackBody): Parsed {
  const action = (body.actions as SlackBody[] | undefined)?.[0];
  if (!action) return { kind: 'ignore', reason: 'block_actions without an action' };
  const actionId = String(action.action_id ?? '');
  const triggerId = String(body.trigger_id ?? '');
  const user = userOfInteraction(body);
  const container = (body.container ?? {}) as SlackBody;
  const channel = String(body.channel?.id ?? container.channel_id ?? '');
  const messageTs = String(body.message?.ts ?? container.message_ts ?? '');
  const threadTs = body.message?.thread_ts ?? container.thread_ts;
  const chatType = chatTypeOf(channel);
  const conversation = channel
    ? conversationOf(channel, chatType, typeof threadTs === 'string' ? threadTs : undefined, messageTs)
    : undefined;
  if (actionId === EDITOR_ACTION) {
    if (typeof action.value !== 'string') return { kind: 'ignore', reason: 'editor button without value' };
    return { kind: 'open-editor', key: action.value, triggerId, user, conversation };
  }
  if (!actionId.startsWith(CHOICE_ACTION)) return { kind: 'ignore', reason: `action ${actionId}` };
  if (typeof action.value !== 'string') return { kind: 'ignore', reason: 'button without value' };
  if (!conversation) return { kind: 'ignore', reason: 'action outside a channel' };
  return {
    kind: 'incoming',
    triggerId,
    incoming: {
      platform: 'slack',
      updateId: `action:${triggerId || `${messageTs}:${action.action_ts}`}`,
      conversation,
      chatType,
      user,
      messageId: messageTs || undefined,
      kind: 'choice',
      value: action.value,
    },
  };
}

function fromSubmission(body: SlackBody): Parsed {
  const view = body.view as SlackBody | undefined;
  if (!view || view.callback_id !== EDITOR_CALLBACK) return { kind: 'ignore', reason: 'not our modal' };
  const value = view.state?.values?.[EDITOR_BLOCK]?.[EDITOR_INPUT]?.value;
  return {
    kind: 'submission',
    key: String(view.private_metadata ?? ''),
    text: typeof value === 'string' ? value : '',
    user: userOfInteraction(body),
    updateId: `view:${view.id}:${view.hash ?? ''}`,
  };
}

/** The Incoming a modal submission becomes, once its editor spec is found (see the module comment). */
export function submissionIncoming(
  parsed: { text: string; user: ChatUser; updateId: string },
  spec: EditorSpec,
): Incoming {
  const base = {
    platform: 'slack' as const,
    updateId: parsed.updateId,
    conversation: spec.conversation,
    chatType: chatTypeOf(spec.conversation.chatId),
    user: parsed.user,
    ...(spec.messageId ? { messageId: spec.messageId } : {}),
  };
  const text = parsed.text.trim();
  if (spec.submitValue.includes('{text}'))
    return { ...base, kind: 'choice', value: spec.submitValue.replaceAll('{text}', text) };
  return { ...base, kind: 'text', text };
}
