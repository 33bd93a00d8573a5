/**
 * The five Tahap of PermenPAN-RB 89/2021 as data: every step of the guided conversation, what it asks
 * (message keys in messages.json), which drafter task suggests answers, how long an answer may be, and
 * which Tahap's stage gate must pass before the conversation leaves it. The step engine is
 * src/core/flow/step.ts; "where does Tahap 3 end?" is answered here.
 */
import type { Stage } from '../src/core/rules/types.ts';
import type { DraftTask } from '../src/ports/drafter.ts';

/** Bump when the saved conversation state changes shape; src/core/flow/migrate.ts says what happens. */
export const FLOW_VERSION = 1;

export const STEP_IDS = [
  'welcome',
  't1.organisation',
  't1.region',
  't1.period',
  't1.mandate',
  't1.problems',
  't1.expectations',
  't1.outcome',
  't1.confirm',
  't2.convert',
  't2.more',
  't2.review',
  't3.decompose',
  't3.crosscutting',
  't3.review',
  't4.indicator',
  't4.unit',
  't4.formula',
  't4.terms',
  't4.review',
  't5.component',
  't5.nomenclature',
  't5.pk',
  't5.jabatan',
  't5.baseline',
  't5.targets',
  't5.review',
  'done',
  'edit',
  'delete',
  'restart',
] as const;
export type StepId = (typeof STEP_IDS)[number];

/** How a step reads a typed answer. */
export type InputKind =
  | 'none'
  | 'text'
  | 'period'
  | 'list'
  | 'statement'
  | 'indicator'
  | 'unit'
  | 'formula'
  | 'nomenclature'
  | 'optional_text'
  | 'number'
  | 'targets'
  | 'buttons';

export interface StepDef {
  id: StepId;
  /** The Tahap the step belongs to (0 before Tahap 1 starts). */
  stage: Stage | 0;
  /** Message keys: the question, its context-aware help and an example answer. */
  ask: string;
  help: string;
  example?: string | undefined;
  input: InputKind;
  /** Longest typed answer accepted (characters); longer ones are explained, not cut. */
  maxLength: number;
  /** The drafter task that proposes answers, if any. */
  suggest?: DraftTask | undefined;
  /** List steps: how many answers are needed before "Selesai" moves on. */
  min?: number | undefined;
  /** Leaving this step requires `stageGate(tree, gate)` to pass. */
  gate?: Stage | undefined;
  /** Label in the progress line ("Mandat", "Kondisi Antara"). */
  label: string;
}

const step = (def: StepDef): StepDef => def;

