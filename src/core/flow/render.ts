/**
 * Turning the state into what a person reads: the progress line ("Tahap 3/5 · Kondisi Antara 4/9"),
 * buttons carrying the question counter, the numbered outline with finding markers, and paged lists.
 */
import { PAGE_SIZE, STEPS } from '../../../flows/steps.ts';
import type { Button, Outgoing } from '../../ports/chat.ts';
import type { Finding, Lang } from '../rules/types.ts';
import type { Level, Tree } from '../tree/schema.ts';
import { t, type Vars } from './messages.ts';
import { clip } from './text.ts';
import { childLevel, findEntry, outline } from './tree-edit.ts';
import type { FlowState, Pager } from './types.ts';

export function levelLabel(lang: Lang, level: Level): string {
  return t(lang, `level.${level}`);
}

/** A button answering the current question (a tap on an older question's button is recognised as stale). */
export function button(state: FlowState, label: string, action: string): Button {
  return { label: clip(label, 60), value: `${state.ask}:${action}` };
}

/** A button that runs a command whatever the question ("/cek", "/ubah 1.2"). */
export function commandButton(label: string, command: string): Button {
  return { label: clip(label, 60), value: command };
}

/** Nodes Tahap 3 asks about (everything above kondisi operasional), in depth-first order. */
export function decomposeQueue(tree: Tree): string[] {
  return outline(tree)
    .filter((e) => e.node.level !== 'outcome' && childLevel(e.node.level) !== undefined)
    .map((e) => e.node.id);
}

export function progressLine(state: FlowState): string | undefined {
  const def = STEPS[state.cursor.step];
  const lang = state.lang;
  const stage = def.stage === 0 ? state.stage : def.stage;
  if (state.cursor.step === 'welcome' || state.cursor.step === 'restart') return undefined;
  const head = t(lang, 'progress.head', { stage, name: t(lang, `stage.${stage}`) });
  const tree = state.tree;
  const nodeId = state.cursor.nodeId;
  let detail = t(lang, def.label);
  if (state.cursor.step === 't2.convert') {
    const n = problemsOf(state).length;
    detail = `${t(lang, 'label.csf')} ${(state.cursor.index ?? 0) + 1}/${n}`;
  } else if (tree && nodeId && state.cursor.step === 't3.decompose') {
    const queue = decomposeQueue(tree);
    const entry = findEntry(tree, nodeId);
    const below = entry ? childLevel(entry.node.level) : undefined;
    if (below) detail = `${levelLabel(lang, below)} ${queue.indexOf(nodeId) + 1}/${queue.length}`;
  } else if (tree && nodeId && def.stage >= 4) {
    const all = outline(tree).map((e) => e.node.id);
    detail = `${t(lang, def.label)} ${all.indexOf(nodeId) + 1}/${all.length}`;
  }
  return `${head} · ${detail}`;
}

/** The problems of Tahap 1 (from the tree once it exists, so a restarted conversation still knows them). */
export function problemsOf(state: FlowState): string[] {
  const basis = state.tree?.tree.basis;
  if (basis) return basis.filter((b) => b.kind === 'masalah').map((b) => b.text);
  return state.draft.problems;
}

export function message(
  state: FlowState,
  text: string,
  buttons?: Button[][],
  extra: Partial<Outgoing> = {},
): Outgoing {
  const out: Outgoing = { text, ...extra };
  const progress = progressLine(state);
  if (progress) out.progress = progress;
  if (buttons && buttons.length > 0) out.buttons = buttons.filter((row) => row.length > 0);
  return out;
}

export function say(state: FlowState, key: string, vars: Vars = {}): string {
  return t(state.lang, key, vars);
}

/** Outline lines: number, statement, and ✖/⚠ counts of the node's findings. */
export function outlineLines(tree: Tree, findings: Finding[], lang: Lang): string[] {
  const byNode = new Map<string, { errors: number; warnings: number }>();
  for (const f of findings) {
    if (!f.nodeId) continue;
    const c = byNode.get(f.nodeId) ?? { errors: 0, warnings: 0 };
    if (f.severity === 'error') c.errors += 1;
    else c.warnings += 1;
    byNode.set(f.nodeId, c);
  }
  return outline(tree).map((e) => {
    const c = byNode.get(e.node.id);
    const marks = c ? `${c.errors ? ` ✖${c.errors}` : ''}${c.warnings ? ` ⚠${c.warnings}` : ''}` : '';
    const cc = e.node.crosscutting ? ` ↔ ${e.node.crosscutting.with.join(', ')}` : '';
    const indent = '  '.repeat(e.depth);
    return `${indent}${e.number} ${clip(e.node.statement, 90)}${cc}${marks} (${t(lang, `level.short.${e.node.level}`)})`;
  });
}

/** One page of a long list, with ◀ ▶ buttons. */
export function pageMessage(state: FlowState, pager: Pager): Outgoing {
  const pages = Math.max(1, Math.ceil(pager.lines.length / PAGE_SIZE));
  const page = Math.min(Math.max(pager.page, 0), pages - 1);
  const lines = pager.lines.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  const nav = [];
  if (page > 0) nav.push(commandButton(t(state.lang, 'page.prev'), `/halaman ${page - 1}`));
  if (page < pages - 1) nav.push(commandButton(t(state.lang, 'page.next'), `/halaman ${page + 1}`));
  const footer = pages > 1 ? `\n\n${t(state.lang, 'page.of', { page: page + 1, pages })}` : '';
  return message(
    state,
    `${lines.join('\n')}${footer}\n\n${t(state.lang, 'page.resume')}`,
    [nav, [commandButton(t(state.lang, 'button.resume'), '/lanjut')]],
    { title: pager.title },
  );
}
