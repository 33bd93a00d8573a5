/**
 * Wiring for the conversation app: the stores, the drafter (LLM when configured, offline otherwise), the
 * exporter and the nomenclature become one MessageHandler that every chat adapter shares.
 */
import { createOfflineDrafter } from '../../adapters/offline/create-offline-drafter.ts';
import { type App, createApp, type Log } from '../../app/create-app.ts';
import type { Lang } from '../../core/rules/types.ts';
import type { Tree } from '../../core/tree/schema.ts';
import type { Drafter } from '../../ports/drafter.ts';
import type { Exporter } from '../../ports/exporter.ts';
import type { NomenclatureStore } from '../../ports/nomenclature.ts';
import type { ConversationStore, InboundEventLog, TreeRepository } from '../../ports/repository.ts';
import type { LlmUsageStore } from '../../ports/usage.ts';

export interface AppWiring {
  repository: TreeRepository;
  conversations: ConversationStore;
  events: InboundEventLog;
  nomenclature?: NomenclatureStore | undefined;
  /** The drafter to use; default the offline drafter over the current nomenclature. */
  drafter?: Drafter | undefined;
  exporter?: Exporter | undefined;
  lookupPk?: ((tree: Tree, query: string, lang: Lang) => string) | undefined;
  log?: Log | undefined;
  /** LLM accounting shared with the drafter, for /status. */
  usage?: LlmUsageStore | undefined;
  drafterTimeoutMs?: number | undefined;
}

/** The offline drafter reading the store's current nomenclature version (if any) per request. */
export function offlineDrafterFor(nomenclature: NomenclatureStore | undefined): Drafter {
  return createOfflineDrafter({ nomenclature: nomenclature ? () => nomenclature.current() : undefined });
}

export function createAppFromWiring(w: AppWiring): App {
  return createApp({
    repository: w.repository,
    conversations: w.conversations,
    events: w.events,
    nomenclature: w.nomenclature,
    drafter: w.drafter ?? offlineDrafterFor(w.nomenclature),
    exporter: w.exporter,
    lookupPk: w.lookupPk,
    log: w.log,
    usage: w.usage,
    drafterTimeoutMs: w.drafterTimeoutMs,
  });
}
