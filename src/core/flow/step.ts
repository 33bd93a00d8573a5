/**
 * The guided drafting conversation as a pure function: `step(state, event) → { state, effects }`.
 * Typed text, button taps and commands come in as events; so do the results of effects (suggestions,
 * saved trees, exports). Every statement and indicator passes the rules before it is saved: an error is
 * explained with its rule id and the fix offered as a button; a warning may be accepted with a reason.
 */
import { COMMANDS, FIRST_STEP, MAX_SUGGESTIONS, STEPS, type StepId } from '../../../flows/steps.ts';
import type { Button, Outgoing } from '../../ports/chat.ts';
import type { DraftContext, DraftRequest, DraftResponse, Suggestion } from '../../ports/drafter.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../../ports/exporter.ts';
import type { ChangeSource } from '../../ports/repository.ts';
import type { LlmUsageTotals } from '../../ports/usage.ts';
import { createNomenclatureIndex, foldName } from '../nomenclature/types.ts';
import { parseFormula } from '../rules/formula.ts';
import { checkIndicator, checkStatement, checkTree, stageGate } from '../rules/index.ts';
import type { Finding, Lang, Stage } from '../rules/types.ts';
import {
  type AcceptedWarning,
  COMPONENTS,
  type Component,
  type Indicator,
  type Kinerja,
  type Level,
  type Node,
  PK_HOLDERS,
  type PkHolder,
  type Planning,
  type TargetValue,
  type Tree,
} from '../tree/schema.ts';
import {
  button,
  commandButton,
  decomposeQueue,
  levelLabel,
  message,
  outlineLines,
  pageMessage,
  problemsOf,
  say,
} from './render.ts';
import {
  clip,
  looksLikeGibberish,
  parsePeriod,
  parseTargets,
  parseTargetValue,
  problemOf,
  tidy,
} from './text.ts';
import {
  addChild,
  childLevel,
  countByLevel,
  entryByNumber,
  findEntry,
  outline,
  removeNode,
  updateNode,
} from './tree-edit.ts';
import type {
  ChangeMeta,
  Cursor,
  Effect,
  FlowEvent,
  FlowState,
  OfferItem,
  OfficialIndicator,
  Pending,
  StepResult,
} from './types.ts';

const HISTORY_LIMIT = 30;

export function initialState(lang: Lang = 'id'): FlowState {
  return {
    lang,
    stage: 1,
    cursor: { step: 'welcome' },
    history: [],
    ask: 0,
    draft: { mandate: [], problems: [], expectations: [] },
    visited: [],
  };
}

const done = (state: FlowState, ...effects: Effect[]): StepResult => ({ state, effects });
const replyOf = (m: Outgoing): Effect => ({ type: 'reply', message: m });

/** Apply one event. */
export function step(state: FlowState, event: FlowEvent): StepResult {
  switch (event.type) {
    case 'command':
      return onCommand(state, event.command, event.args);
    case 'text':
      return onText(state, event.text);
    case 'choice':
      return onChoice(state, event.value);
    case 'drafted':
      return event.ask === state.ask
        ? onDrafted(state, event.response.suggestions, event.response.source, event.response.fallback)
        : done(state);
    case 'draft_failed':
      return event.ask === state.ask
        ? ask({ ...state, offer: { items: [], unavailable: true } })
        : done(state);
    case 'nomenclature_results':
      return event.ask === state.ask ? onNomenclature(state, event) : done(state);
    case 'tree_created':
      return onTreeCreated(state, event);
    case 'saved':
      return done({ ...state, treeVersion: event.version });
    case 'save_failed':
      return onSaveFailed(state, event);
    case 'tree_loaded': {
      const next: FlowState = { ...state, tree: event.tree, treeVersion: event.version, pending: undefined };
      const note = event.summary
        ? say(next, 'undo.done', { summary: event.summary })
        : say(next, 'undo.done.plain');
      return withNote(reenter(next), note);
    }
    case 'undo_failed':
      return done(
        state,
        replyOf(
          message(state, say(state, event.error.kind === 'nothing_to_undo' ? 'undo.nothing' : 'undo.failed')),
        ),
      );
    case 'history': {
      const lines = event.revisions.map(
        (r) =>
          `v${r.version} · ${r.at.toISOString().slice(0, 16).replace('T', ' ')} · ${r.summary}${r.reason ? ` (${say(state, 'history.reason')}: ${r.reason})` : ''}`,
      );
      if (lines.length === 0) return done(state, replyOf(message(state, say(state, 'history.empty'))));
      return showPager(state, say(state, 'history.title'), lines);
    }
    case 'exported': {
      const names = event.files.map((f) => f.filename).join(', ');
      return done(
        state,
        replyOf(
          message(
            state,
            say(state, 'export.ready', { files: names }),
            [[commandButton(say(state, 'button.resume'), '/lanjut')]],
            {
              files: event.files.map((f) => ({ ...f, asImage: f.mimeType === 'image/png' })),
            },
          ),
        ),
      );
    }
    case 'export_failed':
      return done(
        state,
        replyOf(message(state, say(state, 'export.failed', { format: event.format, detail: event.detail }))),
      );
    case 'linked': {
      const reply = replyOf(message(state, say(state, event.ok ? 'link.ok' : 'link.failed')));
      // Linked from a fresh conversation: pick up the tree started in the other app right away.
      if (event.ok && !state.treeId && state.cursor.step === 'welcome')
        return done(state, reply, { type: 'list_trees', page: 0 });
      return done(state, reply);
    }
    case 'link_code':
      return done(state, replyOf(message(state, say(state, 'link.code', { code: event.code }))));
    case 'pk_answer':
      return done(state, replyOf(message(state, event.text)));
    case 'usage':
      return status(state, event);
    case 'trees_listed':
      return chooseTree(state, event);
    case 'tree_opened':
      return openTree(state, event);
  }
}

// ───────────────────────── continuing a saved tree ─────────────────────────

const TREES_PER_PAGE = 5;

/** No tree in this conversation yet: continue one of the person's trees (possibly from another app). */
function chooseTree(state: FlowState, event: Extract<FlowEvent, { type: 'trees_listed' }>): StepResult {
  const trees = event.trees;
  const missing = event.missing ? `${say(state, 'resume.missing')}\n\n` : '';
  // Nothing to continue: the welcome (with its Mulai button) follows the note.
  if (trees.length === 0) return withNote(reenter(state), `${missing}${say(state, 'resume.none')}`);
  if (trees.length === 1 && !event.missing && trees[0])
    return done(state, { type: 'open_tree', treeId: trees[0].id });
  const pages = Math.ceil(trees.length / TREES_PER_PAGE);
  const page = Math.min(Math.max(event.page, 0), pages - 1);
  const shown = trees.slice(page * TREES_PER_PAGE, (page + 1) * TREES_PER_PAGE);
  const nav = [];
  if (page > 0) nav.push(commandButton(say(state, 'page.prev'), `/lanjut ${page - 1}`));
  if (page < pages - 1) nav.push(commandButton(say(state, 'page.next'), `/lanjut ${page + 1}`));
  const text = `${missing}${say(state, 'resume.choose', { count: trees.length })}${pages > 1 ? ` (${page + 1}/${pages})` : ''}`;
  return done(
    state,
    replyOf(
      message(state, text, [
        ...shown.map((t) => [commandButton(`${t.title} · Tahap ${t.stage}`, `/lanjut ${t.id}`)]),
        ...(nav.length > 0 ? [nav] : []),
        [commandButton(say(state, 'button.start'), '/mulai')],
      ]),
    ),
  );
}

/** Nodes already worked on at `stage`, so the opened tree resumes at the first one still to do. */
function progressOf(tree: Tree, stage: Stage): string[] {
  const entries = outline(tree);
  if (stage === 3)
    return decomposeQueue(tree).filter((id) => (findEntry(tree, id)?.node.children?.length ?? 0) > 0);
  if (stage === 4) return entries.filter((e) => (e.node.indicators?.length ?? 0) > 0).map((e) => e.node.id);
  if (stage === 5) return entries.filter((e) => (e.node.planning?.length ?? 0) > 0).map((e) => e.node.id);
  return [];
}

function openTree(state: FlowState, event: Extract<FlowEvent, { type: 'tree_opened' }>): StepResult {
  // A saved tree has its outcome confirmed, so Tahap 1 is behind it.
  const stage: Stage = event.stage < 2 ? 2 : event.stage;
  const next: FlowState = {
    ...initialState(state.lang),
    ask: state.ask,
    stage,
    treeId: event.treeId,
    organisationId: event.organisationId,
    tree: event.tree,
    treeVersion: event.version,
    visited: progressOf(event.tree, stage),
  };
  const csf = (event.tree.tree.children ?? []).filter((c) => c.level === 'csf').length;
  const cursor: Cursor = stage === 2 ? { step: 't2.convert', index: csf } : { step: FIRST_STEP[stage] };
  return withNote(go(next, cursor, false), say(next, 'resume.opened', { title: clip(event.title, 80) }));
}

// ───────────────────────── navigation ─────────────────────────

/**
 * Put `note` ("Tersimpan ✓ 1.2") above the next question, so a phone shows one message, not two: merged
 * into the reply already in `result`, or kept in the state for the question asked after the drafter.
 */
function withNote(result: StepResult, note: string): StepResult {
  const i = result.effects.findIndex((e) => e.type === 'reply');
  const first = result.effects[i];
  if (first?.type === 'reply') {
    const effects = [...result.effects];
    effects[i] = { type: 'reply', message: { ...first.message, text: `${note}\n\n${first.message.text}` } };
    return { state: result.state, effects };
  }
  const pendingNote = result.state.note ? `${result.state.note}\n\n${note}` : note;
  return { state: { ...result.state, note: pendingNote }, effects: result.effects };
}

/** Move to `cursor` (a new question), remembering where we were for /kembali. */
function go(state: FlowState, cursor: Cursor, remember = true): StepResult {
  const history = remember ? [...state.history, state.cursor].slice(-HISTORY_LIMIT) : state.history;
  return enter({ ...state, history, cursor, offer: undefined, pending: undefined, pager: undefined });
}

/** Ask the current question again, re-drafting suggestions where the step has them. */
function reenter(state: FlowState): StepResult {
  return enter({ ...state, offer: undefined, pending: undefined, pager: undefined });
}

/**
 * Settle the cursor (skip what is already answered, pick the next node), then either ask the drafter
 * (the question is shown when the suggestions arrive) or ask right away.
 */
function enter(input: FlowState): StepResult {
  const state = settle({ ...input, ask: input.ask + 1 });
  const request = draftRequest(state);
  if (request) return done({ ...state, offer: undefined }, { type: 'draft', ask: state.ask, request });
  return ask(state);
}

