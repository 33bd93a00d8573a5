/**
 * Export cost per format for a generated 10,000-node tree (1 outcome, 10 CSF, 100 kondisi antara utama,
 * 1,000 kondisi antara, 8,889 kondisi operasional; one indicator each with formula and five yearly
 * targets), and the same for the real Balangan tree for scale. Also XLSX import and a PK look-up.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createExporter } from '../src/adapters/export/index.ts';
import { importCascadeXlsx } from '../src/adapters/export/xlsx-import.ts';
import { lookupPk } from '../src/core/lookup/pk.ts';
import { parseTreeText } from '../src/core/tree/parse.ts';
import { COMPONENTS, LEVELS, type Node, type Tree } from '../src/core/tree/schema.ts';
import { EXPORT_FORMATS } from '../src/ports/exporter.ts';

const WORDS = [
  'Layanan',
  'Data Sektoral',
  'Keamanan Informasi',
  'Jaringan Intra',
  'Informasi Publik',
  'Aplikasi',
];

/** A breadth-first tree with ten children per node until `count` nodes exist. */
export function generateTree(count: number): Tree {
  let made = 0;
  const make = (depth: number, path: string): Node => {
    made++;
    const topic = WORDS[made % WORDS.length]!;
    return {
      id: `g${path}`,
      statement: `Meningkatnya Kualitas ${topic} ${path}`,
      level: LEVELS[depth]!,
      indicators: [
        {
          name: `Persentase ${topic} yang Terlaksana ${path}`,
          unit: '%',
          formula: `(Jumlah ${topic} yang terlaksana / Jumlah ${topic} yang direncanakan) x 100%`,
          targets: { '2025': 80, '2026': 85, '2027': 90, '2028': 95, '2029': 100 },
        },
      ],
      planning: [
        {
          component: COMPONENTS[depth]!,
          pk: (['JPT', 'JPT', 'Administrator', 'Pengawas', 'JF'] as const)[depth]!,
        },
      ],
      children: [],
    };
  };
  const root = make(0, '0');
  const queue: Array<[Node, number, string]> = [[root, 0, '0']];
  while (queue.length > 0 && made < count) {
    const [node, depth, path] = queue.shift()!;
    if (depth >= LEVELS.length - 1) continue;
    for (let i = 1; i <= 10 && made < count; i++) {
      const child = make(depth + 1, `${path}.${i}`);
      node.children.push(child);
      queue.push([child, depth + 1, `${path}.${i}`]);
    }
  }
  return {
    format: 'pokin/1',
    organization: { name: 'Dinas Uji Beban', short: 'Uji' },
    period: { from: 2025, to: 2029 },
    tree: root,
    crosscutting: [],
  } as Tree;
}

async function time<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

export default async function run(): Promise<void> {
  const parsed = parseTreeText(
    readFileSync(new URL('../examples/balangan-diskominfosan.json', import.meta.url), 'utf8'),
  );
  if (!parsed.ok) throw new Error('examples/balangan-diskominfosan.json does not parse');
  const big = generateTree(10_000);
  const exporter = createExporter();
  const small: Record<string, number> = {};
  for (const format of EXPORT_FORMATS) {
    const [, ms] = await time(() => exporter.export(parsed.value, format));
    small[format] = ms;
  }
  console.log('format  Balangan (44 nodes)   10,000 nodes        size (10k)   ratio');
  let xlsxBytes: Uint8Array | undefined;
  for (const format of EXPORT_FORMATS) {
    const [file, ms] = await time(() => exporter.export(big, format));
    if (format === 'xlsx') xlsxBytes = file.data;
    const size = file.data.length / 1024 / 1024;
    console.log(
      `${format.padEnd(6)}  ${small[format]!.toFixed(0).padStart(8)} ms          ${ms.toFixed(0).padStart(8)} ms        ${size.toFixed(1).padStart(6)} MB   ×${(ms / small[format]!).toFixed(0)}`,
    );
  }
  const [imported, importMs] = await time(() => importCascadeXlsx(xlsxBytes!));
  console.log(`import-xlsx 10,000 nodes: ${importMs.toFixed(0)} ms (${imported.ok ? 'ok' : 'failed'})`);
  const [, pkMs] = await time(() => lookupPk(big, 'kasi keamanan informasi 0.3.4'));
  console.log(`pk look-up in 10,000 nodes (index built per query): ${pkMs.toFixed(0)} ms`);
}
