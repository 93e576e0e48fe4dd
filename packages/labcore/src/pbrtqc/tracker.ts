import { checkPbrtqcSettings } from './validate.ts';
import type { PbrtqcSettings, PbrtqcState } from './types.ts';

/** One step's numbers, without the prose (the simulation pushes millions of these). */
export interface TrackedPoint {
  included: boolean;
  used: number | null;
  statistic: number | null;
  alarm: 'high' | 'low' | null;
}

/** Index of the first element ≥ value in an ascending array. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The running statistic of one patient stream (one test on one instrument). Mutable for speed; `stepPbrtqc` wraps it
 * in a pure function over a small state. A value outside exclusion limits changes nothing and cannot alarm; a value
 * inside joins the window / updates the EWMA, and the statistic is judged against the limits once it is defined.
 */
export class PbrtqcTracker {
  private readonly window: number[] = []; // oldest first
  private readonly sorted: number[] = []; // the window ascending, for the median
  private ewma: number | null;

  constructor(
    readonly settings: PbrtqcSettings,
    state: PbrtqcState = { recent: [], ewma: null },
  ) {
    checkPbrtqcSettings(settings);
    const size = settings.statistic === 'ewma' ? 0 : settings.blockSize!;
    for (const v of state.recent.slice(0, size).reverse()) this.enter(v);
    this.ewma = state.ewma;
  }

  private enter(value: number): void {
    this.window.push(value);
    if (this.settings.statistic === 'moving-median') this.sorted.splice(lowerBound(this.sorted, value), 0, value);
    if (this.window.length > this.settings.blockSize!) {
      const leaving = this.window.shift()!;
      if (this.settings.statistic === 'moving-median') this.sorted.splice(lowerBound(this.sorted, leaving), 1);
    }
  }

  /** The statistic as it stands; null until a moving window is full. */
  current(): number | null {
    const s = this.settings;
    if (s.statistic === 'ewma') return this.ewma;
    if (this.window.length < s.blockSize!) return null;
    if (s.statistic === 'moving-median') {
      const n = this.sorted.length;
      return n % 2 ? this.sorted[(n - 1) / 2] : (this.sorted[n / 2 - 1] + this.sorted[n / 2]) / 2;
    }
    let sum = 0;
    for (const v of this.window) sum += v;
    return sum / this.window.length;
  }

  push(value: number): TrackedPoint {
    const s = this.settings;
    let used: number | null = value;
    if (s.truncation && (value < s.truncation.low || value > s.truncation.high)) {
      used = s.truncation.mode === 'winsorize' ? Math.min(s.truncation.high, Math.max(s.truncation.low, value)) : null;
    }
    if (used === null) return { included: false, used: null, statistic: this.current(), alarm: null };
    if (s.statistic === 'ewma') this.ewma = s.lambda! * used + (1 - s.lambda!) * (this.ewma ?? s.target);
    else this.enter(used);
    const statistic = this.current();
    let alarm: TrackedPoint['alarm'] = null;
    if (statistic !== null && s.limits) alarm = statistic > s.limits.high ? 'high' : statistic < s.limits.low ? 'low' : null;
    return { included: true, used, statistic, alarm };
  }

  state(): PbrtqcState {
    return { recent: [...this.window].reverse(), ewma: this.ewma };
  }
}