function settle(state: FlowState): FlowState {
  const c = state.cursor;
  const tree = state.tree;
  const nodeGone = c.nodeId !== undefined && (!tree || !findEntry(tree, c.nodeId));
  switch (c.step) {
    case 't2.convert': {
      const i = c.index ?? 0;
      if (i >= problemsOf(state).length) return settle({ ...state, cursor: { step: 't2.more' } });
      return state;
    }
    case 't3.decompose': {
      if (!tree) return state;
      if (c.nodeId && !nodeGone && !state.visited.includes(c.nodeId)) return state;
      const next = decomposeQueue(tree).find((id) => !state.visited.includes(id));
      return { ...state, cursor: next ? { step: 't3.decompose', nodeId: next } : { step: 't3.review' } };
    }
    case 't4.indicator':
    case 't5.component': {
      if (!tree) return state;
      if (c.nodeId && !nodeGone && !state.visited.includes(c.nodeId)) return state;
      const next = outline(tree).find((e) => !state.visited.includes(e.node.id));
      const review: StepId = c.step === 't4.indicator' ? 't4.review' : 't5.review';
      return { ...state, cursor: next ? { step: c.step, nodeId: next.node.id } : { step: review } };
    }
    case 't3.crosscutting':
    case 't4.unit':
    case 't4.formula':
    case 't5.nomenclature':
    case 't5.pk':
    case 't5.jabatan':
    case 't5.baseline':
    case 't5.targets':
    case 'edit':
    case 'delete':
      if (nodeGone) return settle({ ...state, cursor: c.returnTo ?? { step: FIRST_STEP[state.stage] } });
      return state;
    default:
      return state;
  }
}

function currentNode(state: FlowState): Node | undefined {
  const id = state.cursor.nodeId;
  return id && state.tree ? findEntry(state.tree, id)?.node : undefined;
}

// ───────────────────────── drafter requests ─────────────────────────

function basisTexts(state: FlowState, kind: 'mandat' | 'masalah' | 'harapan'): string[] {
  const basis = state.tree?.tree.basis;
  if (basis) return basis.filter((b) => b.kind === kind).map((b) => b.text);
  const d = state.draft;
  return kind === 'mandat' ? d.mandate : kind === 'masalah' ? d.problems : d.expectations;
}

export function draftContext(state: FlowState): DraftContext {
  const tree = state.tree;
  return {
    organisation: tree?.organization.name ?? state.draft.organisation ?? '',
    region: tree?.organization.region ?? state.draft.region,
    period: tree?.period ? { from: tree.period.from, to: tree.period.to } : state.draft.period,
    mandate: basisTexts(state, 'mandat'),
    problems: basisTexts(state, 'masalah'),
    expectations: basisTexts(state, 'harapan'),
    outcome: tree?.tree.statement ?? state.draft.outcome,
    lang: state.lang,
  };
}

function allStatements(tree: Tree | undefined, except?: string): string[] {
  if (!tree) return [];
  return outline(tree)
    .filter((e) => e.node.id !== except)
    .map((e) => e.node.statement);
}

function draftRequest(state: FlowState): DraftRequest | undefined {
  const c = state.cursor;
  const context = draftContext(state);
  const node = currentNode(state);
  // flows/steps.ts says which steps draft and with which task; this builds the task's request.
  switch (STEPS[c.step].suggest) {
    case 'outcome':
      return { task: 'outcome', context };
    case 'problem_to_condition': {
      const problem = problemsOf(state)[c.index ?? 0];
      return problem ? { task: 'problem_to_condition', context, problems: [problem] } : undefined;
    }
    case 'csf':
      return { task: 'csf', context, existing: allStatements(state.tree) };
    case 'decompose': {
      const below = node ? childLevel(node.level) : undefined;
      if (!node || !below) return undefined;
      return {
        task: 'decompose',
        context,
        parent: { statement: node.statement, level: node.level },
        childLevel: below,
        existing: allStatements(state.tree),
      };
    }
    case 'indicators':
      if (!node) return undefined;
      return {
        task: 'indicators',
        context,
        node: { statement: node.statement, level: node.level },
        parentIndicators: parentIndicatorNames(state, node.id),
      };
    case 'formula': {
      const ind = c.work?.indicator;
      if (!node || !ind) return undefined;
      return {
        task: 'formula',
        context,
        node: { statement: node.statement, level: node.level },
        indicator: { name: ind.name, unit: ind.unit },
      };
    }
    case 'targets': {
      const ind = node?.indicators?.[c.work?.indicatorIndex ?? 0];
      const years = periodYears(state);
      if (!node || !ind || years.length === 0) return undefined;
      return {
        task: 'targets',
        context,
        node: { statement: node.statement, level: node.level },
        indicator: { name: ind.name, unit: ind.unit, polarity: ind.polarity, baseline: ind.baseline },
        years,
      };
    }
    default:
      return undefined;
  }
}

function parentIndicatorNames(state: FlowState, nodeId: string): string[] {
  const entry = state.tree ? findEntry(state.tree, nodeId) : undefined;
  return (entry?.parent?.indicators ?? []).map((i) => i.name);
}

function periodYears(state: FlowState): number[] {
  const p = state.tree?.period;
  if (!p) return [];
  const years: number[] = [];
  for (let y = p.from; y <= p.to; y++) years.push(y);
  return years;
}

// ───────────────────────── suggestions ─────────────────────────

/** The level a statement typed at the current step will have, and its parent (for TRE-07). */
function statementTarget(
  state: FlowState,
): { level: Level; parent?: string | undefined; except?: string } | undefined {
  const c = state.cursor;
  const node = currentNode(state);
  switch (c.step) {
    case 't1.outcome':
      return { level: 'outcome' };
    case 't2.convert':
    case 't2.more':
      return { level: 'csf', parent: state.tree?.tree.statement };
    case 't3.decompose': {
      const below = node ? childLevel(node.level) : undefined;
      return node && below ? { level: below, parent: node.statement } : undefined;
    }
    case 'edit': {
      if (!node || !state.tree) return undefined;
      const entry = findEntry(state.tree, node.id);
      return { level: node.level, parent: entry?.parent?.statement, except: node.id };
    }
    default:
      return undefined;
  }
}

function statementFindings(state: FlowState, statement: string): Finding[] {
  const target = statementTarget(state);
  if (!target) return [];
  return checkStatement({
    statement,
    level: target.level,
    parent: target.parent,
    existing: allStatements(state.tree, target.except),
  });
}

const KINERJA_OF: Record<Level, Kinerja> = {
  outcome: 'strategis',
  csf: 'strategis',
  kondisi_antara_utama: 'taktikal_intermediate',
  kondisi_antara: 'taktikal_immediate',
  kondisi_operasional: 'operasional',
};

function polarityOf(statement: string): 'naik' | 'turun' {
  return /^(Menurunnya|Berkurangnya|Terkendalinya)\b/i.test(statement) ? 'turun' : 'naik';
}

function completeIndicator(node: Node, indicator: Indicator): Indicator {
  return {
    ...indicator,
    kinerja: indicator.kinerja ?? KINERJA_OF[node.level],
    polarity: indicator.polarity ?? polarityOf(node.statement),
  };
}

function indicatorFindings(state: FlowState, node: Node, indicator: Indicator): Finding[] {
  return checkIndicator({
    indicator,
    level: node.level,
    stage: 4,
    planning: node.planning,
    parentIndicators: parentIndicatorNames(state, node.id),
  });
}

function onDrafted(
  state: FlowState,
  suggestions: Suggestion[],
  source: string,
  fallback?: DraftResponse['fallback'],
): StepResult {
  const items: OfferItem[] = [];
  const seen = new Set<string>();
  const node = currentNode(state);
  const existing = new Set(allStatements(state.tree).map((s) => s.toLowerCase()));
  for (const s of suggestions) {
    if (items.length >= MAX_SUGGESTIONS) break;
    if (state.cursor.step === 't4.indicator' && s.indicator && node) {
      const indicator = completeIndicator(node, s.indicator);
      const key = indicator.name.toLowerCase();
      if (seen.has(key) || (node.indicators ?? []).some((i) => i.name.toLowerCase() === key)) continue;
      const findings = indicatorFindings(state, node, indicator);
      if (findings.some((f) => f.severity === 'error')) continue;
      seen.add(key);
      items.push({
        label: `${indicator.name} [${indicator.unit}]`,
        indicator,
        warnings: findings.map((f) => f.rule),
      });
    } else if (state.cursor.step === 't4.formula') {
      const formula = s.indicator?.formula ?? s.statement;
      if (!formula || seen.has(formula)) continue;
      seen.add(formula);
      items.push({ label: formula, statement: formula, indicator: s.indicator, warnings: [] });
    } else if (state.cursor.step === 't5.targets' && s.targets) {
      const years = periodYears(state);
      const values = years.map((y) => s.targets?.[String(y)]);
      if (values.some((v) => v === undefined)) continue;
      items.push({ label: values.join(' · '), targets: s.targets, warnings: [] });
    } else if (s.statement) {
      const statement = tidy(s.statement);
      const key = statement.toLowerCase();
      if (seen.has(key) || existing.has(key)) continue;
      const findings = statementFindings(state, statement);
      if (findings.some((f) => f.severity === 'error')) continue;
      seen.add(key);
      items.push({ label: statement, statement, problem: s.problem, warnings: findings.map((f) => f.rule) });
    }
  }
  const next: FlowState = { ...state, offer: { items, source }, drafter: source };
  // The LLM failed and the offline drafter answered: say why when the drafter knows, else say so.
  if (!fallback) return ask(next);
  const reason = fallback.message?.[state.lang];
  return withNote(ask(next), reason ? `(${reason})` : say(state, 'offer.fallback'));
}

// ───────────────────────── asking ─────────────────────────

function offerButtons(state: FlowState): Button[][] {
  return (state.offer?.items ?? []).map((item, i) => [
    button(state, `${item.warnings.length > 0 ? '⚠ ' : ''}${item.label}`, `s:${i}`),
  ]);
}

/** Button labels are short; when a suggestion did not fit its button, the full wording is listed. */
function fullSuggestions(state: FlowState): string {
  const items = state.offer?.items ?? [];
  if (!items.some((item) => item.label.length > 60)) return '';
  return `\n\n${items.map((item, i) => `${i + 1}. ${item.label}`).join('\n')}`;
}

function quote(text: string, max = 120): string {
  return `«${clip(text, max)}»`;
}

/** The one-tap "use the official indicator" row, while a picked sub kegiatan's indicator is on offer. */
function officialButton(state: FlowState): Button[][] {
  const official = state.cursor.work?.official;
  if (!official) return [];
  return [[button(state, say(state, 'button.official', { unit: official.unit }), 'official')]];
}