export const STEPS: Record<StepId, StepDef> = {
  welcome: step({
    id: 'welcome',
    stage: 0,
    ask: 'welcome.ask',
    help: 'welcome.help',
    input: 'buttons',
    maxLength: 200,
    label: 'label.welcome',
  }),
  't1.organisation': step({
    id: 't1.organisation',
    stage: 1,
    ask: 't1.organisation.ask',
    help: 't1.organisation.help',
    example: 't1.organisation.example',
    input: 'text',
    maxLength: 200,
    label: 'label.organisation',
  }),
  't1.region': step({
    id: 't1.region',
    stage: 1,
    ask: 't1.region.ask',
    help: 't1.region.help',
    example: 't1.region.example',
    input: 'optional_text',
    maxLength: 120,
    label: 'label.organisation',
  }),
  't1.period': step({
    id: 't1.period',
    stage: 1,
    ask: 't1.period.ask',
    help: 't1.period.help',
    example: 't1.period.example',
    input: 'period',
    maxLength: 40,
    label: 'label.period',
  }),
  't1.mandate': step({
    id: 't1.mandate',
    stage: 1,
    ask: 't1.mandate.ask',
    help: 't1.mandate.help',
    example: 't1.mandate.example',
    input: 'list',
    maxLength: 400,
    min: 1,
    label: 'label.mandate',
  }),
  't1.problems': step({
    id: 't1.problems',
    stage: 1,
    ask: 't1.problems.ask',
    help: 't1.problems.help',
    example: 't1.problems.example',
    input: 'list',
    maxLength: 300,
    min: 1,
    label: 'label.problems',
  }),
  't1.expectations': step({
    id: 't1.expectations',
    stage: 1,
    ask: 't1.expectations.ask',
    help: 't1.expectations.help',
    example: 't1.expectations.example',
    input: 'list',
    maxLength: 300,
    min: 0,
    label: 'label.expectations',
  }),
  't1.outcome': step({
    id: 't1.outcome',
    stage: 1,
    ask: 't1.outcome.ask',
    help: 't1.outcome.help',
    example: 't1.outcome.example',
    input: 'statement',
    maxLength: 300,
    suggest: 'outcome',
    label: 'label.outcome',
  }),
  't1.confirm': step({
    id: 't1.confirm',
    stage: 1,
    ask: 't1.confirm.ask',
    help: 't1.confirm.help',
    input: 'buttons',
    maxLength: 200,
    gate: 1,
    label: 'label.outcome',
  }),
  't2.convert': step({
    id: 't2.convert',
    stage: 2,
    ask: 't2.convert.ask',
    help: 't2.convert.help',
    example: 't2.convert.example',
    input: 'statement',
    maxLength: 300,
    suggest: 'problem_to_condition',
    label: 'label.csf',
  }),
  't2.more': step({
    id: 't2.more',
    stage: 2,
    ask: 't2.more.ask',
    help: 't2.more.help',
    example: 't2.convert.example',
    input: 'statement',
    maxLength: 300,
    suggest: 'csf',
    label: 'label.csf',
  }),
  't2.review': step({
    id: 't2.review',
    stage: 2,
    ask: 'review.ask',
    help: 'review.help',
    input: 'buttons',
    maxLength: 200,
    gate: 2,
    label: 'label.review',
  }),
  't3.decompose': step({
    id: 't3.decompose',
    stage: 3,
    ask: 't3.decompose.ask',
    help: 't3.decompose.help',
    example: 't3.decompose.example',
    input: 'statement',
    maxLength: 300,
    suggest: 'decompose',
    label: 'label.decompose',
  }),
  't3.crosscutting': step({
    id: 't3.crosscutting',
    stage: 3,
    ask: 't3.crosscutting.ask',
    help: 't3.crosscutting.help',
    example: 't3.crosscutting.example',
    input: 'text',
    maxLength: 200,
    label: 'label.decompose',
  }),
  't3.review': step({
    id: 't3.review',
    stage: 3,
    ask: 'review.ask',
    help: 'review.help',
    input: 'buttons',
    maxLength: 200,
    gate: 3,
    label: 'label.review',
  }),
  't4.indicator': step({
    id: 't4.indicator',
    stage: 4,
    ask: 't4.indicator.ask',
    help: 't4.indicator.help',
    example: 't4.indicator.example',
    input: 'indicator',
    maxLength: 300,
    suggest: 'indicators',
    label: 'label.indicator',
  }),
  't4.unit': step({
    id: 't4.unit',
    stage: 4,
    ask: 't4.unit.ask',
    help: 't4.unit.help',
    example: 't4.unit.example',
    input: 'unit',
    maxLength: 60,
    label: 'label.indicator',
  }),
  't4.formula': step({
    id: 't4.formula',
    stage: 4,
    ask: 't4.formula.ask',
    help: 't4.formula.help',
    example: 't4.formula.example',
    input: 'formula',
    maxLength: 500,
    suggest: 'formula',
    label: 'label.indicator',
  }),
  't4.terms': step({
    id: 't4.terms',
    stage: 4,
    ask: 't4.terms.ask',
    help: 't4.terms.help',
    example: 't4.terms.example',
    input: 'text',
    maxLength: 300,
    label: 'label.indicator',
  }),
  't4.review': step({
    id: 't4.review',
    stage: 4,
    ask: 'review.ask',
    help: 'review.help',
    input: 'buttons',
    maxLength: 200,
    gate: 4,
    label: 'label.review',
  }),
  't5.component': step({
    id: 't5.component',
    stage: 5,
    ask: 't5.component.ask',
    help: 't5.component.help',
    input: 'buttons',
    maxLength: 100,
    label: 'label.planning',
  }),
  't5.nomenclature': step({
    id: 't5.nomenclature',
    stage: 5,
    ask: 't5.nomenclature.ask',
    help: 't5.nomenclature.help',
    example: 't5.nomenclature.example',
    input: 'nomenclature',
    maxLength: 200,
    label: 'label.planning',
  }),
  't5.pk': step({
    id: 't5.pk',
    stage: 5,
    ask: 't5.pk.ask',
    help: 't5.pk.help',
    input: 'buttons',
    maxLength: 60,
    label: 'label.planning',
  }),
  't5.jabatan': step({
    id: 't5.jabatan',
    stage: 5,
    ask: 't5.jabatan.ask',
    help: 't5.jabatan.help',
    example: 't5.jabatan.example',
    input: 'optional_text',
    maxLength: 150,
    label: 'label.planning',
  }),
  't5.baseline': step({
    id: 't5.baseline',
    stage: 5,
    ask: 't5.baseline.ask',
    help: 't5.baseline.help',
    example: 't5.baseline.example',
    input: 'number',
    maxLength: 40,
    label: 'label.targets',
  }),
  't5.targets': step({
    id: 't5.targets',
    stage: 5,
    ask: 't5.targets.ask',
    help: 't5.targets.help',
    example: 't5.targets.example',
    input: 'targets',
    maxLength: 200,
    suggest: 'targets',
    label: 'label.targets',
  }),
  't5.review': step({
    id: 't5.review',
    stage: 5,
    ask: 'review.ask',
    help: 'review.help',
    input: 'buttons',
    maxLength: 200,
    gate: 5,
    label: 'label.review',
  }),
  done: step({
    id: 'done',
    stage: 5,
    ask: 'done.ask',
    help: 'done.help',
    input: 'buttons',
    maxLength: 200,
    label: 'label.done',
  }),
  edit: step({
    id: 'edit',
    stage: 0,
    ask: 'edit.ask',
    help: 'edit.help',
    input: 'statement',
    maxLength: 300,
    label: 'label.edit',
  }),
  delete: step({
    id: 'delete',
    stage: 0,
    ask: 'delete.ask',
    help: 'delete.help',
    input: 'buttons',
    maxLength: 100,
    label: 'label.edit',
  }),
  restart: step({
    id: 'restart',
    stage: 0,
    ask: 'restart.ask',
    help: 'restart.help',
    input: 'buttons',
    maxLength: 100,
    label: 'label.welcome',
  }),
};

