/**
 * The one database schema, for PostgreSQL (postgres.js) and embedded PGlite alike. Migrations in
 * db/migrations/ are generated from this file by `npx drizzle-kit generate` and applied at start-up.
 * A tree is an adjacency list of nodes (parent id + sibling position) with indicators, targets and
 * planning entries in tables of their own; what pokin/1 keeps but this schema does not know lives in
 * `extra` jsonb columns, so a round trip loses nothing.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const organisations = pgTable('organisations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

/** A human being; their chat accounts (Telegram, Slack, …) point here once linked. */
export const persons = pgTable('persons', {
  id: text('id').primaryKey(),
  createdAt: createdAt(),
});

/** One chat account (platform + user id) of a person. */
export const accounts = pgTable(
  'accounts',
  {
    platform: text('platform').notNull(),
    userId: text('user_id').notNull(),
    personId: text('person_id')
      .notNull()
      .references(() => persons.id),
    name: text('name'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.userId] }), index('accounts_person_idx').on(t.personId)],
);

/** Membership of a person (all their linked accounts) in an organisation. */
export const members = pgTable(
  'members',
  {
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    personId: text('person_id')
      .notNull()
      .references(() => persons.id),
    role: text('role', { enum: ['viewer', 'editor', 'facilitator', 'admin'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.personId] }),
    index('members_person_idx').on(t.personId),
  ],
);

/** One-time codes that link a second chat account to a person (valid 15 minutes). */
export const linkCodes = pgTable('link_codes', {
  code: text('code').primaryKey(),
  personId: text('person_id')
    .notNull()
    .references(() => persons.id),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
});

