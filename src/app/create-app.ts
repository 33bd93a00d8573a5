/**
 * The shell around one incoming message: deduplicate (InboundEventLog) → serialise per conversation
 * (in-process queue) → load the conversation state and its tree → step → run the effects (drafter with a
 * timeout, repository saves, exports), feeding each result back as an event → save the state with
 * compare-and-swap. One error boundary answers the person with a short reference and saves no
 * conversation state half-done. No transaction is ever held across a drafter call.
 */
import { randomBytes } from 'node:crypto';
import { FLOW_VERSION } from '../../flows/steps.ts';
import { t } from '../core/flow/messages.ts';
import { persistable, restore } from '../core/flow/migrate.ts';
import { initialState, step } from '../core/flow/step.ts';
import type { Effect, FlowEvent, FlowState, TreeChoice } from '../core/flow/types.ts';
import { officialIndicatorFor, searchNomenclature } from '../core/nomenclature/search.ts';
import { pemdaForRegion } from '../core/nomenclature/select.ts';
import type { NomenclatureEntry, NomenclatureIndex } from '../core/nomenclature/types.ts';
import type { Lang } from '../core/rules/types.ts';
import { SerialQueues } from '../core/serial-queues.ts';
import type { Node, Planning, Tree } from '../core/tree/schema.ts';
import type { Incoming, MessageHandler, Outgoing } from '../ports/chat.ts';
import type { Drafter } from '../ports/drafter.ts';
import type { ExportedFile, Exporter } from '../ports/exporter.ts';
import type { NomenclatureStore } from '../ports/nomenclature.ts';
import type {
  Actor,
  ConversationKey,
  ConversationStore,
  InboundEventLog,
  TreeRepository,
} from '../ports/repository.ts';
import type { LlmUsageStore } from '../ports/usage.ts';
import { AppError, describeCause, toAppError } from './errors.ts';

export type Log = (event: string, detail: Record<string, unknown>) => void;

export interface AppDeps {
  repository: TreeRepository;
  conversations: ConversationStore;
  events: InboundEventLog;
  drafter: Drafter;
  exporter?: Exporter | undefined;
  nomenclature?: NomenclatureStore | undefined;
  /** "What is my PK indicator?" over the conversation's tree (src/core/lookup), as a reply text. */
  lookupPk?: ((tree: Tree, query: string, lang: Lang) => string) | undefined;
  /** LLM accounting the drafter records into; /status shows its totals (nothing when absent). */
  usage?: LlmUsageStore | undefined;
  /** Longest wait for the drafter before the question is asked without suggestions (default 20 s). */
  drafterTimeoutMs?: number | undefined;
  log?: Log | undefined;
  /** Reference ids for error replies (tests make them predictable). */
  newRef?: (() => string) | undefined;
}

export interface App extends MessageHandler {
  /** Resolves when every message in hand has been answered (for graceful shutdown). */
  idle(): Promise<void>;
}

const MAX_EVENTS_PER_MESSAGE = 60;

const defaultLog: Log = (event, detail) => {
  console.error(JSON.stringify({ level: 'error', event, ...detail }));
};

function keyString(key: ConversationKey): string {
  return `${key.platform}:${key.chatId}:${key.threadId ?? ''}`;
}

