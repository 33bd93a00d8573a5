/**
 * PLN — planning components and PK (Tahap 5): each condition mapped to a component that fits its level,
 * with its PK holder, its program/kegiatan/sub kegiatan named and nested, checked against the imported
 * nomenclature, and lying inside its parent's program/kegiatan. Crosscutting nodes are planned by the
 * partner organisation: no PLN findings for them.
 */
import {
  foldName,
  type NomenclatureEntry,
  type NomenclatureIndex,
  type NomenclatureLevel,
  normaliseCode,
} from '../nomenclature/types.ts';
import type { Component, Level, Node, NomenclatureRef, PkHolder, Planning } from '../tree/schema.ts';
import { finding } from './messages.ts';
import type { Finding, RuleContext, RuleFamily } from './types.ts';
import { editDistance } from './words.ts';

const COMPONENT_OF_LEVEL: Record<Level, Component> = {
  outcome: 'tujuan',
  csf: 'sasaran_skpd',
  kondisi_antara_utama: 'sasaran_program',
  kondisi_antara: 'sasaran_kegiatan',
  kondisi_operasional: 'sasaran_sub_kegiatan',
};

const HOLDERS: Partial<Record<Component, readonly PkHolder[]>> = {
  sasaran_skpd: ['JPT'],
  sasaran_program: ['Administrator'],
  sasaran_kegiatan: ['Administrator', 'Pengawas', 'JF'],
  sasaran_sub_kegiatan: ['Pengawas', 'JF', 'JP'],
};

type RefField = 'program' | 'kegiatan' | 'subKegiatan';

/** The references a component must name, outermost first. */
const REQUIRED: Record<Component, readonly RefField[]> = {
  tujuan: [],
  sasaran_skpd: [],
  sasaran_program: ['program'],
  sasaran_kegiatan: ['program', 'kegiatan'],
  sasaran_sub_kegiatan: ['program', 'kegiatan', 'subKegiatan'],
};

const FIELDS: readonly RefField[] = ['program', 'kegiatan', 'subKegiatan'];
const FIELD_LABEL: Record<RefField, string> = {
  program: 'program',
  kegiatan: 'kegiatan',
  subKegiatan: 'sub kegiatan',
};
const FIELD_LEVEL: Record<RefField, NomenclatureLevel> = {
  program: 'program',
  kegiatan: 'kegiatan',
  subKegiatan: 'sub_kegiatan',
};

const label = (s: string) => s.replace(/_/g, ' ');
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

interface At {
  path: string;
  nodeId: string;
}

function componentFit(node: Node, entry: Planning, at: At): Finding[] {
  const expected = COMPONENT_OF_LEVEL[node.level];
  if (entry.component === expected) return [];
  return [
    finding(
      'PLN-02',
      'warning',
      { path: `${at.path}.component`, nodeId: at.nodeId },
      node.statement,
      { level: label(node.level), component: label(entry.component) },
      { suggestion: expected },
    ),
  ];
}

/** PLN-03: the PK holder comes from the `pk` field only; a job title is never read as one. */
function holderFit(node: Node, entry: Planning, at: At): Finding[] {
  const allowed = HOLDERS[entry.component];
  if (!allowed) return [];
  const params = { component: label(entry.component), allowed: allowed.join('/') };
  if (entry.pk === undefined) {
    return [finding('PLN-03', 'error', { path: `${at.path}.pk`, nodeId: at.nodeId }, node.statement, params)];
  }
  if (allowed.includes(entry.pk)) return [];
  return [
    finding(
      'PLN-03',
      'error',
      { path: `${at.path}.pk`, nodeId: at.nodeId },
      node.statement,
      { ...params, pk: entry.pk },
      { variant: 'mismatch', suggestion: allowed.length === 1 ? allowed[0] : undefined },
    ),
  ];
}

/** PLN-04: the component names what it must, and each code starts with the code of the level above. */
function namedAndNested(node: Node, entry: Planning, at: At): Finding[] {
  const out: Finding[] = [];
  for (const field of REQUIRED[entry.component]) {
    if (entry[field] === undefined) {
      out.push(
        finding('PLN-04', 'error', { path: `${at.path}.${field}`, nodeId: at.nodeId }, node.statement, {
          component: label(entry.component),
          field: FIELD_LABEL[field],
        }),
      );
    }
  }
  // Each code is compared with the nearest code above it (a sub kegiatan with its program when the
  // kegiatan has none).
  let outer: { field: RefField; code: string } | undefined;
  for (const inner of FIELDS) {
    const innerCode = codeOf(entry[inner]);
    if (!innerCode) continue;
    if (outer && !innerCode.startsWith(`${outer.code}.`)) {
      out.push(
        finding(
          'PLN-04',
          'error',
          { path: `${at.path}.${inner}.code`, nodeId: at.nodeId },
          node.statement,
          {
            field: FIELD_LABEL[inner],
            code: innerCode,
            parentField: FIELD_LABEL[outer.field],
            parentCode: outer.code,
          },
          { variant: 'nest' },
        ),
      );
    }
    outer = { field: inner, code: innerCode };
  }
  return out;
}

function codeOf(ref: NomenclatureRef | undefined): string | undefined {
  const code = ref?.code ? normaliseCode(ref.code) : '';
  return code === '' ? undefined : code;
}

interface FoldedNames {
  entries: { entry: NomenclatureEntry; folded: string }[];
  nearest: Map<string, NomenclatureEntry | undefined>;
}

