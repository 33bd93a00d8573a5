/**
 * The conversation as data: its serialisable state, the events that drive it and the effects it asks
 * the app shell to run. `step(state, event)` in step.ts is the only thing that changes a state.
 */
import type { StepId } from '../../../flows/steps.ts';
import type { Outgoing } from '../../ports/chat.ts';
import type { DraftRequest, DraftResponse } from '../../ports/drafter.ts';
import type { ExportedFile, ExportFormat } from '../../ports/exporter.ts';
import type { ChangeSource, Revision, StoreError } from '../../ports/repository.ts';
import type { LlmUsageTotals } from '../../ports/usage.ts';
import type { NomenclatureEntry } from '../nomenclature/types.ts';
import type { Finding, Lang, Stage } from '../rules/types.ts';
import type { AcceptedWarning, Indicator, Planning, TargetValue, Term, Tree } from '../tree/schema.ts';

/** Tahap 1 answers, kept until the outcome is confirmed and the tree is created. */
export interface Tahap1Draft {
  organisation?: string | undefined;
  region?: string | undefined;
  period?: { from: number; to: number } | undefined;
  mandate: string[];
  problems: string[];
  expectations: string[];
  outcome?: string | undefined;
  /** Where the confirmed outcome came from (a drafter suggestion is saved as source 'llm'). */
  outcomeSource?: ChangeSource | undefined;
  outcomeWarnings?: AcceptedWarning[] | undefined;
}

/** A sub kegiatan's official indicator and satuan from the nomenclature, with the entry it came from. */
export interface OfficialIndicator {
  name: string;
  unit: string;
  entry: NomenclatureEntry;
}

/** Work in progress inside a step (an indicator being built, a planning entry being filled). */
export interface Work {
  indicator?: Indicator | undefined;
  indicatorSource?: ChangeSource | undefined;
  planning?: Planning | undefined;
  /** Tahap 5: which indicator of the node gets its baseline and targets. */
  indicatorIndex?: number | undefined;
  /** Tahap 5: which nomenclature field is being asked. */
  field?: 'program' | 'kegiatan' | 'subKegiatan' | undefined;
  /** Tahap 4: a composite formula's terms so far, the symbols still to name, and a term awaiting its formula. */
  formula?: string | undefined;
  terms?: Term[] | undefined;
  symbols?: string[] | undefined;
  termFormulaFor?: string | undefined;
  /** Tahap 5: the chosen sub kegiatan's official indicator, offered as the node's indicator (one tap). */
  official?: OfficialIndicator | undefined;
  /** Tahap 3: the child added last (the one "lintas sektor" marks). */
  lastAdded?: string | undefined;
}

export interface Cursor {
  step: StepId;
  /** The node the step is about (Tahap 2–5, edit, delete). */
  nodeId?: string | undefined;
  /** Tahap 2: which problem is being converted. */
  index?: number | undefined;
  work?: Work | undefined;
  /** edit/delete/restart: where to go back to afterwards. */
  returnTo?: Cursor | undefined;
}

/** One proposal on the current question, already checked by the rules (errors never reach here). */
export interface OfferItem {
  label: string;
  statement?: string | undefined;
  problem?: string | undefined;
  indicator?: Indicator | undefined;
  targets?: Record<string, TargetValue> | undefined;
  entry?: NomenclatureEntry | undefined;
  ancestors?: NomenclatureEntry[] | undefined;
  /** A sub kegiatan's official indicator and satuan (officialIndicatorFor). */
  official?: { indicator: string; unit: string | undefined } | undefined;
  /** Rule ids of warnings the proposal carries (shown; accepting still asks for a reason). */
  warnings: string[];
}

export interface Offer {
  items: OfferItem[];
  /** Which drafter answered ("offline", "langchain:…"); absent for nomenclature results. */
  source?: string | undefined;
  /** Set when the drafter failed and nothing could be suggested. */
  unavailable?: boolean | undefined;
}

/** A typed or chosen text that the rules stopped: waiting for the fix, a rewrite or a reason. */
export interface Pending {
  kind: 'statement' | 'indicator';
  text: string;
  indicator?: Indicator | undefined;
  problem?: string | undefined;
  source: ChangeSource;
  mode: 'error' | 'warning';
  findings: Finding[];
  fix?: string | undefined;
  /** Warning mode: the person chose to accept, so the next text is the reason. */
  awaitingReason?: boolean | undefined;
}

