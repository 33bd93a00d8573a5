/** The registry of `pokin` sub-commands; add one line per command. */
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { importXlsxCommand } from './import-xlsx.ts';
import { pkCommand } from './pk.ts';
import { treesCommand } from './trees.ts';
import type { Command } from './types.ts';

export const commands: Command[] = [importCommand, treesCommand, exportCommand, importXlsxCommand, pkCommand];
