/**
 * The TreeRepository contract: one suite, run against the in-memory twin, PGlite and a real PostgreSQL
 * server (see memory/pglite/postgres.test.ts next to this file).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../src/core/result.ts';
import { serialiseTree } from '../../src/core/tree/parse.ts';
import type { Tree } from '../../src/core/tree/schema.ts';
import type {
  Actor,
  ChangeInfo,
  StoredTree,
  StoreError,
  TreeRepository,
} from '../../src/ports/repository.ts';
import { ManualClock, type OpenedStores, type StoreImplementation } from '../support/stores.ts';
import {
  allNodes,
  balanganJson,
  balanganRichJson,
  balanganTree,
  findNode,
  parsed,
  person,
  withoutIds,
} from './fixtures.ts';

function value<T>(result: Result<T, StoreError>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

const edit = (actor: Actor, summary: string, extra: Partial<ChangeInfo> = {}): ChangeInfo => ({
  actor,
  source: 'person',
  summary,
  ...extra,
});

export function repositoryContract(impl: StoreImplementation): void {
  describe(`TreeRepository (${impl.name})`, () => {
    let stores: OpenedStores;
    let repo: TreeRepository;
    const clock = new ManualClock();

    beforeAll(async () => {
      stores = await impl.open({ clock });
      repo = stores.repository;
    });
    afterAll(async () => {
      await stores?.close();
    });

    /** A new organisation with its admin and one imported Balangan tree. */
    async function orgWithTree(tree: Tree = balanganTree()) {
      const admin = person('Rahmat Hidayat');
      const org = await repo.createOrganisation('Diskominfosan Kabupaten Balangan', admin);
      const created = value(
        await repo.createTree(
          admin,
          org.id,
          { title: 'Pohon Kinerja Diskominfosan 2025–2029', tree, stage: 5 },
          { actor: admin, source: 'import', summary: 'Impor balangan-diskominfosan.json' },
        ),
      );
      return { admin, org, created };
    }

    async function editStatement(by: Actor, stored: StoredTree, nodeId: string, statement: string) {
      const tree = structuredClone(stored.tree);
      findNode(tree, nodeId).statement = statement;
      return repo.saveTree(by, stored.id, stored.version, { tree }, edit(by, `Ubah kondisi ${nodeId}`));
    }

    describe('organisations and members', () => {
      it('makes the creator admin and lists the organisation only for its members', async () => {
        const admin = person('Siti Aminah');
        const stranger = person('Budi Santoso');
        const org = await repo.createOrganisation('Bappeda Kabupaten Balangan', admin);
        expect(await repo.organisationsOf(admin)).toEqual([{ ...org, role: 'admin' }]);
        expect(await repo.organisationsOf(stranger)).toEqual([]);
      });

      it('lets an admin add members; editors cannot, facilitators only up to editor', async () => {
        const admin = person('Siti Aminah');
        const org = await repo.createOrganisation('Bappeda Kabupaten Balangan', admin);
        const editor = person('Dewi Lestari', 'slack');
        const facilitator = person('Agus Salim');
        expect(
          value(await repo.setMember(admin, { organisationId: org.id, actor: editor, role: 'editor' })),
        ).toMatchObject({ role: 'editor' });
        value(
          await repo.setMember(admin, { organisationId: org.id, actor: facilitator, role: 'facilitator' }),
        );
        expect(await repo.organisationsOf(editor)).toEqual([{ ...org, role: 'editor' }]);

        const newcomer = person('Yusuf Rahman');
        expect(
          await repo.setMember(editor, { organisationId: org.id, actor: newcomer, role: 'viewer' }),
        ).toEqual({
          ok: false,
          error: { kind: 'forbidden', role: 'editor' },
        });
        expect(
          (await repo.setMember(facilitator, { organisationId: org.id, actor: newcomer, role: 'editor' })).ok,
        ).toBe(true);
        expect(
          await repo.setMember(facilitator, { organisationId: org.id, actor: newcomer, role: 'admin' }),
        ).toEqual({
          ok: false,
          error: { kind: 'forbidden', role: 'facilitator' },
        });
        expect(
          await repo.setMember(facilitator, { organisationId: org.id, actor: admin, role: 'viewer' }),
        ).toEqual({
          ok: false,
          error: { kind: 'forbidden', role: 'facilitator' },
        });
      });

      it('answers not_found to someone outside the organisation who tries to add members', async () => {
        const admin = person('Siti Aminah');
        const org = await repo.createOrganisation('Bappeda Kabupaten Balangan', admin);
        const outsider = person('Orang Luar');
        expect(
          await repo.setMember(outsider, { organisationId: org.id, actor: outsider, role: 'admin' }),
        ).toEqual({
          ok: false,
          error: { kind: 'not_found' },
        });
        expect(await repo.organisationsOf(outsider)).toEqual([]);
      });
    });

    describe('trees', () => {
      it('imports the Balangan tree and loads it back with its summary', async () => {
        const { admin, org, created } = await orgWithTree();
        expect(created).toMatchObject({ organisationId: org.id, version: 1, stage: 5, nodeCount: 44 });
        const loaded = value(await repo.loadTree(admin, created.id));
        expect(loaded).toMatchObject({
          id: created.id,
          title: 'Pohon Kinerja Diskominfosan 2025–2029',
          version: 1,
          nodeCount: 44,
        });
        expect(findNode(loaded.tree, 'bal.x1').statement).toBe(
          'Terpenuhinya Data Statistik Sektoral oleh SKPD',
        );
      });

      it('round trip: the exported file equals the imported one (ids aside)', async () => {
        const input = balanganJson();
        const { admin, created } = await orgWithTree(parsed(input));
        const loaded = value(await repo.loadTree(admin, created.id));
        expect(withoutIds(serialiseTree(loaded.tree))).toEqual(withoutIds(input));
      });

      it('round trip keeps period, targets, terms, baseline, accepted warnings, empty lists and unknown fields', async () => {
        const input = balanganRichJson();
        const { admin, created } = await orgWithTree(parsed(input));
        const loaded = value(await repo.loadTree(admin, created.id));
        const out = JSON.parse(JSON.stringify(serialiseTree(loaded.tree)));
        expect(withoutIds(out)).toEqual(withoutIds(input));
        expect(loaded.period).toEqual({ from: 2025, to: 2029 });
        const rootIndicator = loaded.tree.tree.indicators?.[0];
        expect(rootIndicator?.targets).toEqual({
          '2025': 2.8,
          '2026': '3,0',
          '2027': 3.2,
          '2028': '3.4',
          '2029': 3.5,
        });
        expect(findNode(loaded.tree, 'bal.1.1').indicators?.[0]?.targets).toEqual({});
        expect(findNode(loaded.tree, 'bal.2').indicators).toEqual([]);
        expect(out._reviewedBy).toEqual({ name: 'Tim Bappeda', at: '2026-01-05' });
      });

      it('keeps sibling order, including after inserting a node in the middle', async () => {
        const { admin, created } = await orgWithTree();
        const tree = structuredClone(created.tree);
        const before = tree.tree.children.map((c) => c.id);
        tree.tree.children.splice(1, 0, {
          id: 'bal.new',
          statement: 'Meningkatnya Literasi Digital Aparatur',
          level: 'csf',
          children: [],
        });
        value(await repo.saveTree(admin, created.id, 1, { tree }, edit(admin, 'Tambah CSF')));
        const loaded = value(await repo.loadTree(admin, created.id));
        expect(loaded.tree.tree.children.map((c) => c.id)).toEqual([
          before[0],
          'bal.new',
          ...before.slice(1),
        ]);
        expect(loaded.nodeCount).toBe(45);
      });

      it('lists the trees of the organisations the actor belongs to', async () => {
        const a = await orgWithTree();
        const b = await orgWithTree();
        const listed = await repo.listTrees(a.admin);
        expect(listed.map((t) => t.id)).toEqual([a.created.id]);
        expect(listed[0]).toMatchObject({
          title: 'Pohon Kinerja Diskominfosan 2025–2029',
          stage: 5,
          nodeCount: 44,
        });
        expect(await repo.listTrees(a.admin, b.org.id)).toEqual([]);
      });

      it('saves a change and bumps the version; a stale version is a conflict', async () => {
        const { admin, created } = await orgWithTree();
        const saved = value(
          await editStatement(
            admin,
            created,
            'bal.1',
            'Meningkatnya Tata Kelola Informasi dan Komunikasi Publik',
          ),
        );
        expect(saved.version).toBe(2);
        const again = await editStatement(
          admin,
          created,
          'bal.1',
          'Meningkatnya Kualitas Layanan Informasi Publik',
        );
        expect(again).toEqual({
          ok: false,
          error: { kind: 'conflict', expectedVersion: 1, actualVersion: 2 },
        });
        const loaded = value(await repo.loadTree(admin, created.id));
        expect(findNode(loaded.tree, 'bal.1').statement).toBe(
          'Meningkatnya Tata Kelola Informasi dan Komunikasi Publik',
        );
      });

      it('changes the title and the stage with a save', async () => {
        const { admin, created } = await orgWithTree();
        value(
          await repo.saveTree(
            admin,
            created.id,
            1,
            { tree: created.tree, stage: 3, title: 'Pohon Kinerja Diskominfosan (revisi)' },
            edit(admin, 'Ubah judul'),
          ),
        );
        const [summary] = await repo.listTrees(admin);
        expect(summary).toMatchObject({
          title: 'Pohon Kinerja Diskominfosan (revisi)',
          stage: 3,
          version: 2,
        });
      });

      it('deletes a tree for an admin, not for an editor', async () => {
        const { admin, org, created } = await orgWithTree();
        const editor = person('Dewi Lestari');
        value(await repo.setMember(admin, { organisationId: org.id, actor: editor, role: 'editor' }));
        expect(await repo.deleteTree(editor, created.id)).toEqual({
          ok: false,
          error: { kind: 'forbidden', role: 'editor' },
        });
        expect(await repo.deleteTree(admin, created.id)).toEqual({ ok: true, value: true });
        expect(await repo.loadTree(admin, created.id)).toEqual({ ok: false, error: { kind: 'not_found' } });
        expect(await repo.listTrees(admin)).toEqual([]);
      });
    });

    describe('organisation isolation', () => {
      it('answers not_found, never data, for a tree of another organisation', async () => {
        const a = await orgWithTree();
        const b = await orgWithTree();
        const notFound = { ok: false, error: { kind: 'not_found' } };
        expect(await repo.loadTree(b.admin, a.created.id)).toEqual(notFound);
        expect(await editStatement(b.admin, a.created, 'bal.1', 'Meningkatnya Apa Saja')).toEqual(notFound);
        expect(await repo.listRevisions(b.admin, a.created.id)).toEqual(notFound);
        expect(await repo.undo(b.admin, a.created.id)).toEqual(notFound);
        expect(await repo.deleteTree(b.admin, a.created.id)).toEqual(notFound);
        expect(await repo.loadTree(person('Tamu'), a.created.id)).toEqual(notFound);
        expect(await repo.loadTree(a.admin, '00000000-0000-4000-8000-000000000000')).toEqual(notFound);
        const tree = value(await repo.loadTree(a.admin, a.created.id));
        expect(tree.version).toBe(1);
      });

      it('refuses to create a tree in an organisation the actor does not belong to', async () => {
        const a = await orgWithTree();
        const outsider = person('Orang Luar');
        expect(
          await repo.createTree(
            outsider,
            a.org.id,
            { title: 'Sisipan', tree: balanganTree(), stage: 1 },
            { actor: outsider, source: 'import', summary: 'Impor' },
          ),
        ).toEqual({ ok: false, error: { kind: 'not_found' } });
        expect((await repo.listTrees(a.admin)).length).toBe(1);
      });

      it('lets a viewer read but not save', async () => {
        const { admin, org, created } = await orgWithTree();
        const viewer = person('Pengamat Inspektorat');
        value(await repo.setMember(admin, { organisationId: org.id, actor: viewer, role: 'viewer' }));
        expect(value(await repo.loadTree(viewer, created.id)).nodeCount).toBe(44);
        expect(await editStatement(viewer, created, 'bal.1', 'Meningkatnya Apa Saja')).toEqual({
          ok: false,
          error: { kind: 'forbidden', role: 'viewer' },
        });
        expect(await repo.undo(viewer, created.id)).toEqual({
          ok: false,
          error: { kind: 'forbidden', role: 'viewer' },
        });
        expect(
          await repo.createTree(
            viewer,
            org.id,
            { title: 'x', tree: balanganTree(), stage: 1 },
            { actor: viewer, source: 'import', summary: 'Impor' },
          ),
        ).toEqual({ ok: false, error: { kind: 'forbidden', role: 'viewer' } });
      });
    });

    describe('history', () => {
      it('records who changed what, from where and why, with the changed parts before and after', async () => {
        const { admin, created } = await orgWithTree();
        const tree = structuredClone(created.tree);
        findNode(tree, 'bal.1').statement = 'Meningkatnya Tata Kelola Informasi dan Komunikasi Publik';
        tree.tree.children[0]!.children.pop();
        value(
          await repo.saveTree(
            admin,
            created.id,
            1,
            { tree },
            {
              actor: admin,
              source: 'llm',
              summary: 'Ubah CSF 1',
              reason: 'Sesuai arahan Bappeda',
              acceptedRules: ['KND-03'],
            },
          ),
        );
        const revisions = value(await repo.listRevisions(admin, created.id));
        expect(revisions.map((r) => [r.version, r.source, r.summary])).toEqual([
          [2, 'llm', 'Ubah CSF 1'],
          [1, 'import', 'Impor balangan-diskominfosan.json'],
        ]);
        const [latest] = revisions;
        expect(latest).toMatchObject({ treeId: created.id, actor: admin, reason: 'Sesuai arahan Bappeda' });
        const before = latest!.before as { nodes: Record<string, { node: { statement: string } } | null> };
        const after = latest!.after as { nodes: Record<string, { node: { statement: string } } | null> };
        expect(before.nodes['bal.1']?.node.statement).toBe(
          'Meningkatnya Pengelolaan Informasi dan Komunikasi Perangkat Daerah Sesuai Peraturan yang Berlaku',
        );
        expect(after.nodes['bal.1']?.node.statement).toBe(
          'Meningkatnya Tata Kelola Informasi dan Komunikasi Publik',
        );
        const removed = Object.entries(after.nodes).filter(([, v]) => v === null);
        expect(removed.length).toBeGreaterThan(0);
        expect(Object.keys(before.nodes)).not.toContain('bal.o');
      });

      it('undoes the last change as a new revision, then the one before; the import itself stays', async () => {
        const { admin, created } = await orgWithTree();
        const v2 = value(
          await editStatement(admin, created, 'bal.1', 'Meningkatnya Tata Kelola Informasi Publik'),
        );
        const tree = structuredClone(v2.tree);
        tree.tree.children[1]!.children = [];
        const v3 = value(
          await repo.saveTree(admin, created.id, 2, { tree, stage: 2 }, edit(admin, 'Hapus turunan CSF 2')),
        );
        expect(v3.nodeCount).toBeLessThan(44);

        const u1 = value(await repo.undo(admin, created.id));
        expect(u1).toMatchObject({ version: 4, stage: 5, nodeCount: 44 });
        expect(withoutIds(serialiseTree(u1.tree))).toEqual(withoutIds(serialiseTree(v2.tree)));
        const u2 = value(await repo.undo(admin, created.id, 4));
        expect(serialiseTree(u2.tree)).toEqual(serialiseTree(created.tree));
        expect(await repo.undo(admin, created.id)).toEqual({ ok: false, error: { kind: 'nothing_to_undo' } });

        const revisions = value(await repo.listRevisions(admin, created.id));
        expect(revisions.map((r) => [r.version, r.source, r.summary])).toEqual([
          [5, 'undo', 'Batalkan: Ubah kondisi bal.1'],
          [4, 'undo', 'Batalkan: Hapus turunan CSF 2'],
          [3, 'person', 'Hapus turunan CSF 2'],
          [2, 'person', 'Ubah kondisi bal.1'],
          [1, 'import', 'Impor balangan-diskominfosan.json'],
        ]);
        expect(value(await repo.listRevisions(admin, created.id, 2)).length).toBe(2);
      });

      it('refuses an undo from a stale version', async () => {
        const { admin, created } = await orgWithTree();
        value(await editStatement(admin, created, 'bal.1', 'Meningkatnya Tata Kelola Informasi Publik'));
        expect(await repo.undo(admin, created.id, 1)).toEqual({
          ok: false,
          error: { kind: 'conflict', expectedVersion: 1, actualVersion: 2 },
        });
      });
    });

    describe('linked accounts', () => {
      it('links a Slack account to a Telegram person with a one-time code', async () => {
        const { admin, org, created } = await orgWithTree();
        const onSlack: Actor = {
          platform: 'slack',
          userId: `U${created.id.slice(0, 8)}`,
          name: 'Rahmat Hidayat',
        };
        expect(await repo.loadTree(onSlack, created.id)).toEqual({ ok: false, error: { kind: 'not_found' } });
        const code = await repo.createLinkCode(admin);
        expect(code).toMatch(/^[A-Z0-9]{6,10}$/);
        expect(await repo.redeemLinkCode(onSlack, code.toLowerCase())).toEqual({ ok: true, value: true });
        expect(await repo.organisationsOf(onSlack)).toEqual([{ ...org, role: 'admin' }]);
        expect(value(await repo.loadTree(onSlack, created.id)).id).toBe(created.id);
        expect(await repo.redeemLinkCode(person('Penyusup', 'slack'), code)).toEqual({
          ok: false,
          error: { kind: 'not_found' },
        });
      });

      it('keeps the stronger role when both accounts were members of the same organisation', async () => {
        const { admin, org } = await orgWithTree();
        const onSlack = person('Rahmat Hidayat', 'slack');
        value(await repo.setMember(admin, { organisationId: org.id, actor: onSlack, role: 'viewer' }));
        const other = await repo.createOrganisation('Dinas Pendidikan Kabupaten Balangan', onSlack);
        value(await repo.redeemLinkCode(onSlack, await repo.createLinkCode(admin)));
        const mine = await repo.organisationsOf(admin);
        expect(mine.map((o) => [o.id, o.role]).sort()).toEqual(
          [
            [org.id, 'admin'],
            [other.id, 'admin'],
          ].sort(),
        );
      });

      it('refuses a wrong code and a code older than 15 minutes', async () => {
        const { admin } = await orgWithTree();
        expect(await repo.redeemLinkCode(person('Dewi', 'slack'), 'ZZZZ9999')).toEqual({
          ok: false,
          error: { kind: 'not_found' },
        });
        const fresh = await repo.createLinkCode(admin);
        const stale = await repo.createLinkCode(admin);
        clock.advance(14 * 60 * 1000);
        expect((await repo.redeemLinkCode(person('Dewi', 'slack'), fresh)).ok).toBe(true);
        clock.advance(60 * 1000 + 1);
        expect(await repo.redeemLinkCode(person('Dewi', 'slack'), stale)).toEqual({
          ok: false,
          error: { kind: 'not_found' },
        });
      });
    });

    describe('concurrency', () => {
      it('20 parallel saves from the same version: exactly one wins, the rest get a conflict', async () => {
        const { admin, created } = await orgWithTree();
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            editStatement(
              admin,
              created,
              'bal.1',
              `Meningkatnya Tata Kelola Informasi Publik (usulan ${i + 1})`,
            ),
          ),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        const conflicts = results.filter((r) => !r.ok).map((r) => (r.ok ? null : r.error));
        expect(conflicts).toHaveLength(19);
        for (const c of conflicts)
          expect(c).toEqual({ kind: 'conflict', expectedVersion: 1, actualVersion: 2 });
        const loaded = value(await repo.loadTree(admin, created.id));
        expect(loaded.version).toBe(2);
        expect(value(await repo.listRevisions(admin, created.id))).toHaveLength(2);
      });

      it('20 parallel edits that retry on conflict all end applied; none is lost', async () => {
        const { admin, created } = await orgWithTree();
        const csfIds = created.tree.tree.children.map((c) => c.id);
        const editOnce = async (i: number) => {
          for (let attempt = 0; attempt < 200; attempt++) {
            const current = value(await repo.loadTree(admin, created.id));
            const tree = structuredClone(current.tree);
            const parent = findNode(tree, csfIds[i % csfIds.length]!);
            parent.children.push({
              id: `edit-${i}`,
              statement: `Meningkatnya Kapasitas Pengelola Data Sektoral ${i + 1}`,
              level: 'kondisi_antara_utama',
              children: [],
            });
            const saved = await repo.saveTree(
              admin,
              created.id,
              current.version,
              { tree },
              edit(admin, `Tambah ${i}`),
            );
            if (saved.ok) return attempt;
            expect(saved.error.kind).toBe('conflict');
            // A real client backs off a little before retrying, so the losers do not all collide again.
            await new Promise((r) => setTimeout(r, Math.random() * 20 * Math.min(attempt + 1, 5)));
          }
          throw new Error(`edit ${i} never applied`);
        };
        await Promise.all(Array.from({ length: 20 }, (_, i) => editOnce(i)));
        const loaded = value(await repo.loadTree(admin, created.id));
        expect(loaded.version).toBe(21);
        const ids = new Set(allNodes(loaded.tree).map((n) => n.id));
        for (let i = 0; i < 20; i++) expect(ids.has(`edit-${i}`)).toBe(true);
        expect(loaded.nodeCount).toBe(64);
      });
    });
  });
}
