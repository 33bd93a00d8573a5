/**
 * The tree repository over drizzle, one code path for PGlite and PostgreSQL. A whole tree loads with one
 * recursive query (plus one each for indicators, targets and planning); a save runs in one transaction
 * that bumps the version only if it is still the expected one, then rewrites just the changed nodes in
 * bulk and records the revision. Semantics match the in-memory twin (src/adapters/memory/repository.ts).
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import * as s from '../../../db/schema.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { Stage } from '../../core/rules/types.ts';
import type { Tree } from '../../core/tree/schema.ts';
import { type Clock, systemClock } from '../../ports/clock.ts';
import type {
  Actor,
  ChangeInfo,
  Organisation,
  Platform,
  Revision,
  Role,
  StoredTree,
  StoreError,
  TreeRepository,
  TreeSummary,
} from '../../ports/repository.ts';
import {
  canEdit,
  canManage,
  canSetRole,
  LINK_CODE_TTL_MS,
  newLinkCode,
  normaliseLinkCode,
} from '../memory/access.ts';
import {
  apply,
  assemble,
  type Changes,
  countNodes,
  diff,
  flatten,
  type NodePart,
  type TreeState,
} from '../memory/tree-diff.ts';
import { type PokinDb, rowsOf } from './db.ts';
import {
  fileOf,
  metaColumns,
  partsOf,
  type RawIndicatorRow,
  type RawNodeRow,
  type RawPlanningRow,
  type Rows,
  type TreeRowSelect,
  toRows,
} from './tree-rows.ts';

/** A transaction or the database: both run the same queries. */
type Tx = Pick<PokinDb, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

export interface DrizzleRepositoryOptions {
  clock?: Clock;
}

const notFound = { kind: 'not_found' } as const;
/** Ids per `IN (…)` list: well under PostgreSQL's 65,535 bind parameters. */
const CHUNK = 5000;

/** Thrown inside a transaction to roll it back and answer with a StoreError. */
class Refusal extends Error {
  constructor(readonly error: StoreError) {
    super(error.kind);
  }
}

