/**
 * The workshop step: `workshopStep(state, event, tree) → { state, effects }`. Pure: the tree comes in
 * loaded, time comes in as the event's `at`, and everything the shell must do (post to the group, write
 * to a person privately, save the tree, arm a timer) goes out as effects.
 */
import type { Button, ChatUser, Outgoing } from '../../ports/chat.ts';
import { outline as numberedOutline } from '../flow/tree-edit.ts';
import { checkStatement, checkTree, formatFinding } from '../rules/index.ts';
import type { Finding, Lang } from '../rules/types.ts';
import { fold } from '../rules/words.ts';
import { addNode } from '../tree/ops.ts';
import type { Level, Node, Tree } from '../tree/schema.ts';
import catalogue from './messages.json' with { type: 'json' };
import type {
  Breakout,
  Person,
  Proposal,
  Round,
  Where,
  WorkshopEffect,
  WorkshopEvent,
  WorkshopResult,
  WorkshopRole,
  WorkshopState,
} from './types.ts';

type Vars = Record<string, string | number | undefined>;
const languages = catalogue as Record<Lang, Record<string, string>>;

/** The workshop message `key` in `lang`, placeholders filled from `vars`. */
export function wt(lang: Lang, key: string, vars: Vars = {}): string {
  const template = languages[lang][key] ?? languages.id[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : String(v);
  });
}

/** Commands the workshop answers in a group (everything else goes to the ordinary conversation). */
export const WORKSHOP_COMMANDS: ReadonlySet<string> = new Set([
  'lokakarya',
  'usul',
  'putaran',
  'tutup',
  'waktu',
  'terima',
  'gabung',
  'perbaiki',
  'bagi',
  'kembalikan',
  'lihat',
  'rekap',
  'fasilitator',
  'pengamat',
  'peserta',
  'serahkan',
  'pin',
  'selesai',
]);

/** Commands a person drafting a breakout branch uses in their private chat. */
export const BREAKOUT_COMMANDS: ReadonlySet<string> = new Set(['lihat', 'hapus', 'kembalikan', 'usul']);

/** Word-token Dice similarity at which two proposals are near-duplicates (as TRE-06's warning). */
export const NEAR_DUPLICATE = 0.85;

const ORDER: readonly Level[] = [
  'outcome',
  'csf',
  'kondisi_antara_utama',
  'kondisi_antara',
  'kondisi_operasional',
];
const childLevel = (level: Level): Level | undefined => ORDER[ORDER.indexOf(level) + 1];

/** A new workshop on `tree`, led by `user`. */
export function startWorkshop(input: {
  user: ChatUser;
  treeId: string;
  tree: Tree;
  lang?: Lang | undefined;
}): WorkshopResult {
  const lang = input.lang ?? 'id';
  const name = nameOf(input.user);
  const state: WorkshopState = {
    version: 1,
    lang,
    treeId: input.treeId,
    owner: { userId: input.user.id, name },
    people: [person(input.user, 'facilitator')],
    breakouts: [],
    decisions: [],
  };
  return {
    state,
    effects: [
      {
        type: 'reply',
        message: {
          text: wt(lang, 'started', { outcome: input.tree.tree.statement, facilitator: name }),
        },
      },
    ],
  };
}

/** Word-token Dice similarity of two statements (folded), 0…1. */
export function similarity(a: string, b: string): number {
  const ta = new Set(fold(a).split(' ').filter(Boolean));
  const tb = new Set(fold(b).split(' ').filter(Boolean));
  if (ta.size === 0 || tb.size === 0) return 0;
  let shared = 0;
  for (const w of ta) if (tb.has(w)) shared += 1;
  return (2 * shared) / (ta.size + tb.size);
}

function nameOf(user: ChatUser): string {
  return user.name?.trim() || user.id;
}

function person(user: ChatUser, role: WorkshopRole): Person {
  return { id: user.id, name: nameOf(user), role, proposed: 0, accepted: 0, votes: 0 };
}

/** Everyone who speaks joins as a participant (observers stay observers). */
function join(state: WorkshopState, user: ChatUser): WorkshopState {
  const known = state.people.find((p) => p.id === user.id);
  // Some deliveries carry no name (a Slack thread reply): a later one that does names the person.
  if (known && known.name === known.id && user.name?.trim())
    return {
      ...state,
      people: state.people.map((p) => (p.id === user.id ? { ...p, name: nameOf(user) } : p)),
    };
  if (known) return state;
  return { ...state, people: [...state.people, person(user, 'participant')] };
}

function roleOf(state: WorkshopState, userId: string): WorkshopRole {
  return state.people.find((p) => p.id === userId)?.role ?? 'participant';
}

function isFacilitator(state: WorkshopState, userId: string): boolean {
  const role = roleOf(state, userId);
  return role === 'facilitator' || role === 'co_facilitator';
}

function facilitatorNames(state: WorkshopState): string {
  return state.people
    .filter((p) => p.role === 'facilitator' || p.role === 'co_facilitator')
    .map((p) => p.name)
    .join(', ');
}

function bump(state: WorkshopState, userId: string, field: 'proposed' | 'accepted' | 'votes', by = 1) {
  return {
    ...state,
    people: state.people.map((p) => (p.id === userId ? { ...p, [field]: p[field] + by } : p)),
  };
}