/** The app as a MessageHandler: what every chat adapter calls. */
export function createApp(deps: AppDeps): App {
  const log = deps.log ?? defaultLog;
  const newRef = deps.newRef ?? (() => randomBytes(3).toString('hex').toUpperCase());
  const timeoutMs = deps.drafterTimeoutMs ?? 20_000;
  const queues = new SerialQueues();

  async function store<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      throw new AppError('store_failed', `${what} failed`, e);
    }
  }

  async function draft(
    effect: Extract<Effect, { type: 'draft' }>,
    key: ConversationKey,
    state: FlowState,
  ): Promise<FlowEvent> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve('timeout');
      }, timeoutMs);
    });
    try {
      const request = { ...effect.request, scope: { conversation: key, treeId: state.treeId } };
      const result = await Promise.race([deps.drafter.draft(request, controller.signal), timeout]);
      if (result === 'timeout') return { type: 'draft_failed', ask: effect.ask, code: 'timeout' };
      return { type: 'drafted', ask: effect.ask, response: result };
    } catch (e) {
      // A failing drafter is an expected condition: the question is asked without suggestions.
      log('drafter_failed', { conversation: keyString(key), cause: describeCause(e) });
      return { type: 'draft_failed', ask: effect.ask, code: 'failed' };
    } finally {
      clearTimeout(timer);
    }
  }

  async function ancestorsOf(
    index: NomenclatureIndex,
    entry: NomenclatureEntry,
  ): Promise<NomenclatureEntry[]> {
    const parts = entry.code.split('.');
    const found: NomenclatureEntry[] = [];
    for (let n = parts.length - 1; n >= 1; n--) {
      const parent = index.byCode(parts.slice(0, n).join('.'));
      if (parent && (parent.level === 'program' || parent.level === 'kegiatan')) found.push(parent);
    }
    return found;
  }

  async function exportTree(
    tree: Tree,
    format: Extract<Effect, { type: 'export' }>['format'],
  ): Promise<ExportedFile> {
    if (deps.exporter) return deps.exporter.export(tree, format);
    if (format !== 'json') throw new Error(`no exporter for ${format}`);
    const { tree: root, crosscutting, ...meta } = tree;
    const file = { ...meta, tree: root, ...(crosscutting.length > 0 ? { crosscutting } : {}) };
    return {
      filename: 'pohon-kinerja.json',
      mimeType: 'application/json',
      data: new TextEncoder().encode(`${JSON.stringify(file, null, 2)}\n`),
    };
  }

  async function listTrees(actor: Actor): Promise<TreeChoice[]> {
    const trees = await store('listTrees', () => deps.repository.listTrees(actor));
    return [...trees]
      .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())
      .map((t) => ({ id: t.id, title: t.title, stage: t.stage }));
  }

  /** Run one effect; its result comes back as an event (undefined for a reply). */
  async function run(
    effect: Effect,
    state: FlowState,
    actor: Actor,
    key: ConversationKey,
  ): Promise<FlowEvent | undefined> {
    switch (effect.type) {
      case 'reply':
        return undefined;
      case 'draft':
        return draft(effect, key, state);
      case 'create_tree': {
        const orgs = await store('organisationsOf', () => deps.repository.organisationsOf(actor));
        const wanted = effect.organisationName.trim().toLowerCase();
        const existing =
          orgs.find((o) => o.id === state.organisationId) ??
          orgs.find((o) => o.name.trim().toLowerCase() === wanted && o.role !== 'viewer');
        const org =
          existing ??
          (await store('createOrganisation', () =>
            deps.repository.createOrganisation(effect.organisationName, actor),
          ));
        const created = await store('createTree', () =>
          deps.repository.createTree(
            actor,
            org.id,
            { title: effect.tree.tree.statement, tree: effect.tree, stage: 1 },
            { actor, ...effect.change },
          ),
        );
        if (!created.ok) throw new AppError('store_failed', `createTree: ${created.error.kind}`);
        return {
          type: 'tree_created',
          treeId: created.value.id,
          organisationId: org.id,
          version: created.value.version,
        };
      }
      case 'save_tree': {
        if (!state.treeId || state.treeVersion === undefined)
          throw new AppError('internal', 'save without a tree');
        const treeId = state.treeId;
        const saved = await store('saveTree', () =>
          deps.repository.saveTree(
            actor,
            treeId,
            state.treeVersion ?? 0,
            { tree: effect.tree, stage: effect.stage },
            { actor, ...effect.change },
          ),
        );
        if (saved.ok) return { type: 'saved', version: saved.value.version };
        if (saved.error.kind === 'conflict') {
          const current = await store('loadTree', () => deps.repository.loadTree(actor, treeId));
          return {
            type: 'save_failed',
            error: saved.error,
            current: current.ok ? { tree: current.value.tree, version: current.value.version } : undefined,
          };
        }
        return { type: 'save_failed', error: saved.error };
      }
      case 'undo': {
        const treeId = state.treeId;
        if (!treeId) return { type: 'undo_failed', error: { kind: 'nothing_to_undo' } };
        const last = await store('listRevisions', () => deps.repository.listRevisions(actor, treeId, 1));
        const undone = await store('undo', () => deps.repository.undo(actor, treeId, state.treeVersion));
        if (!undone.ok) return { type: 'undo_failed', error: undone.error };
        const summary = last.ok ? last.value[0]?.summary : undefined;
        return { type: 'tree_loaded', tree: undone.value.tree, version: undone.value.version, summary };
      }
      case 'list_history': {
        const treeId = state.treeId;
        if (!treeId) return { type: 'history', revisions: [] };
        const list = await store('listRevisions', () => deps.repository.listRevisions(actor, treeId, 30));
        return { type: 'history', revisions: list.ok ? list.value : [] };
      }
      case 'export': {
        if (!state.tree) return { type: 'export_failed', format: effect.format, detail: 'no tree' };
        try {
          return { type: 'exported', files: [await exportTree(state.tree, effect.format)] };
        } catch (e) {
          log('export_failed', {
            conversation: keyString(key),
            format: effect.format,
            cause: describeCause(e),
          });
          return {
            type: 'export_failed',
            format: effect.format,
            detail: e instanceof Error ? e.message.slice(0, 120) : 'error',
          };
        }
      }
      case 'link': {
        const linked = await store('redeemLinkCode', () =>
          deps.repository.redeemLinkCode(actor, effect.code),
        );
        return { type: 'linked', ok: linked.ok };
      }
      case 'create_link_code':
        return {
          type: 'link_code',
          code: await store('createLinkCode', () => deps.repository.createLinkCode(actor)),
        };
      case 'search_nomenclature': {
        // One SIPD export holds kab/kota and provinsi rows sharing codes: search the organisation's own.
        const pemda = pemdaForRegion(state.tree?.organization.region);
        const index = deps.nomenclature
          ? await store('nomenclature', async () => deps.nomenclature?.current(pemda))
          : null;
        if (!index)
          return {
            type: 'nomenclature_results',
            ask: effect.ask,
            query: effect.query,
            available: false,
            results: [],
          };
        const bidang = bidangOf(state);
        const hits = searchNomenclature(index, effect.query, {
          level: effect.level,
          limit: 5,
          pemda,
          bidang: bidang.length > 0 ? bidang : undefined,
        });
        const results = await Promise.all(
          hits.map(async (h) => ({
            entry: h.entry,
            ancestors: await ancestorsOf(index, h.entry),
            official: officialIndicatorFor(index, h.entry.code),
          })),
        );
        return {
          type: 'nomenclature_results',
          ask: effect.ask,
          query: effect.query,
          available: true,
          results,
        };
      }
      case 'list_trees':
        return { type: 'trees_listed', page: effect.page, trees: await listTrees(actor) };
      case 'open_tree': {
        const loaded = await store('loadTree', () => deps.repository.loadTree(actor, effect.treeId));
        if (!loaded.ok)
          return { type: 'trees_listed', page: 0, trees: await listTrees(actor), missing: true };
        const t = loaded.value;
        return {
          type: 'tree_opened',
          treeId: t.id,
          organisationId: t.organisationId,
          title: t.title,
          stage: t.stage,
          tree: t.tree,
          version: t.version,
        };
      }
      case 'load_usage': {
        const usage = deps.usage;
        if (!usage) return { type: 'usage' };
        const treeId = state.treeId;
        const [conversation, tree] = await Promise.all([
          store('usage totals', () => usage.totalsForConversation(key)),
          treeId ? store('usage totals', () => usage.totalsForTree(treeId)) : Promise.resolve(undefined),
        ]);
        return { type: 'usage', conversation, tree };
      }
      case 'lookup_pk': {
        if (!state.tree || !deps.lookupPk)
          return { type: 'pk_answer', text: t(state.lang, 'pk.unavailable') };
        return { type: 'pk_answer', text: deps.lookupPk(state.tree, effect.query, state.lang) };
      }
    }
  }

  function toEvent(incoming: Incoming): FlowEvent | undefined {
    switch (incoming.kind) {
      case 'text':
        return { type: 'text', text: incoming.text };
      case 'command':
        return { type: 'command', command: incoming.command, args: incoming.args };
      case 'choice':
        return { type: 'choice', value: incoming.value };
      case 'unsupported':
        return undefined;
    }
  }

  async function handleInOrder(
    incoming: Incoming,
    event: FlowEvent,
    seen: { lang: Lang },
  ): Promise<Outgoing[]> {
    const key = incoming.conversation;
    const actor: Actor = { platform: incoming.platform, userId: incoming.user.id, name: incoming.user.name };
    const stored = await store('load conversation', () => deps.conversations.load<unknown>(key));
    const restored = restore(stored);
    let state = restored.state;
    seen.lang = state.lang;
    const out: Outgoing[] = [];
    if (restored.notice) out.push({ text: restored.notice });

    if (state.treeId) {
      const treeId = state.treeId;
      const loaded = await store('loadTree', () => deps.repository.loadTree(actor, treeId));
      if (loaded.ok) state = { ...state, tree: loaded.value.tree, treeVersion: loaded.value.version };
      else if (event.type === 'command' && ['mulai', 'start', 'baru'].includes(event.command.toLowerCase())) {
        state = { ...initialState(state.lang), ask: state.ask };
      } else {
        // Not a member of the tree's organisation (a group chat), or the tree is gone: answer, but
        // neither step nor save, so the conversation stays where its owner left it.
        return [...out, { text: t(state.lang, 'access.denied') }];
      }
    }

    // Events are stepped one at a time; an effect's result is stepped before the next effect runs.
    const pending: Array<FlowEvent | Effect> = [event];
    let steps = 0;
    while (pending.length > 0) {
      const item = pending.shift() as FlowEvent | Effect;
      if (isEffect(item)) {
        if (item.type === 'reply') {
          out.push(item.message);
          continue;
        }
        const result = await run(item, state, actor, key);
        if (result) pending.unshift(result);
        continue;
      }
      if (++steps > MAX_EVENTS_PER_MESSAGE)
        throw new AppError('step_loop', `more than ${MAX_EVENTS_PER_MESSAGE} events`);
      const next = step(state, item);
      state = next.state;
      pending.unshift(...next.effects);
    }

    const saved = await store('save conversation', () =>
      deps.conversations.save(key, stored?.version ?? 0, FLOW_VERSION, persistable(state)),
    );
    if (!saved.ok) throw new AppError('conflict', `conversation saved elsewhere (${saved.error.kind})`);
    return out;
  }

  const inFlight = new Set<Promise<unknown>>();

  async function handle(incoming: Incoming): Promise<Outgoing[]> {
    const key = incoming.conversation;
    const conversation = keyString(key);
    const seen: { lang: Lang } = { lang: 'id' };
    try {
      const fresh = await store('inbound event log', () =>
        deps.events.firstSeen(incoming.platform, incoming.updateId),
      );
      if (!fresh) return [];
      const event = toEvent(incoming);
      if (!event) return [{ text: t(seen.lang, 'unsupported') }];
      return await queues.run(conversation, () => handleInOrder(incoming, event, seen));
    } catch (e) {
      const error = toAppError(e);
      const ref = newRef();
      log('app_error', {
        code: error.code,
        ref,
        conversation,
        message: error.message,
        cause: describeCause(error.cause),
      });
      return [{ text: t(seen.lang, error.code === 'conflict' ? 'busy' : 'error', { ref }) }];
    }
  }

  return {
    handle(incoming) {
      const p = handle(incoming);
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      return p;
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/**
 * The bidang urusan codes ("2.16") the organisation already plans under: from the programs in its tree
 * and the planning being filled, so search ranks them first (the generic X.XX block says nothing).
 */
function bidangOf(state: FlowState): string[] {
  const codes: Array<string | undefined> = [];
  const plans: Planning[] = [...(state.cursor.work?.planning ? [state.cursor.work.planning] : [])];
  const visit = (node: Node) => {
    plans.push(...(node.planning ?? []));
    for (const child of node.children ?? []) visit(child);
  };
  if (state.tree) visit(state.tree.tree);
  for (const p of plans) codes.push(p.program?.code, p.kegiatan?.code, p.subKegiatan?.code);
  const found = new Set<string>();
  for (const code of codes) {
    const m = code?.match(/^(\d+\.\d+)\./);
    if (m?.[1]) found.add(m[1]);
  }
  return [...found];
}

function isEffect(item: FlowEvent | Effect): item is Effect {
  return EFFECT_TYPES.has(item.type);
}

const EFFECT_TYPES: ReadonlySet<string> = new Set([
  'reply',
  'draft',
  'create_tree',
  'save_tree',
  'undo',
  'list_history',
  'export',
  'link',
  'create_link_code',
  'search_nomenclature',
  'lookup_pk',
  'list_trees',
  'open_tree',
  'load_usage',
]);
