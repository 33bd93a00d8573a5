/**
 * Store numbers: import, load and save of a 10,000-node tree on embedded PGlite and on a real PostgreSQL
 * server (started here from the installed binaries), median of several runs, and the PostgreSQL/PGlite ratio.
 */
import { performance } from 'node:perf_hooks';
import { type OpenDb, openPglite, openPostgres } from '../src/adapters/drizzle/db.ts';
import { createDrizzleRepository } from '../src/adapters/drizzle/repository.ts';
import type { Node, Tree } from '../src/core/tree/schema.ts';
import type { Actor, StoredTree } from '../src/ports/repository.ts';
import { createTestDatabase, startPostgres } from '../test/support/postgres.ts';

const LEVELS = ['csf', 'kondisi_antara_utama', 'kondisi_antara', 'kondisi_operasional'] as const;
const FANOUT = [10, 10, 10, 9];

/** 1 + 10 + 100 + 1,000 + 9,000 = 10,111 nodes, each with an indicator, targets and a planning entry. */
function bigTree(): Tree {
  let n = 0;
  const make = (depth: number, id: string): Node => {
    n++;
    const level = depth === 0 ? 'outcome' : LEVELS[depth - 1]!;
    const children =
      depth < FANOUT.length
        ? Array.from({ length: FANOUT[depth]! }, (_, i) => make(depth + 1, `${id}.${i + 1}`))
        : [];
    return {
      id,
      statement: `Meningkatnya Kualitas Layanan Informasi Publik ${id}`,
      level,
      indicators: [
        {
          name: `Persentase Layanan Informasi Publik yang Tepat Waktu ${id}`,
          kinerja: 'operasional',
          unit: '%',
          targets: { '2025': 80, '2026': 85, '2027': '87,5', '2028': 90, '2029': 95 },
        },
      ],
      planning: [{ component: 'sasaran_sub_kegiatan', pk: 'JF' }],
      children,
    } as Node;
  };
  const tree = make(0, 'n');
  console.log(`tree: ${n} nodes`);
  return {
    format: 'pokin/1',
    organization: { name: 'Dinas Komunikasi dan Informatika', region: 'Kabupaten Contoh' },
    tree,
    crosscutting: [],
  } as Tree;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

async function measure(label: string, runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  const m = median(times);
  console.log(`  ${label}: median ${m.toFixed(0)} ms (${runs} runs)`);
  return m;
}

async function benchOne(name: string, opened: OpenDb, tree: Tree): Promise<Record<string, number>> {
  console.log(`${name}:`);
  const repo = createDrizzleRepository(opened.db);
  const actor: Actor = { platform: 'cli', userId: 'bench' };
  const org = await repo.createOrganisation('Diskominfo Kabupaten Contoh', actor);
  let stored: StoredTree | undefined;
  const importMs = await measure('import (createTree)', 3, async () => {
    const r = await repo.createTree(
      actor,
      org.id,
      { title: 'Bench', tree, stage: 5 },
      {
        actor,
        source: 'import',
        summary: 'Impor',
      },
    );
    if (!r.ok) throw new Error(r.error.kind);
    stored = r.value;
  });
  const id = stored!.id;
  const loadMs = await measure('load whole tree', 5, async () => {
    const r = await repo.loadTree(actor, id);
    if (!r.ok || r.value.nodeCount !== stored!.nodeCount) throw new Error('load failed');
    stored = r.value;
  });
  let k = 0;
  const saveOneMs = await measure('save, one statement changed', 5, async () => {
    const next = structuredClone(stored!.tree);
    next.tree.children[0]!.statement = `Meningkatnya Keamanan Informasi ${++k}`;
    const r = await repo.saveTree(
      actor,
      id,
      stored!.version,
      { tree: next },
      { actor, source: 'person', summary: 'x' },
    );
    if (!r.ok) throw new Error(r.error.kind);
    stored = r.value;
  });
  const saveAllMs = await measure('save, every node changed', 3, async () => {
    const next = structuredClone(stored!.tree);
    const walk = (n: Node) => {
      n.statement = `${n.statement}.`;
      n.children.forEach(walk);
    };
    walk(next.tree);
    const r = await repo.saveTree(
      actor,
      id,
      stored!.version,
      { tree: next },
      { actor, source: 'person', summary: 'x' },
    );
    if (!r.ok) throw new Error(r.error.kind);
    stored = r.value;
  });
  return { importMs, loadMs, saveOneMs, saveAllMs };
}

export default async function run(): Promise<void> {
  const tree = bigTree();
  const pglite = await openPglite();
  const onPglite = await benchOne('PGlite (in memory)', pglite, tree);
  await pglite.close();

  let server: Awaited<ReturnType<typeof startPostgres>> | undefined;
  try {
    server = await startPostgres();
  } catch (e) {
    console.log(`PostgreSQL: skipped (${e instanceof Error ? e.message : String(e)})`);
    return;
  }
  try {
    const database = await createTestDatabase(server.url());
    const pg = await openPostgres(database.url);
    const onPostgres = await benchOne('PostgreSQL (postgres.js, local server)', pg, tree);
    await pg.close();
    console.log('ratio PostgreSQL / PGlite (below 1 = PostgreSQL faster):');
    for (const key of Object.keys(onPglite))
      console.log(`  ${key.replace(/Ms$/, '')}: ${(onPostgres[key]! / onPglite[key]!).toFixed(2)}`);
  } finally {
    await server.stop();
  }
}