/** The first step of each Tahap (where a restart of that Tahap begins). */
export const FIRST_STEP: Record<Stage, StepId> = {
  1: 't1.organisation',
  2: 't2.convert',
  3: 't3.decompose',
  4: 't4.indicator',
  5: 't5.component',
};

/** Tahap names for the progress line and /status. */
export const STAGE_NAMES: Record<Stage, string> = {
  1: 'stage.1',
  2: 'stage.2',
  3: 'stage.3',
  4: 'stage.4',
  5: 'stage.5',
};

/** Commands with their English aliases (typed without the slash, lower case). */
export const COMMANDS: Record<string, string> = {
  mulai: 'mulai',
  start: 'mulai',
  baru: 'mulai',
  lanjut: 'lanjut',
  resume: 'lanjut',
  kembali: 'kembali',
  back: 'kembali',
  ubah: 'ubah',
  edit: 'ubah',
  hapus: 'hapus',
  delete: 'hapus',
  lihat: 'lihat',
  view: 'lihat',
  cek: 'cek',
  check: 'cek',
  batal: 'batal',
  undo: 'batal',
  riwayat: 'riwayat',
  history: 'riwayat',
  ekspor: 'ekspor',
  export: 'ekspor',
  status: 'status',
  bahasa: 'bahasa',
  language: 'bahasa',
  bantuan: 'bantuan',
  help: 'bantuan',
  pk: 'pk',
  tautkan: 'tautkan',
  link: 'tautkan',
};

/** Paging: list lines per page on a phone screen. */
export const PAGE_SIZE = 8;
/** Suggestions shown as buttons at once. */
export const MAX_SUGGESTIONS = 4;
