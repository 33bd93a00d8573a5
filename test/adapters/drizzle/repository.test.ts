import type { Logger } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenDb, openPglite } from '../../../src/adapters/drizzle/db.ts';
import { createDrizzleRepository } from '../../../src/adapters/drizzle/repository.ts';
import type { Node, Tree } from '../../../src/core/tree/schema.ts';
import type { Actor, TreeRepository } from '../../../src/ports/repository.ts';
import { balanganTree } from '../../contracts/fixtures.ts';

/** Counts the statements drizzle sends, by their first words. */
class CountingLogger implements Logger {
  readonly queries: string[] = [];
  logQuery(query: string): void {
    this.queries.push(query.trim().replace(/\s+/g, ' '));
  }
  reset(): void {
    this.queries.length = 0;
  }
}

/** The Balangan tree with every kondisi operasional given `extra` more children. */
function grown(extra: number): Tree {
  const tree = balanganTree();
  let k = 0;
  const walk = (n: Node) => {
    n.children.forEach(walk);
    if (n.level === 'kondisi_antara')
      for (let i = 0; i < extra; i++)
        n.children.push({
          id: `g${k++}`,
          statement: `Terlaksananya Pengelolaan Data Statistik Sektoral ${k}`,
          level: 'kondisi_operasional',
          indicators: [
            { name: `Jumlah Dokumen Statistik Sektoral ${k}`, unit: 'Dokumen', targets: { '2025': 2 } },
          ],
          planning: [{ component: 'sasaran_sub_kegiatan', pk: 'JF' }],
          children: [],
        });
  };
  walk(tree.tree);
  return tree;
}

