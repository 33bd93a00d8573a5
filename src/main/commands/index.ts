/** The registry of `pokin` sub-commands; add one line per command. */
import { exportCommand } from './export.ts';
import { importXlsxCommand } from './import-xlsx.ts';
import { pkCommand } from './pk.ts';
import type { Command } from './types.ts';

export const commands: Command[] = [exportCommand, importXlsxCommand, pkCommand];