function nameById(state: WorkshopState, userId: string): string {
  return state.people.find((p) => p.id === userId)?.name ?? userId;
}

interface Numbered {
  number: string;
  node: Node;
  parent?: Node | undefined;
}

function numbered(tree: Tree): Numbered[] {
  return numberedOutline(tree);
}

function numberOf(tree: Tree, nodeId: string): string {
  return numbered(tree).find((e) => e.node.id === nodeId)?.number ?? '?';
}

function statements(tree: Tree): string[] {
  return numbered(tree).map((e) => e.node.statement);
}

function findingLines(findings: Finding[], lang: Lang): string {
  return findings
    .map((f) => {
      const fix = f.suggestion ? `\n  ${wt(lang, 'proposal.fix', { suggestion: f.suggestion })}` : '';
      return `• ${formatFinding(f, lang)}${fix}`;
    })
    .join('\n');
}

function levelName(lang: Lang, level: Level): string {
  return wt(lang, `level.${level}`);
}

function clock(at: string): string {
  return at.slice(11, 16);
}

// ── Round list ──────────────────────────────────────────────────────────────────────────────────────

function listMessage(state: WorkshopState, tree: Tree, round: Round, heading?: string): Outgoing {
  const lang = state.lang;
  const shown = round.proposals.filter((p) => p.status !== 'merged');
  const lines = shown.map((p) => {
    const mark =
      p.status === 'accepted'
        ? wt(lang, 'list.mark.accepted')
        : p.status === 'rework'
          ? wt(lang, 'list.mark.rework')
          : `${p.similarTo ? wt(lang, 'list.mark.similar', { other: p.similarTo }) : ''}${
              p.warnings.length > 0 ? wt(lang, 'list.mark.warnings', { rules: p.warnings.join(', ') }) : ''
            }`;
    return wt(lang, 'list.item', {
      n: p.n,
      statement: p.statement,
      votes: p.votes.length,
      by: p.by.map((id) => nameById(state, id)).join(', '),
      mark,
    });
  });
  const open = shown.filter((p) => p.status === 'open');
  const buttons: Button[][] = [];
  for (let i = 0; i < open.length; i += 4) {
    buttons.push(
      open.slice(i, i + 4).map((p) => ({ label: wt(lang, 'vote.button', { n: p.n }), value: `ws:v:${p.n}` })),
    );
  }
  const parts = [
    ...(heading ? [heading] : []),
    lines.length > 0 ? lines.join('\n') : wt(lang, 'list.empty'),
    ...(round.phase === 'review' ? [wt(lang, 'round.decide')] : []),
  ];
  return {
    title: wt(lang, 'list.title', {
      level: levelName(lang, round.level),
      number: numberOf(tree, round.parentId),
    }),
    text: parts.join('\n\n'),
    ...(buttons.length > 0 ? { buttons } : {}),
  };
}

// ── The step ────────────────────────────────────────────────────────────────────────────────────────

/** One event on a workshop. */
export function workshopStep(state: WorkshopState, event: WorkshopEvent, tree: Tree): WorkshopResult {
  if (event.type === 'deadline') return onDeadline(state, event.at, tree);
  const joined = join(state, event.user);
  switch (event.type) {
    case 'choice':
      return onChoice(joined, event.user, event.value, tree, event.messageId);
    case 'text':
      if (event.where === 'private') return draftInBreakout(joined, event.user, event.text, tree);
      return propose(joined, event.user, event.text, tree);
    case 'command':
      if (event.where === 'private') return privateCommand(joined, event, tree);
      return groupCommand(joined, event, tree);
  }
}

function reply(state: WorkshopState, text: string, extra: Partial<Outgoing> = {}): WorkshopResult {
  return { state, effects: [{ type: 'reply', message: { text, ...extra } }] };
}

const FACILITATOR_ACTIONS: Record<string, string> = {
  putaran: 'action.putaran',
  tutup: 'action.tutup',
  waktu: 'action.waktu',
  terima: 'action.terima',
  gabung: 'action.gabung',
  perbaiki: 'action.perbaiki',
  bagi: 'action.bagi',
  fasilitator: 'action.peran',
  pengamat: 'action.peran',
  peserta: 'action.peran',
  serahkan: 'action.peran',
  pin: 'action.pin',
  selesai: 'action.selesai',
};

