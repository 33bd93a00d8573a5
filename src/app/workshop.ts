/**
 * The shell for workshop mode: routes group messages meant for a workshop (its commands, replies to the
 * bot while a round is open, vote buttons) and the private chats of people drafting a breakout branch to
 * the pure workshop step; everything else goes to the ordinary conversation app. Workshop state lives in
 * the conversation store (one row per group, beside the group's own conversation), so a restart keeps
 * proposals, votes and the deadline; `start()` re-arms the deadlines of running workshops.
 */
import { randomBytes } from 'node:crypto';
import { t } from '../core/flow/messages.ts';
import type { Lang } from '../core/rules/types.ts';
import { SerialQueues } from '../core/serial-queues.ts';
import type { Tree } from '../core/tree/schema.ts';
import {
  BREAKOUT_COMMANDS,
  startWorkshop,
  WORKSHOP_COMMANDS,
  type WorkshopEvent,
  type WorkshopState,
  workshopStep,
  wt,
} from '../core/workshop/index.ts';
import type { ChatSender, Incoming, MessageHandler, Outgoing } from '../ports/chat.ts';
import { type Clock, systemClock } from '../ports/clock.ts';
import type {
  Actor,
  ConversationKey,
  ConversationStore,
  InboundEventLog,
  Platform,
  TreeRepository,
} from '../ports/repository.ts';
import { describeCause } from './errors.ts';

/** Version of the stored workshop state shape. */
export const WORKSHOP_STATE_VERSION = 1;

/** Arms one timer; returns a function that cancels it. */
export type Scheduler = (at: Date, fire: () => void) => () => void;

export interface WorkshopDeps {
  /** The ordinary conversation (createApp), for everything that is not the workshop's. */
  app: MessageHandler;
  repository: TreeRepository;
  conversations: ConversationStore;
  events: InboundEventLog;
  clock?: Clock | undefined;
  /** Timers for round deadlines (tests fire them by hand). Default: setTimeout against the clock. */
  scheduler?: Scheduler | undefined;
  lang?: Lang | undefined;
  /** A person's private chat on a platform (Telegram: the user id is the private chat id). */
  privateChat?: ((platform: Platform, userId: string) => ConversationKey) | undefined;
  log?: ((event: string, detail: Record<string, unknown>) => void) | undefined;
}

export interface WorkshopApp extends MessageHandler {
  /** An adapter's sender, for messages outside a reply (deadlines, private findings); per platform. */
  attach(sender: ChatSender, platform?: Platform): void;
  /** Re-arm the deadlines of running workshops (after a restart). */
  start(platforms?: Platform[]): Promise<void>;
  /** Cancel armed timers. */
  stop(): void;
  /** Resolves when every message and timer in hand has been handled. */
  idle(): Promise<void>;
}

interface Pointer {
  group: ConversationKey | null;
}

interface Registry {
  groups: ConversationKey[];
}

const REGISTRY_CHAT = 'pokin-workshops';
const POINTER_THREAD = 'workshop-breakout';

/** Where a group's workshop state is kept: beside the group's own conversation row. */
export function workshopKey(group: ConversationKey): ConversationKey {
  return {
    platform: group.platform,
    chatId: group.chatId,
    threadId: group.threadId ? `workshop:${group.threadId}` : 'workshop',
  };
}

/**
 * The group a message belongs to. A Slack channel's messages arrive per thread (each slash command and
 * mention starts one): the workshop is the channel's, so the thread is dropped there.
 */
export function groupOf(key: ConversationKey): ConversationKey {
  return key.platform === 'slack' ? { platform: key.platform, chatId: key.chatId } : key;
}

function keyString(key: ConversationKey): string {
  return `${key.platform}:${key.chatId}:${key.threadId ?? ''}`;
}

const defaultScheduler: Scheduler = (at, fire) => {
  const timer = setTimeout(fire, Math.max(0, at.getTime() - Date.now()));
  timer.unref?.();
  return () => clearTimeout(timer);
};

