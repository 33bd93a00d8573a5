/**
 * A chat driven the way the terminal drives it: each line goes through the console adapter's line
 * reading (a number or a label answers a button of the last reply), and every exchange is kept as a
 * transcript for failure messages.
 */
import { render } from '../../src/adapters/console/render.ts';
import { toIncoming } from '../../src/adapters/console/to-incoming.ts';
import type { Button, Incoming, MessageHandler, Outgoing } from '../../src/ports/chat.ts';

export interface Chat {
  /** Send one line as a person types it; returns the replies. */
  say(line: string): Promise<Outgoing[]>;
  /** Deliver an Incoming as is (e.g. the same update twice). */
  deliver(incoming: Incoming): Promise<Outgoing[]>;
  /** The Incoming the next `say(line)` would send (its update id is the next one). */
  incoming(line: string): Incoming;
  /** The replies of the last exchange as one text (progress, text, numbered buttons). */
  lastText(): string;
  /** The labels of the buttons of the last reply that had any. */
  buttons(): string[];
  transcript(): string;
}

export function createChat(
  app: MessageHandler,
  options: { chatId?: string; userId?: string; runId?: string } = {},
): Chat {
  let counter = 0;
  let buttons: Button[] = [];
  let last: Outgoing[] = [];
  const log: string[] = [];
  const chatId = options.chatId ?? 'tester';
  const userId = options.userId ?? 'u-1';
  const runId = options.runId ?? 'run';

  const incoming = (line: string): Incoming =>
    toIncoming(line, { updateId: `${runId}-${counter + 1}`, chatId, userId, userName: 'Rina', buttons });

  async function deliver(message: Incoming): Promise<Outgoing[]> {
    counter += 1;
    const replies = await app.handle(message);
    last = replies;
    const withButtons = [...replies].reverse().find((r) => (r.buttons ?? []).length > 0);
    buttons = withButtons ? (withButtons.buttons ?? []).flat() : [];
    for (const r of replies) log.push(render(r).text);
    return replies;
  }

  return {
    async say(line) {
      log.push(`> ${line}`);
      return deliver(incoming(line));
    },
    deliver,
    incoming,
    lastText: () => last.map((r) => render(r).text).join('\n\n'),
    buttons: () => buttons.map((b) => b.label),
    transcript: () => log.join('\n'),
  };
}
