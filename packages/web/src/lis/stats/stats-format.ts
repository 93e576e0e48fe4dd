import type { AbnormalRateRow, TestStatisticsResponse } from '@medunion/lis/contracts';
import type { ResultQuery, StatsPeriod } from './stats.api.ts';

/** Pure helpers of the statistics pages: rates, money, periods, histogram labels and search conditions. */

/** A share as a percentage with one decimal: 0.125 → 12.5%; '–' when there is nothing to divide. */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '–';
  return `${Math.round(rate * 1000) / 10}%`;
}

/** Yuan with two decimals and thousands separators: 12345.5 → 12,345.50. */
export function yuan(amount: number | null | undefined): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return '–';
  return amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** The lab's overall abnormal and positive rates from the per-test rows (results with a flag over all results). */
export function overallRates(rows: readonly AbnormalRateRow[]): { results: number; abnormal: number; abnormalRate: number | null; critical: number } {
  const results = rows.reduce((n, r) => n + r.results, 0);
  const abnormal = rows.reduce((n, r) => n + r.abnormal, 0);
  const critical = rows.reduce((n, r) => n + r.critical, 0);
  return { results, abnormal, critical, abnormalRate: results ? abnormal / results : null };
}

/** The `n` rows with the highest value of `by` (ties in the rows' order), for the top-N charts. */
export function topBy<T>(rows: readonly T[], by: (row: T) => number | null, n: number): T[] {
  return rows
    .map((row, index) => ({ row, index, value: by(row) ?? -Infinity }))
    .sort((a, b) => b.value - a.value || a.index - b.index)
    .slice(0, n)
    .map((x) => x.row);
}

/** Labels of histogram bins with the test's decimals: `4.50–5.00`. */
export function binLabels(bins: TestStatisticsResponse['histogram'], decimals: number): string[] {
  return bins.map((b) => `${b.low.toFixed(decimals)}–${b.high.toFixed(decimals)}`);
}

/** A period from two dates (dayjs or anything with `format`). */
export function periodOf(range: readonly [{ format(f: string): string }, { format(f: string): string }]): StatsPeriod {
  return { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
}

/** Search conditions without the empty ones, trimmed (none given: the server lists the period). */
export function resultQuery(form: ResultQuery): ResultQuery {
  const out: ResultQuery = {};
  for (const [k, v] of Object.entries(form) as [keyof ResultQuery, string | undefined][]) {
    const value = v?.trim();
    if (value) out[k] = value;
  }
  return out;
}

/** Numbers as the statistics tables print them: the test's decimals (+1 for means and SDs), '–' for none. */
export function num(value: number | null | undefined, decimals: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toFixed(decimals);
}

/** Observation statuses a result row can carry, for their labels (others are shown as written). */
export const RESULT_STATUSES = ['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error'] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];
export const isResultStatus = (s: string): s is ResultStatus => (RESULT_STATUSES as readonly string[]).includes(s);
