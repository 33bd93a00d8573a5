/**
 * `npm start` on a fresh machine: no token, no DATABASE_URL, a new data folder. The terminal chat opens,
 * a piped session is answered line by line, and the process exits cleanly when the input ends.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];

afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function run(
  input: string,
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/start.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(input);
  });
}

describe('npm start', () => {
  it('opens the terminal chat on a fresh data folder and exits 0 at the end of piped input', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pokin-start-'));
    dirs.push(dir);
    const { code, out, err } = await run('Mulai\nDinas Komunikasi, Informatika, Statistik dan Persandian\n', {
      POKIN_DATA_DIR: join(dir, 'data'),
      POKIN_EXPORT_DIR: join(dir, 'exports'),
    });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('Ketuk Mulai');
    expect(out).toContain('> Mulai\n\n[Tahap 1/5 · Perangkat Daerah]');
    expect(out).toContain('Di kabupaten/kota/provinsi mana?');
  }, 240_000);
});
