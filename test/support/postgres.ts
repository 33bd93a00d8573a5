/**
 * A real PostgreSQL server for the test run, started from the installed binaries: initdb into a temp
 * folder, listen on a free 127.0.0.1 port (socket in the temp folder), torn down afterwards. Vitest's
 * globalSetup (this file's default export) starts ONE server for the whole run and provides its URL;
 * each test file then makes its own database with `createTestDatabase()` for isolation.
 * As root (CI containers) the server runs as the `postgres` system user, because initdb refuses root.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the run's PostgreSQL server (database `postgres`). */
    postgresUrl: string;
  }
}

export interface PostgresServer {
  /** URL of database `name` on this server. */
  url(name?: string): string;
  stop(): Promise<void>;
}

/** The folder holding initdb, pg_ctl and postgres: PATH first, then /usr/lib/postgresql/<newest>/bin. */
export function findPostgresBin(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'initdb');
    if (dir && existsSync(candidate)) {
      const real = dirname(realpathSync(candidate));
      if (existsSync(join(real, 'pg_ctl')) && existsSync(join(real, 'postgres'))) return real;
    }
  }
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const PREFIX = 'pokin-pg-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Servers of earlier runs whose test process was killed (no teardown ran): stop them and remove their
 * folders, so an interrupted run does not leave a postgres behind for good.
 */
function reapOrphans(bin: string, asRoot: boolean): void {
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(PREFIX))) {
    const root = join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(root, 'owner.pid'), 'utf8'));
    } catch {
      continue;
    }
    if (!Number.isInteger(owner) || owner <= 0 || alive(owner)) continue;
    const stop = [join(bin, 'pg_ctl'), '-D', join(root, 'data'), '-m', 'immediate', '-w', 'stop'];
    spawnSync(asRoot ? 'runuser' : stop[0]!, asRoot ? ['-u', 'postgres', '--', ...stop] : stop.slice(1), {
      stdio: 'ignore',
    });
    rmSync(root, { recursive: true, force: true });
  }
}

/** Start a throw-away server. Rejects (and removes what it made) when the binaries are missing or fail. */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin)
    throw new Error(
      'PostgreSQL server binaries not found (initdb on PATH or in /usr/lib/postgresql/*/bin); install the "postgresql" package',
    );
  const asRoot = process.getuid?.() === 0;
  reapOrphans(bin, asRoot);
  const root = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(root, 'owner.pid'), String(process.pid));
  const data = join(root, 'data');
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]]
      : [join(bin, cmd), args];
    execFileSync(file, argv, { stdio: 'pipe' });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(root, uid, gid);
  }
  chmodSync(root, 0o700);
  let started = false;
  const stop = () => {
    if (started) {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already gone: nothing to stop.
      }
      started = false;
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
    const port = await freePort();
    const conf = [
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${root}'`,
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      'max_connections = 300',
      '',
    ].join('\n');
    writeFileSync(join(data, 'postgresql.auto.conf'), conf);
    if (asRoot) spawnSync('chown', ['postgres:postgres', join(data, 'postgresql.auto.conf')]);
    started = true;
    run('pg_ctl', ['-D', data, '-l', join(root, 'server.log'), '-w', '-t', '60', 'start']);
    process.once('exit', stop);
    const base = `postgres://postgres@127.0.0.1:${port}`;
    return {
      url: (name = 'postgres') => `${base}/${name}`,
      async stop() {
        process.removeListener('exit', stop);
        stop();
      },
    };
  } catch (e) {
    stop();
    throw e;
  }
}

/** Vitest globalSetup: one server for the whole run, its URL provided as `postgresUrl`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide('postgresUrl', server.url());
  return () => server.stop();
}

let counter = 0;

/** A fresh, empty database on the given server (default: the run's server); `drop()` removes it. */
export async function createTestDatabase(
  serverUrl: string = inject('postgresUrl'),
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await sql.end();
      }
    },
  };
}
