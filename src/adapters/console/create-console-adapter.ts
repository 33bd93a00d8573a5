/**
 * The terminal chat: reads lines from standard input (a person at a TTY, or a piped script: one line per
 * message), hands each to the app in order, and prints the replies as plain text with numbered buttons.
 * Exported files are written to a folder and their paths printed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Button, MessageHandler, Outgoing } from '../../ports/chat.ts';
import { render } from './render.ts';
import { toIncoming } from './to-incoming.ts';

export interface ConsoleAdapterOptions {
  handler: MessageHandler;
  input: Readable;
  output: Writable;
  /** A person at a terminal: show a prompt. Piped input echoes each line instead, so a transcript reads well. */
  interactive?: boolean | undefined;
  /** The conversation and the person (default: this computer's user). */
  chatId?: string | undefined;
  userId?: string | undefined;
  userName?: string | undefined;
  /** Where exports are written (default ./exports). */
  exportDir?: string | undefined;
  /** Update ids must stay unique across runs (the event log remembers them): a per-run prefix. */
  runId?: string | undefined;
  /** Sent once before the first line (default: "/lanjut", which greets a newcomer or resumes). */
  opening?: string | null | undefined;
}

export interface ConsoleAdapter {
  /** Resolves when the input ends (or stop() is called) and the last reply is printed. */
  run(): Promise<void>;
  stop(): void;
}

export function createConsoleAdapter(options: ConsoleAdapterOptions): ConsoleAdapter {
  const out = options.output;
  const runId = options.runId ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const chatId = options.chatId ?? 'terminal';
  const userId = options.userId ?? (process.env.USER || 'local');
  const exportDir = options.exportDir ?? 'exports';
  let buttons: Button[] = [];
  let counter = 0;
  let stopped = false;
  const rl = createInterface({ input: options.input, terminal: false, crlfDelay: Number.POSITIVE_INFINITY });
  // Take the iterator now: it buffers lines that arrive while the opening message is being answered
  // (piped input is often read completely before the first reply).
  const lines = rl[Symbol.asyncIterator]();

  const write = (text: string) =>
    new Promise<void>((resolve) => {
      if (!out.write(`${text}\n`)) out.once('drain', resolve);
      else resolve();
    });

  async function saveFiles(message: Outgoing): Promise<string[]> {
    const paths: string[] = [];
    for (const file of message.files ?? []) {
      await mkdir(exportDir, { recursive: true });
      const path = join(exportDir, file.filename);
      await writeFile(path, file.data);
      paths.push(path);
    }
    return paths;
  }

  async function send(line: string): Promise<void> {
    counter += 1;
    const incoming = toIncoming(line, {
      updateId: `${runId}-${counter}`,
      chatId,
      userId,
      userName: options.userName,
      buttons,
    });
    const replies = await options.handler.handle(incoming);
    let latest: Button[] = [];
    for (const message of replies) {
      const rendered = render(message, await saveFiles(message));
      if (rendered.buttons.length > 0) latest = rendered.buttons;
      await write(`\n${rendered.text}`);
    }
    // Numbers answer the buttons of the last reply; a reply without buttons leaves none to pick.
    buttons = latest;
    if (options.interactive) out.write('\n> ');
  }

  return {
    async run() {
      const opening = options.opening === undefined ? '/lanjut' : options.opening;
      if (opening) await send(opening);
      for (let next = await lines.next(); !next.done; next = await lines.next()) {
        const line: string = next.value;
        if (stopped) break;
        if (!options.interactive) await write(`\n> ${line}`);
        await send(line);
      }
      rl.close();
    },
    stop() {
      stopped = true;
      rl.close();
    },
  };
}