/** Render the current question. */
function ask(input: FlowState): StepResult {
  const note = input.note;
  const state: FlowState = note ? { ...input, note: undefined } : input;
  const c = state.cursor;
  const lang = state.lang;
  const node = currentNode(state);
  const def = STEPS[c.step];
  const q = (key: string, vars: Record<string, string | number | undefined> = {}) => say(state, key, vars);
  const noSuggestion = state.offer?.unavailable ? `\n\n${q('offer.unavailable')}` : '';
  const send = (text: string, buttons: Button[][] = [], extra: Partial<Outgoing> = {}) =>
    done(
      state,
      replyOf(message(state, `${note ? `${note}\n\n` : ''}${text}${fullSuggestions(state)}`, buttons, extra)),
    );
  const example = def.example ? `\n${q('example', { example: q(def.example) })}` : '';

  switch (c.step) {
    case 'welcome':
      return send(q('welcome.ask'), [[button(state, q('button.start'), 'start')]], {
        title: q('welcome.title'),
      });
    case 'restart':
      return send(
        state.tree ? q('restart.ask', { title: state.tree.tree.statement }) : q('restart.ask.draft'),
        [[button(state, q('button.restart.yes'), 'yes'), button(state, q('button.no'), 'no')]],
      );
    case 't1.organisation':
      return send(`${q('t1.organisation.ask')}${example}`);
    case 't1.region':
      return send(`${q('t1.region.ask')}${example}`, [[button(state, q('button.skip'), 'skip')]]);
    case 't1.period':
      return send(`${q('t1.period.ask')}${example}`, [
        [button(state, '2025–2029', 'period:2025-2029'), button(state, '2026–2030', 'period:2026-2030')],
      ]);
    case 't1.mandate':
    case 't1.problems':
    case 't1.expectations': {
      const list = listOf(state, c.step);
      const have =
        list.length > 0
          ? `\n\n${q('list.have', { count: list.length })}\n${list.map((x) => `• ${clip(x, 80)}`).join('\n')}`
          : '';
      const min = def.min ?? 0;
      const buttons: Button[][] = [];
      if (list.length >= min)
        buttons.push([button(state, list.length === 0 ? q('button.skip') : q('button.done'), 'done')]);
      if (list.length > 0) buttons.push([button(state, q('button.removeLast'), 'pop')]);
      // Once the first answer is in, the question is known: a short "next one, or Done" is enough.
      const head = list.length > 0 ? q('list.more', { label: q(def.label) }) : `${q(def.ask)}${example}`;
      return send(`${head}${have}`, buttons);
    }
    case 't1.outcome':
      return send(`${q('t1.outcome.ask')}${noSuggestion}${example}`, offerButtons(state));
    case 't1.confirm': {
      const d = state.draft;
      const text = q('t1.confirm.ask', {
        organisation: d.organisation,
        period: d.period ? `${d.period.from}–${d.period.to}` : '-',
        outcome: d.outcome,
        mandate: d.mandate.length,
        problems: d.problems.length,
        expectations: d.expectations.length,
      });
      return send(text, [
        [button(state, q('button.confirm.tree'), 'confirm')],
        [button(state, q('button.change.outcome'), 'outcome')],
      ]);
    }
    case 't2.convert': {
      const problems = problemsOf(state);
      const i = c.index ?? 0;
      return send(
        `${q('t2.convert.ask', { problem: problems[i], n: i + 1, count: problems.length })}${noSuggestion}`,
        [...offerButtons(state), [button(state, q('button.skipProblem'), 'skip')]],
      );
    }
    case 't2.more': {
      const csfs = state.tree?.tree.children ?? [];
      const have = csfs.map((n) => `• ${clip(n.statement, 80)}`).join('\n');
      return send(`${q('t2.more.ask', { count: csfs.length })}\n${have}${noSuggestion}`, [
        ...offerButtons(state),
        [button(state, q('button.done'), 'done')],
      ]);
    }
    case 't3.decompose': {
      if (!node) return send(q('state.lost'));
      const below = childLevel(node.level);
      const have =
        node.children.length > 0
          ? `\n\n${q('list.have', { count: node.children.length })}\n${node.children.map((n) => `• ${clip(n.statement, 80)}`).join('\n')}`
          : '';
      const last =
        c.work?.lastAdded && state.tree ? findEntry(state.tree, c.work.lastAdded)?.node : undefined;
      const buttons = offerButtons(state);
      if (last)
        buttons.push([
          button(state, q('button.crosscutting', { statement: clip(last.statement, 30) }), 'cc'),
        ]);
      buttons.push([
        button(state, node.children.length > 0 ? q('button.doneNode') : q('button.skipNode'), 'done'),
      ]);
      return send(
        `${q('t3.decompose.ask', { statement: quote(node.statement), level: below ? levelLabel(lang, below) : '' })}${have}${noSuggestion}`,
        buttons,
      );
    }
    case 't3.crosscutting': {
      const target =
        c.work?.lastAdded && state.tree ? findEntry(state.tree, c.work.lastAdded)?.node : undefined;
      return send(`${q('t3.crosscutting.ask', { statement: quote(target?.statement ?? '') })}${example}`, [
        [button(state, q('button.cancel'), 'cancel')],
      ]);
    }
    case 't4.indicator': {
      if (!node) return send(q('state.lost'));
      const have = (node.indicators ?? []).map((i) => `• ${i.name} [${i.unit}]`).join('\n');
      const buttons = offerButtons(state);
      if ((node.indicators ?? []).length > 0) {
        buttons.push([button(state, q('button.nextNode'), 'done')]);
        buttons.push([button(state, q('button.removeIndicator'), 'pop')]);
      } else buttons.push([button(state, q('button.skipNode'), 'done')]);
      return send(
        `${q('t4.indicator.ask', { statement: quote(node.statement), level: levelLabel(lang, node.level) })}${have ? `\n\n${q('list.have', { count: (node.indicators ?? []).length })}\n${have}` : example}${noSuggestion}`,
        buttons,
      );
    }
    case 't4.unit': {
      const name = c.work?.indicator?.name ?? '';
      return send(`${q('t4.unit.ask', { name: quote(name) })}`, [
        unitOptions(name).map((u) => button(state, u, `unit:${u}`)),
      ]);
    }
    case 't4.formula': {
      const name = c.work?.indicator?.name ?? '';
      return send(
        `${q('t4.formula.ask', { name: quote(name) })}${noSuggestion}${example}`,
        offerButtons(state),
      );
    }
    case 't4.terms': {
      const w = c.work;
      const symbol = w?.termFormulaFor ?? w?.symbols?.[w?.terms?.length ?? 0] ?? '';
      const name = w?.terms?.find((t) => t.symbol === w.termFormulaFor)?.name ?? '';
      const text = w?.termFormulaFor
        ? q('t4.terms.formula', { symbol, name })
        : `${q('t4.terms.ask', { symbol, formula: quote(w?.formula ?? '') })}${example}`;
      return send(text);
    }
    case 't2.review':
    case 't3.review':
    case 't4.review':
    case 't5.review':
      return review(state, def.gate ?? state.stage);
    case 't5.component': {
      if (!node) return send(q('state.lost'));
      const fit = COMPONENT_OF[node.level];
      const order = [fit, ...COMPONENTS.filter((x) => x !== fit)];
      return send(
        q('t5.component.ask', { statement: quote(node.statement), level: levelLabel(lang, node.level) }),
        [
          [button(state, `✓ ${q(`component.${fit}`)}`, `component:${fit}`)],
          order.slice(1).map((x) => button(state, q(`component.${x}`), `component:${x}`)),
          [button(state, q('button.skipNode'), 'done')],
        ],
      );
    }
    case 't5.nomenclature': {
      const field = c.work?.field ?? 'program';
      const results = state.offer?.items ?? [];
      const buttons = results.map((item, i) => [button(state, item.label, `s:${i}`)]);
      const intro =
        results.length > 0
          ? q('t5.nomenclature.pick')
          : `${q('t5.nomenclature.ask', { field: q(`field.${field}`), statement: quote(node?.statement ?? '') })}${example}`;
      return send(intro, buttons);
    }
    case 't5.pk': {
      const component = c.work?.planning?.component ?? 'sasaran_kegiatan';
      return send(q('t5.pk.ask', { component: q(`component.${component}`) }), [
        PK_FIT[component].map((h) => button(state, q(`pk.${h}`), `pk:${h}`)),
        ...officialButton(state),
      ]);
    }
    case 't5.jabatan':
      return send(`${q('t5.jabatan.ask', { pk: q(`pk.${c.work?.planning?.pk ?? 'JF'}`) })}${example}`, [
        [button(state, q('button.skip'), 'skip')],
        ...officialButton(state),
      ]);
    case 't5.baseline': {
      const ind = node?.indicators?.[c.work?.indicatorIndex ?? 0];
      const year = (state.tree?.period?.from ?? 2025) - 1;
      return send(`${q('t5.baseline.ask', { name: quote(ind?.name ?? ''), unit: ind?.unit, year })}`, [
        [button(state, q('button.skip'), 'skip')],
      ]);
    }
    case 't5.targets': {
      const ind = node?.indicators?.[c.work?.indicatorIndex ?? 0];
      const years = periodYears(state);
      return send(
        `${q('t5.targets.ask', { name: quote(ind?.name ?? ''), unit: ind?.unit, from: years[0], to: years[years.length - 1], count: years.length })}${noSuggestion}`,
        offerButtons(state),
      );
    }
    case 'done':
      return send(q('done.ask'), [
        EXPORT_BUTTONS.map((f) => commandButton(q(`export.${f}`), `/ekspor ${f}`)),
        [commandButton(q('button.view'), '/lihat'), commandButton(q('button.check'), '/cek')],
      ]);
    case 'edit':
      if (!node) return send(q('state.lost'));
      // Where the platform can (a Slack modal), the statement opens prefilled; the submission comes back as text.
      return send(
        q('edit.ask', { statement: quote(node.statement, 300) }),
        [[button(state, q('button.cancel'), 'cancel')]],
        {
          editor: {
            title: q('edit.title', {
              number: state.tree ? (findEntry(state.tree, node.id)?.number ?? '') : '',
            }),
            initial: node.statement,
            submitValue: 'edit',
          },
        },
      );
    case 'delete': {
      if (!node) return send(q('state.lost'));
      const below = state.tree ? outline({ ...state.tree, tree: node }).length - 1 : 0;
      return send(q('delete.ask', { statement: quote(node.statement), below }), [
        [button(state, q('button.delete.yes'), 'yes'), button(state, q('button.cancel'), 'cancel')],
      ]);
    }
  }
}

const EXPORT_BUTTONS: ExportFormat[] = ['xlsx', 'json', 'png'];

const COMPONENT_OF: Record<Level, Component> = {
  outcome: 'tujuan',
  csf: 'sasaran_skpd',
  kondisi_antara_utama: 'sasaran_program',
  kondisi_antara: 'sasaran_kegiatan',
  kondisi_operasional: 'sasaran_sub_kegiatan',
};

const PK_FIT: Record<Component, PkHolder[]> = {
  tujuan: ['JPT'],
  sasaran_skpd: ['JPT'],
  sasaran_program: ['Administrator'],
  sasaran_kegiatan: ['Administrator', 'Pengawas', 'JF'],
  sasaran_sub_kegiatan: ['Pengawas', 'JF', 'JP'],
};

/** Units that fit the indicator's measure word (IND-06), most likely first. */
function unitOptions(name: string): string[] {
  const first = name.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (['persentase', 'proporsi', 'cakupan', 'tingkat'].includes(first)) return ['%', 'Indeks', 'Nilai'];
  if (['indeks', 'nilai', 'skor'].includes(first)) return ['Indeks', 'Nilai', 'Poin'];
  if (first === 'rasio') return ['Rasio', '%'];
  if (first === 'jumlah') return ['Dokumen', 'Laporan', 'Unit', 'Orang'];
  if (first === 'predikat' || first === 'opini') return ['Predikat', 'Nilai'];
  return ['%', 'Indeks', 'Dokumen', 'Unit'];
}

function needsFormula(indicator: Indicator): boolean {
  const first = indicator.name.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  return ['persentase', 'proporsi', 'rasio'].includes(first) || indicator.unit === '%';
}

const BASIS_WORDS: Record<string, [StepId, 'mandat' | 'masalah' | 'harapan']> = {
  mandat: ['t1.mandate', 'mandat'],
  mandate: ['t1.mandate', 'mandat'],
  masalah: ['t1.problems', 'masalah'],
  problems: ['t1.problems', 'masalah'],
  harapan: ['t1.expectations', 'harapan'],
  expectations: ['t1.expectations', 'harapan'],
};

