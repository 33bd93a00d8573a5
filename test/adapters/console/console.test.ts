/**
 * The terminal chat: a typed line becomes a command, a button choice (by number or label) or text; a reply
 * prints as plain text with numbered buttons; a piped script runs line by line, in order, with exports
 * written to a folder.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../../src/adapters/console/create-console-adapter.ts';
import { render } from '../../../src/adapters/console/render.ts';
import { toIncoming } from '../../../src/adapters/console/to-incoming.ts';
import type { Button, Incoming, MessageHandler, Outgoing } from '../../../src/ports/chat.ts';

const buttons: Button[] = [
  { label: 'Meningkatnya Tingkat Keamanan Informasi', value: '7:s:0' },
  { label: 'Lewati masalah ini', value: '7:skip' },
];
const ctx = { updateId: 'r-1', chatId: 'terminal', userId: 'rina', buttons };

describe('console line reading', () => {
  it('reads a command with its arguments, English aliases included', () => {
    expect(toIncoming('/ubah 1.2', ctx)).toMatchObject({ kind: 'command', command: 'ubah', args: '1.2' });
    expect(toIncoming('/PK kabid persandian', ctx)).toMatchObject({
      kind: 'command',
      command: 'pk',
      args: 'kabid persandian',
    });
    expect(toIncoming('/help', ctx)).toMatchObject({ kind: 'command', command: 'help', args: '' });
  });

  it('answers a button by its number or its label, and treats anything else as text', () => {
    expect(toIncoming('2', ctx)).toMatchObject({ kind: 'choice', value: '7:skip' });
    expect(toIncoming('lewati masalah ini', ctx)).toMatchObject({ kind: 'choice', value: '7:skip' });
    expect(toIncoming('3', ctx)).toMatchObject({ kind: 'text', text: '3' });
    expect(toIncoming('Meningkatnya Keamanan Informasi', ctx)).toMatchObject({
      kind: 'text',
      text: 'Meningkatnya Keamanan Informasi',
      platform: 'console',
      conversation: { platform: 'console', chatId: 'terminal' },
      user: { id: 'rina' },
    });
  });

  it('prints progress, text and numbered buttons', () => {
    const out = render({
      progress: 'Tahap 2/5 · CSF 1/1',
      text: 'Masalah 1/1: «Rendahnya Tingkat Keamanan Informasi»',
      buttons: [[buttons[0] as Button], [buttons[1] as Button]],
    });
    expect(out.text).toBe(
      [
        '[Tahap 2/5 · CSF 1/1]',
        'Masalah 1/1: «Rendahnya Tingkat Keamanan Informasi»',
        '',
        '  1) Meningkatnya Tingkat Keamanan Informasi',
        '  2) Lewati masalah ini',
      ].join('\n'),
    );
  });
});

describe('console adapter', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it('runs a piped script in order, answering numbers from the last reply and writing exported files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pokin-console-'));
    dirs.push(dir);
    const seen: Incoming[] = [];
    const handler: MessageHandler = {
      async handle(incoming) {
        seen.push(incoming);
        // A slow answer: the next line must still wait for it.
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (incoming.kind === 'command' && incoming.command === 'ekspor') {
          const file = {
            filename: 'pohon.json',
            mimeType: 'application/json',
            data: new TextEncoder().encode('{"format":"pokin/1"}'),
          };
          return [{ text: 'Ekspor siap: pohon.json', files: [file] }] satisfies Outgoing[];
        }
        return [
          {
            text: `terima ${seen.length}`,
            buttons: [[{ label: 'Selesai ✓', value: `${seen.length}:done` }]],
          },
        ];
      },
    };
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (c: Buffer) => {
      printed += c.toString();
    });
    const adapter = createConsoleAdapter({
      handler,
      input,
      output,
      exportDir: dir,
      runId: 'x',
      userId: 'rina',
    });
    input.end('Dinas Kominfo\n1\n/ekspor json\n');
    await adapter.run();

    expect(seen.map((i) => [i.updateId, i.kind])).toEqual([
      ['x-1', 'command'],
      ['x-2', 'text'],
      ['x-3', 'choice'],
      ['x-4', 'command'],
    ]);
    expect(seen[2]).toMatchObject({ kind: 'choice', value: '2:done' });
    expect(printed).toContain('> Dinas Kominfo\n\nterima 2\n\n  1) Selesai ✓');
    expect(printed).toContain(`↳ ${join(dir, 'pohon.json')}`);
    expect(await readFile(join(dir, 'pohon.json'), 'utf8')).toBe('{"format":"pokin/1"}');
  });
});
