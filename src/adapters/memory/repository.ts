/**
 * The in-memory twin of the tree repository: the reference semantics every store must match (the
 * contract suite in test/contracts/ runs against this, PGlite and PostgreSQL). Nothing survives a restart.
 */
import { randomUUID } from 'node:crypto';
import { err, ok, type Result } from '../../core/result.ts';
import type { Stage } from '../../core/rules/types.ts';
import type { Tree } from '../../core/tree/schema.ts';
import { type Clock, systemClock } from '../../ports/clock.ts';
import type {
  Actor,
  ChangeInfo,
  Member,
  Organisation,
  Revision,
  Role,
  StoredTree,
  StoreError,
  TreeRepository,
  TreeSummary,
} from '../../ports/repository.ts';
import {
  actorKey,
  canEdit,
  canManage,
  canSetRole,
  LINK_CODE_TTL_MS,
  newLinkCode,
  normaliseLinkCode,
  strongerRole,
} from './access.ts';
import { apply, type Changes, countNodes, diff, type TreeState } from './tree-diff.ts';

interface TreeRow {
  id: string;
  organisationId: string;
  title: string;
  stage: Stage;
  version: number;
  tree: Tree;
  updatedAt: Date;
}

interface RevisionRow extends Revision {
  /** The revision an undo reverted. */
  undoes?: string | undefined;
  /** False for the creation (import) of a tree: it cannot be undone. */
  undoable: boolean;
}

export interface MemoryRepositoryOptions {
  clock?: Clock;
}

const notFound = { kind: 'not_found' } as const;

/** The period as TreeSummary shows it (the Tree type's index signature hides `period`'s fields). */
export function periodOf(tree: Tree): { from: number; to: number } | undefined {
  const p = tree.period as { from: number; to: number } | undefined;
  return p ? { from: p.from, to: p.to } : undefined;
}