function groupCommand(
  state: WorkshopState,
  event: Extract<WorkshopEvent, { type: 'command' }>,
  tree: Tree,
): WorkshopResult {
  const { user, args, at } = event;
  const command = event.command.toLowerCase();
  const lang = state.lang;
  const action = FACILITATOR_ACTIONS[command];
  if (action && !isFacilitator(state, user.id)) {
    return reply(
      state,
      wt(lang, 'facilitator_only', {
        name: nameOf(user),
        action: wt(lang, action),
        facilitators: facilitatorNames(state),
      }),
    );
  }
  switch (command) {
    case 'lokakarya':
      return reply(state, wt(lang, 'already', { facilitator: facilitatorNames(state) }));
    case 'usul':
      return propose(state, user, args, tree);
    case 'putaran':
      return openRound(state, args, tree);
    case 'tutup':
      return closeRound(state, tree, 'round.closed', 'reply');
    case 'waktu':
      return setTimer(state, args, at);
    case 'terima':
      return /^cabang\b/i.test(args)
        ? acceptBranch(state, user, args.replace(/^cabang\s*/i, ''), tree)
        : accept(state, user, args, tree);
    case 'gabung':
      return merge(state, args, tree);
    case 'perbaiki':
      return /^cabang\b/i.test(args)
        ? reworkBranch(state, args.replace(/^cabang\s*/i, ''), tree)
        : rework(state, args, tree);
    case 'bagi':
      return assign(state, args, tree);
    case 'kembalikan':
      return returnBranch(state, user, tree, 'group');
    case 'lihat':
      return reply(state, view(state, tree));
    case 'rekap':
      return reply(state, rekap(state, tree));
    case 'fasilitator':
      return setRole(state, args, 'co_facilitator', 'roles.co');
    case 'pengamat':
      return setRole(state, args, 'observer', 'roles.observer');
    case 'peserta':
      return setRole(state, args, 'participant', 'roles.participant');
    case 'serahkan':
      return handOver(state, user, args);
    case 'pin':
      return {
        state,
        effects: [{ type: 'progress', message: progressMessage(state, tree), pin: true }],
      };
    case 'selesai':
      return {
        state: { ...state, ended: true },
        effects: [
          { type: 'reply', message: { text: wt(lang, 'ended') } },
          { type: 'unassign', userIds: state.breakouts.flatMap((b) => b.userIds) },
          { type: 'ended' },
        ],
      };
    default:
      return reply(state, wt(lang, 'no_workshop'));
  }
}

/** After a change the pinned progress message (if any) is edited in place. */
function withProgress(result: WorkshopResult, tree: Tree): WorkshopResult {
  if (!result.state.progressMessageId) return result;
  return {
    ...result,
    effects: [
      ...result.effects,
      { type: 'progress', message: progressMessage(result.state, tree), pin: false },
    ],
  };
}

/** The one-line progress text the pinned message shows. */
export function progressMessage(state: WorkshopState, tree: Tree): Outgoing {
  const lang = state.lang;
  const round = state.round;
  const roundText = round
    ? wt(lang, 'progress.round', {
        number: numberOf(tree, round.parentId),
        count: round.proposals.filter((p) => p.status !== 'merged').length,
        phase: wt(lang, `phase.${round.phase}`),
      })
    : wt(lang, 'progress.no_round');
  return {
    text: wt(lang, 'progress', {
      nodes: numbered(tree).length,
      decisions: state.decisions.length,
      round: roundText,
    }),
  };
}

function openRound(state: WorkshopState, args: string, tree: Tree): WorkshopResult {
  const lang = state.lang;
  const number = args.trim().replace(/\.+$/, '') || '0';
  const entry = numbered(tree).find((e) => e.number === number);
  if (!entry) return reply(state, wt(lang, 'round.bad_number', { number }));
  const level = childLevel(entry.node.level);
  if (!level) return reply(state, wt(lang, 'round.leaf', { number }));
  const round: Round = { parentId: entry.node.id, level, phase: 'collect', proposals: [] };
  const next = { ...state, round };
  return withProgress(
    reply(
      next,
      wt(lang, 'round.opened', { level: levelName(lang, level), number, parent: entry.node.statement }),
    ),
    tree,
  );
}

function closeRound(
  state: WorkshopState,
  tree: Tree,
  heading: string,
  to: 'reply' | 'group',
): WorkshopResult {
  const round = state.round;
  if (!round) return reply(state, wt(state.lang, 'round.none'));
  const closed: Round = { ...round, phase: 'review', deadline: undefined };
  const next = { ...state, round: closed };
  const ranked: Round = {
    ...closed,
    proposals: [...closed.proposals].sort((a, b) => b.votes.length - a.votes.length || a.n - b.n),
  };
  const message = listMessage(next, tree, ranked, wt(state.lang, heading));
  return withProgress({ state: next, effects: [{ type: to, message }] }, tree);
}

function onDeadline(state: WorkshopState, at: string, tree: Tree): WorkshopResult {
  const round = state.round;
  if (state.ended || !round || round.phase !== 'collect' || !round.deadline) return { state, effects: [] };
  if (Date.parse(at) < Date.parse(round.deadline)) return { state, effects: [] };
  return closeRound(state, tree, 'round.closed_timer', 'group');
}

function setTimer(state: WorkshopState, args: string, at: string): WorkshopResult {
  const lang = state.lang;
  const minutes = Number(args.trim());
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240)
    return reply(state, wt(lang, 'timer.usage'));
  const round = state.round;
  if (!round) return reply(state, wt(lang, 'round.none'));
  if (round.phase !== 'collect') return reply(state, wt(lang, 'round.closed_already'));
  const deadline = new Date(Date.parse(at) + minutes * 60_000).toISOString();
  return {
    state: { ...state, round: { ...round, deadline } },
    effects: [
      { type: 'reply', message: { text: wt(lang, 'timer.set', { minutes, time: clock(deadline) }) } },
      { type: 'arm_deadline', at: deadline },
    ],
  };
}

