import type { Bilingual } from '../text.ts';

export type PbrtqcStatistic = 'moving-average' | 'moving-median' | 'ewma';

/**
 * Truncation limits (截断限): patient results outside them describe the patient, not the method. `exclude` (the
 * default) leaves them out of the statistic; `winsorize` lets them in at the nearest limit, so an extreme value
 * still counts but cannot swing the statistic.
 */
export interface PbrtqcTruncation {
  low: number;
  high: number;
  mode?: 'exclude' | 'winsorize';
}

/** Control limits on the statistic: an alarm when it goes above `high` or below `low`. */
export interface PbrtqcControlLimits {
  low: number;
  high: number;
}

export interface PbrtqcSettings {
  statistic: PbrtqcStatistic;
  /** Moving average / median: how many included results the window holds (N). */
  blockSize?: number;
  /** EWMA: weight of the newest result, 0 < λ ≤ 1. */
  lambda?: number;
  /** The expected centre of the patient stream: the EWMA starts here; biases are reported against it. */
  target: number;
  truncation?: PbrtqcTruncation;
  /** Without limits the statistic is computed but never alarms (as while deriving limits). */
  limits?: PbrtqcControlLimits;
}

/**
 * Everything needed to continue a stream: the last included values, newest first (at most blockSize; empty for the
 * EWMA), and the EWMA so far. Small and JSON-friendly so a database row can hold it.
 */
export interface PbrtqcState {
  recent: number[];
  ewma: number | null;
}

export interface PbrtqcPoint {
  value: number;
  /** Inside the truncation limits (or winsorised): the value took part in the statistic. */
  included: boolean;
  /** What entered the statistic: the value, or the limit it was winsorised to; null when excluded. */
  used: number | null;
  /** The statistic after this value; null until a moving window is full. */
  statistic: number | null;
  alarm: 'high' | 'low' | null;
  reason: Bilingual;
}
