import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../../src/main/commands/import.ts';
import type { CommandIo } from '../../../src/main/commands/store-messages.ts';
import { runTrees } from '../../../src/main/commands/trees.ts';
import { cliActor, openStore } from '../../../src/main/wiring/store.ts';

const EXAMPLE = new URL('../../../examples/balangan-diskominfosan.json', import.meta.url).pathname;
/** PGlite on disk opens slowly on a busy machine; each command opens it once. */
const SLOW = { timeout: 180_000 };

function captureIo(env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { env, out: (t) => out.push(t), err: (t) => err.push(t) };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

describe('pokin import and pokin trees (embedded PGlite in POKIN_DATA_DIR)', () => {
  let dir: string;
  let env: Record<string, string | undefined>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pokin-cli-'));
    env = { POKIN_DATA_DIR: join(dir, 'data', 'pokin'), USER: 'rahmat' };
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a file that is not pokin/1 with each problem’s path, and stores nothing', async () => {
    const bad = join(dir, 'rusak.json');
    writeFileSync(
      bad,
      JSON.stringify({
        format: 'pokin/1',
        organization: { name: 'Diskominfosan' },
        tree: { statement: 'Terwujudnya Infrastruktur TI', level: 'tujuan' },
      }),
    );
    const run = captureIo(env);
    expect(await runImport([bad], run.io)).toBe(2);
    expect(run.err()).toContain('bukan pohon pokin/1 yang sah');
    expect(run.err()).toContain('$.tree.level:');
    expect(run.out()).toBe('');
  });

  it('refuses a missing file with exit code 2', async () => {
    const run = captureIo(env);
    expect(await runImport([join(dir, 'tidak-ada.json'), '--lang', 'en'], run.io)).toBe(2);
    expect(run.err()).toContain('Cannot read');
  });

  it(
    'imports the Balangan tree with a rule summary and its id; trees lists it; the data folder persists',
    SLOW,
    async () => {
      const run = captureIo(env);
      expect(await runImport([EXAMPLE, '--org', 'Diskominfosan Balangan'], run.io)).toBe(0);
      expect(run.out()).toContain(
        'Diimpor ke Diskominfosan Balangan: "Pohon Kinerja Diskominfosan" (44 kondisi, Tahap 5)',
      );
      expect(run.out()).toMatch(/Pemeriksaan aturan: (tidak ada temuan|\d+ galat, \d+ peringatan)/);
      const id = /ID pohon: ([0-9a-f-]{36})/.exec(run.out())?.[1];
      expect(id).toBeDefined();

      const list = captureIo(env);
      expect(await runTrees([], list.io)).toBe(0);
      const lines = list.out().trim().split('\n');
      expect(lines[0]).toMatch(/^ID\s+Organisasi\s+Judul\s+Tahap\s+Kondisi\s+Diubah$/);
      expect(lines[1]).toContain(id!);
      expect(lines[1]).toMatch(/Diskominfosan Balangan\s+Pohon Kinerja Diskominfosan\s+5\s+44\s/);

      const store = await openStore(env);
      try {
        const loaded = await store.repository.loadTree(cliActor(env), id!);
        expect(loaded.ok && loaded.value.tree.tree.statement).toBe(
          'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
        );
        const other = await store.repository.loadTree({ platform: 'cli', userId: 'orang-lain' }, id!);
        expect(other).toEqual({ ok: false, error: { kind: 'not_found' } });
      } finally {
        await store.close();
      }
    },
  );
});