/** After "/ubah masalah": the outcome's basis becomes the edited lists, saved, and the question resumes. */
function saveBasis(state: FlowState, returnTo: Cursor): StepResult {
  const tree = state.tree;
  if (!tree) return ask(state);
  const d = state.draft;
  const basis = [
    ...d.mandate.map((text) => ({ kind: 'mandat' as const, text })),
    ...d.problems.map((text) => ({ kind: 'masalah' as const, text })),
    ...d.expectations.map((text) => ({ kind: 'harapan' as const, text })),
  ];
  const next = updateNode(tree, tree.tree.id, (n) => ({ ...n, basis }));
  const saved: FlowState = { ...state, tree: next };
  const save = saveEffect(saved, next, { source: 'person', summary: say(state, 'summary.basis') });
  return withSave(withNote(go(saved, returnTo, false), say(state, 'saved.basis')), save);
}

function listOf(state: FlowState, id: StepId): string[] {
  const d = state.draft;
  return id === 't1.mandate' ? d.mandate : id === 't1.problems' ? d.problems : d.expectations;
}

function withList(state: FlowState, id: StepId, list: string[]): FlowState {
  const key = id === 't1.mandate' ? 'mandate' : id === 't1.problems' ? 'problems' : 'expectations';
  return { ...state, draft: { ...state.draft, [key]: list } };
}

// ───────────────────────── stage gates ─────────────────────────

/** Findings still open: a warning the person accepted with a reason (node.acceptedWarnings) is settled. */
function openFindings(tree: Tree, findings: Finding[]): Finding[] {
  const accepted = new Map(
    outline(tree).map((e) => [e.node.id, new Set((e.node.acceptedWarnings ?? []).map((a) => a.rule))]),
  );
  return findings.filter((f) => f.severity === 'error' || !f.nodeId || !accepted.get(f.nodeId)?.has(f.rule));
}

function fixCommand(f: Finding): string | undefined {
  if (!f.nodeId) return undefined;
  const family = f.rule.slice(0, 3);
  return `/perbaiki ${f.nodeId} ${family}`;
}

function review(state: FlowState, stage: Stage): StepResult {
  const tree = state.tree;
  if (!tree) return done(state, replyOf(message(state, say(state, 'state.lost'))));
  const gate = stageGate(tree, stage);
  const numberOf = new Map(outline(tree).map((e) => [e.node.id, e.number]));
  if (!gate.passed) {
    const shown = gate.blocking.slice(0, 4);
    const lines = shown.map(
      (f) => `✖ ${f.nodeId ? `${numberOf.get(f.nodeId) ?? ''} ` : ''}${f.message[state.lang]}`,
    );
    const more =
      gate.blocking.length > shown.length
        ? `\n${say(state, 'review.more', { count: gate.blocking.length - shown.length })}`
        : '';
    const buttons = shown
      .map((f) => {
        const cmd = fixCommand(f);
        return cmd
          ? [
              commandButton(
                say(state, 'button.fix', { number: numberOf.get(f.nodeId ?? '') ?? '', rule: f.rule }),
                cmd,
              ),
            ]
          : [];
      })
      .filter((row) => row.length > 0);
    return done(
      state,
      replyOf(
        message(
          state,
          `${say(state, 'review.blocked', { stage, count: gate.blocking.length })}\n${lines.join('\n')}${more}`,
          [...buttons, [button(state, say(state, 'button.recheck'), 'recheck')]],
        ),
      ),
    );
  }
  const warn =
    openFindings(tree, gate.warnings).length > 0
      ? `\n${say(state, 'review.warnings', { count: openFindings(tree, gate.warnings).length })}`
      : '';
  const nextLabel =
    stage < 5 ? say(state, 'button.nextStage', { stage: stage + 1 }) : say(state, 'button.finish');
  return done(
    state,
    replyOf(
      message(state, `${say(state, 'review.passed', { stage })}${warn}`, [
        [button(state, nextLabel, 'next')],
        [
          commandButton(say(state, 'button.view'), '/lihat'),
          commandButton(say(state, 'button.check'), '/cek'),
        ],
      ]),
    ),
  );
}

function nextStage(state: FlowState, stage: Stage): StepResult {
  if (stage >= 5) return go({ ...state, stage: 5 }, { step: 'done' });
  const next = (stage + 1) as Stage;
  const moved: FlowState = { ...state, stage: next, visited: [] };
  const save = state.tree
    ? saveEffect(moved, state.tree, { source: 'person', summary: say(state, 'summary.stage', { stage }) })
    : undefined;
  const result = go(moved, { step: FIRST_STEP[next] });
  return save ? { state: result.state, effects: [save, ...result.effects] } : result;
}

// ───────────────────────── typed text ─────────────────────────

const WORDY: ReadonlySet<string> = new Set([
  'text',
  'list',
  'statement',
  'indicator',
  'optional_text',
  'nomenclature',
]);

function onText(state: FlowState, raw: string): StepResult {
  const def = STEPS[state.cursor.step];
  const text = tidy(raw);
  const reasonMode = state.pending?.mode === 'warning' && state.pending.awaitingReason;
  const max = reasonMode ? 300 : def.maxLength;
  const problem = problemOf(raw, max, WORDY.has(def.input) || reasonMode === true);
  if (problem) {
    const note = say(state, `input.${problem}`, { length: tidy(raw).length.toLocaleString('id-ID'), max });
    return withNote(ask(state), note);
  }
  if (state.pending && reasonMode) return acceptWithReason(state, text);
  const c = state.cursor;
  switch (c.step) {
    case 'welcome':
      return withNote(go(state, { step: 't1.organisation' }), say(state, 'welcome.intro'));
    case 't1.organisation':
      return go({ ...state, draft: { ...state.draft, organisation: text } }, { step: 't1.region' });
    case 't1.region':
      return go({ ...state, draft: { ...state.draft, region: text } }, { step: 't1.period' });
    case 't1.period': {
      const period = parsePeriod(text);
      if (!period) return withNote(ask(state), say(state, 'input.period'));
      return go({ ...state, draft: { ...state.draft, period } }, { step: 't1.mandate' });
    }
    case 't1.mandate':
    case 't1.problems':
    case 't1.expectations': {
      const list = listOf(state, c.step);
      if (list.some((x) => x.toLowerCase() === text.toLowerCase()))
        return withNote(ask(state), say(state, 'list.duplicate'));
      const next = withList(state, c.step, [...list, text]);
      return ask({ ...next, ask: next.ask + 1 });
    }
    case 't1.outcome':
    case 't2.convert':
    case 't2.more':
    case 't3.decompose':
    case 'edit':
      return submitStatement(
        state,
        text,
        'person',
        c.step === 't2.convert' ? problemsOf(state)[c.index ?? 0] : undefined,
      );
    case 't3.crosscutting':
      return markCrosscutting(state, text);
    case 't4.indicator':
      return submitIndicatorName(state, text);
    case 't4.unit':
      return submitUnit(state, text);
    case 't4.formula':
      return submitFormula(state, text, 'person');
    case 't4.terms':
      return submitTerm(state, text);
    case 't5.nomenclature':
      return searchNomenclature(state, text);
    case 't5.jabatan':
      return savePlanning(state, {
        ...(c.work?.planning ?? { component: 'sasaran_kegiatan' }),
        jabatan: text,
      });
    case 't5.baseline': {
      const value = parseTargetValue(text);
      if (value === undefined) return withNote(ask(state), say(state, 'input.number'));
      return saveBaseline(state, value);
    }
    case 't5.targets': {
      const years = periodYears(state);
      const values = parseTargets(text, years.length);
      if (!values) return withNote(ask(state), say(state, 'input.targets', { count: years.length }));
      if (!Array.isArray(values))
        return withNote(
          ask(state),
          say(state, 'input.targets.count', { count: years.length, got: values.got }),
        );
      return saveTargets(
        state,
        Object.fromEntries(years.map((y, i) => [String(y), values[i] as TargetValue])),
        'person',
      );
    }
    default:
      if (looksLikeGibberish(text)) return withNote(ask(state), say(state, 'input.gibberish'));
      return withNote(ask(state), say(state, 'input.buttons'));
  }
}

// ───────────────────────── statements ─────────────────────────

/** One line per finding; the message names the rule id ("KND-02: …"), the mark says whether it blocks. */
function findingLines(state: FlowState, findings: Finding[]): string {
  return findings.map((f) => `${f.severity === 'error' ? '✖' : '⚠'} ${f.message[state.lang]}`).join('\n');
}

function submitStatement(state: FlowState, text: string, source: ChangeSource, problem?: string): StepResult {
  const findings = statementFindings(state, text);
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    const fix = errors.find((f) => f.suggestion && !f.suggestion.includes('…'))?.suggestion;
    const pending: Pending = {
      kind: 'statement',
      text,
      problem,
      source,
      mode: 'error',
      findings: errors,
      fix,
    };
    const next = { ...state, pending, ask: state.ask + 1 };
    const buttons: Button[][] = [];
    if (fix) buttons.push([button(next, say(next, 'button.useFix', { fix: clip(fix, 48) }), 'fix')]);
    // The question's own suggestions stay one tap away.
    buttons.push(...offerButtons(next));
    return done(
      next,
      replyOf(
        message(
          next,
          `${say(next, 'check.rejected', { text: quote(text) })}\n${findingLines(next, errors)}\n\n${say(next, fix ? 'check.fixOrRetype' : 'check.retype')}`,
          buttons,
        ),
      ),
    );
  }
  const warnings = findings.filter((f) => f.severity === 'warning');
  if (warnings.length > 0) {
    const fix = warnings.find((f) => f.suggestion && !f.suggestion.includes('…'))?.suggestion;
    const pending: Pending = {
      kind: 'statement',
      text,
      problem,
      source,
      mode: 'warning',
      findings: warnings,
      fix,
    };
    return warnPending({ ...state, pending, ask: state.ask + 1 });
  }
  return commitStatement(state, text, source, problem, []);
}

function warnPending(state: FlowState): StepResult {
  const p = state.pending;
  if (!p) return ask(state);
  const buttons: Button[][] = [[button(state, say(state, 'button.acceptWithReason'), 'accept')]];
  if (p.fix) buttons.push([button(state, say(state, 'button.useFix', { fix: clip(p.fix, 48) }), 'fix')]);
  return done(
    state,
    replyOf(
      message(
        state,
        `${say(state, 'check.warned', { text: quote(p.text) })}\n${findingLines(state, p.findings)}\n\n${say(state, 'check.acceptOrRetype')}`,
        buttons,
      ),
    ),
  );
}

function acceptWithReason(state: FlowState, reason: string): StepResult {
  const p = state.pending;
  if (!p) return ask(state);
  const accepted: AcceptedWarning[] = p.findings.map((f) => ({ rule: f.rule, reason, text: f.text }));
  const cleared = { ...state, pending: undefined };
  if (p.kind === 'indicator' && p.indicator)
    return commitIndicator(cleared, p.indicator, p.source, accepted, reason);
  return commitStatement(cleared, p.text, p.source, p.problem, accepted, reason);
}

