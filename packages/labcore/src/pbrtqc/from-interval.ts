import { inputError } from '../errors.ts';
import { tidy } from '../stats/precision.ts';
import type { PbrtqcSettings, PbrtqcStatistic } from './types.ts';

export interface IntervalSettingsOptions {
  statistic: PbrtqcStatistic;
  blockSize?: number;
  lambda?: number;
  /** Control limits at ± k standard errors of the statistic. Default 3. */
  k?: number;
}

/** √(π/2): the median of N normal values has a standard error about 1.25 times the mean's. */
const MEDIAN_EFFICIENCY = Math.sqrt(Math.PI / 2);

/**
 * Starting settings when all that is known is a reference interval [L, H] (the 互认 platform's defaults): the
 * patient stream is taken as centred at (L + H)/2 with SD (H − L)/4 (a 95 % interval spans ±2 SD); results more
 * than half an interval width beyond either end are excluded; control limits sit at ± k standard errors of the
 * statistic — SD/√N for the moving average, ≈1.25·SD/√N for the moving median, SD·√(λ/(2 − λ)) for the EWMA (its
 * asymptotic SD). Settings from the laboratory's own history (deriveControlLimits, simulateBiasDetection) are better.
 */
export function settingsFromReferenceInterval(interval: readonly [low: number, high: number], options: IntervalSettingsOptions): PbrtqcSettings {
  const [low, high] = interval;
  if (!(low < high)) throw inputError('interval', '参考区间下限必须小于上限', 'The reference interval low limit must be below the high limit');
  const k = options.k ?? 3;
  const target = (low + high) / 2;
  const sd = (high - low) / 4;
  const width = high - low;
  const truncation = { low: tidy(low - width / 2), high: tidy(high + width / 2) };
  const limits = (half: number) => ({ low: tidy(target - half), high: tidy(target + half) });
  if (options.statistic === 'ewma') {
    const lambda = options.lambda ?? 0.1;
    return { statistic: 'ewma', lambda, target: tidy(target), truncation, limits: limits(k * sd * Math.sqrt(lambda / (2 - lambda))) };
  }
  const blockSize = options.blockSize ?? 20;
  const half = (k * sd * (options.statistic === 'moving-median' ? MEDIAN_EFFICIENCY : 1)) / Math.sqrt(blockSize);
  return { statistic: options.statistic, blockSize, target: tidy(target), truncation, limits: limits(half) };
}
