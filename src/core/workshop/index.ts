/** Workshop mode: a facilitator runs a pohon-kinerja workshop in a group chat (pure core). */
export {
  BREAKOUT_COMMANDS,
  NEAR_DUPLICATE,
  progressMessage,
  rekap,
  similarity,
  startWorkshop,
  WORKSHOP_COMMANDS,
  workshopStep,
  wt,
} from './step.ts';
export type * from './types.ts';