export const trees = pgTable(
  'trees',
  {
    id: text('id').primaryKey(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    periodFrom: integer('period_from'),
    periodTo: integer('period_to'),
    /** Fields of `period` beyond from/to, if a file had any. */
    periodExtra: jsonb('period_extra'),
    /** The pokin/1 `organization` object as the file gave it. */
    organization: jsonb('organization').notNull(),
    stage: smallint('stage').notNull(),
    version: integer('version').notNull(),
    nodeCount: integer('node_count').notNull(),
    /** Top-level pokin/1 fields this schema does not know (e.g. `_notes`). */
    extra: jsonb('extra'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('trees_organisation_idx').on(t.organisationId)],
);

export const nodes = pgTable(
  'nodes',
  {
    treeId: text('tree_id')
      .notNull()
      .references(() => trees.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    parentId: text('parent_id'),
    position: integer('position').notNull(),
    /** True for the top-level `crosscutting` array of the file and everything below it. */
    inCrosscutting: boolean('in_crosscutting').notNull().default(false),
    statement: text('statement').notNull(),
    level: text('level').notNull(),
    problem: text('problem'),
    basis: jsonb('basis'),
    crosscutting: jsonb('crosscutting'),
    acceptedWarnings: jsonb('accepted_warnings'),
    /** Whether the file had an `indicators` / `planning` array (possibly empty). */
    hasIndicators: boolean('has_indicators').notNull().default(false),
    hasPlanning: boolean('has_planning').notNull().default(false),
    extra: jsonb('extra'),
  },
  (t) => [
    primaryKey({ columns: [t.treeId, t.id] }),
    index('nodes_parent_idx').on(t.treeId, t.parentId, t.position),
  ],
);

/**
 * Indicators, targets and planning entries hang off a node by (tree id, node id) without foreign keys:
 * the repository writes and deletes them together with their node in one transaction, and a bulk save
 * of thousands of rows should not pay a constraint check or a cascade trigger per row.
 */
export const indicators = pgTable(
  'indicators',
  {
    treeId: text('tree_id').notNull(),
    nodeId: text('node_id').notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    kinerja: text('kinerja'),
    unit: text('unit').notNull(),
    formula: text('formula'),
    polarity: text('polarity'),
    /** Whether the indicator had a `targets` object (possibly empty). */
    hasTargets: boolean('has_targets').notNull().default(false),
    /** terms, baseline, source and unknown fields. */
    extra: jsonb('extra'),
  },
  (t) => [primaryKey({ columns: [t.treeId, t.nodeId, t.position] })],
);

/** Yearly targets of an indicator: a number, or the text as typed ("85,5"). */
export const targets = pgTable(
  'targets',
  {
    treeId: text('tree_id').notNull(),
    nodeId: text('node_id').notNull(),
    indicatorPosition: integer('indicator_position').notNull(),
    year: text('year').notNull(),
    position: integer('position').notNull(),
    /** Exactly one of the two is set: a number, or the text as the person typed it. */
    valueNumber: doublePrecision('value_number'),
    valueText: text('value_text'),
  },
  (t) => [primaryKey({ columns: [t.treeId, t.nodeId, t.indicatorPosition, t.year] })],
);

export const planningEntries = pgTable(
  'planning_entries',
  {
    treeId: text('tree_id').notNull(),
    nodeId: text('node_id').notNull(),
    position: integer('position').notNull(),
    component: text('component').notNull(),
    pk: text('pk'),
    jabatan: text('jabatan'),
    program: jsonb('program'),
    kegiatan: jsonb('kegiatan'),
    subKegiatan: jsonb('sub_kegiatan'),
    extra: jsonb('extra'),
  },
  (t) => [primaryKey({ columns: [t.treeId, t.nodeId, t.position] })],
);

/** Every change to a tree: who, when, from where, why, and the changed parts before and after. */
export const revisions = pgTable(
  'revisions',
  {
    id: text('id').primaryKey(),
    treeId: text('tree_id')
      .notNull()
      .references(() => trees.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    actorPlatform: text('actor_platform').notNull(),
    actorUserId: text('actor_user_id').notNull(),
    actorName: text('actor_name'),
    source: text('source', { enum: ['person', 'llm', 'import', 'undo'] }).notNull(),
    summary: text('summary').notNull(),
    reason: text('reason'),
    acceptedRules: text('accepted_rules').array(),
    before: jsonb('before'),
    after: jsonb('after'),
    /** The revision this one undid (source = undo). */
    undoes: text('undoes'),
    /** False for the creation of a tree. */
    undoable: boolean('undoable').notNull().default(true),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('revisions_tree_version_idx').on(t.treeId, t.version)],
);

/** Versioned conversation state per chat (and thread); saved with compare-and-swap on `version`. */
export const conversations = pgTable(
  'conversations',
  {
    platform: text('platform').notNull(),
    chatId: text('chat_id').notNull(),
    /** '' where the platform has no threads. */
    threadId: text('thread_id').notNull().default(''),
    version: integer('version').notNull(),
    flowVersion: integer('flow_version').notNull(),
    state: jsonb('state'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.chatId, t.threadId] })],
);

/** Incoming updates already seen, to drop duplicate deliveries. */
export const inboundEvents = pgTable(
  'inbound_events',
  {
    platform: text('platform').notNull(),
    updateId: text('update_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.updateId] }),
    index('inbound_events_received_idx').on(t.receivedAt),
  ],
);

/** Imported versions of the national nomenclature (Kepmendagri 050-5889/2021 as amended). */
export const nomenclatureVersions = pgTable('nomenclature_versions', {
  id: text('id').primaryKey(),
  label: text('label').notNull(),
  importedAt: timestamp('imported_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  isCurrent: boolean('is_current').notNull().default(false),
  rowCount: integer('row_count').notNull().default(0),
});

export const nomenclatureEntries = pgTable(
  'nomenclature_entries',
  {
    versionId: text('version_id')
      .notNull()
      .references(() => nomenclatureVersions.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    level: text('level').notNull(),
    name: text('name').notNull(),
    kinerja: text('kinerja'),
    indicator: text('indicator'),
    unit: text('unit'),
    previousCodes: text('previous_codes').array().notNull().default(sql`'{}'::text[]`),
    pemda: text('pemda'),
    bidang: text('bidang'),
    extra: jsonb('extra'),
  },
  (t) => [index('nomenclature_entries_version_code_idx').on(t.versionId, t.code)],
);

/** One row per LLM call: for cost, latency and failure accounting. */
export const llmUsage = pgTable(
  'llm_usage',
  {
    id: text('id').primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    platform: text('platform'),
    chatId: text('chat_id'),
    threadId: text('thread_id'),
    treeId: text('tree_id'),
    task: text('task').notNull(),
    model: text('model').notNull(),
    outcome: text('outcome').notNull(),
    tokensIn: integer('tokens_in'),
    tokensOut: integer('tokens_out'),
    latencyMs: integer('latency_ms'),
    detail: text('detail'),
  },
  (t) => [index('llm_usage_at_idx').on(t.at)],
);