function commitStatement(
  state: FlowState,
  statement: string,
  source: ChangeSource,
  problem: string | undefined,
  accepted: AcceptedWarning[],
  reason?: string,
): StepResult {
  const c = state.cursor;
  const s: FlowState = { ...state, pending: undefined };
  const meta = (summary: string): ChangeMeta => ({
    source,
    summary,
    reason,
    acceptedRules: accepted.length > 0 ? accepted.map((a) => a.rule) : undefined,
  });
  const withWarnings = (fields: Omit<Node, 'id' | 'children'>) =>
    accepted.length > 0 ? { ...fields, acceptedWarnings: accepted } : fields;
  switch (c.step) {
    case 't1.outcome':
      return go(
        { ...s, draft: { ...s.draft, outcome: statement, outcomeSource: source, outcomeWarnings: accepted } },
        { step: 't1.confirm' },
      );
    case 't2.convert':
    case 't2.more':
    case 't3.decompose': {
      const tree = s.tree;
      const parentId = c.step === 't3.decompose' ? c.nodeId : tree?.tree.id;
      const parent = parentId && tree ? findEntry(tree, parentId)?.node : undefined;
      if (!tree || !parent) return done(s, replyOf(message(s, say(s, 'state.lost'))));
      const level = c.step === 't3.decompose' ? (childLevel(parent.level) ?? 'kondisi_operasional') : 'csf';
      const fields = withWarnings({ statement, level, ...(problem ? { problem } : {}) });
      const added = addChild(tree, parent.id, fields);
      const number = findEntry(added.tree, added.id)?.number ?? '';
      const saved: FlowState = { ...s, tree: added.tree };
      const save = saveEffect(
        saved,
        added.tree,
        meta(say(s, 'summary.add', { number, statement: clip(statement, 60) })),
      );
      const note = say(s, 'saved.node', { number, level: levelLabel(s.lang, level) });
      let result: StepResult;
      if (c.step === 't2.convert')
        result = go(saved, { step: 't2.convert', index: (c.index ?? 0) + 1 }, false);
      else if (c.step === 't2.more') result = keepOffer(saved, statement);
      else
        result = keepOffer(
          { ...saved, cursor: { ...c, work: { ...c.work, lastAdded: added.id } } },
          statement,
        );
      return withSave(withNote(result, note), save);
    }
    case 'edit': {
      const tree = s.tree;
      const nodeId = c.nodeId;
      if (!tree || !nodeId) return done(s, replyOf(message(s, say(s, 'state.lost'))));
      const number = findEntry(tree, nodeId)?.number ?? '';
      const next = updateNode(tree, nodeId, (n) => ({
        ...n,
        statement,
        acceptedWarnings: accepted.length > 0 ? accepted : undefined,
      }));
      const saved: FlowState = { ...s, tree: next };
      const save = saveEffect(
        saved,
        next,
        meta(say(s, 'summary.edit', { number, statement: clip(statement, 60) })),
      );
      const result = go(saved, c.returnTo ?? { step: FIRST_STEP[s.stage] }, false);
      return withSave(withNote(result, say(s, 'saved.edit', { number })), save);
    }
    default:
      return ask(s);
  }
}

/** Ask the same question again with the remaining suggestions (the used one removed), without re-drafting. */
function keepOffer(state: FlowState, used: string): StepResult {
  const items = (state.offer?.items ?? []).filter((i) => i.statement?.toLowerCase() !== used.toLowerCase());
  return ask({ ...state, ask: state.ask + 1, offer: state.offer ? { ...state.offer, items } : undefined });
}

/** The save runs before anything else the result does (its `saved` event updates the version first). */
function withSave(result: StepResult, save: Effect): StepResult {
  return { state: result.state, effects: [save, ...result.effects] };
}

function saveEffect(state: FlowState, tree: Tree, change: ChangeMeta): Effect {
  return { type: 'save_tree', tree, stage: state.stage, change };
}

function markCrosscutting(state: FlowState, partner: string): StepResult {
  const c = state.cursor;
  const id = c.work?.lastAdded;
  const tree = state.tree;
  if (!tree || !id) return done(state, replyOf(message(state, say(state, 'state.lost'))));
  const own = tree.organization.name.toLowerCase();
  if (partner.toLowerCase() === own) return withNote(ask(state), say(state, 't3.crosscutting.own'));
  const next = updateNode(tree, id, (n) => ({ ...n, crosscutting: { with: [partner] } }));
  const number = findEntry(tree, id)?.number ?? '';
  const saved: FlowState = { ...state, tree: next };
  const save = saveEffect(saved, next, {
    source: 'person',
    summary: say(state, 'summary.crosscutting', { number, partner }),
  });
  const result = go(saved, c.returnTo ?? { step: 't3.decompose', nodeId: c.nodeId }, false);
  return withSave(withNote(result, say(state, 'saved.crosscutting', { number, partner })), save);
}

// ───────────────────────── indicators ─────────────────────────

function fieldFindings(findings: Finding[], field: 'name' | 'unit' | 'formula'): Finding[] {
  return findings.filter((f) => {
    const last = f.path.split('.').pop() ?? '';
    if (field === 'formula')
      return (
        last.startsWith('formula') || last.startsWith('terms') || f.rule === 'IND-07' || f.rule === 'IND-08'
      );
    return last === field;
  });
}

function submitIndicatorName(state: FlowState, name: string): StepResult {
  const node = currentNode(state);
  if (!node) return done(state, replyOf(message(state, say(state, 'state.lost'))));
  const probe = completeIndicator(node, { name, unit: unitOptions(name)[0] ?? '%' });
  const errors = fieldFindings(indicatorFindings(state, node, probe), 'name').filter(
    (f) => f.severity === 'error',
  );
  if (errors.length > 0) return rejectIndicator(state, probe, errors, 'person');
  return go(
    state,
    { ...state.cursor, step: 't4.unit', work: { indicator: { name, unit: '' }, indicatorSource: 'person' } },
    false,
  );
}

function rejectIndicator(
  state: FlowState,
  indicator: Indicator,
  errors: Finding[],
  source: ChangeSource,
): StepResult {
  const fix = errors.find((f) => f.suggestion && !f.suggestion.includes('…'))?.suggestion;
  const pending: Pending = {
    kind: 'indicator',
    text: indicator.name,
    indicator,
    source,
    mode: 'error',
    findings: errors,
    fix,
  };
  const next = { ...state, pending, ask: state.ask + 1 };
  const buttons: Button[][] = fix
    ? [[button(next, say(next, 'button.useFix', { fix: clip(fix, 48) }), 'fix')]]
    : [];
  buttons.push(...offerButtons(next));
  return done(
    next,
    replyOf(
      message(
        next,
        `${say(next, 'check.rejected', { text: quote(indicator.name) })}\n${findingLines(next, errors)}\n\n${say(next, fix ? 'check.fixOrRetype' : 'check.retype')}`,
        buttons,
      ),
    ),
  );
}

function submitUnit(state: FlowState, unit: string): StepResult {
  const node = currentNode(state);
  const work = state.cursor.work;
  if (!node || !work?.indicator) return done(state, replyOf(message(state, say(state, 'state.lost'))));
  const indicator = completeIndicator(node, { ...work.indicator, unit });
  const errors = fieldFindings(indicatorFindings(state, node, indicator), 'unit').filter(
    (f) => f.severity === 'error',
  );
  if (errors.length > 0) {
    return withNote(
      ask({ ...state, ask: state.ask + 1 }),
      `${findingLines(state, errors)}\n${say(state, 't4.unit.retry')}`,
    );
  }
  const cursor: Cursor = { ...state.cursor, work: { ...work, indicator } };
  if (needsFormula(indicator)) return go(state, { ...cursor, step: 't4.formula' }, false);
  return finishIndicator({ ...state, cursor }, indicator, work.indicatorSource ?? 'person');
}

function submitFormula(
  state: FlowState,
  formula: string,
  source: ChangeSource,
  terms?: Indicator['terms'],
): StepResult {
  const node = currentNode(state);
  const work = state.cursor.work;
  if (!node || !work?.indicator) return done(state, replyOf(message(state, say(state, 'state.lost'))));
  // A composite ("0,5 x a + 0,5 x b") needs every symbol named first (IND-08): ask for them one by one.
  const parsed = parseFormula(formula);
  if (!terms && parsed.ok && parsed.value.composite && parsed.value.linear) {
    const symbols = parsed.value.linear.terms.map((t) => t.symbol);
    return go(
      state,
      {
        ...state.cursor,
        step: 't4.terms',
        work: {
          ...work,
          formula,
          terms: [],
          symbols,
          termFormulaFor: undefined,
          indicatorSource: source === 'llm' ? 'llm' : work.indicatorSource,
        },
      },
      false,
    );
  }
  const indicator: Indicator = { ...work.indicator, formula, ...(terms ? { terms } : {}) };
  const errors = fieldFindings(indicatorFindings(state, node, indicator), 'formula').filter(
    (f) => f.severity === 'error',
  );
  if (errors.length > 0) {
    return withNote(
      ask({ ...state, ask: state.ask + 1 }),
      `${findingLines(state, errors)}\n${say(state, 't4.formula.retry')}`,
    );
  }
  const src = work.indicatorSource === 'llm' || source === 'llm' ? 'llm' : 'person';
  return finishIndicator(state, indicator, src);
}

/** One answer about a composite term: its name, or (for a percentage or ratio) its own formula. */
function submitTerm(state: FlowState, text: string): StepResult {
  const work = state.cursor.work;
  const symbols = work?.symbols ?? [];
  const formula = work?.formula;
  if (!work || !formula) return done(state, replyOf(message(state, say(state, 'state.lost'))));
  let terms = work.terms ?? [];
  if (work.termFormulaFor) {
    terms = terms.map((t) => (t.symbol === work.termFormulaFor ? { ...t, formula: text } : t));
  } else {
    const symbol = symbols[terms.length];
    if (!symbol) return submitFormula(state, formula, 'person', terms);
    terms = [...terms, { symbol, name: text }];
    if (RATIO_WORDS.has(text.split(/\s+/)[0]?.toLowerCase() ?? '')) {
      return go(state, { ...state.cursor, work: { ...work, terms, termFormulaFor: symbol } }, false);
    }
  }
  if (terms.length < symbols.length)
    return go(state, { ...state.cursor, work: { ...work, terms, termFormulaFor: undefined } }, false);
  const back: FlowState = {
    ...state,
    cursor: { ...state.cursor, step: 't4.formula', work: { ...work, terms, termFormulaFor: undefined } },
  };
  return submitFormula(back, formula, 'person', terms);
}

const RATIO_WORDS: ReadonlySet<string> = new Set(['persentase', 'proporsi', 'rasio']);

/** The whole indicator is checked once more; warnings are accepted with a reason, errors re-asked. */
function finishIndicator(state: FlowState, indicator: Indicator, source: ChangeSource): StepResult {
  const node = currentNode(state);
  if (!node) return done(state, replyOf(message(state, say(state, 'state.lost'))));
  const findings = indicatorFindings(state, node, indicator);
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) return rejectIndicator(state, indicator, errors, source);
  const warnings = findings.filter((f) => f.severity === 'warning');
  if (warnings.length > 0) {
    const pending: Pending = {
      kind: 'indicator',
      text: indicator.name,
      indicator,
      source,
      mode: 'warning',
      findings: warnings,
    };
    return warnPending({ ...state, pending, ask: state.ask + 1 });
  }
  return commitIndicator(state, indicator, source, []);
}