function propose(state: WorkshopState, user: ChatUser, text: string, tree: Tree): WorkshopResult {
  const lang = state.lang;
  if (roleOf(state, user.id) === 'observer')
    return reply(state, wt(lang, 'observer_only', { name: nameOf(user) }));
  const statement = text.trim().replace(/\s+/g, ' ');
  if (!statement) return reply(state, wt(lang, 'proposal.empty'));
  const round = state.round;
  if (!round) return reply(state, wt(lang, 'round.none'));
  if (round.phase !== 'collect') return reply(state, wt(lang, 'round.closed_already'));
  const parent = numbered(tree).find((e) => e.node.id === round.parentId)?.node;
  if (!parent) return reply(state, wt(lang, 'round.none'));

  const listed = round.proposals.filter((p) => p.status !== 'merged');
  const same = listed.find((p) => fold(p.statement) === fold(statement));
  if (same) {
    const proposals = round.proposals.map((p) =>
      p.n === same.n && !p.by.includes(user.id) ? { ...p, by: [...p.by, user.id] } : p,
    );
    const next = bump({ ...state, round: { ...round, proposals } }, user.id, 'proposed');
    const updated = { ...round, proposals };
    return {
      state: next,
      effects: [
        {
          type: 'reply',
          message: listMessage(
            next,
            tree,
            updated,
            wt(lang, 'proposal.same', { name: nameOf(user), n: same.n }),
          ),
        },
      ],
    };
  }

  const findings = checkStatement({
    statement,
    level: round.level,
    parent: parent.statement,
    existing: statements(tree),
  });
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    return {
      state,
      effects: [
        { type: 'reply', message: { text: wt(lang, 'proposal.rejected_group', { name: nameOf(user) }) } },
        {
          type: 'private',
          userId: user.id,
          name: nameOf(user),
          message: {
            text: wt(lang, 'proposal.rejected_private', {
              statement,
              findings: findingLines(findings, lang),
            }),
          },
        },
      ],
    };
  }
  const n = round.proposals.reduce((max, p) => Math.max(max, p.n), 0) + 1;
  const similar = listed.find((p) => similarity(p.statement, statement) >= NEAR_DUPLICATE);
  const proposal: Proposal = {
    n,
    statement,
    by: [user.id],
    votes: [],
    status: 'open',
    ...(similar ? { similarTo: similar.n } : {}),
    warnings: [...new Set(findings.map((f) => f.rule))],
  };
  const updated = { ...round, proposals: [...round.proposals, proposal] };
  const next = bump({ ...state, round: updated }, user.id, 'proposed');
  return withProgress(
    {
      state: next,
      effects: [
        {
          type: 'reply',
          message: listMessage(next, tree, updated, wt(lang, 'proposal.added', { n, name: nameOf(user) })),
        },
      ],
    },
    tree,
  );
}

function onChoice(
  state: WorkshopState,
  user: ChatUser,
  value: string,
  tree: Tree,
  messageId?: string,
): WorkshopResult {
  const lang = state.lang;
  const match = /^ws:v:(\d+)$/.exec(value);
  const round = state.round;
  if (!match || !round) return reply(state, wt(lang, 'round.none'));
  if (roleOf(state, user.id) === 'observer')
    return reply(state, wt(lang, 'observer_only', { name: nameOf(user) }));
  const n = Number(match[1]);
  const target = round.proposals.find((p) => p.n === n);
  if (!target) return reply(state, wt(lang, 'vote.unknown', { n }));
  if (target.status !== 'open') return reply(state, wt(lang, 'vote.closed', { n }));
  const voted = target.votes.includes(user.id);
  const proposals = round.proposals.map((p) =>
    p.n === n ? { ...p, votes: voted ? p.votes.filter((v) => v !== user.id) : [...p.votes, user.id] } : p,
  );
  const updated = { ...round, proposals };
  const next = bump({ ...state, round: updated }, user.id, 'votes', voted ? -1 : 1);
  const message = {
    ...listMessage(next, tree, updated),
    ...(messageId ? { editsMessageId: messageId } : {}),
  };
  return { state: next, effects: [{ type: 'reply', message }] };
}

function proposalArg(state: WorkshopState, raw: string): { round: Round; proposal: Proposal } | string {
  const round = state.round;
  if (!round) return wt(state.lang, 'round.none');
  const n = Number(raw.trim());
  const proposal = round.proposals.find((p) => p.n === n);
  if (!proposal) return wt(state.lang, 'decide.bad_number', { n: raw.trim() });
  if (proposal.status === 'accepted' || proposal.status === 'merged') {
    return wt(state.lang, 'decide.not_open', {
      n,
      status: wt(state.lang, `list.mark.${proposal.status}`).trim(),
    });
  }
  return { round, proposal };
}

