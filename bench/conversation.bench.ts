/**
 * Conversation numbers: one `step` (add a condition in Tahap 3, which checks the statement against every
 * statement in the tree) on trees of ~130 and ~1,300 nodes, and whole messages through the app shell
 * (the Balangan script of the scenario test) with the in-memory stores and with PGlite in memory.
 */
import { performance } from 'node:perf_hooks';
import { createDrizzleConversationStore } from '../src/adapters/drizzle/conversations.ts';
import { openPglite } from '../src/adapters/drizzle/db.ts';
import { createDrizzleEventLog } from '../src/adapters/drizzle/events.ts';
import { createDrizzleRepository } from '../src/adapters/drizzle/repository.ts';
import { createMemoryConversationStore } from '../src/adapters/memory/conversations.ts';
import { createMemoryEventLog } from '../src/adapters/memory/events.ts';
import { createMemoryRepository } from '../src/adapters/memory/repository.ts';
import { initialState, step } from '../src/core/flow/step.ts';
import type { FlowState } from '../src/core/flow/types.ts';
import { parseTree } from '../src/core/tree/parse.ts';
import type { NodeInput, Tree } from '../src/core/tree/schema.ts';
import { type AppWiring, createAppFromWiring } from '../src/main/wiring/app.ts';
import { TAHAP_1, TAHAP_2_3, TAHAP_4 } from '../test/scenarios/balangan-script.ts';
import { createChat } from '../test/scenarios/driver.ts';

const SUBJECT = [
  'Kualitas',
  'Akses',
  'Pemanfaatan',
  'Keamanan',
  'Cakupan',
  'Integrasi',
  'Kapasitas',
  'Literasi',
  'Akurasi',
  'Kelengkapan',
];
const OBJECT = [
  'Data Sektoral',
  'Informasi Publik',
  'Jaringan Intra Pemerintah',
  'Aplikasi Layanan Publik',
  'Layanan TIK',
  'Pengaduan Masyarakat',
  'Persandian Daerah',
  'Statistik Sektoral',
];

function generated(csf: number, fan: number): Tree {
  let n = 0;
  const statement = () => {
    n += 1;
    return `Meningkatnya ${SUBJECT[n % SUBJECT.length]} ${OBJECT[Math.floor(n / SUBJECT.length) % OBJECT.length]} Wilayah ${n}`;
  };
  const level = ['csf', 'kondisi_antara_utama', 'kondisi_antara', 'kondisi_operasional'] as const;
  const grow = (depth: number): NodeInput => ({
    statement: statement(),
    level: level[depth] ?? 'kondisi_operasional',
    children: depth < 3 ? Array.from({ length: depth === 0 ? fan : 2 }, () => grow(depth + 1)) : [],
  });
  const parsed = parseTree({
    format: 'pokin/1',
    organization: { name: 'Dinas Komunikasi dan Informatika' },
    period: { from: 2025, to: 2029 },
    tree: {
      statement: 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
      level: 'outcome',
      basis: [{ kind: 'mandat', text: 'Urusan komunikasi dan informatika' }],
      children: Array.from({ length: csf }, () => grow(0)),
    },
  });
  if (!parsed.ok) throw new Error('bench tree does not parse');
  return parsed.value;
}

function countNodes(tree: Tree): number {
  let count = 0;
  const walk = (node: Tree['tree']) => {
    count += 1;
    node.children.forEach(walk);
  };
  walk(tree.tree);
  return count;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function stepTime(tree: Tree): number {
  const target = tree.tree.children[0]?.children[0]?.id ?? '';
  const base: FlowState = {
    ...initialState(),
    stage: 3,
    tree,
    treeId: 't',
    treeVersion: 1,
    cursor: { step: 't3.decompose', nodeId: target },
  };
  const times: number[] = [];
  // Warm-up rounds first, so both sizes are measured with compiled code rather than the first, slow calls.
  for (let i = 0; i < 60; i++) {
    const start = performance.now();
    step(base, { type: 'text', text: `Meningkatnya Ketepatan Waktu Penanganan Gangguan ${i}` });
    if (i >= 20) times.push(performance.now() - start);
  }
  return median(times);
}

async function messages(label: string, wiring: Omit<AppWiring, 'log'>): Promise<void> {
  const app = createAppFromWiring({ ...wiring, log: () => {} });
  const chat = createChat(app, { runId: label });
  const script = ['/lanjut', ...[...TAHAP_1, ...TAHAP_2_3, ...TAHAP_4].map(([line]) => line)];
  const times: number[] = [];
  const start = performance.now();
  for (const line of script) {
    const t0 = performance.now();
    await chat.say(line);
    times.push(performance.now() - t0);
  }
  const total = performance.now() - start;
  process.stdout.write(
    `${label.padEnd(16)} ${script.length} messages in ${total.toFixed(0)} ms · median ${median(times).toFixed(1)} ms · slowest ${Math.max(...times).toFixed(1)} ms\n`,
  );
}

export default async function run(): Promise<void> {
  const small = generated(4, 4);
  const large = generated(40, 4);
  const a = stepTime(small);
  const b = stepTime(large);
  process.stdout.write(`step (add a condition), ${countNodes(small)} nodes: ${a.toFixed(2)} ms\n`);
  process.stdout.write(
    `step (add a condition), ${countNodes(large)} nodes: ${b.toFixed(2)} ms (ratio ${(b / a).toFixed(1)} for ${(countNodes(large) / countNodes(small)).toFixed(1)}× the nodes)\n`,
  );

  await messages('memory stores', {
    repository: createMemoryRepository(),
    conversations: createMemoryConversationStore(),
    events: createMemoryEventLog(),
  });
  const pg = await openPglite();
  try {
    await messages('PGlite (memory)', {
      repository: createDrizzleRepository(pg.db),
      conversations: createDrizzleConversationStore(pg.db),
      events: createDrizzleEventLog(pg.db),
    });
  } finally {
    await pg.close();
  }
}