describe('drizzle repository statements (PGlite)', () => {
  const logger = new CountingLogger();
  let opened: OpenDb;
  let repo: TreeRepository;
  const admin: Actor = { platform: 'telegram', userId: '1001', name: 'Rahmat Hidayat' };
  let orgId: string;

  beforeAll(async () => {
    opened = await openPglite(undefined, { logger });
    repo = createDrizzleRepository(opened.db);
    orgId = (await repo.createOrganisation('Diskominfosan Kabupaten Balangan', admin)).id;
  });
  afterAll(async () => {
    await opened?.close();
  });

  async function statementsFor(tree: Tree) {
    const created = await repo.createTree(
      admin,
      orgId,
      { title: 'Pohon', tree, stage: 5 },
      {
        actor: admin,
        source: 'import',
        summary: 'Impor',
      },
    );
    if (!created.ok) throw new Error(created.error.kind);
    logger.reset();
    const loaded = await repo.loadTree(admin, created.value.id);
    if (!loaded.ok) throw new Error(loaded.error.kind);
    const load = [...logger.queries];
    const next = structuredClone(loaded.value.tree);
    next.tree.children[0]!.statement = 'Meningkatnya Tata Kelola Informasi dan Komunikasi Publik';
    logger.reset();
    const saved = await repo.saveTree(
      admin,
      created.value.id,
      1,
      { tree: next },
      {
        actor: admin,
        source: 'person',
        summary: 'Ubah CSF 1',
      },
    );
    if (!saved.ok) throw new Error(saved.error.kind);
    return { load, save: [...logger.queries], nodeCount: loaded.value.nodeCount };
  }

  it('loads a whole tree with one recursive query, and the statement count does not grow with the tree', async () => {
    const small = await statementsFor(balanganTree());
    const big = await statementsFor(grown(30));
    expect(big.nodeCount).toBeGreaterThan(small.nodeCount * 8);
    expect(small.load.filter((q) => q.startsWith('with recursive'))).toHaveLength(1);
    expect(small.load.length).toBeLessThanOrEqual(4);
    expect(big.load.length).toBe(small.load.length);
    expect(big.save.length).toBe(small.save.length);
  });

  it('bumps the version only when it is still the expected one', async () => {
    const { save } = await statementsFor(balanganTree());
    expect(
      save.some((q) =>
        /^update "trees" set "version" = "trees"\."version" \+ 1 where \("trees"\."id" = \$\d+ and "trees"\."version" = \$\d+\)/.test(
          q,
        ),
      ),
    ).toBe(true);
  });

  it('two processes on one database: each save diffs against the version it starts from', async () => {
    const other = createDrizzleRepository(opened.db);
    const created = await repo.createTree(
      admin,
      orgId,
      { title: 'Dua proses', tree: balanganTree(), stage: 5 },
      {
        actor: admin,
        source: 'import',
        summary: 'Impor',
      },
    );
    if (!created.ok) throw new Error(created.error.kind);
    const fromOther = structuredClone(created.value.tree);
    fromOther.tree.children[0]!.statement = 'Meningkatnya Tata Kelola Informasi Publik';
    const v2 = await other.saveTree(
      admin,
      created.value.id,
      1,
      { tree: fromOther },
      {
        actor: admin,
        source: 'person',
        summary: 'Ubah CSF 1 (proses lain)',
      },
    );
    expect(v2.ok).toBe(true);

    const stale = structuredClone(created.value.tree);
    stale.tree.children[1]!.statement = 'Meningkatnya Kualitas Data Statistik Sektoral';
    expect(
      await repo.saveTree(
        admin,
        created.value.id,
        1,
        { tree: stale },
        { actor: admin, source: 'person', summary: 'x' },
      ),
    ).toEqual({ ok: false, error: { kind: 'conflict', expectedVersion: 1, actualVersion: 2 } });

    const fresh = await repo.loadTree(admin, created.value.id);
    if (!fresh.ok) throw new Error(fresh.error.kind);
    const next = structuredClone(fresh.value.tree);
    next.tree.children[1]!.statement = 'Meningkatnya Kualitas Data Statistik Sektoral';
    const v3 = await other.saveTree(
      admin,
      created.value.id,
      2,
      { tree: next },
      {
        actor: admin,
        source: 'person',
        summary: 'Ubah CSF 2',
      },
    );
    if (!v3.ok) throw new Error(v3.error.kind);
    expect(v3.value.tree.tree.children.map((c) => c.statement).slice(0, 2)).toEqual([
      'Meningkatnya Tata Kelola Informasi Publik',
      'Meningkatnya Kualitas Data Statistik Sektoral',
    ]);
    const undone = await repo.undo(admin, created.value.id, 3);
    if (!undone.ok) throw new Error(undone.error.kind);
    expect(undone.value.tree.tree.children[0]!.statement).toBe('Meningkatnya Tata Kelola Informasi Publik');
    expect(undone.value.tree.tree.children[1]!.statement).toBe(
      created.value.tree.tree.children[1]!.statement,
    );
    const revisions = await other.listRevisions(admin, created.value.id, 1);
    if (!revisions.ok) throw new Error(revisions.error.kind);
    const before = revisions.value[0]!.before as { nodes: Record<string, { node: { statement: string } }> };
    expect(Object.keys(before.nodes)).toEqual(['bal.2']);
  });

  it('leaves no rows behind when a tree is deleted', async () => {
    const created = await repo.createTree(
      admin,
      orgId,
      { title: 'Hapus', tree: balanganTree(), stage: 5 },
      {
        actor: admin,
        source: 'import',
        summary: 'Impor',
      },
    );
    if (!created.ok) throw new Error(created.error.kind);
    expect(await repo.deleteTree(admin, created.value.id)).toEqual({ ok: true, value: true });
    for (const table of ['nodes', 'indicators', 'targets', 'planning_entries', 'revisions']) {
      const result = (await opened.db.execute(
        `select count(*)::int as n from ${table} where tree_id = '${created.value.id}'`,
      )) as unknown as {
        rows: Array<{ n: number }>;
      };
      expect([table, result.rows[0]?.n]).toEqual([table, 0]);
    }
  });
});
