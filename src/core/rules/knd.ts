/** KND — bahasa kondisi: every node statement is a condition, not an activity, a problem or a program. */
import type { NomenclatureIndex } from '../nomenclature/types.ts';
import type { Level } from '../tree/schema.ts';
import type { Finding, RuleFamily } from './types.ts';

/** Where a statement sits, for the findings about it. */
export interface StatementAt {
  path: string;
  nodeId?: string | undefined;
}

/** KND-01…08 on one statement at `level`. */
export function checkWording(
  _statement: string,
  _level: Level,
  _at: StatementAt,
  _nomenclature?: NomenclatureIndex,
): Finding[] {
  return [];
}

export const kndRules: RuleFamily = {
  family: 'KND',
  fromStage: 1,
  check: () => [],
};
