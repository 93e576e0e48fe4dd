import type { PreparedQcResult } from './prepare.ts';
import type { WestgardRuleDefinition } from './rules.ts';

/** Results that together break a rule, and on which side of the mean. */
export interface Finding {
  side: 'high' | 'low' | 'both';
  members: PreparedQcResult[];
}

const beyond = (r: PreparedQcResult, sign: 1 | -1, limitSd: number): boolean => sign * r.z > limitSd;
const sideName = (sign: 1 | -1): 'high' | 'low' => (sign > 0 ? 'high' : 'low');

/**
 * The rule applied to the results of one run, in any order: k of them beyond the same limit (the run must hold at
 * least n results), or for R-4s one above +2 SD and another below −2 SD. Single-result rules give one finding per
 * result so each carries its own id.
 */
export function findWithinRun(rule: WestgardRuleDefinition, run: readonly PreparedQcResult[]): Finding[] {
  if (rule.kind === 'range') {
    const high = run.filter((r) => beyond(r, 1, rule.limitSd));
    const low = run.filter((r) => beyond(r, -1, rule.limitSd));
    return high.length && low.length ? [{ side: 'both', members: [...high, ...low].sort(byTime) }] : [];
  }
  const findings: Finding[] = [];
  for (const sign of [1, -1] as const) {
    const exceeding = run.filter((r) => beyond(r, sign, rule.limitSd));
    if (rule.n === 1) for (const r of exceeding) findings.push({ side: sideName(sign), members: [r] });
    else if (run.length >= rule.n && exceeding.length >= rule.k) findings.push({ side: sideName(sign), members: exceeding });
  }
  return findings;
}

/**
 * The rule applied to the last n consecutive results of a sequence (`window`, oldest first, ending at the newest).
 * The newest result must take part: a window whose qualifying results are all older was already caught when the
 * last of them arrived.
 */
export function findInWindow(rule: WestgardRuleDefinition, window: readonly PreparedQcResult[]): Finding[] {
  if (window.length < rule.n) return [];
  const newest = window[window.length - 1];
  if (rule.kind === 'range') {
    for (const sign of [1, -1] as const) {
      if (!beyond(newest, sign, rule.limitSd)) continue;
      const other = window.slice(0, -1).filter((r) => beyond(r, -sign as 1 | -1, rule.limitSd));
      if (other.length) return [{ side: 'both', members: [...other, newest] }];
    }
    return [];
  }
  for (const sign of [1, -1] as const) {
    if (!beyond(newest, sign, rule.limitSd)) continue;
    const exceeding = window.filter((r) => beyond(r, sign, rule.limitSd));
    if (exceeding.length >= rule.k) return [{ side: sideName(sign), members: exceeding }];
  }
  return [];
}

function byTime(a: PreparedQcResult, b: PreparedQcResult): number {
  return a.ms - b.ms || a.index - b.index;
}
