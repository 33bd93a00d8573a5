/**
 * A workshop as data: who takes part in which role, the open round of proposals with its votes and
 * deadline, the branches handed out for private drafting, and the decisions so far. `workshopStep` in
 * step.ts is the only thing that changes it; time arrives as the event's `at` (the shell's Clock).
 */
import type { ChatUser, Outgoing } from '../../ports/chat.ts';
import type { Lang } from '../rules/types.ts';
import type { Level, Tree } from '../tree/schema.ts';

export type WorkshopRole = 'facilitator' | 'co_facilitator' | 'participant' | 'observer';

export interface Person {
  id: string;
  name: string;
  role: WorkshopRole;
  proposed: number;
  accepted: number;
  votes: number;
}

export type ProposalStatus = 'open' | 'accepted' | 'merged' | 'rework';

export interface Proposal {
  /** The number the group sees (1, 2, 3 … in arrival order, never reused in a round). */
  n: number;
  statement: string;
  /** User ids of everyone who proposed it (a same-text proposal adds its proposer here). */
  by: string[];
  /** User ids who voted for it. */
  votes: string[];
  status: ProposalStatus;
  /** A near-duplicate (word similarity ≥ 0.85) of this earlier proposal: a candidate for /gabung. */
  similarTo?: number | undefined;
  mergedInto?: number | undefined;
  /** Rule ids of warnings it carries (errors never reach the list). */
  warnings: string[];
}

export interface Round {
  /** The node the proposals go under, and the level they get. */
  parentId: string;
  level: Level;
  phase: 'collect' | 'review';
  /** ISO time at which the round closes by itself. */
  deadline?: string | undefined;
  proposals: Proposal[];
}

/** One statement drafted in a breakout, under a node of the tree or under an earlier draft. */
export interface Draft {
  key: string;
  /** A tree node id, or the key of an earlier draft. */
  parentId: string;
  statement: string;
  by: string;
}

export interface Breakout {
  /** The tree node whose branch is drafted (a CSF or a condition below it). */
  nodeId: string;
  userIds: string[];
  drafts: Draft[];
  status: 'drafting' | 'returned';
  nextKey: number;
}

export interface WorkshopState {
  version: 1;
  lang: Lang;
  treeId: string;
  /** The person who started it: a member of the tree's organisation, in whose name the tree is loaded. */
  owner: { userId: string; name: string };
  people: Person[];
  round?: Round | undefined;
  breakouts: Breakout[];
  /** One line per decision, in the workshop's language. */
  decisions: string[];
  ended?: boolean | undefined;
  /** The pinned progress message, edited in place as the workshop moves. */
  progressMessageId?: string | undefined;
}

/** Where an event came from: the workshop's group, or a participant's private chat (breakout). */
export type Where = 'group' | 'private';

export type WorkshopEvent = { at: string } & (
  | { type: 'command'; user: ChatUser; command: string; args: string; where: Where }
  | { type: 'text'; user: ChatUser; text: string; where: Where }
  /** A button tap; `messageId` is the list message it was on (edited in place with the new counts). */
  | { type: 'choice'; user: ChatUser; value: string; messageId?: string | undefined }
  /** The shell's timer fired (it may be stale: the step compares with the round's deadline). */
  | { type: 'deadline' }
);

export type WorkshopEffect =
  /** To the chat the event came from. */
  | { type: 'reply'; message: Outgoing }
  /** To the workshop's group (the same as reply for a group event). */
  | { type: 'group'; message: Outgoing }
  /** To one person privately; the shell tells the group when the platform refuses. */
  | { type: 'private'; userId: string; name: string; message: Outgoing }
  /** Save the tree (the state is kept only if the save succeeds). */
  | { type: 'save_tree'; tree: Tree; summary: string; actor: { userId: string; name: string } }
  | { type: 'arm_deadline'; at: string }
  /** These people now draft privately for this workshop (the shell routes their private chat here). */
  | { type: 'assign'; userIds: string[] }
  | { type: 'unassign'; userIds: string[] }
  /** Post (pin: true) or edit the pinned progress message. */
  | { type: 'progress'; message: Outgoing; pin: boolean }
  | { type: 'ended' };

export interface WorkshopResult {
  state: WorkshopState;
  effects: WorkshopEffect[];
}
