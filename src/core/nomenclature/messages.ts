/** The nomenclature message catalogue (data/messages.json, Bahasa Indonesia and English). */
import catalogue from './data/messages.json' with { type: 'json' };

export interface LocalText {
  id: string;
  en: string;
}

const messages: Record<string, LocalText> = catalogue;

/** Every message key (tests check each one has both languages). */
export function nomenclatureMessageKeys(): string[] {
  return Object.keys(messages);
}

type Param = string | number | LocalText;

/**
 * The message `key` with `{name}` placeholders filled from `params`, in both languages; a LocalText
 * parameter is filled in the matching language.
 */
export function nomenclatureMessage(key: string, params: Record<string, Param> = {}): LocalText {
  const template = messages[key];
  if (!template) throw new Error(`no message "${key}" in src/core/nomenclature/data/messages.json`);
  return { id: fill(template.id, params, 'id'), en: fill(template.en, params, 'en') };
}

function fill(template: string, params: Record<string, Param>, lang: 'id' | 'en'): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'object' ? value[lang] : String(value);
  });
}
