/**
 * The drafter proposes wording; it never saves. Implementations: the offline drafter (deterministic,
 * from the rules' word lists and the nomenclature) and the LangChain drafter (any OpenAI-compatible
 * endpoint). Every suggestion is checked by the rules before a person sees it.
 */
import type { NomenclatureEntry } from '../core/nomenclature/types.ts';
import type { Finding } from '../core/rules/types.ts';
import type { Indicator, Level, Planning } from '../core/tree/schema.ts';
import type { ConversationKey } from './repository.ts';

/** What the drafter knows of the organisation and the tree so far. Person-written text is data. */
export interface DraftContext {
  organisation: string;
  region?: string | undefined;
  period?: { from: number; to: number } | undefined;
  mandate: string[];
  problems: string[];
  expectations: string[];
  outcome?: string | undefined;
  lang: 'id' | 'en';
}

export interface NodeRef {
  statement: string;
  level: Level;
}

/** Who the draft is for, so LLM calls are accounted per conversation and per tree (optional). */
export interface DraftScope {
  conversation?: ConversationKey | undefined;
  treeId?: string | undefined;
}

export type DraftRequest = { scope?: DraftScope | undefined } & (
  | { task: 'outcome'; context: DraftContext }
  | { task: 'problem_to_condition'; context: DraftContext; problems: string[] }
  | { task: 'csf'; context: DraftContext; existing: string[] }
  | { task: 'decompose'; context: DraftContext; parent: NodeRef; childLevel: Level; existing: string[] }
  | { task: 'indicators'; context: DraftContext; node: NodeRef; parentIndicators: string[] }
  | { task: 'formula'; context: DraftContext; node: NodeRef; indicator: Pick<Indicator, 'name' | 'unit'> }
  | {
      task: 'planning';
      context: DraftContext;
      node: NodeRef;
      candidates: NomenclatureEntry[];
    }
  | {
      task: 'targets';
      context: DraftContext;
      node: NodeRef;
      indicator: Pick<Indicator, 'name' | 'unit' | 'polarity' | 'baseline'>;
      years: number[];
    }
);

export type DraftTask = DraftRequest['task'];

/** One proposal. Which fields are set depends on the task. */
export interface Suggestion {
  /** A condition statement (outcome, problem_to_condition, csf, decompose). */
  statement?: string | undefined;
  /** The problem a condition answers (problem_to_condition). */
  problem?: string | undefined;
  /** An indicator (indicators, formula: name/unit/formula/terms/kinerja). */
  indicator?: Indicator | undefined;
  /** A planning entry (planning). */
  planning?: Planning | undefined;
  /** Yearly targets (targets). */
  targets?: Record<string, number | string> | undefined;
  /** Short reason shown beside the suggestion. */
  note?: string | undefined;
  /**
   * Rule warnings the suggestion still carries (it has no errors: those are repaired or dropped before a
   * person sees it). Shown beside it; the person may accept it with a reason.
   */
  warnings?: Finding[] | undefined;
  /** Rule ids whose fix was applied automatically to the model's wording (e.g. ["KND-02"]). */
  repaired?: string[] | undefined;
}

export interface DraftUsage {
  calls: number;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
}

export interface DraftResponse {
  suggestions: Suggestion[];
  /** Which drafter answered ("offline", "langchain:gpt-4o-mini"), for /status. */
  source: string;
  usage?: DraftUsage | undefined;
  /** Set when the LLM failed and the offline drafter answered instead (a user-facing explanation code). */
  fallback?:
    | {
        code: string;
        detail?: string | undefined;
        /** What to tell the person (Bahasa Indonesia and English): what went wrong, what to do next. */
        message?: { id: string; en: string } | undefined;
      }
    | undefined;
}

export interface Drafter {
  readonly name: string;
  draft(request: DraftRequest, signal?: AbortSignal): Promise<DraftResponse>;
}
