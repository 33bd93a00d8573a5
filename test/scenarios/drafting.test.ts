/**
 * A whole drafting session in the terminal, as a newcomer would type it: the embedded database (PGlite in
 * a folder), the offline drafter, the console adapter reading piped lines. It ends with a pokin/1 export
 * that the checker passes at Tahap 5; a second session stops in Tahap 3 and continues after a restart.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createExporter } from '../../src/adapters/export/index.ts';
import { checkTree } from '../../src/core/rules/index.ts';
import { parseTreeText } from '../../src/core/tree/parse.ts';
import { runCheck } from '../../src/main/commands/check.ts';
import { createAppFromWiring } from '../../src/main/wiring/app.ts';
import { openStore, type Store } from '../../src/main/wiring/store.ts';
import { TAHAP_1, TAHAP_2_3, TAHAP_4, TAHAP_5 } from './balangan-script.ts';
import { runConsoleSession } from './console-session.ts';

const dirs: string[] = [];
const stores: Store[] = [];

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

async function open(dataDir: string) {
  const store = await openStore({ POKIN_DATA_DIR: dataDir });
  stores.push(store);
  const app = createAppFromWiring({ ...store, exporter: createExporter(), log: () => {} });
  return { store, app };
}

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => {});
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function expectTranscript(
  exchanges: Array<{ line: string; reply: string }>,
  script: Array<[string, string]>,
) {
  expect(exchanges.map((e) => e.line)).toEqual(script.map(([line]) => line));
  script.forEach(([line, expected], i) => {
    const reply = exchanges[i]?.reply ?? '';
    expect(reply, `reply to «${line}» (line ${i + 1})`).toContain(expected);
  });
}

describe('drafting a tree in the terminal, from nothing to a finished Tahap 5', () => {
  it('ends with a pokin/1 export that the checker passes at Tahap 5', async () => {
    const data = await tempDir('pokin-scenario-');
    const exportDir = await tempDir('pokin-exports-');
    const { app } = await open(data);
    const script = [...TAHAP_1, ...TAHAP_2_3, ...TAHAP_4, ...TAHAP_5];
    const session = await runConsoleSession(
      app,
      script.map(([line]) => line),
      { exportDir, runId: 'full' },
    );

    expect(session.opening).toContain('Ketuk Mulai');
    expectTranscript(session.exchanges, script);

    const exported = /↳ (\S+\.json)/.exec(session.output)?.[1];
    expect(exported).toBeDefined();
    const parsed = parseTreeText(await readFile(exported as string, 'utf8'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    const tree = parsed.value;
    expect(checkTree(tree, { stage: 5 }).filter((f) => f.severity === 'error')).toEqual([]);
    // The same file through `pokin check --stage 5`: exit code 0, no error.
    let printed = '';
    const io = { env: {}, out: (t: string) => (printed += t), err: (t: string) => (printed += t) };
    expect(await runCheck([exported as string, '--stage', '5'], io), printed).toBe(0);
    expect(tree.organization).toEqual({
      name: 'Dinas Komunikasi, Informatika, Statistik dan Persandian',
      region: 'Kabupaten Balangan',
    });
    const ko = tree.tree.children[0]?.children[0]?.children[0]?.children[0];
    expect(ko?.statement).toBe('Tersusunnya Rencana Aksi Keamanan Informasi');
    expect(ko?.planning).toEqual([
      {
        component: 'sasaran_sub_kegiatan',
        pk: 'JF',
        jabatan: 'Sandiman Ahli Pertama',
        program: { name: 'Program Penyelenggaraan Persandian untuk Pengamanan Informasi' },
        kegiatan: {
          name: 'Penyelenggaraan Persandian untuk Pengamanan Informasi Pemerintah Daerah Kabupaten/Kota',
        },
        subKegiatan: {
          name: 'Pelaksanaan Analisis Kebutuhan dan Pengelolaan Sumber Daya Keamanan Informasi',
        },
      },
    ]);
    const csfIndicator = tree.tree.children[0]?.indicators?.[0];
    expect(csfIndicator).toMatchObject({
      name: 'Indeks Keamanan Informasi',
      unit: 'Indeks',
      kinerja: 'strategis',
      baseline: { year: 2024, value: 3 },
      targets: { '2025': '3,2', '2026': '3,4', '2027': '3,6', '2028': '3,8', '2029': 4 },
    });
  }, 180_000);

  it('stops mid-Tahap 3 and continues after a restart at the same question with nothing lost', async () => {
    const data = await tempDir('pokin-restart-');
    const exportDir = await tempDir('pokin-exports-');
    const first = await open(data);
    const before = [...TAHAP_1, ...TAHAP_2_3.slice(0, 4)];
    const s1 = await runConsoleSession(
      first.app,
      before.map(([line]) => line),
      { exportDir, runId: 'one' },
    );
    expectTranscript(s1.exchanges, before);
    const lastQuestion = s1.exchanges.at(-1)?.reply ?? '';
    expect(lastQuestion).toContain(
      'Kondisi apa yang diperlukan agar «Meningkatnya Tingkat Keamanan Informasi» terwujud?',
    );
    await first.app.idle();
    await first.store.close();

    // A new process on the same data folder: the terminal greets with /lanjut.
    const second = await open(data);
    const after = TAHAP_2_3.slice(4);
    const s2 = await runConsoleSession(
      second.app,
      after.map(([line]) => line),
      { exportDir, runId: 'two' },
    );
    expect(s2.opening).toContain('[Tahap 3/5 · Kondisi Antara Utama 1/2]');
    expect(s2.opening).toContain(
      'Kondisi apa yang diperlukan agar «Meningkatnya Tingkat Keamanan Informasi» terwujud?',
    );
    expect(s2.opening).toContain('• Meningkatnya Kualitas Tata Kelola Keamanan Informasi');
    expectTranscript(s2.exchanges, after);

    const [summary] = await second.store.repository.listTrees({ platform: 'console', userId: 'rina' });
    const loaded = await second.store.repository.loadTree(
      { platform: 'console', userId: 'rina' },
      summary?.id ?? '',
    );
    if (!loaded.ok) throw new Error(loaded.error.kind);
    const statements = [];
    for (let n = loaded.value.tree.tree; n; n = n.children[0] as typeof n) statements.push(n.statement);
    expect(statements).toEqual([
      'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
      'Meningkatnya Tingkat Keamanan Informasi',
      'Meningkatnya Kualitas Tata Kelola Keamanan Informasi',
      'Meningkatnya Pemahaman Aparatur tentang Tata Kelola Keamanan Informasi',
      'Tersusunnya Rencana Aksi Keamanan Informasi',
    ]);
  }, 120_000);
});
