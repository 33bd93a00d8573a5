/**
 * One typed line as the app's Incoming: "/cmd args" is a command, a number or a label of the last
 * message's buttons is that button's choice, anything else is text.
 */
import type { Button, Incoming } from '../../ports/chat.ts';

export interface LineContext {
  updateId: string;
  chatId: string;
  userId: string;
  userName?: string | undefined;
  /** Buttons of the last message shown (numbered from 1). */
  buttons: readonly Button[];
}

export function toIncoming(line: string, ctx: LineContext): Incoming {
  const base = {
    platform: 'console' as const,
    updateId: ctx.updateId,
    conversation: { platform: 'console' as const, chatId: ctx.chatId },
    chatType: 'private' as const,
    user: { id: ctx.userId, name: ctx.userName },
  };
  const text = line.replace(/\r$/, '');
  const trimmed = text.trim();
  const command = /^\/([A-Za-z_]+)(?:@\S+)?(?:\s+([\s\S]*))?$/.exec(trimmed);
  if (command)
    return {
      ...base,
      kind: 'command',
      command: (command[1] ?? '').toLowerCase(),
      args: (command[2] ?? '').trim(),
    };
  if (/^\d{1,2}$/.test(trimmed)) {
    const button = ctx.buttons[Number(trimmed) - 1];
    if (button) return { ...base, kind: 'choice', value: button.value };
  }
  const folded = trimmed.toLowerCase();
  const byLabel = folded ? ctx.buttons.find((b) => b.label.trim().toLowerCase() === folded) : undefined;
  if (byLabel) return { ...base, kind: 'choice', value: byLabel.value };
  return { ...base, kind: 'text', text };
}
