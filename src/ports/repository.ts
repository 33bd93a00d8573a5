/**
 * The store, as the app sees it. Implementations: in-memory (src/adapters/memory/) and drizzle over
 * PGlite or PostgreSQL (src/adapters/drizzle/). One contract suite (test/contracts/) runs against all.
 * Every tree read/write is scoped to an organisation the actor is a member of; a tree of another
 * organisation is "not found", never data.
 */

import type { Result } from '../core/result.ts';
import type { Stage } from '../core/rules/types.ts';
import type { Tree } from '../core/tree/schema.ts';

export type Platform = 'telegram' | 'slack' | 'console' | 'cli';
export type Role = 'viewer' | 'editor' | 'facilitator' | 'admin';

/** A person as a chat platform knows them. */
export interface Actor {
  platform: Platform;
  userId: string;
  name?: string | undefined;
}

export interface Organisation {
  id: string;
  name: string;
}

export interface Member {
  organisationId: string;
  actor: Actor;
  role: Role;
}

export interface TreeSummary {
  id: string;
  organisationId: string;
  title: string;
  period?: { from: number; to: number } | undefined;
  stage: Stage;
  version: number;
  nodeCount: number;
  updatedAt: Date;
}

export interface StoredTree extends TreeSummary {
  tree: Tree;
}

/** Where a change came from. */
export type ChangeSource = 'person' | 'llm' | 'import' | 'undo';

export interface ChangeInfo {
  actor: Actor;
  source: ChangeSource;
  /** One line for /riwayat, e.g. "Ubah kondisi 1.2". */
  summary: string;
  /** The reason given when a warning was accepted. */
  reason?: string | undefined;
  /** Rule ids of the accepted warnings, if any. */
  acceptedRules?: string[] | undefined;
}

export interface Revision {
  id: string;
  treeId: string;
  /** The tree version this revision produced. */
  version: number;
  actor: Actor;
  source: ChangeSource;
  summary: string;
  reason?: string | undefined;
  at: Date;
  /** The changed parts before and after (null where a node was added or removed). */
  before: unknown;
  after: unknown;
}

export type StoreError =
  | { kind: 'not_found' }
  | { kind: 'forbidden'; role: Role | null }
  | { kind: 'conflict'; expectedVersion: number; actualVersion: number }
  | { kind: 'nothing_to_undo' };

export interface TreeRepository {
  createOrganisation(name: string, admin: Actor): Promise<Organisation>;
  /** Organisations the actor belongs to, with the actor's role in each. */
  organisationsOf(actor: Actor): Promise<Array<Organisation & { role: Role }>>;
  /** Add or change a member; only an admin (or facilitator, for viewer/editor) of the organisation may. */
  setMember(by: Actor, member: Member): Promise<Result<Member, StoreError>>;

  createTree(
    by: Actor,
    organisationId: string,
    input: { title: string; tree: Tree; stage: Stage },
    change: ChangeInfo,
  ): Promise<Result<StoredTree, StoreError>>;
  loadTree(by: Actor, treeId: string): Promise<Result<StoredTree, StoreError>>;
  listTrees(by: Actor, organisationId?: string): Promise<TreeSummary[]>;
  /**
   * Replace the tree with `tree` if its version is still `expectedVersion` (optimistic check, in one
   * transaction); records a revision with the changed parts. A stale version answers `conflict`.
   */
  saveTree(
    by: Actor,
    treeId: string,
    expectedVersion: number,
    update: { tree: Tree; stage?: Stage | undefined; title?: string | undefined },
    change: ChangeInfo,
  ): Promise<Result<StoredTree, StoreError>>;
  listRevisions(by: Actor, treeId: string, limit?: number): Promise<Result<Revision[], StoreError>>;
  /** Undo the last change as a new revision. */
  undo(by: Actor, treeId: string, expectedVersion?: number): Promise<Result<StoredTree, StoreError>>;
  deleteTree(by: Actor, treeId: string): Promise<Result<true, StoreError>>;

  /**
   * Cross-platform identity: a person known on Telegram links their Slack account (or the reverse).
   * `createLinkCode` gives a short one-time code (valid 15 minutes); redeeming it from the other platform
   * makes both actors the same person (same memberships, same trees). A wrong or used code links nothing.
   */
  createLinkCode(by: Actor): Promise<string>;
  redeemLinkCode(by: Actor, code: string): Promise<Result<true, StoreError>>;
}

/** Which conversation a message belongs to: one per chat (and thread, where the platform has them). */
export interface ConversationKey {
  platform: Platform;
  chatId: string;
  threadId?: string | undefined;
}

export interface StoredConversation<S = unknown> {
  key: ConversationKey;
  /** Row version for compare-and-swap. */
  version: number;
  /** Version of the state shape (flows migrate or restart explicitly on change). */
  flowVersion: number;
  state: S;
  updatedAt: Date;
}

export interface ConversationStore {
  load<S>(key: ConversationKey): Promise<StoredConversation<S> | null>;
  /** Compare-and-swap on `expectedVersion` (0 for a new conversation). */
  save<S>(
    key: ConversationKey,
    expectedVersion: number,
    flowVersion: number,
    state: S,
  ): Promise<Result<StoredConversation<S>, StoreError>>;
}

export interface InboundEventLog {
  /** Record an incoming update; false when (platform, updateId) was seen before. */
  firstSeen(platform: Platform, updateId: string): Promise<boolean>;
}
