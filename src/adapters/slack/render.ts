/**
 * Outgoing → Slack Block Kit. Every piece of app text is escaped for mrkdwn here; long text is split at
 * paragraph/line/word boundaries into sections of at most 3,000 characters and messages of at most 50
 * blocks; button values longer than Slack's 2,000 characters go through a short key (see keys.ts).
 */
import type { Button, Outgoing } from '../../ports/chat.ts';
import { clip, splitEscaped } from '../common/split-text.ts';
import { buttonValueFor } from './keys.ts';

/** Slack's limits: section text, blocks per message, buttons per actions block, label and value sizes. */
export const SECTION_LIMIT = 3000;
export const BLOCKS_PER_MESSAGE = 50;
export const ELEMENTS_PER_ACTIONS = 25;
export const BUTTON_LABEL_LIMIT = 75;
export const CONTEXT_LIMIT = 3000;
/** The notification/fallback `text` of a message with blocks (kept short: Slack shows it in pushes). */
const FALLBACK_LIMIT = 300;

/** action_id prefix of the app's buttons; the index keeps ids unique within a message. */
export const CHOICE_ACTION = 'pokin:choice';
/** action_id of the adapter's own "open the editor" button. */
export const EDITOR_ACTION = 'pokin:editor';

/** Zero-width space: Slack mrkdwn has no escape character for *, _, ~ and `. */
const ZWSP = '\u200b';

export interface TextObject {
  type: 'mrkdwn' | 'plain_text';
  text: string;
  verbatim?: boolean;
  emoji?: boolean;
}

export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: { type: 'plain_text'; text: string; emoji: true };
  value: string;
}

export type Block =
  | { type: 'section'; text: TextObject }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'actions'; elements: ButtonElement[] }
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: true } }
  | { type: 'divider' }
  | {
      type: 'input';
      block_id: string;
      label: { type: 'plain_text'; text: string };
      element: {
        type: 'plain_text_input';
        action_id: string;
        multiline: true;
        initial_value?: string;
        max_length: number;
      };
    };

/** One chat.postMessage / chat.update body without channel and thread (the delivery adds them). */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export interface Rendered {
  /** The messages, in order; the first one replaces `editsMessageId` when given. */
  messages: SlackMessage[];
  /** Button values too long for Slack: short key → value, to store before sending. */
  longValues: Map<string, string>;
}

/**
 * Escape text for mrkdwn: &, < and > become entities (so `<!channel>` or `<http://x|y>` stay text), and
 * each formatting character gets a zero-width space on both sides, so it can neither open nor close a
 * bold/italic/strike/code span whichever way Slack classifies that invisible character.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>*_~`]/g, (c) => {
    if (c === '&') return '&amp;';
    if (c === '<') return '&lt;';
    if (c === '>') return '&gt;';
    return `${ZWSP}${c}${ZWSP}`;
  });
}

/** The length escapeMrkdwn(text) will have, without building it (the splitter asks often). */
export function escapedLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 38)
      length += 4; // &amp;
    else if (c === 60 || c === 62)
      length += 3; // &lt; &gt;
    else if (c === 42 || c === 95 || c === 126 || c === 96) length += 2; // * _ ~ ` fenced by two ZWSP
  }
  return length;
}

/** The inverse of escapeMrkdwn, for tests and for reading back what was sent. */
export function unescapeMrkdwn(text: string): string {
  return text.replaceAll(ZWSP, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function renderOutgoing(out: Outgoing): Rendered {
  const longValues = new Map<string, string>();
  const actions = out.buttons ? actionBlocks(out.buttons, longValues) : [];

  const head: Block[] = [];
  if (out.progress?.trim()) {
    head.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: clip(escapeMrkdwn(out.progress.trim()), CONTEXT_LIMIT), verbatim: true },
      ],
    });
  }
  const title = out.title?.trim() ? `*${escapeMrkdwn(clip(out.title.trim(), 150))}*` : '';
  const sections: Block[] = splitMrkdwn(out.text ?? '', SECTION_LIMIT, title).map((text) => ({
    type: 'section',
    text: { type: 'mrkdwn', text, verbatim: true },
  }));
  if (sections.length === 0 && (actions.length > 0 || head.length > 0)) {
    sections.push({ type: 'section', text: { type: 'mrkdwn', text: '…', verbatim: true } });
  }

  const all = [...head, ...sections, ...actions];
  if (all.length === 0) return { messages: [], longValues };
  const messages: SlackMessage[] = [];
  for (let i = 0; i < all.length; i += BLOCKS_PER_MESSAGE) {
    const blocks = all.slice(i, i + BLOCKS_PER_MESSAGE);
    messages.push({ text: fallbackText(out, blocks), blocks });
  }
  return { messages, longValues };
}

/** What a notification or a client without blocks shows: the title, else the start of the text. */
function fallbackText(out: Outgoing, blocks: Block[]): string {
  const firstSection = blocks.find((b) => b.type === 'section');
  const source =
    out.title?.trim() ||
    (firstSection && firstSection.type === 'section' ? unescapeMrkdwn(firstSection.text.text) : '') ||
    out.text.trim();
  return escapeMrkdwn(clip(source.replace(/\s+/g, ' ').trim(), FALLBACK_LIMIT));
}