export interface Pager {
  title: string;
  lines: string[];
  page: number;
}

export interface FlowState {
  lang: Lang;
  /** The Tahap being drafted. */
  stage: Stage;
  cursor: Cursor;
  /** Earlier cursors, for /kembali (newest last). */
  history: Cursor[];
  /** Question counter: button values carry it, so a button of an older question is recognised. */
  ask: number;
  draft: Tahap1Draft;
  treeId?: string | undefined;
  organisationId?: string | undefined;
  treeVersion?: number | undefined;
  /** The tree as loaded from the repository; the app fills it in and never saves it with the state. */
  tree?: Tree | undefined;
  offer?: Offer | undefined;
  pending?: Pending | undefined;
  pager?: Pager | undefined;
  /** Tahap 3: nodes whose children are complete. Tahap 4/5: nodes done. */
  visited: string[];
  /** A short note ("Tersimpan ✓") shown above the next question. */
  note?: string | undefined;
  /** Last drafter that answered, for /status. */
  drafter?: string | undefined;
}

/** What happened: a person acted, or an effect finished. */
export type FlowEvent =
  | { type: 'text'; text: string }
  | { type: 'choice'; value: string }
  | { type: 'command'; command: string; args: string }
  | { type: 'drafted'; ask: number; response: DraftResponse }
  | { type: 'draft_failed'; ask: number; code: string }
  | { type: 'tree_created'; treeId: string; organisationId: string; version: number }
  | { type: 'saved'; version: number }
  | { type: 'save_failed'; error: StoreError; current?: { tree: Tree; version: number } | undefined }
  | { type: 'tree_loaded'; tree: Tree; version: number; summary?: string | undefined }
  | { type: 'undo_failed'; error: StoreError }
  | { type: 'history'; revisions: Revision[] }
  | { type: 'exported'; files: ExportedFile[] }
  | { type: 'export_failed'; format: ExportFormat; detail: string }
  | { type: 'linked'; ok: boolean }
  | { type: 'link_code'; code: string }
  | {
      type: 'nomenclature_results';
      ask: number;
      query: string;
      available: boolean;
      results: Array<{
        entry: NomenclatureEntry;
        ancestors: NomenclatureEntry[];
        official?: { indicator: string; unit: string | undefined } | undefined;
      }>;
    }
  | { type: 'pk_answer'; text: string }
  /** LLM accounting for /status; absent totals when no usage store is wired. */
  | { type: 'usage'; conversation?: LlmUsageTotals | undefined; tree?: LlmUsageTotals | undefined }
  | {
      type: 'trees_listed';
      page: number;
      trees: TreeChoice[];
      /** The tree asked for could not be opened (gone, or no access). */
      missing?: boolean | undefined;
    }
  | {
      type: 'tree_opened';
      treeId: string;
      organisationId: string;
      title: string;
      stage: Stage;
      tree: Tree;
      version: number;
    };

/** A tree the person can open (newest first), for /lanjut in a conversation without a tree. */
export interface TreeChoice {
  id: string;
  title: string;
  stage: Stage;
}

export interface ChangeMeta {
  source: ChangeSource;
  summary: string;
  reason?: string | undefined;
  acceptedRules?: string[] | undefined;
}

/** What the app shell must do; each result comes back as an event. */
export type Effect =
  | { type: 'reply'; message: Outgoing }
  | { type: 'draft'; ask: number; request: DraftRequest }
  | { type: 'create_tree'; organisationName: string; tree: Tree; change: ChangeMeta }
  | { type: 'save_tree'; tree: Tree; stage: Stage; change: ChangeMeta }
  | { type: 'undo' }
  | { type: 'list_history' }
  | { type: 'export'; format: ExportFormat }
  | { type: 'link'; code: string }
  | { type: 'create_link_code' }
  | {
      type: 'search_nomenclature';
      ask: number;
      query: string;
      level: 'program' | 'kegiatan' | 'sub_kegiatan';
    }
  | { type: 'lookup_pk'; query: string }
  /** The person's trees on every linked account, for choosing one to continue. */
  | { type: 'list_trees'; page: number }
  | { type: 'open_tree'; treeId: string }
  /** LLM calls, tokens and latency of this conversation and its tree, for /status. */
  | { type: 'load_usage' };

export interface StepResult {
  state: FlowState;
  effects: Effect[];
}
