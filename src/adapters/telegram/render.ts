/**
 * Outgoing → Bot API calls (HTML parse mode). Every piece of app text is escaped here, long text is
 * split at paragraph/line/word boundaries (never inside an entity or tag), and button values longer than
 * Telegram's 64-byte callback_data go through a short key (see callback-keys.ts).
 */
import type { Button, Outgoing, OutgoingFile } from '../../ports/chat.ts';
import { clip, splitEscaped } from '../common/split-text.ts';
import { callbackDataFor } from './callback-keys.ts';

/** Telegram's limits: message text and media captions, counted in UTF-16 units after entity parsing. */
export const MESSAGE_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
const HEADER_LIMIT = 300;

export interface InlineButton {
  text: string;
  callback_data: string;
}

export interface ReplyMarkup {
  inline_keyboard: InlineButton[][];
}

/** One Bot API call, without chat_id (the sender adds it). */
export type TelegramOp =
  | {
      method: 'sendMessage';
      params: {
        text: string;
        parse_mode: 'HTML';
        reply_markup?: ReplyMarkup;
        link_preview_options: { is_disabled: true };
      };
    }
  | {
      method: 'editMessageText';
      params: {
        message_id: number;
        text: string;
        parse_mode: 'HTML';
        reply_markup?: ReplyMarkup;
        link_preview_options: { is_disabled: true };
      };
    }
  | { method: 'sendDocument'; file: OutgoingFile; params: { caption?: string; parse_mode: 'HTML' } }
  | { method: 'sendPhoto'; file: OutgoingFile; params: { caption?: string; parse_mode: 'HTML' } };

export interface Rendered {
  ops: TelegramOp[];
  /** Button values too long for callback_data: short key → value, to store before sending. */
  longValues: Map<string, string>;
}

/** Escape text for Telegram's HTML parse mode (only &, < and > are special outside attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

export function renderOutgoing(out: Outgoing): Rendered {
  const longValues = new Map<string, string>();
  const markup = out.buttons && out.buttons.length > 0 ? keyboard(out.buttons, longValues) : undefined;

  const header: string[] = [];
  if (out.progress?.trim()) header.push(`<i>${escapeHtml(clip(out.progress.trim(), HEADER_LIMIT))}</i>`);
  if (out.title?.trim()) header.push(`<b>${escapeHtml(clip(out.title.trim(), HEADER_LIMIT))}</b>`);
  const headerHtml = header.join('\n');

  let chunks = splitHtml(out.text ?? '', MESSAGE_LIMIT, headerHtml);
  // Buttons need a message to hang on.
  if (chunks.length === 0 && markup) chunks = ['…'];

  const ops: TelegramOp[] = [];
  const editId = out.editsMessageId !== undefined ? Number(out.editsMessageId) : Number.NaN;
  chunks.forEach((text, i) => {
    const last = i === chunks.length - 1;
    const withMarkup = last && markup ? { reply_markup: markup } : {};
    if (i === 0 && Number.isSafeInteger(editId)) {
      ops.push({
        method: 'editMessageText',
        params: {
          message_id: editId,
          text,
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          ...withMarkup,
        },
      });
    } else {
      ops.push({
        method: 'sendMessage',
        params: { text, parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...withMarkup },
      });
    }
  });

  for (const file of out.files ?? []) {
    const caption = file.caption?.trim()
      ? escapeHtml(clip(file.caption.trim(), CAPTION_LIMIT - 10))
      : undefined;
    ops.push({
      method: file.asImage ? 'sendPhoto' : 'sendDocument',
      file,
      params: { parse_mode: 'HTML', ...(caption ? { caption } : {}) },
    });
  }
  return { ops, longValues };
}

function keyboard(rows: Button[][], longValues: Map<string, string>): ReplyMarkup {
  return {
    inline_keyboard: rows
      .filter((row) => row.length > 0)
      .map((row) =>
        row.map((b) => {
          const data = callbackDataFor(b.value);
          if (data !== b.value) longValues.set(data, b.value);
          return { text: clip(b.label, 64) || '·', callback_data: data };
        }),
      ),
  };
}

/**
 * Split plain `text` into HTML chunks of at most `limit` UTF-16 units, the first one prefixed by
 * `headerHtml` (already-escaped markup). Prefers paragraph, then line, then word boundaries; a word longer
 * than a chunk is cut between code points. Each piece is escaped on its own, so no entity is ever cut.
 */
export function splitHtml(text: string, limit: number, headerHtml = ''): string[] {
  return splitEscaped(text, limit, escapeHtml, headerHtml);
}
