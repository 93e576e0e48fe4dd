/** Count, mean, sample SD (n − 1), CV % and extremes of a set of values. */
export interface Summary {
  count: number;
  mean: number | null;
  /** Sample standard deviation; null below two values. */
  sd: number | null;
  /** Coefficient of variation in percent (SD / |mean| × 100); null when undefined. */
  cv: number | null;
  min: number | null;
  max: number | null;
}

export function mean(values: readonly number[]): number | null {
  if (!values.length) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample SD, computed around the mean in two passes (stable for lab-sized numbers). */
export function standardDeviation(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values)!;
  let squares = 0;
  for (const v of values) squares += (v - m) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

export function coefficientOfVariation(sd: number | null, m: number | null): number | null {
  return sd === null || m === null || m === 0 ? null : (sd / Math.abs(m)) * 100;
}

export function summarize(values: readonly number[]): Summary {
  const m = mean(values);
  const sd = standardDeviation(values);
  return {
    count: values.length,
    mean: m,
    sd,
    cv: coefficientOfVariation(sd, m),
    min: values.length ? Math.min(...values) : null,
    max: values.length ? Math.max(...values) : null,
  };
}

/**
 * The p-quantile (0 ≤ p ≤ 1) of values already sorted ascending, interpolating linearly between order statistics
 * (Hyndman & Fan type 7, the definition of Excel's PERCENTILE.INC and R's default).
 */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (!sorted.length) throw new RangeError('quantile of an empty set');
  const h = (sorted.length - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function quantile(values: readonly number[], p: number): number {
  return quantileSorted([...values].sort((a, b) => a - b), p);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Welford's running mean and variance: one value at a time, for cumulative statistics. */
export class RunningSummary {
  count = 0;
  private m = 0;
  private s = 0;

  push(value: number): void {
    this.count++;
    const delta = value - this.m;
    this.m += delta / this.count;
    this.s += delta * (value - this.m);
  }

  get mean(): number | null {
    return this.count ? this.m : null;
  }

  get sd(): number | null {
    return this.count < 2 ? null : Math.sqrt(this.s / (this.count - 1));
  }
}
