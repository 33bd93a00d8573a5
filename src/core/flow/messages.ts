/**
 * The conversation's words, from flows/messages.json (Bahasa Indonesia and English side by side).
 * A missing key shows as the key itself, and a test keeps the two languages in step.
 */
import catalogue from '../../../flows/messages.json' with { type: 'json' };
import type { Lang } from '../rules/types.ts';

const languages = catalogue as Record<Lang, Record<string, string>>;

export type Vars = Record<string, string | number | undefined>;

/** The message `key` in `lang`, with `{name}` placeholders filled from `vars`. */
export function t(lang: Lang, key: string, vars: Vars = {}): string {
  const template = languages[lang][key] ?? languages.id[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : String(v);
  });
}

/** Every key of a language (tests compare the two). */
export function messageKeys(lang: Lang): string[] {
  return Object.keys(languages[lang]);
}