function accept(state: WorkshopState, user: ChatUser, args: string, tree: Tree): WorkshopResult {
  const lang = state.lang;
  const found = proposalArg(state, args);
  if (typeof found === 'string') return reply(state, found);
  const { round, proposal } = found;
  const parent = numbered(tree).find((e) => e.node.id === round.parentId)?.node;
  if (!parent) return reply(state, wt(lang, 'round.none'));
  const errors = checkStatement({
    statement: proposal.statement,
    level: round.level,
    parent: parent.statement,
    existing: statements(tree),
  }).filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    return reply(state, wt(lang, 'decide.blocked', { n: proposal.n, findings: findingLines(errors, lang) }));
  }
  const added = addNode(tree, round.parentId, { statement: proposal.statement, level: round.level });
  if (!added.ok)
    return reply(state, wt(lang, 'decide.blocked', { n: proposal.n, findings: added.error.message[lang] }));
  const number = numberOf(added.value.tree, added.value.node.id);
  const by = proposal.by.map((id) => nameById(state, id)).join(', ');
  const proposals = round.proposals.map((p) =>
    p.n === proposal.n ? { ...p, status: 'accepted' as const } : p,
  );
  let next: WorkshopState = {
    ...state,
    round: { ...round, proposals },
    decisions: [
      ...state.decisions,
      wt(lang, 'decision.accepted', { number, statement: proposal.statement, by }),
    ],
  };
  for (const id of proposal.by) next = bump(next, id, 'accepted');
  return withProgress(
    {
      state: next,
      effects: [
        {
          type: 'save_tree',
          tree: added.value.tree,
          summary: `Lokakarya: tambah ${number} (usulan ${by})`,
          actor: { userId: user.id, name: nameOf(user) },
        },
        {
          type: 'reply',
          message: {
            text: wt(lang, 'decide.accepted', { n: proposal.n, number, statement: proposal.statement }),
          },
        },
      ],
    },
    added.value.tree,
  );
}

function merge(state: WorkshopState, args: string, tree: Tree): WorkshopResult {
  const lang = state.lang;
  const [a, b, ...rest] = args
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean);
  if (!a || !b || rest.length > 0 || a === b) return reply(state, wt(lang, 'merge.usage'));
  const into = proposalArg(state, a);
  if (typeof into === 'string') return reply(state, into);
  const from = proposalArg(state, b);
  if (typeof from === 'string') return reply(state, from);
  const round = into.round;
  const proposals = round.proposals.map((p) => {
    if (p.n === from.proposal.n) return { ...p, status: 'merged' as const, mergedInto: into.proposal.n };
    if (p.n !== into.proposal.n) return p;
    return {
      ...p,
      by: [...new Set([...p.by, ...from.proposal.by])],
      votes: [...new Set([...p.votes, ...from.proposal.votes])],
    };
  });
  const updated = { ...round, proposals };
  const next = { ...state, round: updated };
  return withProgress(
    {
      state: next,
      effects: [
        {
          type: 'reply',
          message: listMessage(
            next,
            tree,
            updated,
            wt(lang, 'merge.done', { from: from.proposal.n, into: into.proposal.n }),
          ),
        },
      ],
    },
    tree,
  );
}

function rework(state: WorkshopState, args: string, tree: Tree): WorkshopResult {
  const lang = state.lang;
  const [raw = '', ...noteWords] = args.trim().split(/\s+/);
  const found = proposalArg(state, raw);
  if (typeof found === 'string') return reply(state, found);
  const { round, proposal } = found;
  const note = noteWords.length > 0 ? `: ${noteWords.join(' ')}` : '';
  const proposals = round.proposals.map((p) =>
    p.n === proposal.n ? { ...p, status: 'rework' as const } : p,
  );
  const next = { ...state, round: { ...round, proposals } };
  return withProgress(
    {
      state: next,
      effects: [
        { type: 'reply', message: { text: wt(lang, 'rework.group', { n: proposal.n, note }) } },
        ...proposal.by.map(
          (id): WorkshopEffect => ({
            type: 'private',
            userId: id,
            name: nameById(state, id),
            message: { text: wt(lang, 'rework.private', { statement: proposal.statement, note }) },
          }),
        ),
      ],
    },
    tree,
  );
}

function findPerson(state: WorkshopState, name: string): Person | undefined {
  // "@andi", a Slack mention "<@U07ANDI|andi>" or the platform's user id all name a person.
  const mention = /^<@([A-Z0-9]+)(?:\|([^>]*))?>$/i.exec(name.trim());
  const wanted = (mention?.[1] ?? name).trim().replace(/^@/, '').toLowerCase();
  return (
    state.people.find((p) => p.id.toLowerCase() === wanted) ??
    state.people.find((p) => p.name.toLowerCase() === wanted) ??
    state.people.find((p) => p.name.toLowerCase().split(/\s+/)[0] === wanted)
  );
}

function knownNames(state: WorkshopState): string {
  return state.people.map((p) => p.name).join(', ');
}

function setRole(state: WorkshopState, args: string, role: WorkshopRole, key: string): WorkshopResult {
  const lang = state.lang;
  if (!args.trim()) return reply(state, wt(lang, 'roles.usage', { names: knownNames(state) }));
  const who = findPerson(state, args);
  if (!who) return reply(state, wt(lang, 'roles.unknown', { name: args.trim(), names: knownNames(state) }));
  if (who.role === 'facilitator') return reply(state, wt(lang, 'roles.usage', { names: knownNames(state) }));
  const next = { ...state, people: state.people.map((p) => (p.id === who.id ? { ...p, role } : p)) };
  return reply(next, wt(lang, key, { name: who.name }));
}

