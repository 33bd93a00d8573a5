/**
 * The message catalogue of the rules (src/core/rules/data/*.messages.json, Bahasa Indonesia and English)
 * and `finding`, the one way a rule builds a Finding: the message names the rule id, quotes the text and
 * says what to do next.
 */
import common from './data/common.messages.json' with { type: 'json' };
import ind from './data/ind.messages.json' with { type: 'json' };
import knd from './data/knd.messages.json' with { type: 'json' };
import pln from './data/pln.messages.json' with { type: 'json' };
import tgt from './data/tgt.messages.json' with { type: 'json' };
import tre from './data/tre.messages.json' with { type: 'json' };
import type { Finding, Lang, Severity } from './types.ts';

interface Message {
  id: string;
  en: string;
}

const catalogue: Record<string, Message> = { ...common, ...knd, ...tre, ...ind, ...tgt, ...pln };

/** Every message key of the catalogue (tests check each rule has its text in both languages). */
export function messageKeys(): string[] {
  return Object.keys(catalogue);
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * A finding of `rule` on the value at `at.path`. The message key is `rule` or `rule.variant`;
 * `{name}` placeholders are filled from `params`, plus `{text}` and `{suggestion}`.
 */
export function finding(
  rule: string,
  severity: Severity,
  at: { path: string; nodeId?: string | undefined },
  text: string,
  params: Record<string, string | number> = {},
  options: { suggestion?: string | undefined; variant?: string | undefined } = {},
): Finding {
  const key = options.variant ? `${rule}.${options.variant}` : rule;
  const template = catalogue[key];
  if (!template) throw new Error(`no message "${key}" in src/core/rules/data/*.messages.json`);
  const values = { ...params, text, suggestion: options.suggestion ?? '' };
  const out: Finding = {
    rule,
    severity,
    path: at.path,
    text,
    message: { id: `${rule}: ${fill(template.id, values)}`, en: `${rule}: ${fill(template.en, values)}` },
  };
  if (at.nodeId !== undefined) out.nodeId = at.nodeId;
  if (options.suggestion !== undefined) out.suggestion = options.suggestion;
  return out;
}

/** One line for a person: severity word, then the message (which names the rule id). */
export function formatFinding(f: Finding, lang: Lang): string {
  const label = catalogue[`severity.${f.severity}`];
  return `${label ? label[lang] : f.severity}: ${f.message[lang]}`;
}
