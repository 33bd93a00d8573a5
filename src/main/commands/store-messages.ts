/** Messages of the store commands (import, trees), from data/store-commands.messages.json. */
import type { Lang } from '../../core/rules/types.ts';
import catalogue from './data/store-commands.messages.json' with { type: 'json' };

export type StoreMessageKey = keyof typeof catalogue;

export function say(key: StoreMessageKey, lang: Lang, vars: Record<string, string | number> = {}): string {
  return catalogue[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

/** Where a command writes, and the environment it reads (so tests can capture both). */
export interface CommandIo {
  env: Record<string, string | undefined>;
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CommandIo = {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export function langOf(value: string | undefined, env: Record<string, string | undefined>): Lang {
  const v = value ?? env.POKIN_LANG;
  return v === 'en' ? 'en' : 'id';
}
