import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/main/commands/check.ts';
import { runSchema } from '../../../src/main/commands/schema.ts';

const EXAMPLE = 'examples/balangan-diskominfosan.json';

async function run(fn: typeof runCheck, args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await fn(args, { env, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

function scratch(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pokin-check-')), name);
  writeFileSync(file, content);
  return file;
}

const cleanTree = {
  format: 'pokin/1',
  organization: { name: 'Dinas Komunikasi, Informatika, Statistik dan Persandian', short: 'Diskominfosan' },
  tree: {
    statement: 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas',
    level: 'outcome',
    basis: [{ kind: 'mandat', text: 'Urusan komunikasi dan informatika, statistik, dan persandian' }],
    children: [
      {
        statement: 'Meningkatnya Keamanan Informasi',
        level: 'csf',
        acceptedWarnings: [
          { rule: 'TRE-05', reason: 'Kondisi di bawahnya dirumuskan bersama Bidang Persandian bulan depan' },
        ],
      },
    ],
  },
};

describe('pokin check (spawned)', () => {
  it('prints the Balangan findings grouped by node, errors first, and exits 1', () => {
    const r = spawnSync(process.execPath, ['bin/pokin.mjs', 'check', EXAMPLE], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    const out = r.stdout;
    expect(out).toContain(
      '1.1.1.2  Terlaksanannya Monitoring dan Evaluasi Kelompok Informasi Masyarakat (KIM)',
    );
    expect(out).toContain('Peringatan  KND-08:');
    expect(out.indexOf('Galat')).toBeLessThan(out.indexOf('Peringatan'));
    expect(out.trim().split('\n').at(-1)).toMatch(
      /^Ringkasan: \d+ galat, \d+ peringatan \(0 diterima\) pada \d+ kondisi\.$/,
    );
  });

  it('gives exit 2 and one line naming the JSON path for a broken file', () => {
    const broken = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    broken.tree.children[0].level = 'sasaran';
    const file = scratch('broken.json', JSON.stringify(broken));
    const r = spawnSync(process.execPath, ['bin/pokin.mjs', 'check', file], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^pokin: ${file.replace(/[\\.]/g, '\\$&')}: \\$\\.tree\\.children\\[0\\]\\.level: `),
    );
  });
});

describe('pokin check (in process)', () => {
  it('--json prints every finding with rule, severity, path, text, message in the chosen language and suggestion', async () => {
    const r = await run(runCheck, [EXAMPLE, '--json', '--lang', 'en']);
    expect(r.code).toBe(1);
    const { findings } = JSON.parse(r.out) as { findings: Array<Record<string, string>> };
    const knd08 = findings.find((f) => f.rule === 'KND-08');
    expect(knd08).toEqual({
      rule: 'KND-08',
      severity: 'warning',
      path: '$.tree.children[0].children[0].children[0].children[1].statement',
      text: 'Terlaksanannya Monitoring dan Evaluasi Kelompok Informasi Masyarakat (KIM)',
      message: expect.stringMatching(/^KND-08: The first word “Terlaksanannya” is not on the list/),
      suggestion: 'Terlaksananya Monitoring dan Evaluasi Kelompok Informasi Masyarakat (KIM)',
    });
    const severities = findings.map((f) => f.severity);
    expect(severities.indexOf('warning')).toBeGreaterThan(severities.lastIndexOf('error'));
  });

  it('--stage 3 leaves the indicator rules out; the Balangan tree then has warnings only (exit 0)', async () => {
    const r = await run(runCheck, [EXAMPLE, '--stage', '3', '--json']);
    expect(r.code).toBe(0);
    const rules = (JSON.parse(r.out) as { findings: Array<{ rule: string }> }).findings.map((f) => f.rule);
    expect(rules.sort()).toEqual(['KND-08', 'TRE-07', 'TRE-07', 'TRE-08']);
  });

  it('shows an accepted warning with its reason, and exits 0 without errors', async () => {
    const file = scratch('accepted.json', JSON.stringify(cleanTree));
    const r = await run(runCheck, [file, '--stage', '3', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('1  Meningkatnya Keamanan Informasi\n  Warning  TRE-05:');
    expect(r.out).toContain(
      '      accepted: Kondisi di bawahnya dirumuskan bersama Bidang Persandian bulan depan',
    );
    expect(r.out).toContain('Summary: 0 errors, 1 warnings (1 accepted) on 1 conditions.');
  });

  it('says so when a tree is clean', async () => {
    const file = scratch('clean.json', JSON.stringify(cleanTree));
    const r = await run(runCheck, [file, '--stage', '2'], { POKIN_LANG: 'en' });
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('No findings: this tree passes every rule up to Tahap 2.');
  });

  it('refuses a file that is not JSON, a missing file and a bad --stage with exit 2', async () => {
    const notJson = await run(runCheck, [scratch('x.json', '{ "format": "pokin/1", ')]);
    expect(notJson.code).toBe(2);
    expect(notJson.err).toMatch(/^pokin: .*x\.json: \$: not valid JSON/);
    const missing = await run(runCheck, ['examples/tidak-ada.json']);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.err).toBe(
      'pokin: examples/tidak-ada.json: tidak dapat dibaca (ENOENT); periksa nama dan lokasi berkasnya\n',
    );
    const stage = await run(runCheck, [EXAMPLE, '--stage', '7']);
    expect(stage.code).toBe(2);
    expect(stage.err).toContain('--stage harus angka 1 sampai 5');
    expect((await run(runCheck, [])).code).toBe(2);
  });
});

describe('pokin schema', () => {
  it('prints the JSON Schema of pokin/1', async () => {
    const r = await run(runSchema, []);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.out) as {
      title: string;
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(schema.title).toContain('pokin/1');
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['format', 'organization', 'tree', 'crosscutting']),
    );
    expect(schema.required).toEqual(expect.arrayContaining(['format', 'organization', 'tree']));
  });
});
