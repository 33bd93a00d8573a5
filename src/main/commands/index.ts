/** The registry of `pokin` sub-commands; add one line per command. */
import type { Command } from './types.ts';

export const commands: Command[] = [];
