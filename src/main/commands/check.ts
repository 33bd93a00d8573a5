/**
 * `pokin check FILE [--stage N] [--json] [--lang id|en]`: checks a pokin/1 file against every rule up to
 * a Tahap and prints the findings grouped by node (outline number and statement), errors first.
 * Exit 0 without errors, 1 with errors, 2 when the file cannot be read or does not parse as pokin/1.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { acceptedReason, checkTree } from '../../core/rules/index.ts';
import type { Finding, Lang, Stage } from '../../core/rules/types.ts';
import { outline } from '../../core/tree/ops.ts';
import { parseTreeText } from '../../core/tree/parse.ts';
import type { Tree } from '../../core/tree/schema.ts';
import catalogue from './data/check-commands.messages.json' with { type: 'json' };
import type { Command } from './types.ts';

type Key = keyof typeof catalogue;

/** Where the command writes and the environment it reads (tests capture both). */
export interface CheckIo {
  env: Record<string, string | undefined>;
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CheckIo = {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** `--lang`, else POKIN_LANG, else Bahasa Indonesia. */
export function langOf(value: string | undefined, env: Record<string, string | undefined>): Lang {
  return (value ?? env.POKIN_LANG) === 'en' ? 'en' : 'id';
}

function say(key: Key, lang: Lang, vars: Record<string, string | number> = {}): string {
  return catalogue[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

const SEVERITY: Record<Lang, Record<Finding['severity'], string>> = {
  id: { error: 'Galat', warning: 'Peringatan' },
  en: { error: 'Error', warning: 'Warning' },
};

/** Loads a file as a tree, or the one-line reason it cannot be (naming the JSON path). */
export function loadTree(file: string, lang: Lang): { ok: true; tree: Tree } | { ok: false; reason: string } {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    return { ok: false, reason: `${file}: ${say('check.unreadable', lang, { reason: code })}` };
  }
  const parsed = parseTreeText(source);
  if (parsed.ok) return { ok: true, tree: parsed.value };
  const [first, ...rest] = parsed.error;
  const more = rest.length > 0 ? say('check.more', lang, { count: rest.length }) : '';
  const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
  return { ok: false, reason: `${file}: ${first?.path ?? '$'}: ${oneLine(first?.message ?? '')}${more}` };
}

function render(tree: Tree, file: string, stage: Stage, findings: Finding[], lang: Lang): string {
  const entries = new Map(outline(tree).map((e) => [e.node.id, e]));
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = f.nodeId ?? '';
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  const ordered = [...groups.entries()].sort(
    ([, a], [, b]) =>
      Number(b.some((f) => f.severity === 'error')) - Number(a.some((f) => f.severity === 'error')),
  );
  const org = tree.organization;
  const lines = [say('check.heading', lang, { file, org: org.short ?? org.name, stage }), ''];
  let accepted = 0;
  for (const [nodeId, list] of ordered) {
    const entry = entries.get(nodeId);
    lines.push(entry ? `${entry.number}  ${entry.node.statement}` : say('check.wholeTree', lang));
    for (const f of list) {
      lines.push(`  ${SEVERITY[lang][f.severity]}  ${f.message[lang]}`);
      if (f.suggestion && !f.message[lang].includes(f.suggestion)) {
        lines.push(`      ${say('check.suggestion', lang, { text: f.suggestion })}`);
      }
      const reason = acceptedReason(entry?.node, f);
      if (reason !== undefined) {
        accepted++;
        lines.push(`      ${say('check.accepted', lang, { reason })}`);
      }
    }
    lines.push('');
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  lines.push(
    findings.length === 0
      ? say('check.clean', lang, { stage })
      : say('check.summary', lang, {
          errors,
          warnings: findings.length - errors,
          accepted,
          nodes: groups.size,
        }),
  );
  return `${lines.join('\n')}\n`;
}

function toJson(tree: Tree, findings: Finding[], lang: Lang): string {
  const nodes = new Map(outline(tree).map((e) => [e.node.id, e.node]));
  const out = findings.map((f) => {
    const reason = acceptedReason(f.nodeId === undefined ? undefined : nodes.get(f.nodeId), f);
    return {
      rule: f.rule,
      severity: f.severity,
      path: f.path,
      text: f.text,
      message: f.message[lang],
      ...(f.suggestion !== undefined ? { suggestion: f.suggestion } : {}),
      ...(reason !== undefined ? { accepted: reason } : {}),
    };
  });
  return `${JSON.stringify({ findings: out }, null, 2)}\n`;
}

export async function runCheck(args: string[], io: CheckIo = processIo): Promise<number> {
  let values: { stage?: string; json?: boolean; lang?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { stage: { type: 'string' }, json: { type: 'boolean' }, lang: { type: 'string' } },
    }));
  } catch (e) {
    io.err(
      `pokin: ${e instanceof Error ? e.message : String(e)}\n${say('check.usage', langOf(undefined, io.env))}\n`,
    );
    return 2;
  }
  const lang = langOf(values.lang, io.env);
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    io.err(`${say('check.usage', lang)}\n`);
    return 2;
  }
  const stage = Number(values.stage ?? 5);
  if (!Number.isInteger(stage) || stage < 1 || stage > 5) {
    io.err(`pokin: ${say('check.badStage', lang)}\n`);
    return 2;
  }
  const loaded = loadTree(file, lang);
  if (!loaded.ok) {
    io.err(`pokin: ${loaded.reason}\n`);
    return 2;
  }
  const findings = checkTree(loaded.tree, { stage: stage as Stage });
  io.out(
    values.json
      ? toJson(loaded.tree, findings, lang)
      : render(loaded.tree, file, stage as Stage, findings, lang),
  );
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

export const checkCommand: Command = {
  name: 'check',
  usage: 'check FILE [--stage N] [--json] [--lang id|en]',
  summary: 'check a pokin/1 file against the rules (exit 1 on errors, 2 if unreadable)',
  run: (args) => runCheck(args),
};
