/**
 * Telegram inline mode (`@PokinBot kabid statistik` in any chat): the PK look-up over the person's
 * current tree (the most recently updated of the trees they are a member of), answered as articles
 * the person can post into the chat. The provider is platform-neutral data; rendering to
 * answerInlineQuery (HTML, escaping, Telegram's limits) happens here too.
 */
import { createHash } from 'node:crypto';
import { formatMatch, lookupPk, type PkMatch } from '../../core/lookup/pk.ts';
import type { ChatUser } from '../../ports/chat.ts';
import type { TreeRepository } from '../../ports/repository.ts';
import messages from './data/inline.json' with { type: 'json' };
import { escapeHtml, MESSAGE_LIMIT } from './render.ts';

export type InlineLang = 'id' | 'en';

/** One result: a title and a line to choose it by, and the plain text posted when chosen. */
export interface InlineItem {
  id: string;
  title: string;
  description?: string | undefined;
  /** Plain text (escaped here); the first line is shown bold. */
  text: string;
}

export interface InlineAnswer {
  items: InlineItem[];
  /** A button above the results that opens the private chat with the bot (`/start <start>`). */
  button?: { text: string; start: string } | undefined;
}

/** What the adapter asks when an inline query arrives. */
export type InlineQueryProvider = (user: ChatUser, query: string, lang: InlineLang) => Promise<InlineAnswer>;

/** Telegram's limits for answerInlineQuery. */
const MAX_RESULTS = 50;
const TITLE_LIMIT = 120;
const BUTTON_LIMIT = 64;

function say(
  lang: InlineLang,
  key: keyof (typeof messages)['id'],
  params: Record<string, string> = {},
): string {
  return messages[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');
}

function clip(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

/** The answerInlineQuery payload for an answer: escaped HTML messages, clipped titles, a personal cache. */
export function renderInlineAnswer(queryId: string, answer: InlineAnswer): Record<string, unknown> {
  const results = answer.items.slice(0, MAX_RESULTS).map((item) => {
    const [head = '', ...rest] = item.text.split('\n');
    const html = fitHtml(head, rest.join('\n'));
    return {
      type: 'article',
      id: item.id,
      title: clip(item.title, TITLE_LIMIT) || '·',
      ...(item.description ? { description: clip(item.description, 200) } : {}),
      input_message_content: {
        message_text: html,
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      },
    };
  });
  return {
    inline_query_id: queryId,
    results,
    // Answers depend on who asks (their trees): never share them between people, keep them briefly.
    is_personal: true,
    cache_time: 10,
    ...(answer.button
      ? { button: { text: clip(answer.button.text, BUTTON_LIMIT), start_parameter: answer.button.start } }
      : {}),
  };
}

/** Bold first line and escaped body within Telegram's 4,096; a cut falls between code points, never in an entity. */
function fitHtml(head: string, body: string): string {
  const headHtml = `<b>${escapeHtml(clip(head, 200))}</b>`;
  const whole = body === '' ? headHtml : `${headHtml}\n${escapeHtml(body)}`;
  if (whole.length <= MESSAGE_LIMIT) return whole;
  const budget = MESSAGE_LIMIT - headHtml.length - 2;
  let kept = '';
  let size = 0;
  for (const ch of body) {
    const cost = escapeHtml(ch).length;
    if (size + cost > budget) break;
    kept += ch;
    size += cost;
  }
  return `${headHtml}\n${escapeHtml(kept)}…`;
}

function itemId(treeId: string, nodeId: string): string {
  return createHash('sha256').update(`${treeId}\u0000${nodeId}`).digest('base64url').slice(0, 32);
}

function summaryOf(m: PkMatch): string {
  const who = [m.holders.join('/'), m.jabatan].filter(Boolean).join(' · ');
  const indicator = m.indicators[0]?.name;
  return [who, indicator].filter(Boolean).join(' — ');
}

/** The PK look-up as an inline provider over the repository (Telegram accounts, linked ones included). */
export function createPkInlineProvider(repository: TreeRepository): InlineQueryProvider {
  return async (user, query, lang) => {
    const actor = { platform: 'telegram' as const, userId: user.id };
    const trees = await repository.listTrees(actor);
    const current = [...trees].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0];
    if (!current) return { items: [], button: { text: say(lang, 'noTree'), start: 'mulai' } };
    if (query.trim() === '') return { items: [], button: { text: say(lang, 'hint'), start: 'pk' } };
    const loaded = await repository.loadTree(actor, current.id);
    if (!loaded.ok) return { items: [], button: { text: say(lang, 'noTree'), start: 'mulai' } };

    const result = lookupPk(loaded.value.tree, query);
    if (result.kind === 'empty') return { items: [], button: { text: say(lang, 'hint'), start: 'pk' } };
    const from = say(lang, 'from', { title: current.title });
    const toItem = (m: PkMatch, closest: boolean): InlineItem => ({
      id: itemId(current.id, m.nodeId),
      title: `${m.number ? `${m.number} ` : ''}${m.statement}`,
      description: [closest ? say(lang, 'closest') : '', summaryOf(m)].filter(Boolean).join(' · '),
      text: `${formatMatch(m, lang)}\n${from}`,
    });
    if (result.kind === 'found') return { items: result.matches.map((m) => toItem(m, false)) };
    return {
      items: result.closest.map((m) => toItem(m, true)),
      button: { text: say(lang, 'notFound', { query: query.trim() }), start: 'pk' },
    };
  };
}
