/** What a rule reports, and what the checker is told. Messages come from the rules' data files. */
import type { NomenclatureIndex } from '../nomenclature/types.ts';

export type Severity = 'error' | 'warning';
export type Stage = 1 | 2 | 3 | 4 | 5;
export type Lang = 'id' | 'en';

export interface Finding {
  /** Stable id from the rule catalogue, e.g. "KND-02". */
  rule: string;
  severity: Severity;
  /** Node id the finding is about (absent for whole-tree findings). */
  nodeId?: string | undefined;
  /**
   * JSON path of the offending value in the pokin/1 file,
   * e.g. `$.tree.children[0].indicators[1].name`.
   */
  path: string;
  /** The offending text, quoted as written. */
  text: string;
  message: { id: string; en: string };
  /** The corrected text, where the rule knows it (offered as a one-tap choice). */
  suggestion?: string | undefined;
}

export interface CheckOptions {
  /** Run the rules that apply up to this Tahap (default 5). */
  stage?: Stage;
  /** The nomenclature version that applies to the tree (KND-04 name match, PLN-05/06, official indicators). */
  nomenclature?: NomenclatureIndex | undefined;
}
