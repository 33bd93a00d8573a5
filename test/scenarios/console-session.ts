/**
 * Runs a scripted terminal session: the lines go to the console adapter as piped standard input, and the
 * printed output is cut back into (line, reply) exchanges so a test can read like a transcript.
 */
import { PassThrough } from 'node:stream';
import { createConsoleAdapter } from '../../src/adapters/console/create-console-adapter.ts';
import type { MessageHandler } from '../../src/ports/chat.ts';

export interface Exchange {
  line: string;
  reply: string;
}

export interface Session {
  /** The reply to the opening "/lanjut" the terminal sends by itself. */
  opening: string;
  exchanges: Exchange[];
  output: string;
}

export async function runConsoleSession(
  handler: MessageHandler,
  lines: readonly string[],
  options: { exportDir: string; runId: string; chatId?: string },
): Promise<Session> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  const adapter = createConsoleAdapter({
    handler,
    input,
    output,
    interactive: false,
    exportDir: options.exportDir,
    runId: options.runId,
    chatId: options.chatId ?? 'terminal',
    userId: 'rina',
    userName: 'Rina',
  });
  input.end(`${lines.join('\n')}\n`);
  await adapter.run();
  const [opening = '', ...rest] = printed.split('\n> ');
  const exchanges = rest.map((part) => {
    const newline = part.indexOf('\n');
    return { line: part.slice(0, newline), reply: part.slice(newline + 1).trim() };
  });
  return { opening: opening.trim(), exchanges, output: printed };
}
