/**
 * Saved conversations carry the flow version they were written with. A state of the current version is
 * used as it is; anything else restarts the current Tahap explicitly (the tree itself lives in the
 * repository, so nothing drafted is lost) — an old state is never misread.
 */
import { FIRST_STEP, FLOW_VERSION, STEP_IDS } from '../../../flows/steps.ts';
import type { Stage } from '../rules/types.ts';
import { t } from './messages.ts';
import { initialState } from './step.ts';
import type { FlowState } from './types.ts';

export interface Restored {
  state: FlowState;
  /** Said to the person when their conversation was restarted. */
  notice?: string | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function looksCurrent(state: unknown): state is FlowState {
  if (!isRecord(state) || !isRecord(state.cursor) || !isRecord(state.draft)) return false;
  return (
    (state.lang === 'id' || state.lang === 'en') &&
    typeof state.ask === 'number' &&
    Array.isArray(state.history) &&
    Array.isArray(state.visited) &&
    STEP_IDS.includes(state.cursor.step as (typeof STEP_IDS)[number])
  );
}

/** The state to continue with, from a stored `{ flowVersion, state }` (or null for a new conversation). */
export function restore(stored: { flowVersion: number; state: unknown } | null): Restored {
  if (!stored) return { state: initialState() };
  if (stored.flowVersion === FLOW_VERSION && looksCurrent(stored.state)) return { state: stored.state };
  const old = isRecord(stored.state) ? stored.state : {};
  const lang = old.lang === 'en' ? 'en' : 'id';
  const fresh = initialState(lang);
  const treeId = typeof old.treeId === 'string' ? old.treeId : undefined;
  if (!treeId) return { state: fresh, notice: t(lang, 'migrated', { stage: 1 }) };
  const stage = ([1, 2, 3, 4, 5] as const).includes(old.stage as Stage) ? (old.stage as Stage) : 2;
  return {
    state: {
      ...fresh,
      stage,
      treeId,
      organisationId: typeof old.organisationId === 'string' ? old.organisationId : undefined,
      treeVersion: typeof old.treeVersion === 'number' ? old.treeVersion : undefined,
      cursor: { step: FIRST_STEP[stage] },
    },
    notice: t(lang, 'migrated', { stage }),
  };
}

/** What is saved: the state without the tree (the repository holds the tree). */
export function persistable(state: FlowState): FlowState {
  const { tree: _tree, ...rest } = state;
  return rest;
}