function handOver(state: WorkshopState, user: ChatUser, args: string): WorkshopResult {
  const lang = state.lang;
  if (!args.trim()) return reply(state, wt(lang, 'roles.usage', { names: knownNames(state) }));
  const who = findPerson(state, args);
  if (!who) return reply(state, wt(lang, 'roles.unknown', { name: args.trim(), names: knownNames(state) }));
  const people = state.people.map((p): Person => {
    if (p.id === who.id) return { ...p, role: 'facilitator' };
    if (p.id === user.id || p.role === 'facilitator') return { ...p, role: 'co_facilitator' };
    return p;
  });
  return reply({ ...state, people }, wt(lang, 'roles.handover', { name: who.name }));
}

// ── Breakouts ───────────────────────────────────────────────────────────────────────────────────────

/** The tree with a breakout's drafts added in order; `ids` maps draft keys to the node ids they got. */
function withDrafts(tree: Tree, breakout: Breakout): { tree: Tree; ids: Map<string, string> } {
  const ids = new Map<string, string>();
  let current = tree;
  for (const d of breakout.drafts) {
    const parentId = ids.get(d.parentId) ?? d.parentId;
    const parent = numbered(current).find((e) => e.node.id === parentId)?.node;
    const level = parent ? childLevel(parent.level) : undefined;
    if (!parent || !level) continue;
    const added = addNode(current, parentId, { statement: d.statement, level });
    if (!added.ok) continue;
    current = added.value.tree;
    ids.set(d.key, added.value.node.id);
  }
  return { tree: current, ids };
}

function branchLines(state: WorkshopState, tree: Tree, breakout: Breakout): string[] {
  const { tree: drafted, ids } = withDrafts(tree, breakout);
  const fresh = new Set(ids.values());
  const root = numberOf(drafted, breakout.nodeId);
  const findings = checkTree(drafted, { stage: 3 }).filter((f) => f.nodeId && fresh.has(f.nodeId));
  const lines: string[] = [];
  for (const e of numbered(drafted)) {
    if (e.number !== root && !e.number.startsWith(`${root}.`)) continue;
    const depth = e.number.split('.').length - root.split('.').length;
    const marks = findings.filter((f) => f.nodeId === e.node.id);
    const markText =
      marks.length > 0 ? ` ${marks.map((f) => (f.severity === 'error' ? '✖' : '⚠') + f.rule).join(' ')}` : '';
    lines.push(
      `${'  '.repeat(depth)}${e.number} ${fresh.has(e.node.id) ? '✳ ' : ''}${e.node.statement} (${levelName(state.lang, e.node.level)})${markText}`,
    );
  }
  return lines;
}

function assign(state: WorkshopState, args: string, tree: Tree): WorkshopResult {
  const lang = state.lang;
  const match = /^(\d+(?:\.\d+)*)\.?\s+(.+)$/.exec(args.trim());
  if (!match) return reply(state, wt(lang, 'breakout.usage'));
  const [, number = '', namesText = ''] = match;
  const entry = numbered(tree).find((e) => e.number === number);
  if (!entry) return reply(state, wt(lang, 'round.bad_number', { number }));
  if (entry.node.level === 'outcome' || entry.node.level === 'kondisi_operasional')
    return reply(state, wt(lang, 'breakout.bad_level', { number }));
  const people: Person[] = [];
  for (const name of namesText.split(/\s*(?:,|\bdan\b|&)\s*|\s+(?=<?@)/i).filter(Boolean)) {
    const who = findPerson(state, name);
    if (!who) return reply(state, wt(lang, 'roles.unknown', { name, names: knownNames(state) }));
    people.push(who);
  }
  const userIds = people.map((p) => p.id);
  const others = state.breakouts
    .filter((b) => b.nodeId !== entry.node.id)
    .map((b) => ({ ...b, userIds: b.userIds.filter((id) => !userIds.includes(id)) }))
    .filter((b) => b.userIds.length > 0 || b.drafts.length > 0);
  const existing = state.breakouts.find((b) => b.nodeId === entry.node.id);
  const breakout: Breakout = existing
    ? { ...existing, userIds, status: 'drafting' }
    : { nodeId: entry.node.id, userIds, drafts: [], status: 'drafting', nextKey: 1 };
  const next = { ...state, breakouts: [...others, breakout] };
  const names = people.map((p) => p.name).join(', ');
  return withProgress(
    {
      state: next,
      effects: [
        {
          type: 'reply',
          message: {
            text: wt(lang, 'breakout.assigned', { number, statement: entry.node.statement, names }),
          },
        },
        { type: 'assign', userIds },
        ...people.map(
          (p): WorkshopEffect => ({
            type: 'private',
            userId: p.id,
            name: p.name,
            message: {
              text: wt(lang, 'breakout.private_intro', { number, statement: entry.node.statement }),
            },
          }),
        ),
      ],
    },
    tree,
  );
}

function breakoutOf(state: WorkshopState, userId: string): Breakout | undefined {
  return state.breakouts.find((b) => b.userIds.includes(userId));
}

function replaceBreakout(state: WorkshopState, breakout: Breakout): WorkshopState {
  return { ...state, breakouts: state.breakouts.map((b) => (b.nodeId === breakout.nodeId ? breakout : b)) };
}

