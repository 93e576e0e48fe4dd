import { RunningSummary, coefficientOfVariation, summarize, type Summary } from '../stats/descriptive.ts';
import { toMillis, type Instant } from '../time.ts';
import { prepareQcResults, type PreparedQcResult } from './prepare.ts';
import type { QcResult } from './types.ts';

export interface QcPeriod {
  /** Inclusive. */
  from?: Instant;
  /** Inclusive. */
  to?: Instant;
}

/** A level's statistics over a period (月度质控统计): the observed mean, SD, CV against the target in force. */
export interface QcLevelStatistics extends Summary {
  level: string;
  /** The target of the period's most recent result (a lot change inside the period keeps the newest target). */
  targetMean: number | null;
  targetSd: number | null;
  /** (observed mean − target mean) / target mean × 100. */
  biasPercent: number | null;
  /** Observed SD / target SD: above 1 the method is less precise than the target assumes. */
  sdRatio: number | null;
}

export interface CumulativePoint {
  id: string;
  time: number;
  count: number;
  mean: number;
  sd: number | null;
  cv: number | null;
}

function inPeriod(results: readonly QcResult[], period: QcPeriod): PreparedQcResult[] {
  const from = period.from === undefined ? -Infinity : toMillis(period.from, 'period.from');
  const to = period.to === undefined ? Infinity : toMillis(period.to, 'period.to');
  return prepareQcResults(results).filter((r) => !r.source.excluded && r.ms >= from && r.ms <= to);
}

function groupByLevel(results: readonly PreparedQcResult[]): Map<string, PreparedQcResult[]> {
  const levels = new Map<string, PreparedQcResult[]>();
  for (const r of results) {
    const list = levels.get(r.level) ?? [];
    list.push(r);
    levels.set(r.level, list);
  }
  return levels;
}

/** Per level: count, mean, SD, CV of the results in the period (excluded results left out), against the target. */
export function qcStatistics(results: readonly QcResult[], period: QcPeriod = {}): QcLevelStatistics[] {
  return [...groupByLevel(inPeriod(results, period))].map(([level, list]) => {
    const summary = summarize(list.map((r) => r.source.value));
    const target = list[list.length - 1].source.target;
    return {
      level,
      ...summary,
      targetMean: target.mean,
      targetSd: target.sd,
      biasPercent: summary.mean === null || target.mean === 0 ? null : ((summary.mean - target.mean) / target.mean) * 100,
      sdRatio: summary.sd === null ? null : summary.sd / target.sd,
    };
  });
}

/** Per level, the running (cumulative, 累积) mean, SD and CV after each result, in time order. */
export function cumulativeStatistics(results: readonly QcResult[], period: QcPeriod = {}): { level: string; points: CumulativePoint[] }[] {
  return [...groupByLevel(inPeriod(results, period))].map(([level, list]) => {
    const running = new RunningSummary();
    const points = list.map((r): CumulativePoint => {
      running.push(r.source.value);
      return { id: r.source.id, time: r.ms, count: running.count, mean: running.mean!, sd: running.sd, cv: coefficientOfVariation(running.sd, running.mean) };
    });
    return { level, points };
  });
}
