/** The registry of `pokin` sub-commands; add one line per command. */
import { checkCommand } from './check.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { importXlsxCommand } from './import-xlsx.ts';
import { nomenklaturCommand } from './nomenklatur.ts';
import { pkCommand } from './pk.ts';
import { schemaCommand } from './schema.ts';
import { treesCommand } from './trees.ts';
import type { Command } from './types.ts';

export const commands: Command[] = [
  checkCommand,
  schemaCommand,
  importCommand,
  treesCommand,
  exportCommand,
  importXlsxCommand,
  pkCommand,
  nomenklaturCommand,
];