function commitIndicator(
  state: FlowState,
  indicator: Indicator,
  source: ChangeSource,
  accepted: AcceptedWarning[],
  reason?: string,
): StepResult {
  const tree = state.tree;
  const nodeId = state.cursor.nodeId;
  if (!tree || !nodeId) return done(state, replyOf(message(state, say(state, 'state.lost'))));
  const number = findEntry(tree, nodeId)?.number ?? '';
  const next = updateNode(tree, nodeId, (n) => ({
    ...n,
    indicators: [...(n.indicators ?? []), indicator],
    ...(accepted.length > 0 ? { acceptedWarnings: [...(n.acceptedWarnings ?? []), ...accepted] } : {}),
  }));
  const saved: FlowState = { ...state, tree: next, pending: undefined };
  const save = saveEffect(saved, next, {
    source,
    summary: say(state, 'summary.indicator', { number, name: clip(indicator.name, 60) }),
    reason,
    acceptedRules: accepted.length > 0 ? accepted.map((a) => a.rule) : undefined,
  });
  const result = go(saved, { step: 't4.indicator', nodeId }, false);
  return withSave(withNote(result, say(state, 'saved.indicator', { number })), save);
}

function removeLastIndicator(state: FlowState): StepResult {
  const tree = state.tree;
  const nodeId = state.cursor.nodeId;
  const node = currentNode(state);
  const last = node?.indicators?.at(-1);
  if (!tree || !nodeId || !last) return ask(state);
  const number = findEntry(tree, nodeId)?.number ?? '';
  const next = updateNode(tree, nodeId, (n) => ({ ...n, indicators: (n.indicators ?? []).slice(0, -1) }));
  const saved: FlowState = { ...state, tree: next };
  const save = saveEffect(saved, next, {
    source: 'person',
    summary: say(state, 'summary.indicator.removed', { number, name: clip(last.name, 60) }),
  });
  return withSave(
    withNote(
      go(saved, { step: 't4.indicator', nodeId }, false),
      say(state, 'saved.indicator.removed', { number }),
    ),
    save,
  );
}

// ───────────────────────── planning and targets ─────────────────────────

const FIELD_LEVEL = { program: 'program', kegiatan: 'kegiatan', subKegiatan: 'sub_kegiatan' } as const;

/** Which nomenclature field a planning entry still needs, outermost first. */
function missingField(p: Planning): 'program' | 'kegiatan' | 'subKegiatan' | undefined {
  const needs: Array<'program' | 'kegiatan' | 'subKegiatan'> =
    p.component === 'sasaran_program'
      ? ['program']
      : p.component === 'sasaran_kegiatan'
        ? ['program', 'kegiatan']
        : p.component === 'sasaran_sub_kegiatan'
          ? ['program', 'kegiatan', 'subKegiatan']
          : [];
  return needs.find((f) => !p[f]);
}

function chooseComponent(state: FlowState, component: Component): StepResult {
  const tree = state.tree;
  const node = currentNode(state);
  if (!tree || !node) return done(state, replyOf(message(state, say(state, 'state.lost'))));
  const parentPlan = findEntry(tree, node.id)?.parent?.planning?.[0];
  const planning: Planning = { component };
  // A child's program and kegiatan are usually its parent's (the cascade), so they are carried down.
  if (component !== 'tujuan' && component !== 'sasaran_skpd') {
    if (parentPlan?.program) planning.program = parentPlan.program;
    if (component !== 'sasaran_program' && parentPlan?.kegiatan) planning.kegiatan = parentPlan.kegiatan;
  }
  return continuePlanning(state, planning);
}

function continuePlanning(state: FlowState, planning: Planning): StepResult {
  const field = missingField(planning);
  const base = { ...state.cursor, work: { ...state.cursor.work, planning } };
  if (field)
    return go(
      { ...state, offer: undefined },
      { ...base, step: 't5.nomenclature', work: { ...base.work, field } },
      false,
    );
  const fits = PK_FIT[planning.component];
  if (planning.component === 'tujuan') return savePlanning(state, planning);
  if (fits.length === 1)
    return go(
      state,
      { ...base, step: 't5.jabatan', work: { ...base.work, planning: { ...planning, pk: fits[0] } } },
      false,
    );
  return go(state, { ...base, step: 't5.pk' }, false);
}

function searchNomenclature(state: FlowState, query: string): StepResult {
  const field = state.cursor.work?.field ?? 'program';
  const next = { ...state, ask: state.ask + 1 };
  return done(next, { type: 'search_nomenclature', ask: next.ask, query, level: FIELD_LEVEL[field] });
}

function onNomenclature(
  state: FlowState,
  event: Extract<FlowEvent, { type: 'nomenclature_results' }>,
): StepResult {
  const planning = state.cursor.work?.planning;
  const field = state.cursor.work?.field ?? 'program';
  if (!planning) return done(state, replyOf(message(state, say(state, 'state.lost'))));
  if (!event.available) {
    // No nomenclature imported: the name is taken as typed (PLN-05 cannot check it without a list).
    return withNote(
      continuePlanning(state, { ...planning, [field]: { name: event.query } }),
      say(state, 't5.nomenclature.none'),
    );
  }
  const items: OfferItem[] = event.results.slice(0, 5).map((r) => ({
    label: `${r.entry.code} ${r.entry.name}`,
    entry: r.entry,
    ancestors: r.ancestors,
    official: r.official,
    warnings: [],
  }));
  items.push({
    label: say(state, 'button.useAsTyped', { text: clip(event.query, 40) }),
    statement: event.query,
    warnings: [],
  });
  const note =
    event.results.length === 0 ? say(state, 't5.nomenclature.notFound', { query: event.query }) : undefined;
  const result = ask({ ...state, offer: { items } });
  return note ? withNote(result, note) : result;
}

function pickNomenclature(state: FlowState, item: OfferItem): StepResult {
  const planning = state.cursor.work?.planning;
  const field = state.cursor.work?.field ?? 'program';
  if (!planning) return done(state, replyOf(message(state, say(state, 'state.lost'))));
  const next: Planning = { ...planning };
  if (item.entry) {
    next[field] = { code: item.entry.code, name: item.entry.name };
    for (const a of item.ancestors ?? []) {
      if (a.level === 'program') next.program = { code: a.code, name: a.name };
      if (a.level === 'kegiatan' && field === 'subKegiatan') next.kegiatan = { code: a.code, name: a.name };
    }
  } else if (item.statement) {
    next[field] = { name: item.statement };
  }
  const official = officialOffer(state, field, item);
  if (!official) return continuePlanning({ ...state, offer: undefined }, next);
  const offered: FlowState = {
    ...state,
    offer: undefined,
    cursor: { ...state.cursor, work: { ...state.cursor.work, official } },
  };
  return withNote(
    continuePlanning(offered, next),
    say(state, 't5.official.offer', { name: quote(official.name), unit: official.unit }),
  );
}

/** The picked sub kegiatan's official indicator, when it has one with a satuan the node lacks. */
function officialOffer(
  state: FlowState,
  field: 'program' | 'kegiatan' | 'subKegiatan',
  item: OfferItem,
): OfficialIndicator | undefined {
  const node = currentNode(state);
  if (field !== 'subKegiatan' || !item.entry || !item.official?.unit || !node) return undefined;
  const name = item.official.indicator;
  if ((node.indicators ?? []).some((i) => foldName(i.name) === foldName(name))) return undefined;
  return { name, unit: item.official.unit, entry: item.entry };
}

/**
 * One tap: the official indicator becomes the node's operational indicator, checked with the planning
 * being filled so the official-indicator exception applies; an error leaves the tree as it was.
 */
function addOfficialIndicator(state: FlowState): StepResult {
  const official = state.cursor.work?.official;
  const tree = state.tree;
  const node = currentNode(state);
  const cleared: FlowState = {
    ...state,
    cursor: { ...state.cursor, work: { ...state.cursor.work, official: undefined } },
  };
  if (!official || !tree || !node) return withNote(ask(cleared), say(state, 'input.stale'));
  const planning = state.cursor.work?.planning;
  const indicator = completeIndicator(node, { name: official.name, unit: official.unit });
  const findings = checkIndicator(
    {
      indicator,
      level: node.level,
      stage: 5,
      planning: planning ? [planning] : node.planning,
      parentIndicators: parentIndicatorNames(state, node.id),
    },
    { nomenclature: createNomenclatureIndex('sub kegiatan', [official.entry]) },
  );
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0)
    return withNote(
      reenter(cleared),
      say(state, 't5.official.rejected', {
        name: quote(official.name),
        findings: findingLines(state, errors),
      }),
    );
  const number = findEntry(tree, node.id)?.number ?? '';
  const next = updateNode(tree, node.id, (n) => ({ ...n, indicators: [...(n.indicators ?? []), indicator] }));
  const saved: FlowState = { ...cleared, tree: next };
  const save = saveEffect(saved, next, {
    source: 'person',
    summary: say(state, 'summary.indicator', { number, name: clip(indicator.name, 60) }),
  });
  const warnings = findings.length > 0 ? `\n${findingLines(state, findings)}` : '';
  return withSave(
    withNote(
      reenter(saved),
      `${say(state, 't5.official.saved', { number, name: quote(official.name) })}${warnings}`,
    ),
    save,
  );
}

function savePlanning(state: FlowState, planning: Planning): StepResult {
  const tree = state.tree;
  const nodeId = state.cursor.nodeId;
  if (!tree || !nodeId) return done(state, replyOf(message(state, say(state, 'state.lost'))));
  const number = findEntry(tree, nodeId)?.number ?? '';
  const next = updateNode(tree, nodeId, (n) => ({ ...n, planning: [planning] }));
  const saved: FlowState = { ...state, tree: next };
  const save = saveEffect(saved, next, {
    source: 'person',
    summary: say(state, 'summary.planning', { number }),
  });
  const result = nextTarget(saved, nodeId, -1);
  return withSave(withNote(result, say(state, 'saved.planning', { number })), save);
}

/** After indicator `after` of the node: the next indicator's baseline, or the next node. */
function nextTarget(state: FlowState, nodeId: string, after: number): StepResult {
  const node = state.tree ? findEntry(state.tree, nodeId)?.node : undefined;
  const index = after + 1;
  if (node && index < (node.indicators ?? []).length && state.tree?.period) {
    return go(state, { step: 't5.baseline', nodeId, work: { indicatorIndex: index } }, false);
  }
  return go({ ...state, visited: [...state.visited, nodeId] }, { step: 't5.component' }, false);
}

function updateIndicator(state: FlowState, change: (i: Indicator) => Indicator): Tree | undefined {
  const tree = state.tree;
  const nodeId = state.cursor.nodeId;
  const index = state.cursor.work?.indicatorIndex ?? 0;
  if (!tree || !nodeId) return undefined;
  return updateNode(tree, nodeId, (n) => ({
    ...n,
    indicators: (n.indicators ?? []).map((ind, i) => (i === index ? change(ind) : ind)),
  }));
}

function saveBaseline(state: FlowState, value: TargetValue): StepResult {
  const year = (state.tree?.period?.from ?? 2025) - 1;
  const next = updateIndicator(state, (i) => ({ ...i, baseline: { year, value } }));
  if (!next) return done(state, replyOf(message(state, say(state, 'state.lost'))));
  const saved = { ...state, tree: next };
  const number = findEntry(next, state.cursor.nodeId ?? '')?.number ?? '';
  const save = saveEffect(saved, next, {
    source: 'person',
    summary: say(state, 'summary.baseline', { number }),
  });
  const result = go(saved, { ...state.cursor, step: 't5.targets' }, false);
  return { state: result.state, effects: [save, ...result.effects] };
}