/** Folded names of an index and the answers already found, kept while the index lives. */
const foldedNames = new WeakMap<NomenclatureIndex, FoldedNames>();

function namesOf(index: NomenclatureIndex): FoldedNames {
  let names = foldedNames.get(index);
  if (!names) {
    names = {
      entries: index.entries().map((entry) => ({ entry, folded: foldName(entry.name) })),
      nearest: new Map(),
    };
    foldedNames.set(index, names);
  }
  return names;
}

/** The entry of `level` whose folded name is nearest to `name` (at most two edits), if exactly one is. */
function nearestName(
  index: NomenclatureIndex,
  level: NomenclatureLevel,
  name: string,
): NomenclatureEntry | undefined {
  const names = namesOf(index);
  const folded = foldName(name);
  const key = `${level} ${folded}`;
  if (names.nearest.has(key)) return names.nearest.get(key);
  let best: { entry: NomenclatureEntry; folded: string } | undefined;
  let bestDistance = 3;
  let tie = false;
  for (const candidate of names.entries) {
    if (candidate.entry.level !== level) continue;
    const d = editDistance(folded, candidate.folded, bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance && best && best.folded !== candidate.folded) {
      tie = true;
    }
  }
  const answer = tie ? undefined : best?.entry;
  names.nearest.set(key, answer);
  return answer;
}

/** PLN-05: each code and name against the nomenclature version that applies to the tree. */
function againstNomenclature(entry: Planning, index: NomenclatureIndex, at: At): Finding[] {
  const out: Finding[] = [];
  for (const field of FIELDS) {
    const ref = entry[field];
    if (!ref) continue;
    const base = { field: FIELD_LABEL[field], version: index.version };
    const where = (leaf: 'code' | 'name') => ({ path: `${at.path}.${field}.${leaf}`, nodeId: at.nodeId });
    const code = codeOf(ref);
    if (code) {
      const found = index.byCode(code);
      if (found) {
        if (foldName(found.name) !== foldName(ref.name)) {
          out.push(
            finding(
              'PLN-05',
              'warning',
              where('name'),
              ref.name,
              { ...base, code },
              {
                variant: 'mismatch',
                suggestion: found.name,
              },
            ),
          );
        }
        continue;
      }
      const successor = index.successorOf(code);
      out.push(
        successor
          ? finding(
              'PLN-05',
              'warning',
              where('code'),
              ref.code ?? code,
              { ...base, successorName: successor.name },
              {
                variant: 'successor',
                suggestion: successor.code,
              },
            )
          : finding('PLN-05', 'warning', where('code'), ref.code ?? code, base, { variant: 'code' }),
      );
      continue;
    }
    const level = FIELD_LEVEL[field];
    if (index.byName(ref.name).some((e) => e.level === level)) continue;
    const near = nearestName(index, level, ref.name);
    out.push(
      near
        ? finding('PLN-05', 'warning', where('name'), ref.name, base, {
            variant: 'near',
            suggestion: near.name,
          })
        : finding('PLN-05', 'warning', where('name'), ref.name, base, { variant: 'name' }),
    );
  }
  return out;
}

/** The most specific code an entry names (sub kegiatan, else kegiatan, else program). */
function deepestCode(entry: Planning): { field: RefField; code: string; name: string } | undefined {
  for (const field of [...FIELDS].reverse()) {
    const code = codeOf(entry[field]);
    if (code) return { field, code, name: entry[field]?.name ?? '' };
  }
  return undefined;
}

const inside = (child: string, parent: string) =>
  child === parent || child.startsWith(`${parent}.`) || parent.startsWith(`${child}.`);

/** PLN-06: a child's program/kegiatan lies inside one of its parent's; silent where either has no code. */
function insideParent(node: Node, parent: Node, entry: Planning, at: At): Finding[] {
  const own = deepestCode(entry);
  if (!own) return [];
  const parents = (parent.planning ?? [])
    .map(deepestCode)
    .filter((c): c is NonNullable<typeof c> => c !== undefined);
  if (parents.length === 0 || parents.some((p) => inside(own.code, p.code))) return [];
  const first = parents[0] as NonNullable<(typeof parents)[0]>;
  return [
    finding('PLN-06', 'error', { path: `${at.path}.${own.field}.code`, nodeId: at.nodeId }, own.name, {
      field: FIELD_LABEL[own.field],
      fieldCap: capitalise(FIELD_LABEL[own.field]),
      code: own.code,
      statement: node.statement,
      parentField: FIELD_LABEL[first.field],
      parentStatement: parent.statement,
      parentCode: parents.map((p) => p.code).join(', '),
    }),
  ];
}

export const plnRules: RuleFamily = {
  family: 'PLN',
  fromStage: 5,
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const { node, path, parent, inCrosscutting } of ctx.nodes) {
      if (inCrosscutting) continue;
      const planning = node.planning ?? [];
      if (planning.length === 0) {
        out.push(finding('PLN-01', 'error', { path: `${path}.planning`, nodeId: node.id }, node.statement));
        continue;
      }
      planning.forEach((entry, i) => {
        const at = { path: `${path}.planning[${i}]`, nodeId: node.id };
        out.push(
          ...componentFit(node, entry, at),
          ...holderFit(node, entry, at),
          ...namedAndNested(node, entry, at),
        );
        if (ctx.nomenclature) out.push(...againstNomenclature(entry, ctx.nomenclature, at));
        if (parent) out.push(...insideParent(node, parent, entry, at));
      });
    }
    return out;
  },
};
