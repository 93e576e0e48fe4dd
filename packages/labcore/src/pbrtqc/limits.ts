import { inputError } from '../errors.ts';
import { mean, quantile, quantileSorted } from '../stats/descriptive.ts';
import { bilingual, formatNumber, type Bilingual } from '../text.ts';
import { describePbrtqcSettings } from './describe.ts';
import { PbrtqcTracker } from './tracker.ts';
import type { PbrtqcControlLimits, PbrtqcSettings, PbrtqcTruncation } from './types.ts';

export const DEFAULT_FALSE_ALARM_RATE = 0.001;

export interface DerivedLimits {
  limits: PbrtqcControlLimits;
  /** How many values of the statistic the limits were read from. */
  evaluated: number;
  falseAlarmRate: number;
  reason: Bilingual;
}

/** The statistic over a stream with no limits: every defined value on an included result. */
export function statisticValues(settings: PbrtqcSettings, values: readonly number[]): number[] {
  const tracker = new PbrtqcTracker({ ...settings, limits: undefined });
  const out: number[] = [];
  for (const v of values) {
    const p = tracker.push(v);
    if (p.included && p.statistic !== null) out.push(p.statistic);
  }
  return out;
}

/**
 * Control limits from an in-control period of patient results: the statistic is run over the history and the limits
 * are its α/2 and 1 − α/2 percentiles, α the false-alarm rate wanted per judged result (default 0.1 %). Reading
 * percentiles of the statistic itself, rather than ±k SD, needs no assumption that it is normally distributed.
 */
export function deriveControlLimits(history: readonly number[], settings: PbrtqcSettings, options: { falseAlarmRate?: number } = {}): DerivedLimits {
  const alpha = options.falseAlarmRate ?? DEFAULT_FALSE_ALARM_RATE;
  if (!(alpha > 0 && alpha < 1)) throw inputError('falseAlarmRate', '假报警率必须在 (0, 1) 之内', 'falseAlarmRate must be in (0, 1)');
  const stats = statisticValues(settings, history).sort((a, b) => a - b);
  if (stats.length < 10) {
    throw inputError('history', `历史数据不足：统计量只有 ${stats.length} 个值（至少需要 10 个）`, `Not enough history: the statistic has ${stats.length} values (at least 10 needed)`);
  }
  const limits = { low: quantileSorted(stats, alpha / 2), high: quantileSorted(stats, 1 - alpha / 2) };
  const name = describePbrtqcSettings(settings);
  const thin = stats.length * (alpha / 2) < 1;
  const pct = formatNumber(alpha * 100);
  return {
    limits,
    evaluated: stats.length,
    falseAlarmRate: alpha,
    reason: bilingual(
      `${name['zh-CN']} 在 ${stats.length} 个历史统计量上取 ${formatNumber((alpha / 2) * 100)}% 与 ${formatNumber((1 - alpha / 2) * 100)}% 百分位数：${formatNumber(limits.low)}–${formatNumber(limits.high)}（目标假报警率 ${pct}%）${thin ? '；历史数据偏少，限值即为极值，宜积累更多数据' : ''}`,
      `${name.en}: the ${formatNumber((alpha / 2) * 100)}th and ${formatNumber((1 - alpha / 2) * 100)}th percentiles of ${stats.length} historical values of the statistic: ${formatNumber(limits.low)}–${formatNumber(limits.high)} (target false-alarm rate ${pct}%)${thin ? '; little history, so the limits are the extremes: collect more data' : ''}`,
    ),
  };
}

/** Truncation limits at percentiles of the history (default the 1st and 99th): a starting point for candidates. */
export function suggestTruncation(history: readonly number[], options: { lower?: number; upper?: number; mode?: PbrtqcTruncation['mode'] } = {}): PbrtqcTruncation {
  if (!history.length) throw inputError('history', '历史数据为空', 'The history is empty');
  return { low: quantile(history, options.lower ?? 0.01), high: quantile(history, options.upper ?? 0.99), mode: options.mode ?? 'exclude' };
}

/** The mean of the history as the statistic sees it (truncated or winsorised): the centre an in-control statistic settles at. */
export function historyTarget(history: readonly number[], truncation?: PbrtqcTruncation): number {
  const inside = !truncation
    ? history
    : truncation.mode === 'winsorize'
      ? history.map((v) => Math.min(truncation.high, Math.max(truncation.low, v)))
      : history.filter((v) => v >= truncation.low && v <= truncation.high);
  const m = mean(inside);
  if (m === null) throw inputError('history', '截断后没有历史数据', 'No history left inside the truncation limits');
  return m;
}
