/**
 * TGT — yearly targets (Tahap 5): a target for every year of the period (TGT-01), each readable as a
 * number (TGT-02), and following the indicator's polarity (TGT-03). Crosscutting nodes are planned by the
 * partner organisation, so they get no TGT findings.
 */
import type { Indicator, Node, Period, TargetValue } from '../tree/schema.ts';
import { statementFalls, unitIs } from './indicator-words.ts';
import { finding } from './messages.ts';
import { readNumber } from './numbers.ts';
import type { Finding, RuleContext, RuleFamily } from './types.ts';

const targetPath = (indicatorPath: string, year: string) =>
  `${indicatorPath}.targets[${JSON.stringify(year)}]`;

function showValue(value: TargetValue): string {
  return typeof value === 'number' ? String(value).replace('.', ',') : value.trim();
}

/** TGT-01: the years of the period without a target. */
function missingYears(indicator: Indicator, period: Period | undefined, at: AtIndicator): Finding[] {
  if (!period) return [];
  const missing: string[] = [];
  for (let y = period.from; y <= period.to; y++) {
    if (indicator.targets?.[String(y)] === undefined) missing.push(String(y));
  }
  if (missing.length === 0) return [];
  return [
    finding('TGT-01', 'error', { path: `${at.path}.targets`, nodeId: at.nodeId }, indicator.name, {
      years: missing.join(', '),
      from: period.from,
      to: period.to,
    }),
  ];
}

interface AtIndicator {
  path: string;
  nodeId: string;
}

interface ReadTarget {
  year: string;
  shown: string;
  value: number;
}

/** TGT-02 findings, and the targets that could be read (in year order) for TGT-03. */
function readTargets(indicator: Indicator, at: AtIndicator): { findings: Finding[]; read: ReadTarget[] } {
  const findings: Finding[] = [];
  const read: ReadTarget[] = [];
  const percentUnit = unitIs('percent', indicator.unit);
  const years = Object.keys(indicator.targets ?? {}).sort();
  for (const year of years) {
    const value = indicator.targets?.[year] as TargetValue;
    const where = { path: targetPath(at.path, year), nodeId: at.nodeId };
    const n = readNumber(value);
    const shown = showValue(value);
    if (!n.ok) {
      findings.push(finding('TGT-02', 'error', where, shown, { year, indicator: indicator.name }));
      continue;
    }
    if ((n.percent || percentUnit) && (n.value < 0 || n.value > 100)) {
      findings.push(
        finding('TGT-02', 'warning', where, shown, { year, indicator: indicator.name }, { variant: 'range' }),
      );
    }
    read.push({ year, shown, value: n.value });
  }
  return { findings, read };
}

/** TGT-03: a target that moves against the polarity, compared with the year before and the baseline. */
function polarityFindings(indicator: Indicator, node: Node, read: ReadTarget[], at: AtIndicator): Finding[] {
  const polarity = indicator.polarity ?? (statementFalls(node.statement) ? 'turun' : 'naik');
  const worse = (value: number, than: number) => (polarity === 'naik' ? value < than : value > than);
  const findings: Finding[] = [];
  const baseline = indicator.baseline ? readNumber(indicator.baseline.value) : undefined;
  const variant = polarity === 'turun' ? 'turun' : undefined;
  read.forEach((t, i) => {
    const prev = read[i - 1];
    let against: { label: string; shown: string } | undefined;
    if (prev && worse(t.value, prev.value)) against = { label: `target ${prev.year}`, shown: prev.shown };
    else if (
      indicator.baseline &&
      baseline?.ok &&
      Number(t.year) > indicator.baseline.year &&
      worse(t.value, baseline.value)
    ) {
      against = { label: `baseline ${indicator.baseline.year}`, shown: showValue(indicator.baseline.value) };
    }
    if (!against) return;
    findings.push(
      finding(
        'TGT-03',
        'warning',
        { path: targetPath(at.path, t.year), nodeId: at.nodeId },
        t.shown,
        { year: t.year, indicator: indicator.name, previousLabel: against.label, previous: against.shown },
        { variant },
      ),
    );
  });
  return findings;
}

/** Every TGT finding of one indicator of `node`. */
export function checkTargets(
  indicator: Indicator,
  node: Node,
  period: Period | undefined,
  at: AtIndicator,
): Finding[] {
  const { findings, read } = readTargets(indicator, at);
  return [
    ...missingYears(indicator, period, at),
    ...findings,
    ...polarityFindings(indicator, node, read, at),
  ];
}

export const tgtRules: RuleFamily = {
  family: 'TGT',
  fromStage: 5,
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const visit of ctx.nodes) {
      if (visit.inCrosscutting) continue;
      (visit.node.indicators ?? []).forEach((indicator, i) => {
        const at = { path: `${visit.path}.indicators[${i}]`, nodeId: visit.node.id };
        out.push(...checkTargets(indicator, visit.node, ctx.tree.period, at));
      });
    }
    return out;
  },
};