function actionBlocks(rows: Button[][], longValues: Map<string, string>): Block[] {
  const blocks: Block[] = [];
  let index = 0;
  for (const row of rows) {
    for (let i = 0; i < row.length; i += ELEMENTS_PER_ACTIONS) {
      const elements = row.slice(i, i + ELEMENTS_PER_ACTIONS).map((button): ButtonElement => {
        const value = buttonValueFor(button.value);
        if (value !== button.value) longValues.set(value, button.value);
        return {
          type: 'button',
          action_id: `${CHOICE_ACTION}:${index++}`,
          text: { type: 'plain_text', text: clip(button.label, BUTTON_LABEL_LIMIT) || '·', emoji: true },
          value,
        };
      });
      if (elements.length > 0) blocks.push({ type: 'actions', elements });
    }
  }
  return blocks;
}

/** Code-point clipping with an ellipsis (shared with the Telegram adapter). */
export { clip };

/**
 * Split plain `text` into mrkdwn chunks of at most `limit` characters, the first one starting with
 * `header` (already-escaped mrkdwn) on its own line. Prefers paragraph, then line, then word boundaries;
 * a word longer than a chunk is cut between code points; each piece is escaped on its own, so no entity
 * or zero-width guard is ever cut.
 */
export function splitMrkdwn(text: string, limit: number, header = ''): string[] {
  return splitEscaped(text, limit, escapeMrkdwn, header, escapedLength);
}

/** The data App Home shows: the person's trees, their Tahap and open findings. */
export interface HomeData {
  trees: Array<{ title: string; stage: number; findings: { errors: number; warnings: number } }>;
}

export interface HomeText {
  heading: string;
  intro: string;
  empty: string;
  stages: Record<string, string>;
  findings: string;
  clean: string;
  more: string;
  unavailable: string;
}

/** Home tabs take at most 100 blocks; trees beyond this are summarised in one line. */
export const HOME_TREES = 40;

/**
 * The App Home view for a person: one section per tree (title, Tahap, findings). `undefined` means the
 * trees could not be read (said so); `null` means no list is configured (the intro only).
 */
export function renderHome(
  data: HomeData | undefined | null,
  text: HomeText,
): { type: 'home'; blocks: Block[] } {
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(text.heading, 150), emoji: true } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(text.intro), verbatim: true }] },
  ];
  if (data === null) return { type: 'home', blocks };
  blocks.push({ type: 'divider' });
  if (!data) {
    blocks.push(section(escapeMrkdwn(text.unavailable)));
    return { type: 'home', blocks };
  }
  if (data.trees.length === 0) {
    blocks.push(section(escapeMrkdwn(text.empty)));
    return { type: 'home', blocks };
  }
  for (const tree of data.trees.slice(0, HOME_TREES)) {
    const stage = text.stages[String(tree.stage)] ?? `Tahap ${tree.stage}`;
    const { errors, warnings } = tree.findings;
    const findings =
      errors === 0 && warnings === 0
        ? text.clean
        : text.findings.replace('{errors}', String(errors)).replace('{warnings}', String(warnings));
    blocks.push(
      section(`*${escapeMrkdwn(clip(tree.title, 300))}*\n${escapeMrkdwn(stage)} · ${escapeMrkdwn(findings)}`),
    );
  }
  const rest = data.trees.length - HOME_TREES;
  if (rest > 0) blocks.push(section(escapeMrkdwn(text.more.replace('{count}', String(rest)))));
  return { type: 'home', blocks };
}

function section(mrkdwn: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: mrkdwn, verbatim: true } };
}

export interface EditorText {
  submit: string;
  cancel: string;
}

/** Modal view ids and limits: the callback_id the submission comes back under, the input's ids. */
export const EDITOR_CALLBACK = 'pokin_editor';
export const EDITOR_BLOCK = 'editor';
export const EDITOR_INPUT = 'text';
const EDITOR_MAX = 3000;
const MODAL_TITLE_LIMIT = 24;

/** The modal an Outgoing.editor asks for; `metadata` comes back in the submission. */
export function renderEditorModal(
  editor: { title: string; initial: string },
  metadata: string,
  text: EditorText,
): Record<string, unknown> {
  const initial = clip(editor.initial, EDITOR_MAX);
  return {
    type: 'modal',
    callback_id: EDITOR_CALLBACK,
    private_metadata: metadata,
    title: { type: 'plain_text', text: clip(editor.title.trim() || 'Pokin', MODAL_TITLE_LIMIT) },
    submit: { type: 'plain_text', text: clip(text.submit, MODAL_TITLE_LIMIT) },
    close: { type: 'plain_text', text: clip(text.cancel, MODAL_TITLE_LIMIT) },
    blocks: [
      {
        type: 'input',
        block_id: EDITOR_BLOCK,
        label: { type: 'plain_text', text: clip(editor.title.trim() || 'Pokin', 2000) },
        element: {
          type: 'plain_text_input',
          action_id: EDITOR_INPUT,
          multiline: true,
          max_length: EDITOR_MAX,
          ...(initial ? { initial_value: initial } : {}),
        },
      },
    ],
  };
}