/** Wrap the conversation app with workshop mode. */
export function createWorkshopApp(deps: WorkshopDeps): WorkshopApp {
  const clock = deps.clock ?? systemClock;
  const lang = deps.lang ?? 'id';
  const log =
    deps.log ??
    ((event: string, detail: Record<string, unknown>) =>
      console.error(JSON.stringify({ level: 'error', event, ...detail })));
  const privateChat = deps.privateChat ?? ((platform, userId) => ({ platform, chatId: userId }));
  const timers = new Map<string, () => void>();
  const queues = new SerialQueues();
  const inFlight = new Set<Promise<unknown>>();
  const senders = new Map<Platform | 'any', ChatSender>();

  const schedule: Scheduler =
    deps.scheduler ??
    ((at, fire) => defaultScheduler(new Date(Date.now() + (at.getTime() - clock.now().getTime())), fire));

  function track<T>(p: Promise<T>): Promise<T> {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => {});
    return p;
  }

  async function loadState(key: ConversationKey) {
    const stored = await deps.conversations.load<WorkshopState>(workshopKey(key));
    const usable =
      stored && stored.flowVersion === WORKSHOP_STATE_VERSION && stored.state && !stored.state.ended
        ? stored.state
        : undefined;
    return { stored, state: usable };
  }

  /** Read-modify-write of a small bookkeeping row (pointer, registry), retried on a lost race. */
  async function update<S>(key: ConversationKey, change: (s: S | undefined) => S): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const stored = await deps.conversations.load<S>(key);
      const saved = await deps.conversations.save(
        key,
        stored?.version ?? 0,
        WORKSHOP_STATE_VERSION,
        change(stored?.state),
      );
      if (saved.ok) return;
    }
    throw new Error(`could not update ${keyString(key)}`);
  }

  const registryKey = (platform: Platform): ConversationKey => ({ platform, chatId: REGISTRY_CHAT });
  const pointerKey = (platform: Platform, userId: string): ConversationKey => ({
    ...privateChat(platform, userId),
    threadId: POINTER_THREAD,
  });

  async function register(group: ConversationKey, on: boolean): Promise<void> {
    await update<Registry>(registryKey(group.platform), (r) => {
      const others = (r?.groups ?? []).filter((g) => keyString(g) !== keyString(group));
      return { groups: on ? [...others, group] : others };
    });
  }

  function arm(group: ConversationKey, at: string): void {
    const id = keyString(group);
    timers.get(id)?.();
    const cancel = schedule(new Date(at), () => {
      timers.delete(id);
      void track(
        queues
          .run(id, () => onDeadline(group))
          .catch((e: unknown) => {
            log('workshop_deadline_failed', { conversation: id, cause: describeCause(e) });
          }),
      );
    });
    timers.set(id, cancel);
  }

  async function loadTree(state: WorkshopState, platform: Platform) {
    const owner: Actor = { platform, userId: state.owner.userId, name: state.owner.name };
    const loaded = await deps.repository.loadTree(owner, state.treeId);
    return { owner, loaded };
  }

  async function send(key: ConversationKey, messages: Outgoing[]): Promise<string[]> {
    const sender = senders.get(key.platform) ?? senders.get('any');
    if (!sender) throw new Error(`workshop: no sender attached for ${key.platform}`);
    return (await sender.send({ conversation: key, messages })) ?? [];
  }

  /**
   * Step one event on the group's workshop and carry out its effects. Messages for the chat the event
   * came from are returned; the rest are sent.
   */
  async function run(
    group: ConversationKey,
    origin: 'group' | 'private',
    build: (at: string) => WorkshopEvent,
  ): Promise<Outgoing[]> {
    const { stored, state } = await loadState(group);
    if (!state) return [{ text: wt(lang, 'no_workshop') }];
    const { owner, loaded } = await loadTree(state, group.platform);
    if (!loaded.ok) return [{ text: t(state.lang, 'access.denied') }];
    const tree: Tree = loaded.value.tree;
    const result = workshopStep(state, build(clock.now().toISOString()), tree);

    let version = loaded.value.version;
    for (const effect of result.effects) {
      if (effect.type !== 'save_tree') continue;
      const saved = await deps.repository.saveTree(
        owner,
        state.treeId,
        version,
        { tree: effect.tree },
        {
          actor: { platform: group.platform, userId: effect.actor.userId, name: effect.actor.name },
          source: 'person',
          summary: effect.summary,
        },
      );
      if (!saved.ok) return [{ text: wt(state.lang, 'save_failed', { reason: saved.error.kind }) }];
      version = saved.value.version;
    }
    const savedState = await deps.conversations.save(
      workshopKey(group),
      stored?.version ?? 0,
      WORKSHOP_STATE_VERSION,
      result.state,
    );
    if (!savedState.ok) return [{ text: t(state.lang, 'busy') }];

    const out: Outgoing[] = [];
    const toGroup = async (message: Outgoing) => {
      if (origin === 'group') out.push(message);
      else await send(group, [message]);
    };
    for (const effect of result.effects) {
      switch (effect.type) {
        case 'reply':
          out.push(effect.message);
          break;
        case 'group':
          await toGroup(effect.message);
          break;
        case 'private':
          try {
            await send(privateChat(group.platform, effect.userId), [effect.message]);
          } catch (e) {
            log('workshop_private_failed', { user: effect.userId, cause: describeCause(e) });
            await toGroup({ text: wt(state.lang, 'private.failed', { name: effect.name }) });
          }
          break;
        case 'arm_deadline':
          arm(group, effect.at);
          break;
        case 'assign':
          for (const userId of effect.userIds)
            await update<Pointer>(pointerKey(group.platform, userId), () => ({ group }));
          break;
        case 'unassign':
          for (const userId of effect.userIds)
            await update<Pointer>(pointerKey(group.platform, userId), () => ({ group: null }));
          break;
        case 'progress': {
          const pinned = result.state.progressMessageId;
          if (!effect.pin && pinned) {
            await send(group, [{ ...effect.message, editsMessageId: pinned }]).catch((e: unknown) => {
              log('workshop_progress_failed', { conversation: keyString(group), cause: describeCause(e) });
            });
            break;
          }
          const [id] = await send(group, [{ ...effect.message, pin: true }]);
          if (id) {
            // Remember the pinned message so later changes edit it in place.
            await deps.conversations.save(
              workshopKey(group),
              savedState.value.version,
              WORKSHOP_STATE_VERSION,
              {
                ...result.state,
                progressMessageId: id,
              },
            );
          }
          break;
        }
        case 'ended':
          timers.get(keyString(group))?.();
          await register(group, false);
          break;
        case 'save_tree':
          break;
      }
    }
    return out;
  }

  async function onDeadline(group: ConversationKey): Promise<void> {
    const out = await run(group, 'private', (at) => ({ type: 'deadline', at }));
    // A deadline has no chat of its own: whatever it "replies" goes to the group.
    if (out.length > 0 && !(out.length === 1 && out[0]?.text === wt(lang, 'no_workshop')))
      await send(group, out);
  }

  async function startIn(incoming: Incoming, group: ConversationKey): Promise<Outgoing[]> {
    const { stored, state } = await loadState(group);
    const actor: Actor = { platform: incoming.platform, userId: incoming.user.id, name: incoming.user.name };
    if (state) {
      const user = { id: incoming.user.id, name: incoming.user.name };
      return run(group, 'group', (at) => ({
        type: 'command',
        user,
        command: 'lokakarya',
        args: '',
        at,
        where: 'group',
      }));
    }
    const trees = await deps.repository.listTrees(actor);
    const wanted = incoming.kind === 'command' ? incoming.args.trim() : '';
    const pick = [...trees]
      .filter((s) => s.id === wanted || !wanted)
      .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0];
    if (!pick) return [{ text: wt(lang, 'no_tree') }];
    const loaded = await deps.repository.loadTree(actor, pick.id);
    if (!loaded.ok) return [{ text: wt(lang, 'no_tree') }];
    const started = startWorkshop({ user: incoming.user, treeId: pick.id, tree: loaded.value.tree, lang });
    const saved = await deps.conversations.save(
      workshopKey(group),
      stored?.version ?? 0,
      WORKSHOP_STATE_VERSION,
      started.state,
    );
    if (!saved.ok) return [{ text: t(lang, 'busy') }];
    await register(group, true);
    return started.effects.flatMap((e) => (e.type === 'reply' ? [e.message] : []));
  }

  /** Which workshop (if any) an incoming message belongs to. */
  async function route(
    incoming: Incoming,
  ): Promise<{ group: ConversationKey; origin: 'group' | 'private' } | 'start' | undefined> {
    if (incoming.chatType === 'group') {
      const group = groupOf(incoming.conversation);
      if (incoming.kind === 'command') {
        if (incoming.command === 'lokakarya') return 'start';
        if (!WORKSHOP_COMMANDS.has(incoming.command)) return undefined;
        const { state } = await loadState(group);
        return state ? { group, origin: 'group' } : undefined;
      }
      if (incoming.kind === 'choice' && !incoming.value.startsWith('ws:')) return undefined;
      if (incoming.kind === 'unsupported') return undefined;
      const { state } = await loadState(group);
      return state ? { group, origin: 'group' } : undefined;
    }
    if (incoming.kind === 'command' && !BREAKOUT_COMMANDS.has(incoming.command)) return undefined;
    if (incoming.kind !== 'command' && incoming.kind !== 'text') return undefined;
    const pointer = await deps.conversations.load<Pointer>(pointerKey(incoming.platform, incoming.user.id));
    const group = pointer?.state.group;
    if (!group) return undefined;
    const { state } = await loadState(group);
    if (!state?.breakouts.some((b) => b.userIds.includes(incoming.user.id))) return undefined;
    return { group, origin: 'private' };
  }

  async function handle(incoming: Incoming): Promise<Outgoing[]> {
    try {
      const target = await route(incoming);
      if (!target) return deps.app.handle(incoming);
      const fresh = await deps.events.firstSeen(incoming.platform, incoming.updateId);
      if (!fresh) return [];
      if (target === 'start') {
        const group = groupOf(incoming.conversation);
        return await queues.run(keyString(group), () => startIn(incoming, group));
      }
      const user = { id: incoming.user.id, name: incoming.user.name };
      const where = target.origin;
      return await queues.run(keyString(target.group), () =>
        run(target.group, where, (at): WorkshopEvent => {
          switch (incoming.kind) {
            case 'command':
              return { type: 'command', user, command: incoming.command, args: incoming.args, at, where };
            case 'choice':
              return { type: 'choice', user, value: incoming.value, messageId: incoming.messageId, at };
            default:
              return { type: 'text', user, text: incoming.kind === 'text' ? incoming.text : '', at, where };
          }
        }),
      );
    } catch (e) {
      const ref = randomBytes(3).toString('hex').toUpperCase();
      log('workshop_error', { ref, conversation: keyString(incoming.conversation), cause: describeCause(e) });
      return [{ text: t(lang, 'error', { ref }) }];
    }
  }

  return {
    handle: (incoming) => track(handle(incoming)),
    attach(sender, platform) {
      senders.set(platform ?? 'any', sender);
    },
    async start(platforms = ['telegram', 'slack']) {
      for (const platform of platforms) {
        const registry = await deps.conversations.load<Registry>(registryKey(platform));
        for (const group of registry?.state.groups ?? []) {
          const { state } = await loadState(group);
          const deadline = state?.round?.phase === 'collect' ? state.round.deadline : undefined;
          if (deadline) arm(group, deadline);
        }
      }
    },
    stop() {
      for (const cancel of timers.values()) cancel();
      timers.clear();
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
