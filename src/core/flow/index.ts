/** The conversation engine: pure step function, state restore, rendering helpers. */

export { t } from './messages.ts';
export { persistable, type Restored, restore } from './migrate.ts';
export { draftContext, initialState, step } from './step.ts';
export type * from './types.ts';
