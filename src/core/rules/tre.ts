/** TRE — tree shape: one outcome root, levels going down, no duplicates, crosscutting partners named. */
import type { StatementAt } from './knd.ts';
import type { Finding, RuleFamily } from './types.ts';

/** TRE-06 for a draft statement against the statements already in the tree. */
export function checkDuplicateOf(
  _statement: string,
  _existing: readonly string[],
  _at: StatementAt,
): Finding[] {
  return [];
}

/** TRE-07 for a draft statement against its parent's statement. */
export function checkRestatement(_statement: string, _parent: string, _at: StatementAt): Finding[] {
  return [];
}

export const treRules: RuleFamily = {
  family: 'TRE',
  fromStage: 1,
  check: () => [],
};
