/**
 * The `pokin/1` tree file as zod schemas (the contract of docs/tree-format.md), with inferred types.
 * Objects are loose: fields this version does not know are kept, so a round trip loses nothing.
 */
import { z } from 'zod';

export const FORMAT = 'pokin/1' as const;

export const LEVELS = [
  'outcome',
  'csf',
  'kondisi_antara_utama',
  'kondisi_antara',
  'kondisi_operasional',
] as const;
export const Level = z.enum(LEVELS);
export type Level = z.infer<typeof Level>;

export const KINERJA = ['strategis', 'taktikal_intermediate', 'taktikal_immediate', 'operasional'] as const;
export const Kinerja = z.enum(KINERJA);
export type Kinerja = z.infer<typeof Kinerja>;

export const COMPONENTS = [
  'tujuan',
  'sasaran_skpd',
  'sasaran_program',
  'sasaran_kegiatan',
  'sasaran_sub_kegiatan',
] as const;
export const Component = z.enum(COMPONENTS);
export type Component = z.infer<typeof Component>;

export const PK_HOLDERS = ['JPT', 'Administrator', 'Pengawas', 'JF', 'JP'] as const;
export const PkHolder = z.enum(PK_HOLDERS);
export type PkHolder = z.infer<typeof PkHolder>;

export const BASIS_KINDS = ['mandat', 'masalah', 'harapan'] as const;

const text = z.string().trim().min(1, 'must not be empty');
const year = z.number().int().min(1900).max(2200);

export const Basis = z.looseObject({
  kind: z.enum(BASIS_KINDS),
  text,
});
export type Basis = z.infer<typeof Basis>;

export const Crosscutting = z.looseObject({
  with: z.array(z.string()),
  note: z.string().optional(),
});
export type Crosscutting = z.infer<typeof Crosscutting>;

export const Term = z.looseObject({
  symbol: text,
  name: text,
  formula: z.string().optional(),
});
export type Term = z.infer<typeof Term>;

/** A target value: a number, or the text as the person typed it ("80%", "1.250", "85,5"). */
export const TargetValue = z.union([z.number(), z.string()]);
export type TargetValue = z.infer<typeof TargetValue>;

export const Indicator = z.looseObject({
  name: text,
  kinerja: Kinerja.optional(),
  unit: text,
  formula: z.string().optional(),
  terms: z.array(Term).optional(),
  polarity: z.enum(['naik', 'turun']).optional(),
  baseline: z.looseObject({ year, value: TargetValue }).optional(),
  targets: z.record(z.string().regex(/^\d{4}$/, 'a year, e.g. "2025"'), TargetValue).optional(),
  source: z.string().optional(),
});
export type Indicator = z.infer<typeof Indicator>;

export const NomenclatureRef = z.looseObject({
  code: z.string().trim().optional(),
  name: text,
});
export type NomenclatureRef = z.infer<typeof NomenclatureRef>;

export const Planning = z.looseObject({
  component: Component,
  pk: PkHolder.optional(),
  jabatan: z.string().optional(),
  program: NomenclatureRef.optional(),
  kegiatan: NomenclatureRef.optional(),
  subKegiatan: NomenclatureRef.optional(),
});
export type Planning = z.infer<typeof Planning>;

/** A warning a person accepted with a reason (project field; saved with the node). */
export const AcceptedWarning = z.looseObject({
  rule: z.string(),
  reason: text,
  text: z.string().optional(),
});
export type AcceptedWarning = z.infer<typeof AcceptedWarning>;

/** The fields of a node (named apart from the index signature, so `Omit`/`extends` keep them typed). */
export interface NodeFields {
  statement: string;
  level: Level;
  basis?: Basis[] | undefined;
  problem?: string | undefined;
  crosscutting?: Crosscutting | undefined;
  indicators?: Indicator[] | undefined;
  planning?: Planning[] | undefined;
  acceptedWarnings?: AcceptedWarning[] | undefined;
}

export interface NodeInput extends NodeFields {
  [key: string]: unknown;
  id?: string | undefined;
  children?: NodeInput[] | undefined;
}

export const NodeSchema: z.ZodType<NodeInput> = z.looseObject({
  id: z.string().trim().min(1).optional(),
  statement: text,
  level: Level,
  basis: z.array(Basis).optional(),
  problem: z.string().optional(),
  crosscutting: Crosscutting.optional(),
  indicators: z.array(Indicator).optional(),
  planning: z.array(Planning).optional(),
  acceptedWarnings: z.array(AcceptedWarning).optional(),
  get children() {
    return z.array(NodeSchema).optional();
  },
});

export const Organization = z.looseObject({
  name: text,
  region: z.string().optional(),
  short: z.string().optional(),
});
export type Organization = z.infer<typeof Organization>;

export const Period = z
  .looseObject({ from: year, to: year })
  .refine((p) => p.to >= p.from, { message: 'period.to must not be before period.from', path: ['to'] });
export type Period = z.infer<typeof Period>;

export const TreeFileSchema = z.looseObject({
  format: z.literal(FORMAT),
  organization: Organization,
  period: Period.optional(),
  tree: NodeSchema,
  crosscutting: z.array(NodeSchema).optional(),
});
export type TreeFileInput = z.infer<typeof TreeFileSchema>;

/**
 * A node of a loaded tree: every node has an id and a children array. Fields the schema does not know
 * are kept at run time but not typed (an index signature would make `Omit<Node, …>` lose every field).
 */
export interface Node extends NodeFields {
  id: string;
  children: Node[];
}

/** A loaded tree: the file with ids assigned and children normalised. */
export interface Tree {
  format: typeof FORMAT;
  organization: Organization;
  period?: Period | undefined;
  tree: Node;
  crosscutting: Node[];
}

/** The JSON Schema of the `pokin/1` file, generated from the zod schema. */
export function treeJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(TreeFileSchema, { unrepresentable: 'any', io: 'input' }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    $id: 'https://pokin.local/schema/pokin-1.json',
    title: 'pokin/1 performance tree (pohon kinerja)',
  };
}