function saveTargets(
  state: FlowState,
  targets: Record<string, TargetValue>,
  source: ChangeSource,
): StepResult {
  const next = updateIndicator(state, (i) => ({ ...i, targets }));
  const nodeId = state.cursor.nodeId;
  if (!next || !nodeId) return done(state, replyOf(message(state, say(state, 'state.lost'))));
  const saved = { ...state, tree: next };
  const number = findEntry(next, nodeId)?.number ?? '';
  const save = saveEffect(saved, next, { source, summary: say(state, 'summary.targets', { number }) });
  const result = nextTarget(saved, nodeId, state.cursor.work?.indicatorIndex ?? 0);
  return withSave(withNote(result, say(state, 'saved.targets', { number })), save);
}

// ───────────────────────── button taps ─────────────────────────

function onChoice(state: FlowState, value: string): StepResult {
  if (value.startsWith('/')) {
    const [cmd = '', ...rest] = value.slice(1).split(' ');
    return onCommand(state, cmd, rest.join(' '));
  }
  const colon = value.indexOf(':');
  const askNo = Number(value.slice(0, colon));
  const action = value.slice(colon + 1);
  if (colon < 0 || askNo !== state.ask) return withNote(ask(state), say(state, 'input.stale'));
  const c = state.cursor;
  const p = state.pending;

  if (p && action === 'fix' && p.fix) {
    const cleared = { ...state, pending: undefined };
    if (p.kind === 'statement') return submitStatement(cleared, p.fix, p.source, p.problem);
    if (p.indicator) {
      const f = p.findings.find((x) => x.suggestion === p.fix);
      const field = f?.path.split('.').pop() === 'unit' ? 'unit' : 'name';
      return finishIndicator(cleared, { ...p.indicator, [field]: p.fix }, p.source);
    }
  }
  if (p && action === 'accept' && p.mode === 'warning') {
    const next: FlowState = { ...state, pending: { ...p, awaitingReason: true }, ask: state.ask + 1 };
    return done(
      next,
      replyOf(message(next, say(next, 'check.reason', { rules: p.findings.map((f) => f.rule).join(', ') }))),
    );
  }
  if (action === 'official') return addOfficialIndicator(state);
  if (action.startsWith('s:')) {
    const item = state.offer?.items[Number(action.slice(2))];
    if (!item) return withNote(ask(state), say(state, 'input.stale'));
    return chooseOffer({ ...state, pending: undefined }, item);
  }

  switch (c.step) {
    case 'welcome':
      if (action === 'start')
        return withNote(go(state, { step: 't1.organisation' }), say(state, 'welcome.intro'));
      break;
    case 'restart':
      if (action === 'yes') {
        const fresh = initialState(state.lang);
        return go({ ...fresh, ask: state.ask }, { step: 't1.organisation' }, false);
      }
      return go(state, c.returnTo ?? { step: 'welcome' }, false);
    case 't1.region':
      if (action === 'skip') return go(state, { step: 't1.period' });
      break;
    case 't1.period':
      if (action.startsWith('period:')) {
        const period = parsePeriod(action.slice(7));
        if (period) return go({ ...state, draft: { ...state.draft, period } }, { step: 't1.mandate' });
      }
      break;
    case 't1.mandate':
    case 't1.problems':
    case 't1.expectations': {
      if (action === 'pop') {
        const next = withList(state, c.step, listOf(state, c.step).slice(0, -1));
        return ask({ ...next, ask: next.ask + 1 });
      }
      if (action === 'done') {
        const order: StepId[] = ['t1.mandate', 't1.problems', 't1.expectations', 't1.outcome'];
        const min = STEPS[c.step].min ?? 0;
        if (listOf(state, c.step).length < min) return withNote(ask(state), say(state, 'list.min', { min }));
        if (state.tree && c.returnTo) return saveBasis(state, c.returnTo);
        return go(state, { step: order[order.indexOf(c.step) + 1] ?? 't1.outcome' });
      }
      break;
    }
    case 't1.confirm':
      if (action === 'confirm') return createTree(state);
      if (action === 'outcome') return go(state, { step: 't1.outcome' });
      break;
    case 't2.convert':
      if (action === 'skip') return go(state, { step: 't2.convert', index: (c.index ?? 0) + 1 }, false);
      break;
    case 't2.more':
      if (action === 'done') return go(state, { step: 't2.review' });
      break;
    case 't3.decompose':
      if (action === 'done' && c.nodeId)
        return go({ ...state, visited: [...state.visited, c.nodeId] }, { step: 't3.decompose' });
      if (action === 'cc' && c.work?.lastAdded) {
        return go(
          state,
          {
            step: 't3.crosscutting',
            nodeId: c.nodeId,
            work: c.work,
            returnTo: { step: 't3.decompose', nodeId: c.nodeId },
          },
          false,
        );
      }
      break;
    case 't3.crosscutting':
      if (action === 'cancel')
        return go(state, c.returnTo ?? { step: 't3.decompose', nodeId: c.nodeId }, false);
      break;
    case 't4.indicator':
      if (action === 'done' && c.nodeId)
        return go({ ...state, visited: [...state.visited, c.nodeId] }, { step: 't4.indicator' });
      if (action === 'pop') return removeLastIndicator(state);
      break;
    case 't4.unit':
      if (action.startsWith('unit:')) return submitUnit(state, action.slice(5));
      break;
    case 't2.review':
    case 't3.review':
    case 't4.review':
    case 't5.review': {
      const stage = STEPS[c.step].gate ?? state.stage;
      if (action === 'recheck') return reenter(state);
      if (action === 'next') {
        if (!state.tree || !stageGate(state.tree, stage).passed) return reenter(state);
        return nextStage(state, stage);
      }
      break;
    }
    case 't5.component':
      if (action.startsWith('component:')) return chooseComponent(state, action.slice(10) as Component);
      if (action === 'done' && c.nodeId)
        return go({ ...state, visited: [...state.visited, c.nodeId] }, { step: 't5.component' });
      break;
    case 't5.pk':
      if (action.startsWith('pk:') && c.work?.planning) {
        const pk = action.slice(3) as PkHolder;
        if (PK_HOLDERS.includes(pk))
          return go(
            state,
            { ...c, step: 't5.jabatan', work: { ...c.work, planning: { ...c.work.planning, pk } } },
            false,
          );
      }
      break;
    case 't5.jabatan':
      if (action === 'skip' && c.work?.planning) return savePlanning(state, c.work.planning);
      break;
    case 't5.baseline':
      if (action === 'skip') return go(state, { ...c, step: 't5.targets' }, false);
      break;
    case 'edit':
      if (action === 'cancel') return go(state, c.returnTo ?? { step: FIRST_STEP[state.stage] }, false);
      break;
    case 'delete':
      if (action === 'yes') return deleteNode(state);
      if (action === 'cancel') return go(state, c.returnTo ?? { step: FIRST_STEP[state.stage] }, false);
      break;
    default:
      break;
  }
  return withNote(ask(state), say(state, 'input.stale'));
}

function chooseOffer(state: FlowState, item: OfferItem): StepResult {
  const c = state.cursor;
  switch (c.step) {
    case 't1.outcome':
    case 't2.convert':
    case 't2.more':
    case 't3.decompose':
      return item.statement
        ? submitStatement(
            state,
            item.statement,
            'llm',
            item.problem ?? (c.step === 't2.convert' ? problemsOf(state)[c.index ?? 0] : undefined),
          )
        : ask(state);
    case 't4.indicator': {
      const node = currentNode(state);
      if (!item.indicator || !node) return ask(state);
      const indicator = completeIndicator(node, item.indicator);
      if (needsFormula(indicator) && !indicator.formula) {
        return go(state, { ...c, step: 't4.formula', work: { indicator, indicatorSource: 'llm' } }, false);
      }
      return finishIndicator(
        { ...state, cursor: { ...c, work: { indicator, indicatorSource: 'llm' } } },
        indicator,
        'llm',
      );
    }
    case 't4.formula':
      return item.statement ? submitFormula(state, item.statement, 'llm', item.indicator?.terms) : ask(state);
    case 't5.nomenclature':
      return pickNomenclature(state, item);
    case 't5.targets':
      return item.targets ? saveTargets(state, item.targets, 'llm') : ask(state);
    default:
      return ask(state);
  }
}

function createTree(state: FlowState): StepResult {
  const d = state.draft;
  if (!d.organisation || !d.outcome)
    return go(state, { step: d.organisation ? 't1.outcome' : 't1.organisation' });
  const basis = [
    ...d.mandate.map((text) => ({ kind: 'mandat' as const, text })),
    ...d.problems.map((text) => ({ kind: 'masalah' as const, text })),
    ...d.expectations.map((text) => ({ kind: 'harapan' as const, text })),
  ];
  const root: Node = { id: 'n0', statement: d.outcome, level: 'outcome', basis, children: [] };
  if (d.outcomeWarnings && d.outcomeWarnings.length > 0) root.acceptedWarnings = d.outcomeWarnings;
  const tree: Tree = {
    format: 'pokin/1',
    organization: { name: d.organisation, ...(d.region ? { region: d.region } : {}) },
    ...(d.period ? { period: d.period } : {}),
    tree: root,
    crosscutting: [],
  };
  const gate = stageGate(tree, 1);
  if (!gate.passed) {
    return withNote(
      ask(state),
      `${say(state, 'review.blocked', { stage: 1, count: gate.blocking.length })}\n${findingLines(state, gate.blocking)}`,
    );
  }
  const next: FlowState = { ...state, tree };
  return done(next, {
    type: 'create_tree',
    organisationName: d.organisation,
    tree,
    change: {
      source: d.outcomeSource ?? 'person',
      summary: say(state, 'summary.created', { statement: clip(d.outcome, 60) }),
      acceptedRules: d.outcomeWarnings?.map((w) => w.rule),
      reason: d.outcomeWarnings?.[0]?.reason,
    },
  });
}

function onTreeCreated(state: FlowState, event: Extract<FlowEvent, { type: 'tree_created' }>): StepResult {
  const next: FlowState = {
    ...state,
    treeId: event.treeId,
    organisationId: event.organisationId,
    treeVersion: event.version,
    stage: 2,
    visited: [],
    history: [],
  };
  const result = go(next, { step: 't2.convert', index: 0 }, false);
  return withNote(result, say(state, 'saved.tree'));
}

function onSaveFailed(state: FlowState, event: Extract<FlowEvent, { type: 'save_failed' }>): StepResult {
  if (event.current) {
    const next = { ...state, tree: event.current.tree, treeVersion: event.current.version };
    return withNote(reenter(next), say(state, 'save.conflict'));
  }
  return done(state, replyOf(message(state, say(state, 'save.failed', { kind: event.error.kind }))));
}

function deleteNode(state: FlowState): StepResult {
  const tree = state.tree;
  const nodeId = state.cursor.nodeId;
  if (!tree || !nodeId) return done(state, replyOf(message(state, say(state, 'state.lost'))));
  const number = findEntry(tree, nodeId)?.number ?? '';
  const next = removeNode(tree, nodeId);
  const saved: FlowState = { ...state, tree: next };
  const save = saveEffect(saved, next, {
    source: 'person',
    summary: say(state, 'summary.delete', { number }),
  });
  const result = go(saved, state.cursor.returnTo ?? { step: FIRST_STEP[state.stage] }, false);
  return withSave(withNote(result, say(state, 'saved.delete', { number })), save);
}

