/**
 * `npm start` with Slack configured (signed HTTP events, the fake Web API on 127.0.0.1): opening the
 * App Home publishes the person's trees from the repository, so the home wiring is part of start.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { unescapeMrkdwn } from '../../src/adapters/slack/render.ts';
import {
  encodeForHttp,
  FakeSlack,
  type Payload,
  SlackPayloads,
  signedHeaders,
} from '../support/fake-slack.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = 'rahasia-penandatanganan-balangan';
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function freePort(): Promise<number> {
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

function startPokin(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/start.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
      if (err.includes('"adapter":"slack"')) resolve(child);
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`pokin exited ${code}: ${err}`)));
  });
}

describe('npm start with Slack', () => {
  it('publishes the App Home from the repository when a person opens it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pokin-start-slack-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const fake = await new FakeSlack().start();
    cleanups.push(() => fake.stop());
    const port = await freePort();
    const child = await startPokin({
      POKIN_DATA_DIR: join(dir, 'data'),
      SLACK_BOT_TOKEN: 'xoxb-4123456789-7123456789012-TestBotTokenBalangan',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_PORT: String(port),
      HOST: '127.0.0.1',
      SLACK_API_URL: fake.apiUrl,
    });
    cleanups.unshift(
      () =>
        new Promise<void>((resolve) => {
          child.removeAllListeners('close');
          child.once('close', () => resolve());
          child.kill('SIGTERM');
        }),
    );

    const { contentType, text } = encodeForHttp(
      new SlackPayloads('U05SITIRAHMA', 'D07SITIPOKIN').homeOpened(),
    );
    const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...signedHeaders(SECRET, text) },
      body: text,
    });
    expect(response.status).toBe(200);
    await fake.waitFor((calls) => calls.some((c) => c.method === 'views.publish'), 'the App Home');
    const view = fake.callsOf('views.publish')[0]?.params.view as Payload;
    expect(view.type).toBe('home');
    expect(
      (view.blocks as Payload[]).filter((b) => b.type === 'section').map((b) => unescapeMrkdwn(b.text.text)),
    ).toEqual(['Belum ada pohon kinerja. Ketik /pokin mulai di pesan langsung ke Pokin untuk memulai.']);
  }, 240_000);
});
