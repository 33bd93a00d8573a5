/**
 * Telegram Update → the app's Incoming. Pure: it reads only the fields it needs from the update.
 *
 * Decisions: an edited message is ignored without a reply (the conversation has moved on, and
 * re-stepping an old answer would surprise; the person sends the correction as a new message). In
 * groups only what is addressed to the bot is taken (commands for us, mentions, replies to the bot,
 * button taps), so a bot with privacy mode off does not answer every remark. Channel posts and
 * service updates are ignored. A button's callback_data is returned as is; the adapter resolves keys.
 */
import type { ChatType, Incoming } from '../../ports/chat.ts';
import type { ConversationKey } from '../../ports/repository.ts';

interface TgUser {
  id: number;
  is_bot?: boolean;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

interface TgChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
}

interface TgEntity {
  type: string;
  offset: number;
  length: number;
}

export interface TgMessage {
  message_id: number;
  message_thread_id?: number;
  is_topic_message?: boolean;
  from?: TgUser;
  chat: TgChat;
  text?: string;
  entities?: TgEntity[];
  reply_to_message?: { from?: TgUser };
  [field: string]: unknown;
}

export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  edited_message?: TgMessage;
  channel_post?: unknown;
  callback_query?: {
    id: string;
    from: TgUser;
    message?: TgMessage;
    data?: string;
  };
  inline_query?: { id: string; from: TgUser; query: string; offset?: string; chat_type?: string };
  [field: string]: unknown;
}

export interface BotIdentity {
  id: number;
  username: string;
}

export type Parsed =
  | { kind: 'incoming'; incoming: Incoming; callbackQueryId?: string | undefined }
  | { kind: 'ignore'; reason: string; callbackQueryId?: string | undefined };

/** Media and other message kinds that get the polite "I read text only" answer, by field name. */
const UNSUPPORTED = [
  'sticker',
  'photo',
  'voice',
  'video_note',
  'video',
  'audio',
  'animation',
  'document',
  'location',
  'venue',
  'contact',
  'poll',
  'dice',
] as const;

export function chatIdOf(update: TgUpdate): number | undefined {
  return (update.message ?? update.edited_message ?? update.callback_query?.message)?.chat.id;
}

export function conversationOf(message: TgMessage): ConversationKey {
  const threadId =
    message.is_topic_message && message.message_thread_id !== undefined
      ? String(message.message_thread_id)
      : undefined;
  return { platform: 'telegram', chatId: String(message.chat.id), ...(threadId ? { threadId } : {}) };
}

function chatTypeOf(chat: TgChat): ChatType | undefined {
  if (chat.type === 'private') return 'private';
  if (chat.type === 'group' || chat.type === 'supergroup') return 'group';
  return undefined;
}

function userOf(from: TgUser | undefined, chat: TgChat): { id: string; name?: string } {
  if (!from) return { id: String(chat.id) };
  const name = [from.first_name, from.last_name].filter(Boolean).join(' ').trim();
  return { id: String(from.id), ...(name ? { name } : {}) };
}

/** `/pk@PokinBot kabid statistik` → { command: 'pk', addressee: 'PokinBot', args: 'kabid statistik' }. */
export function parseCommand(
  text: string,
): { command: string; addressee?: string; args: string } | undefined {
  const match = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, command = '', addressee, args = ''] = match;
  return { command: command.toLowerCase(), ...(addressee ? { addressee } : {}), args: args.trim() };
}

/** Deep-link parameters (`t.me/PokinBot?start=pk`, inline mode's button) that stand for a command. */
const DEEP_LINKS = new Set(['pk', 'mulai', 'lanjut', 'bantuan']);

/** `/start pk` (what Telegram sends for a deep link) is the command `pk`; any other command stays as is. */
function deepLink(command: string, args: string): { command: string; args: string } {
  if (command === 'start' && DEEP_LINKS.has(args)) return { command: args, args: '' };
  return { command, args };
}

export function toIncoming(update: TgUpdate, bot: BotIdentity): Parsed {
  const updateId = String(update.update_id);

  if (update.callback_query) {
    const q = update.callback_query;
    const message = q.message;
    if (!message || q.data === undefined)
      return { kind: 'ignore', reason: 'callback without message or data', callbackQueryId: q.id };
    const chatType = chatTypeOf(message.chat);
    if (!chatType) return { kind: 'ignore', reason: 'callback in a channel', callbackQueryId: q.id };
    return {
      kind: 'incoming',
      callbackQueryId: q.id,
      incoming: {
        platform: 'telegram',
        updateId,
        conversation: conversationOf(message),
        chatType,
        user: userOf(q.from, message.chat),
        messageId: String(message.message_id),
        kind: 'choice',
        value: q.data,
      },
    };
  }

  if (update.edited_message) return { kind: 'ignore', reason: 'edited message' };
  const message = update.message;
  if (!message) return { kind: 'ignore', reason: 'not a message' };
  const chatType = chatTypeOf(message.chat);
  if (!chatType) return { kind: 'ignore', reason: 'channel' };
  if (message.from?.is_bot) return { kind: 'ignore', reason: 'from a bot' };

  const base = {
    platform: 'telegram' as const,
    updateId,
    conversation: conversationOf(message),
    chatType,
    user: userOf(message.from, message.chat),
    messageId: String(message.message_id),
  };
  const inGroup = chatType === 'group';
  const repliesToBot = message.reply_to_message?.from?.id === bot.id;

  if (typeof message.text === 'string') {
    const startsWithCommand =
      message.entities?.some((e) => e.type === 'bot_command' && e.offset === 0) ??
      message.text.startsWith('/');
    const command = startsWithCommand ? parseCommand(message.text) : undefined;
    if (command) {
      if (command.addressee && command.addressee.toLowerCase() !== bot.username.toLowerCase()) {
        return { kind: 'ignore', reason: 'command for another bot' };
      }
      return {
        kind: 'incoming',
        incoming: { ...base, kind: 'command', ...deepLink(command.command, command.args) },
      };
    }
    if (inGroup) {
      const mention = new RegExp(`@${bot.username}\\b`, 'i');
      if (!repliesToBot && !mention.test(message.text))
        return { kind: 'ignore', reason: 'group text not addressed to the bot' };
      const text = message.text.replace(new RegExp(`@${bot.username}\\b`, 'gi'), '').trim();
      return { kind: 'incoming', incoming: { ...base, kind: 'text', text } };
    }
    return { kind: 'incoming', incoming: { ...base, kind: 'text', text: message.text } };
  }

  const what = UNSUPPORTED.find((field) => message[field] !== undefined);
  if (what) {
    if (inGroup && !repliesToBot) return { kind: 'ignore', reason: `group ${what} not addressed to the bot` };
    return { kind: 'incoming', incoming: { ...base, kind: 'unsupported', what } };
  }
  return { kind: 'ignore', reason: 'service message' };
}