// ───────────────────────── commands ─────────────────────────

function showPager(state: FlowState, title: string, lines: string[], page = 0): StepResult {
  const pager = { title, lines, page };
  const next = { ...state, pager };
  return done(next, replyOf(pageMessage(next, pager)));
}

function needTree(state: FlowState): StepResult | undefined {
  if (state.tree) return undefined;
  return done(
    state,
    replyOf(
      message(state, say(state, 'command.noTree'), [[commandButton(say(state, 'button.start'), '/mulai')]]),
    ),
  );
}

function onCommand(state: FlowState, raw: string, argsRaw: string): StepResult {
  const name = raw.toLowerCase().replace(/@.*$/, '');
  const command = COMMANDS[name] ?? name;
  const args = tidy(argsRaw);
  switch (command) {
    case 'mulai':
      if (state.tree || state.draft.organisation) {
        return go(
          state,
          {
            step: 'restart',
            returnTo: state.cursor.step === 'restart' ? state.cursor.returnTo : state.cursor,
          },
          false,
        );
      }
      return withNote(
        go({ ...initialState(state.lang), ask: state.ask }, { step: 't1.organisation' }),
        say(state, 'welcome.intro'),
      );
    case 'lanjut': {
      // "/lanjut 1" is a page of the tree list, "/lanjut <tree id>" a tree button; other words are ignored.
      const page = /^\d{1,3}$/.test(args) ? Number(args) : undefined;
      if (page === undefined && /^(?=.*\d)[\w-]{4,}$/.test(args))
        return done(state, { type: 'open_tree', treeId: args });
      if (page !== undefined || (!state.treeId && state.cursor.step === 'welcome'))
        return done(state, { type: 'list_trees', page: page ?? 0 });
      return reenter(state);
    }
    case 'kembali': {
      if (state.pending) return reenter({ ...state, pending: undefined });
      const previous = state.history[state.history.length - 1];
      if (!previous) return withNote(ask(state), say(state, 'back.none'));
      return enter({
        ...state,
        cursor: previous,
        history: state.history.slice(0, -1),
        offer: undefined,
        pending: undefined,
        pager: undefined,
      });
    }
    case 'ubah': {
      if (!state.tree) return withNote(ask(state), say(state, 'edit.noTree'));
      const list = BASIS_WORDS[args.toLowerCase()];
      if (list) {
        // The Tahap 1 grounds of a saved tree: edited as the list they were given as, then saved as basis.
        const [id, kind] = list;
        const filled = withList(state, id, basisTexts(state, kind));
        return go(filled, { step: id, returnTo: returnPoint(state) }, false);
      }
      const entry = args ? entryByNumber(state.tree, args) : undefined;
      if (!entry)
        return showOutline(state, say(state, args ? 'edit.notFound' : 'edit.which', { number: args }));
      return go(state, { step: 'edit', nodeId: entry.node.id, returnTo: returnPoint(state) }, false);
    }
    case 'hapus': {
      if (!state.tree) return withNote(ask(state), say(state, 'edit.noTree'));
      const entry = args ? entryByNumber(state.tree, args) : undefined;
      if (!entry)
        return showOutline(state, say(state, args ? 'edit.notFound' : 'delete.which', { number: args }));
      if (entry.node.id === state.tree.tree.id) return withNote(ask(state), say(state, 'delete.root'));
      return go(state, { step: 'delete', nodeId: entry.node.id, returnTo: returnPoint(state) }, false);
    }
    case 'perbaiki': {
      const [nodeId = '', family = ''] = args.split(' ');
      if (!state.tree || !findEntry(state.tree, nodeId)) return reenter(state);
      if (family === 'IND')
        return go(
          { ...state, visited: state.visited.filter((v) => v !== nodeId) },
          { step: 't4.indicator', nodeId },
          false,
        );
      if (family === 'PLN' || family === 'TGT')
        return go(
          { ...state, visited: state.visited.filter((v) => v !== nodeId) },
          { step: 't5.component', nodeId },
          false,
        );
      return go(state, { step: 'edit', nodeId, returnTo: returnPoint(state) }, false);
    }
    case 'lihat':
      return needTree(state) ?? showOutline(state, say(state, 'outline.title'));
    case 'cek': {
      const missing = needTree(state);
      if (missing || !state.tree) return missing ?? done(state);
      const findings = openFindings(state.tree, checkTree(state.tree, { stage: state.stage }));
      const sorted = [
        ...findings.filter((f) => f.severity === 'error'),
        ...findings.filter((f) => f.severity === 'warning'),
      ];
      if (sorted.length === 0)
        return done(state, replyOf(message(state, say(state, 'check.clean', { stage: state.stage }))));
      const numbers = new Map(outline(state.tree).map((e) => [e.node.id, e.number]));
      const lines = sorted.map(
        (f) =>
          `${f.severity === 'error' ? '✖' : '⚠'} ${f.nodeId ? `${numbers.get(f.nodeId) ?? ''} ` : ''}${f.message[state.lang]}`,
      );
      const result = showPager(
        state,
        say(state, 'check.title', {
          errors: findings.filter((f) => f.severity === 'error').length,
          warnings: findings.filter((f) => f.severity === 'warning').length,
        }),
        lines,
      );
      const firstError = sorted.find((f) => f.severity === 'error');
      const fix = firstError ? fixCommand(firstError) : undefined;
      if (fix && firstError) {
        const msg = result.effects[0];
        if (msg?.type === 'reply') {
          msg.message.buttons = [
            [
              commandButton(
                say(state, 'button.fix', {
                  number: numbers.get(firstError.nodeId ?? '') ?? '',
                  rule: firstError.rule,
                }),
                fix,
              ),
            ],
            ...(msg.message.buttons ?? []),
          ];
        }
      }
      return result;
    }
    case 'halaman': {
      if (!state.pager) return reenter(state);
      const page = Number(args) || 0;
      return showPager(state, state.pager.title, state.pager.lines, page);
    }
    case 'batal':
      if (!state.treeId) return withNote(ask(state), say(state, 'undo.nothing'));
      return done(state, { type: 'undo' });
    case 'riwayat':
      if (!state.treeId) return withNote(ask(state), say(state, 'history.empty'));
      return done(state, { type: 'list_history' });
    case 'ekspor': {
      const missing = needTree(state);
      if (missing) return missing;
      const format = args.toLowerCase() as ExportFormat;
      if (EXPORT_FORMATS.includes(format)) return done(state, { type: 'export', format });
      return done(
        state,
        replyOf(
          message(state, say(state, 'export.which'), [
            EXPORT_FORMATS.slice(0, 3).map((f) => commandButton(say(state, `export.${f}`), `/ekspor ${f}`)),
            EXPORT_FORMATS.slice(3).map((f) => commandButton(say(state, `export.${f}`), `/ekspor ${f}`)),
          ]),
        ),
      );
    }
    case 'status':
      return done(state, { type: 'load_usage' });
    case 'bahasa': {
      const lang = args.toLowerCase().startsWith('en')
        ? 'en'
        : args.toLowerCase().startsWith('id')
          ? 'id'
          : undefined;
      if (!lang)
        return done(
          state,
          replyOf(
            message(state, say(state, 'language.which'), [
              [commandButton('Bahasa Indonesia', '/bahasa id'), commandButton('English', '/bahasa en')],
            ]),
          ),
        );
      const next = { ...state, lang: lang as Lang };
      return withNote(reenter(next), say(next, 'language.set'));
    }
    case 'bantuan':
      return help(state);
    case 'pk':
      if (!args) return done(state, replyOf(message(state, say(state, 'pk.usage'))));
      if (!state.tree) return needTree(state) ?? done(state);
      return done(state, { type: 'lookup_pk', query: args });
    case 'tautkan':
      if (!args) return done(state, { type: 'create_link_code' });
      return done(state, { type: 'link', code: args.toUpperCase() });
    default:
      return withNote(ask(state), say(state, 'command.unknown', { command: raw }));
  }
}

/** Where an edit should come back to: the question being asked (not another edit). */
function returnPoint(state: FlowState): Cursor {
  const c = state.cursor;
  return c.step === 'edit' || c.step === 'delete' ? (c.returnTo ?? { step: FIRST_STEP[state.stage] }) : c;
}

function showOutline(state: FlowState, title: string): StepResult {
  if (!state.tree) return needTree(state) ?? done(state);
  const findings = openFindings(state.tree, checkTree(state.tree, { stage: state.stage }));
  return showPager(state, title, outlineLines(state.tree, findings, state.lang));
}

/** "LLM: 3 calls · tokens 1,200 in / 340 out · 2.1 s per call", or nothing when no call was made. */
function usageLine(
  state: FlowState,
  key: 'status.llm.conversation' | 'status.llm.tree',
  t?: LlmUsageTotals,
): string {
  if (!t || t.calls === 0) return '';
  const number = (n: number) => n.toLocaleString(state.lang === 'id' ? 'id-ID' : 'en-US');
  return `\n${say(state, key, {
    calls: number(t.calls),
    failed: number(t.failed),
    tokensIn: number(t.tokensIn),
    tokensOut: number(t.tokensOut),
    latency: (t.latencyMs / t.calls / 1000).toLocaleString(state.lang === 'id' ? 'id-ID' : 'en-US', {
      maximumFractionDigits: 1,
    }),
  })}`;
}

function status(state: FlowState, usage: Extract<FlowEvent, { type: 'usage' }>): StepResult {
  const tree = state.tree;
  const llm = `${usageLine(state, 'status.llm.conversation', usage.conversation)}${usageLine(state, 'status.llm.tree', usage.tree)}`;
  if (!tree) {
    return done(
      state,
      replyOf(
        message(
          state,
          `${say(state, 'status.noTree', { step: say(state, STEPS[state.cursor.step].label) })}${llm}`,
        ),
      ),
    );
  }
  const counts = countByLevel(tree);
  const indicators = outline(tree).reduce((n, e) => n + (e.node.indicators?.length ?? 0), 0);
  const findings = openFindings(tree, checkTree(tree, { stage: state.stage }));
  const text = `${say(state, 'status.text', {
    stage: state.stage,
    name: say(state, `stage.${state.stage}`),
    outcome: clip(tree.tree.statement, 80),
    csf: counts.csf,
    kau: counts.kondisi_antara_utama,
    ka: counts.kondisi_antara,
    ko: counts.kondisi_operasional,
    indicators,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    drafter: state.drafter ?? '-',
    version: state.treeVersion ?? 0,
  })}${llm}`;
  return done(
    state,
    replyOf(message(state, text, [[commandButton(say(state, 'button.resume'), '/lanjut')]])),
  );
}

function help(state: FlowState): StepResult {
  const def = STEPS[state.cursor.step];
  const example = def.example ? `\n\n${say(state, 'example', { example: say(state, def.example) })}` : '';
  const text = `${say(state, def.help)}${example}\n\n${say(state, 'help.commands')}`;
  return done(
    state,
    replyOf(
      message(state, text, [[commandButton(say(state, 'button.resume'), '/lanjut')]], {
        title: say(state, 'help.title'),
      }),
    ),
  );
}