function draftInBreakout(state: WorkshopState, user: ChatUser, text: string, tree: Tree): WorkshopResult {
  const lang = state.lang;
  const breakout = breakoutOf(state, user.id);
  if (!breakout) return reply(state, wt(lang, 'breakout.none'));
  const { tree: drafted, ids } = withDrafts(tree, breakout);
  const root = numberOf(drafted, breakout.nodeId);
  const match = /^(\d+(?:\.\d+)*)\.?\s+(.+)$/.exec(text.trim());
  const number = match?.[1] ?? root;
  const statement = (match?.[2] ?? text).trim().replace(/\s+/g, ' ');
  if (!statement) return reply(state, wt(lang, 'proposal.empty'));
  const inBranch = number === root || number.startsWith(`${root}.`);
  const parent = inBranch ? numbered(drafted).find((e) => e.number === number)?.node : undefined;
  if (!parent) return reply(state, wt(lang, 'breakout.bad_parent', { number }));
  const level = childLevel(parent.level);
  if (!level) return reply(state, wt(lang, 'round.leaf', { number }));
  const findings = checkStatement({
    statement,
    level,
    parent: parent.statement,
    existing: statements(drafted),
  });
  if (findings.some((f) => f.severity === 'error')) {
    return reply(
      state,
      wt(lang, 'breakout.draft_rejected', { statement, findings: findingLines(findings, lang) }),
    );
  }
  const draftKey = [...ids.entries()].find(([, id]) => id === parent.id)?.[0];
  const key = `d${breakout.nextKey}`;
  const updated: Breakout = {
    ...breakout,
    status: 'drafting',
    nextKey: breakout.nextKey + 1,
    drafts: [...breakout.drafts, { key, parentId: draftKey ?? parent.id, statement, by: user.id }],
  };
  const after = withDrafts(tree, updated);
  const addedNumber = numberOf(after.tree, after.ids.get(key) ?? '');
  const warnings = findings.length > 0 ? `\n${findingLines(findings, lang)}` : '';
  return reply(
    bump(replaceBreakout(state, updated), user.id, 'proposed'),
    `${wt(lang, 'breakout.draft_added', { number: addedNumber, level: levelName(lang, level), statement })}${warnings}`,
  );
}

function privateCommand(
  state: WorkshopState,
  event: Extract<WorkshopEvent, { type: 'command' }>,
  tree: Tree,
): WorkshopResult {
  const lang = state.lang;
  const breakout = breakoutOf(state, event.user.id);
  if (!breakout) return reply(state, wt(lang, 'breakout.none'));
  switch (event.command) {
    case 'usul':
      return draftInBreakout(state, event.user, event.args, tree);
    case 'lihat': {
      const number = numberOf(tree, breakout.nodeId);
      return reply(
        state,
        [wt(lang, 'breakout.view', { number }), ...branchLines(state, tree, breakout)].join('\n'),
      );
    }
    case 'hapus': {
      const { tree: drafted, ids } = withDrafts(tree, breakout);
      const number = event.args.trim().replace(/\.+$/, '');
      const nodeId = numbered(drafted).find((e) => e.number === number)?.node.id;
      const key = [...ids.entries()].find(([, id]) => id === nodeId)?.[0];
      if (!key) return reply(state, wt(lang, 'breakout.not_draft', { number }));
      const dropped = new Set([key]);
      for (const d of breakout.drafts) if (dropped.has(d.parentId)) dropped.add(d.key);
      const updated = { ...breakout, drafts: breakout.drafts.filter((d) => !dropped.has(d.key)) };
      return reply(replaceBreakout(state, updated), wt(lang, 'breakout.removed', { number }));
    }
    case 'kembalikan':
      return returnBranch(state, event.user, tree, 'private');
    default:
      return reply(state, wt(lang, 'breakout.none'));
  }
}

function returnBranch(state: WorkshopState, user: ChatUser, tree: Tree, where: Where): WorkshopResult {
  const lang = state.lang;
  const breakout = breakoutOf(state, user.id);
  if (!breakout) return reply(state, wt(lang, 'breakout.none'));
  if (breakout.drafts.length === 0) return reply(state, wt(lang, 'breakout.empty'));
  const number = numberOf(tree, breakout.nodeId);
  const updated: Breakout = { ...breakout, status: 'returned' };
  const names = breakout.userIds.map((id) => nameById(state, id)).join(', ');
  const review: Outgoing = {
    text: [
      wt(lang, 'breakout.returned', { number, names, count: breakout.drafts.length }),
      branchLines(state, tree, breakout).join('\n'),
      wt(lang, 'breakout.review_hint', { number }),
    ].join('\n\n'),
  };
  return withProgress(
    {
      state: replaceBreakout(state, updated),
      effects: [
        { type: 'group', message: review },
        ...(where === 'private'
          ? [{ type: 'reply' as const, message: { text: wt(lang, 'breakout.returned_private') } }]
          : []),
      ],
    },
    tree,
  );
}

function branchArg(state: WorkshopState, raw: string, tree: Tree): Breakout | string {
  const lang = state.lang;
  const number = raw.trim().split(/\s+/)[0]?.replace(/\.+$/, '') ?? '';
  const returned = state.breakouts.filter((b) => b.status === 'returned');
  const breakout = number
    ? state.breakouts.find((b) => numberOf(tree, b.nodeId) === number)
    : returned.length === 1
      ? returned[0]
      : undefined;
  if (!breakout) return wt(lang, 'breakout.unknown', { number });
  if (breakout.status !== 'returned')
    return wt(lang, 'breakout.not_returned', { number: numberOf(tree, breakout.nodeId) });
  return breakout;
}