export function createMemoryRepository(options: MemoryRepositoryOptions = {}): TreeRepository {
  const clock = options.clock ?? systemClock;
  const organisations = new Map<string, Organisation>();
  /** actor key → person id */
  const persons = new Map<string, string>();
  const actors = new Map<string, Actor>();
  /** organisation id → person id → role */
  const members = new Map<string, Map<string, Role>>();
  const trees = new Map<string, TreeRow>();
  const revisions = new Map<string, RevisionRow[]>();
  const linkCodes = new Map<string, { personId: string; expiresAt: number; used: boolean }>();

  const personOf = (actor: Actor): string => {
    const key = actorKey(actor);
    let person = persons.get(key);
    if (!person) {
      person = randomUUID();
      persons.set(key, person);
    }
    if (actor.name !== undefined || !actors.has(key)) actors.set(key, { ...actor });
    return person;
  };
  const roleIn = (actor: Actor, organisationId: string): Role | null => {
    const person = persons.get(actorKey(actor));
    if (!person) return null;
    return members.get(organisationId)?.get(person) ?? null;
  };
  const summary = (row: TreeRow): TreeSummary => ({
    id: row.id,
    organisationId: row.organisationId,
    title: row.title,
    period: periodOf(row.tree),
    stage: row.stage,
    version: row.version,
    nodeCount: countNodes(row.tree),
    updatedAt: new Date(row.updatedAt),
  });
  const stored = (row: TreeRow): StoredTree => ({ ...summary(row), tree: structuredClone(row.tree) });

  /** The tree if the actor may see it (not_found otherwise), with the actor's role. */
  const access = (by: Actor, treeId: string): Result<{ row: TreeRow; role: Role }, StoreError> => {
    const row = trees.get(treeId);
    const role = row ? roleIn(by, row.organisationId) : null;
    if (!row || !role) return err(notFound);
    return ok({ row, role });
  };

  const record = (
    row: TreeRow,
    by: Actor,
    change: Omit<ChangeInfo, 'actor'> & { source: Revision['source'] },
    sides: { before: Changes | null; after: Changes | null },
    extra: { undoes?: string; undoable: boolean },
  ) => {
    const list = revisions.get(row.id) ?? [];
    list.push({
      id: randomUUID(),
      treeId: row.id,
      version: row.version,
      actor: { ...by },
      source: change.source,
      summary: change.summary,
      reason: change.reason,
      at: new Date(row.updatedAt),
      before: structuredClone(sides.before),
      after: structuredClone(sides.after),
      ...extra,
    });
    revisions.set(row.id, list);
  };

  const replace = (
    row: TreeRow,
    by: Actor,
    next: TreeState,
    change: ChangeInfo,
    extra: { undoes?: string } = {},
  ): StoredTree => {
    const sides = diff({ title: row.title, stage: row.stage, tree: row.tree }, next);
    row.tree = structuredClone(next.tree);
    row.title = next.title;
    row.stage = next.stage;
    row.version += 1;
    row.updatedAt = clock.now();
    record(row, by, change, sides, { ...extra, undoable: true });
    return stored(row);
  };

  return {
    async createOrganisation(name, admin) {
      const org = { id: randomUUID(), name };
      organisations.set(org.id, org);
      members.set(org.id, new Map([[personOf(admin), 'admin']]));
      return { ...org };
    },

    async organisationsOf(actor) {
      const person = persons.get(actorKey(actor));
      if (!person) return [];
      const out: Array<Organisation & { role: Role }> = [];
      for (const [orgId, roles] of members) {
        const role = roles.get(person);
        const org = organisations.get(orgId);
        if (role && org) out.push({ ...org, role });
      }
      return out.sort((a, b) => a.name.localeCompare(b.name));
    },

    async setMember(by, member) {
      const mine = roleIn(by, member.organisationId);
      if (!mine) return err(notFound);
      const roles = members.get(member.organisationId)!;
      const person = personOf(member.actor);
      if (!canSetRole(mine, roles.get(person) ?? null, member.role))
        return err({ kind: 'forbidden', role: mine });
      roles.set(person, member.role);
      return ok({ ...member, actor: { ...member.actor } } satisfies Member);
    },

    async createTree(by, organisationId, input, change) {
      const role = roleIn(by, organisationId);
      if (!role) return err(notFound);
      if (!canEdit(role)) return err({ kind: 'forbidden', role });
      const row: TreeRow = {
        id: randomUUID(),
        organisationId,
        title: input.title,
        stage: input.stage,
        version: 1,
        tree: structuredClone(input.tree),
        updatedAt: clock.now(),
      };
      trees.set(row.id, row);
      record(row, by, change, { before: null, after: null }, { undoable: false });
      return ok(stored(row));
    },

    async loadTree(by, treeId) {
      const found = access(by, treeId);
      return found.ok ? ok(stored(found.value.row)) : found;
    },

    async listTrees(by, organisationId) {
      const person = persons.get(actorKey(by));
      if (!person) return [];
      return [...trees.values()]
        .filter((t) => members.get(t.organisationId)?.has(person))
        .filter((t) => organisationId === undefined || t.organisationId === organisationId)
        .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())
        .map(summary);
    },

    async saveTree(by, treeId, expectedVersion, update, change) {
      const found = access(by, treeId);
      if (!found.ok) return found;
      const { row, role } = found.value;
      if (!canEdit(role)) return err({ kind: 'forbidden', role });
      if (row.version !== expectedVersion)
        return err({ kind: 'conflict', expectedVersion, actualVersion: row.version });
      const next: TreeState = {
        title: update.title ?? row.title,
        stage: update.stage ?? row.stage,
        tree: update.tree,
      };
      return ok(replace(row, by, next, change));
    },

    async listRevisions(by, treeId, limit = 50) {
      const found = access(by, treeId);
      if (!found.ok) return found;
      const list = revisions.get(treeId) ?? [];
      return ok(
        list
          .slice()
          .reverse()
          .slice(0, limit)
          .map(({ undoes: _u, undoable: _d, ...r }) => structuredClone(r)),
      );
    },

    async undo(by, treeId, expectedVersion) {
      const found = access(by, treeId);
      if (!found.ok) return found;
      const { row, role } = found.value;
      if (!canEdit(role)) return err({ kind: 'forbidden', role });
      if (expectedVersion !== undefined && row.version !== expectedVersion)
        return err({ kind: 'conflict', expectedVersion, actualVersion: row.version });
      const list = revisions.get(treeId) ?? [];
      const undone = new Set(list.map((r) => r.undoes).filter((id) => id !== undefined));
      const target = list
        .slice()
        .reverse()
        .find((r) => r.source !== 'undo' && !undone.has(r.id));
      if (!target?.undoable) return err({ kind: 'nothing_to_undo' });
      const current: TreeState = { title: row.title, stage: row.stage, tree: row.tree };
      const next = apply(current, target.before as Changes);
      return ok(
        replace(
          row,
          by,
          next,
          { actor: by, source: 'undo', summary: `Batalkan: ${target.summary}` },
          {
            undoes: target.id,
          },
        ),
      );
    },

    async deleteTree(by, treeId) {
      const found = access(by, treeId);
      if (!found.ok) return found;
      if (!canManage(found.value.role)) return err({ kind: 'forbidden', role: found.value.role });
      trees.delete(treeId);
      revisions.delete(treeId);
      return ok(true);
    },

    async createLinkCode(by) {
      const personId = personOf(by);
      let code = newLinkCode();
      while (linkCodes.has(code)) code = newLinkCode();
      linkCodes.set(code, { personId, expiresAt: clock.now().getTime() + LINK_CODE_TTL_MS, used: false });
      return code;
    },

    async redeemLinkCode(by, code) {
      const entry = linkCodes.get(normaliseLinkCode(code));
      if (!entry || entry.used || clock.now().getTime() >= entry.expiresAt) return err(notFound);
      entry.used = true;
      const from = personOf(by);
      const into = entry.personId;
      if (from === into) return ok(true);
      for (const [key, person] of persons) if (person === from) persons.set(key, into);
      for (const roles of members.values()) {
        const old = roles.get(from);
        if (!old) continue;
        roles.delete(from);
        roles.set(into, strongerRole(old, roles.get(into) ?? null));
      }
      return ok(true);
    },
  };
}