function chunks<T>(rows: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export function createDrizzleRepository(db: PokinDb, options: DrizzleRepositoryOptions = {}): TreeRepository {
  const clock = options.clock ?? systemClock;

  /**
   * The content of a tree at a version never changes (every write makes a new version, in one
   * transaction), so a state this process saw at version v can stand in for loading version v again
   * when a save starts from it. Kept for the most recently used trees; entries are private copies.
   */
  const seen = new Map<string, { version: number; state: TreeState }>();
  const SEEN_LIMIT = 16;
  function remember(stored: StoredTree): void {
    seen.delete(stored.id);
    const state = structuredClone({ title: stored.title, stage: stored.stage, tree: stored.tree });
    seen.set(stored.id, { version: stored.version, state });
    if (seen.size > SEEN_LIMIT) seen.delete(seen.keys().next().value!);
  }
  function remembered<T extends Result<StoredTree, StoreError>>(result: T): T {
    if (result.ok) remember(result.value);
    return result;
  }

  /** The actor's person id, creating person and account on first sight (safe under concurrency). */
  async function personOf(tx: Tx, actor: Actor): Promise<string> {
    const known = await existingPerson(tx, actor);
    if (known) {
      if (actor.name !== undefined)
        await tx
          .update(s.accounts)
          .set({ name: actor.name })
          .where(and(eq(s.accounts.platform, actor.platform), eq(s.accounts.userId, actor.userId)));
      return known;
    }
    const fresh = randomUUID();
    await tx.insert(s.persons).values({ id: fresh });
    const [row] = await tx
      .insert(s.accounts)
      .values({ platform: actor.platform, userId: actor.userId, personId: fresh, name: actor.name ?? null })
      .onConflictDoUpdate({
        target: [s.accounts.platform, s.accounts.userId],
        set: { name: sql`coalesce(excluded.name, ${s.accounts.name})` },
      })
      .returning({ personId: s.accounts.personId });
    if (row!.personId !== fresh) await tx.delete(s.persons).where(eq(s.persons.id, fresh));
    return row!.personId;
  }

  async function existingPerson(tx: Tx, actor: Actor): Promise<string | null> {
    const [row] = await tx
      .select({ personId: s.accounts.personId })
      .from(s.accounts)
      .where(and(eq(s.accounts.platform, actor.platform), eq(s.accounts.userId, actor.userId)));
    return row?.personId ?? null;
  }

  async function roleIn(tx: Tx, actor: Actor, organisationId: string): Promise<Role | null> {
    const [row] = await tx
      .select({ role: s.members.role })
      .from(s.members)
      .innerJoin(s.accounts, eq(s.accounts.personId, s.members.personId))
      .where(
        and(
          eq(s.accounts.platform, actor.platform),
          eq(s.accounts.userId, actor.userId),
          eq(s.members.organisationId, organisationId),
        ),
      );
    return row?.role ?? null;
  }

  /** The tree row and the actor's role, or not_found when the actor is not a member of its organisation. */
  async function access(
    tx: Tx,
    by: Actor,
    treeId: string,
  ): Promise<Result<{ row: TreeRowSelect; role: Role }, StoreError>> {
    const [found] = await tx
      .select({ tree: s.trees, role: s.members.role })
      .from(s.trees)
      .innerJoin(s.members, eq(s.members.organisationId, s.trees.organisationId))
      .innerJoin(s.accounts, eq(s.accounts.personId, s.members.personId))
      .where(
        and(eq(s.trees.id, treeId), eq(s.accounts.platform, by.platform), eq(s.accounts.userId, by.userId)),
      );
    return found ? ok({ row: found.tree, role: found.role }) : err(notFound);
  }

  async function loadParts(tx: Tx, treeId: string): Promise<NodePart[]> {
    const nodeRows = rowsOf<RawNodeRow>(
      await tx.execute(sql`
        with recursive walk as (
          select n.* from nodes n where n.tree_id = ${treeId} and n.parent_id is null
          union all
          select c.* from nodes c join walk w on c.tree_id = w.tree_id and c.parent_id = w.id
        )
        select id, parent_id, position, in_crosscutting, statement, level, problem, basis, crosscutting,
               accepted_warnings, has_indicators, has_planning, extra
        from walk`),
    );
    // Targets come folded into their indicator (one row per indicator, not per year).
    const indicatorRows = rowsOf<RawIndicatorRow>(
      await tx.execute(sql`
        select i.node_id, i.position, i.name, i.kinerja, i.unit, i.formula, i.polarity, i.has_targets, i.extra,
          (select jsonb_agg(jsonb_build_array(t.year, t.value_number, t.value_text) order by t.position)
             from targets t
            where t.tree_id = i.tree_id and t.node_id = i.node_id and t.indicator_position = i.position) as targets
        from indicators i where i.tree_id = ${treeId}`),
    );
    const planningRows = rowsOf<RawPlanningRow>(
      await tx.execute(sql`
        select node_id, position, component, pk, jabatan, program, kegiatan, sub_kegiatan, extra
        from planning_entries where tree_id = ${treeId}`),
    );
    return partsOf(nodeRows, indicatorRows, planningRows);
  }

  async function stateOf(tx: Tx, row: TreeRowSelect): Promise<TreeState> {
    return {
      title: row.title,
      stage: row.stage as Stage,
      tree: assemble(fileOf(row), await loadParts(tx, row.id)),
    };
  }

  /**
   * Insert many rows with ONE statement per table: the rows travel as a single jsonb parameter and
   * jsonb_to_recordset turns them back into rows (no bind-parameter limit, no per-row statements).
   */
  async function bulkInsert(tx: Tx, table: PgTable, rows: Array<Record<string, unknown>>): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.entries(getTableColumns(table));
    const data = rows.map((r) => Object.fromEntries(columns.map(([key, c]) => [c.name, r[key] ?? null])));
    const names = sql.join(
      columns.map(([, c]) => sql.identifier(c.name)),
      sql`, `,
    );
    const types = sql.raw(columns.map(([, c]) => `"${c.name}" ${c.getSQLType()}`).join(', '));
    await tx.execute(
      sql`insert into ${table} (${names}) select ${names} from jsonb_to_recordset(${JSON.stringify(data)}::jsonb) as x(${types})`,
    );
  }

  async function insertRows(tx: Tx, rows: Rows): Promise<void> {
    await bulkInsert(tx, s.nodes, rows.nodes);
    await bulkInsert(tx, s.indicators, rows.indicators);
    await bulkInsert(tx, s.targets, rows.targets);
    await bulkInsert(tx, s.planningEntries, rows.planning);
  }

  const summaryOf = (row: TreeRowSelect): TreeSummary => ({
    id: row.id,
    organisationId: row.organisationId,
    title: row.title,
    period:
      row.periodFrom !== null && row.periodTo !== null
        ? { from: row.periodFrom, to: row.periodTo }
        : undefined,
    stage: row.stage as Stage,
    version: row.version,
    nodeCount: row.nodeCount,
    updatedAt: row.updatedAt,
  });

  async function insertRevision(
    tx: Tx,
    treeId: string,
    version: number,
    by: Actor,
    change: Omit<ChangeInfo, 'actor'>,
    sides: { before: Changes | null; after: Changes | null },
    at: Date,
    extra: { undoes?: string | undefined; undoable: boolean },
  ): Promise<void> {
    await tx.insert(s.revisions).values({
      id: randomUUID(),
      treeId,
      version,
      actorPlatform: by.platform,
      actorUserId: by.userId,
      actorName: by.name ?? null,
      source: change.source,
      summary: change.summary,
      reason: change.reason ?? null,
      acceptedRules: change.acceptedRules ?? null,
      before: sides.before,
      after: sides.after,
      undoes: extra.undoes ?? null,
      undoable: extra.undoable,
      at,
    });
  }

  /**
   * Move the tree from `expectedVersion` to `next` inside `tx`: the version bump is the optimistic check
   * (zero rows updated = someone else saved first), then only the changed nodes are rewritten.
   */
  async function writeNext(
    tx: Tx,
    treeId: string,
    expectedVersion: number,
    by: Actor,
    next:
      | { title?: string | undefined; stage?: Stage | undefined; tree?: Tree }
      | ((current: TreeState) => TreeState),
    change: Omit<ChangeInfo, 'actor'>,
    undoes?: string,
  ): Promise<StoredTree> {
    const [locked] = await tx
      .update(s.trees)
      .set({ version: sql`${s.trees.version} + 1` })
      .where(and(eq(s.trees.id, treeId), eq(s.trees.version, expectedVersion)))
      .returning();
    if (!locked) {
      const [now] = await tx.select({ version: s.trees.version }).from(s.trees).where(eq(s.trees.id, treeId));
      if (!now) throw new Refusal(notFound);
      throw new Refusal({ kind: 'conflict', expectedVersion, actualVersion: now.version });
    }
    // `returning` gives the row after the bump; everything but the version is still the old state.
    const known = seen.get(treeId);
    const current = known?.version === expectedVersion ? known.state : await stateOf(tx, locked);
    const target =
      typeof next === 'function'
        ? next(current)
        : {
            title: next.title ?? current.title,
            stage: next.stage ?? current.stage,
            tree: next.tree ?? current.tree,
          };
    const sides = diff(current, target);
    const afterParts = flatten(target.tree);
    const touched = Object.keys(sides.before.nodes);
    for (const ids of chunks(touched)) {
      await tx.delete(s.targets).where(and(eq(s.targets.treeId, treeId), inArray(s.targets.nodeId, ids)));
      await tx
        .delete(s.indicators)
        .where(and(eq(s.indicators.treeId, treeId), inArray(s.indicators.nodeId, ids)));
      await tx
        .delete(s.planningEntries)
        .where(and(eq(s.planningEntries.treeId, treeId), inArray(s.planningEntries.nodeId, ids)));
      await tx.delete(s.nodes).where(and(eq(s.nodes.treeId, treeId), inArray(s.nodes.id, ids)));
    }
    const changed: NodePart[] = [];
    for (const id of touched) {
      const part = afterParts.get(id);
      if (part) changed.push(part);
    }
    await insertRows(tx, toRows(treeId, changed));
    const { tree: _t, crosscutting: _x, ...file } = target.tree;
    const at = clock.now();
    const [saved] = await tx
      .update(s.trees)
      .set({
        ...metaColumns(file),
        title: target.title,
        stage: target.stage,
        nodeCount: countNodes(target.tree),
        updatedAt: at,
      })
      .where(eq(s.trees.id, treeId))
      .returning();
    await insertRevision(tx, treeId, locked.version, by, change, sides, at, { undoes, undoable: true });
    return { ...summaryOf(saved!), tree: target.tree };
  }

  /** Run `body` in a transaction; a Refusal rolls back and becomes the StoreError. */
  async function inTransaction<T>(body: (tx: Tx) => Promise<T>): Promise<Result<T, StoreError>> {
    try {
      return ok(await db.transaction(async (tx) => body(tx as unknown as Tx)));
    } catch (e) {
      if (e instanceof Refusal) return err(e.error);
      throw e;
    }
  }

  return {
    async createOrganisation(name, admin) {
      return db.transaction(async (tx) => {
        const org: Organisation = { id: randomUUID(), name };
        await tx.insert(s.organisations).values(org);
        const personId = await personOf(tx as unknown as Tx, admin);
        await tx.insert(s.members).values({ organisationId: org.id, personId, role: 'admin' });
        return org;
      });
    },

    async organisationsOf(actor) {
      const rows = await db
        .select({ id: s.organisations.id, name: s.organisations.name, role: s.members.role })
        .from(s.members)
        .innerJoin(s.accounts, eq(s.accounts.personId, s.members.personId))
        .innerJoin(s.organisations, eq(s.organisations.id, s.members.organisationId))
        .where(and(eq(s.accounts.platform, actor.platform), eq(s.accounts.userId, actor.userId)));
      return rows.sort((a, b) => a.name.localeCompare(b.name));
    },

    async setMember(by, member) {
      return inTransaction(async (tx) => {
        const mine = await roleIn(tx, by, member.organisationId);
        if (!mine) throw new Refusal(notFound);
        const personId = await personOf(tx, member.actor);
        const [current] = await tx
          .select({ role: s.members.role })
          .from(s.members)
          .where(and(eq(s.members.organisationId, member.organisationId), eq(s.members.personId, personId)));
        if (!canSetRole(mine, current?.role ?? null, member.role))
          throw new Refusal({ kind: 'forbidden', role: mine });
        await tx
          .insert(s.members)
          .values({ organisationId: member.organisationId, personId, role: member.role })
          .onConflictDoUpdate({
            target: [s.members.organisationId, s.members.personId],
            set: { role: member.role },
          });
        return { ...member, actor: { ...member.actor } };
      });
    },

    async createTree(by, organisationId, input, change) {
      return remembered(
        await inTransaction(async (tx) => {
          const role = await roleIn(tx, by, organisationId);
          if (!role) throw new Refusal(notFound);
          if (!canEdit(role)) throw new Refusal({ kind: 'forbidden', role });
          const id = randomUUID();
          const at = clock.now();
          const { tree: _t, crosscutting: _x, ...file } = input.tree;
          const [row] = await tx
            .insert(s.trees)
            .values({
              id,
              organisationId,
              title: input.title,
              stage: input.stage,
              version: 1,
              nodeCount: countNodes(input.tree),
              ...metaColumns(file),
              updatedAt: at,
            })
            .returning();
          await insertRows(tx, toRows(id, flatten(input.tree).values()));
          await insertRevision(tx, id, 1, by, change, { before: null, after: null }, at, { undoable: false });
          return { ...summaryOf(row!), tree: structuredClone(input.tree) };
        }),
      );
    },

    async loadTree(by, treeId) {
      const found = await access(db, by, treeId);
      if (!found.ok) return found;
      const { row } = found.value;
      const state = await stateOf(db, row);
      return remembered(ok({ ...summaryOf(row), tree: state.tree }));
    },

    async listTrees(by, organisationId) {
      const rows = await db
        .select({ tree: s.trees })
        .from(s.trees)
        .innerJoin(s.members, eq(s.members.organisationId, s.trees.organisationId))
        .innerJoin(s.accounts, eq(s.accounts.personId, s.members.personId))
        .where(
          and(
            eq(s.accounts.platform, by.platform),
            eq(s.accounts.userId, by.userId),
            organisationId === undefined ? undefined : eq(s.trees.organisationId, organisationId),
          ),
        )
        .orderBy(desc(s.trees.updatedAt));
      return rows.map((r) => summaryOf(r.tree));
    },

    async saveTree(by, treeId, expectedVersion, update, change) {
      return remembered(
        await inTransaction(async (tx) => {
          const found = await access(tx, by, treeId);
          if (!found.ok) throw new Refusal(found.error);
          if (!canEdit(found.value.role)) throw new Refusal({ kind: 'forbidden', role: found.value.role });
          return writeNext(tx, treeId, expectedVersion, by, update, change);
        }),
      );
    },

    async listRevisions(by, treeId, limit = 50) {
      const found = await access(db, by, treeId);
      if (!found.ok) return found;
      const rows = await db
        .select()
        .from(s.revisions)
        .where(eq(s.revisions.treeId, treeId))
        .orderBy(desc(s.revisions.version))
        .limit(limit);
      return ok(
        rows.map(
          (r): Revision => ({
            id: r.id,
            treeId: r.treeId,
            version: r.version,
            actor: {
              platform: r.actorPlatform as Platform,
              userId: r.actorUserId,
              ...(r.actorName !== null ? { name: r.actorName } : {}),
            },
            source: r.source,
            summary: r.summary,
            reason: r.reason ?? undefined,
            at: r.at,
            before: r.before,
            after: r.after,
          }),
        ),
      );
    },

    async undo(by, treeId, expectedVersion) {
      return remembered(
        await inTransaction(async (tx) => {
          const found = await access(tx, by, treeId);
          if (!found.ok) throw new Refusal(found.error);
          const { row, role } = found.value;
          if (!canEdit(role)) throw new Refusal({ kind: 'forbidden', role });
          const version = expectedVersion ?? row.version;
          const undone = tx
            .select({ id: s.revisions.undoes })
            .from(s.revisions)
            .where(and(eq(s.revisions.treeId, treeId), sql`${s.revisions.undoes} is not null`));
          const [target] = await tx
            .select({
              id: s.revisions.id,
              summary: s.revisions.summary,
              before: s.revisions.before,
              undoable: s.revisions.undoable,
            })
            .from(s.revisions)
            .where(
              and(
                eq(s.revisions.treeId, treeId),
                sql`${s.revisions.source} <> 'undo'`,
                sql`${s.revisions.id} not in (${undone})`,
              ),
            )
            .orderBy(desc(s.revisions.version))
            .limit(1);
          if (!target?.undoable) {
            if (row.version !== version)
              throw new Refusal({ kind: 'conflict', expectedVersion: version, actualVersion: row.version });
            throw new Refusal({ kind: 'nothing_to_undo' });
          }
          return writeNext(
            tx,
            treeId,
            version,
            by,
            (current) => apply(current, target.before as Changes),
            { source: 'undo', summary: `Batalkan: ${target.summary}` },
            target.id,
          );
        }),
      );
    },

    async deleteTree(by, treeId) {
      return inTransaction(async (tx) => {
        const found = await access(tx, by, treeId);
        if (!found.ok) throw new Refusal(found.error);
        if (!canManage(found.value.role)) throw new Refusal({ kind: 'forbidden', role: found.value.role });
        // Child tables have no foreign keys (see db/schema.ts): delete them explicitly, then the tree
        // (its nodes and revisions follow by cascade).
        await tx.delete(s.targets).where(eq(s.targets.treeId, treeId));
        await tx.delete(s.indicators).where(eq(s.indicators.treeId, treeId));
        await tx.delete(s.planningEntries).where(eq(s.planningEntries.treeId, treeId));
        await tx.delete(s.trees).where(eq(s.trees.id, treeId));
        return true as const;
      });
    },

    async createLinkCode(by) {
      const personId = await personOf(db, by);
      const now = clock.now();
      for (;;) {
        const code = newLinkCode();
        const inserted = await db
          .insert(s.linkCodes)
          .values({ code, personId, createdAt: now, expiresAt: new Date(now.getTime() + LINK_CODE_TTL_MS) })
          .onConflictDoNothing()
          .returning({ code: s.linkCodes.code });
        if (inserted.length > 0) return code;
      }
    },

    async redeemLinkCode(by, code) {
      return inTransaction(async (tx) => {
        const now = clock.now();
        const [used] = await tx
          .update(s.linkCodes)
          .set({ usedAt: now })
          .where(
            and(
              eq(s.linkCodes.code, normaliseLinkCode(code)),
              isNull(s.linkCodes.usedAt),
              sql`${s.linkCodes.expiresAt} > ${now.toISOString()}`,
            ),
          )
          .returning({ personId: s.linkCodes.personId });
        if (!used) throw new Refusal(notFound);
        const from = await personOf(tx, by);
        const into = used.personId;
        if (from === into) return true as const;
        await tx.update(s.accounts).set({ personId: into }).where(eq(s.accounts.personId, from));
        // Memberships of both persons become one set; where both were members, the stronger role stays.
        await tx.execute(sql`
          insert into members (organisation_id, person_id, role, created_at)
          select organisation_id, ${into}, role, created_at from members where person_id = ${from}
          on conflict (organisation_id, person_id) do update set role = case
            when array_position(array['viewer','editor','facilitator','admin'], excluded.role)
               > array_position(array['viewer','editor','facilitator','admin'], members.role)
            then excluded.role else members.role end`);
        await tx.delete(s.members).where(eq(s.members.personId, from));
        return true as const;
      });
    },
  };
}