function acceptBranch(state: WorkshopState, user: ChatUser, args: string, tree: Tree): WorkshopResult {
  const lang = state.lang;
  const breakout = branchArg(state, args, tree);
  if (typeof breakout === 'string') return reply(state, breakout);
  const number = numberOf(tree, breakout.nodeId);
  const { tree: drafted, ids } = withDrafts(tree, breakout);
  const fresh = new Set(ids.values());
  const errors = checkTree(drafted, { stage: 3 }).filter(
    (f) => f.severity === 'error' && f.nodeId && fresh.has(f.nodeId),
  );
  if (errors.length > 0) {
    return reply(state, wt(lang, 'breakout.blocked', { number, findings: findingLines(errors, lang) }));
  }
  const by = breakout.userIds.map((id) => nameById(state, id)).join(', ');
  let next: WorkshopState = {
    ...state,
    breakouts: state.breakouts.filter((b) => b.nodeId !== breakout.nodeId),
    decisions: [...state.decisions, wt(lang, 'decision.branch', { number, count: ids.size, by })],
  };
  for (const d of breakout.drafts) next = bump(next, d.by, 'accepted');
  return withProgress(
    {
      state: next,
      effects: [
        {
          type: 'save_tree',
          tree: drafted,
          summary: `Lokakarya: cabang ${number} (${ids.size} simpul, ${by})`,
          actor: { userId: user.id, name: nameOf(user) },
        },
        { type: 'reply', message: { text: wt(lang, 'breakout.accepted', { number, count: ids.size }) } },
        { type: 'unassign', userIds: breakout.userIds },
      ],
    },
    drafted,
  );
}

function reworkBranch(state: WorkshopState, args: string, tree: Tree): WorkshopResult {
  const lang = state.lang;
  const breakout = branchArg(state, args, tree);
  if (typeof breakout === 'string') return reply(state, breakout);
  const number = numberOf(tree, breakout.nodeId);
  const noteText = args.trim().split(/\s+/).slice(1).join(' ');
  const note = noteText ? `: ${noteText}` : '';
  const names = breakout.userIds.map((id) => nameById(state, id)).join(', ');
  return {
    state: replaceBreakout(state, { ...breakout, status: 'drafting' }),
    effects: [
      { type: 'reply', message: { text: wt(lang, 'breakout.rework_group', { number, names }) } },
      ...breakout.userIds.map(
        (id): WorkshopEffect => ({
          type: 'private',
          userId: id,
          name: nameById(state, id),
          message: { text: wt(lang, 'breakout.rework_private', { number, note }) },
        }),
      ),
    ],
  };
}

// ── Views ───────────────────────────────────────────────────────────────────────────────────────────

function view(state: WorkshopState, tree: Tree): string {
  const lines = numbered(tree).map((e) => {
    const depth = e.number === '0' ? 0 : e.number.split('.').length;
    return `${'  '.repeat(depth)}${e.number} ${e.node.statement} (${levelName(state.lang, e.node.level)})`;
  });
  return [wt(state.lang, 'view.title'), ...lines].join('\n');
}

/** The /rekap text: decisions, open findings of the tree (Tahap 3 rules), who contributed what. */
export function rekap(state: WorkshopState, tree: Tree): string {
  const lang = state.lang;
  const findings = checkTree(tree, { stage: 3 });
  const errors = findings.filter((f) => f.severity === 'error').length;
  const parts: string[] = [wt(lang, 'rekap.title')];
  const round = state.round;
  if (round) {
    parts.push(
      wt(lang, 'rekap.round', {
        level: levelName(lang, round.level),
        number: numberOf(tree, round.parentId),
        phase: wt(lang, `phase.${round.phase}`),
        count: round.proposals.filter((p) => p.status !== 'merged').length,
        deadline: round.deadline ? wt(lang, 'rekap.deadline', { time: clock(round.deadline) }) : '',
      }),
    );
  }
  parts.push(
    state.decisions.length > 0
      ? [wt(lang, 'rekap.decisions'), ...state.decisions.map((d) => `• ${d}`)].join('\n')
      : wt(lang, 'rekap.no_decisions'),
  );
  parts.push(
    findings.length > 0
      ? [
          wt(lang, 'rekap.findings', { errors, warnings: findings.length - errors }),
          ...findings
            .slice(0, 8)
            .map((f) => `• ${numberOf(tree, f.nodeId ?? tree.tree.id)}: ${formatFinding(f, lang)}`),
        ].join('\n')
      : wt(lang, 'rekap.no_findings'),
  );
  parts.push(
    [
      wt(lang, 'rekap.people'),
      ...state.people.map((p) => {
        const branches = state.breakouts
          .filter((b) => b.userIds.includes(p.id))
          .map((b) => numberOf(tree, b.nodeId));
        return `• ${wt(lang, 'rekap.person', {
          name: p.name,
          role: wt(lang, `role.${p.role}`),
          proposed: p.proposed,
          accepted: p.accepted,
          votes: p.votes,
          branch: branches.length > 0 ? wt(lang, 'rekap.branch', { numbers: branches.join(', ') }) : '',
        })}`;
      }),
    ].join('\n'),
  );
  return parts.join('\n\n');
}
