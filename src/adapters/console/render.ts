/**
 * Outgoing messages as plain terminal text: the progress line in brackets, the title, the text, then the
 * buttons numbered so a person (or a script) can answer "2" or the label itself.
 */
import type { Button, Outgoing } from '../../ports/chat.ts';

export interface Rendered {
  text: string;
  /** The buttons in the order they were numbered (1-based in the text). */
  buttons: Button[];
}

/** Render one message; `savedFiles` are the paths where its files were written. */
export function render(message: Outgoing, savedFiles: string[] = []): Rendered {
  const lines: string[] = [];
  if (message.progress) lines.push(`[${message.progress}]`);
  if (message.title) lines.push(`*${message.title}*`);
  lines.push(message.text);
  const buttons = (message.buttons ?? []).flat();
  if (buttons.length > 0) {
    lines.push('');
    buttons.forEach((b, i) => {
      lines.push(`  ${i + 1}) ${b.label}`);
    });
  }
  for (const path of savedFiles) lines.push(`  ↳ ${path}`);
  return { text: lines.join('\n'), buttons };
}
