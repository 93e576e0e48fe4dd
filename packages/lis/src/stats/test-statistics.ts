import type { ModuleContext } from '@medunion/kernel';
import { quantile, summarize } from '@medunion/labcore';
import type { TestStatisticsResponse } from '../contracts/qc.ts';
import type { TestDefinition } from '../ports.ts';
import { num } from '../qc/db.ts';
import { VALID_RESULT } from './sql.ts';
import { chinaDate, daysOf, type Period } from '../http/period.ts';

/** Equal-width bins from the lowest to the highest value; the last bin includes its upper edge. */
export function histogram(values: readonly number[], bins: number): { low: number; high: number; count: number }[] {
  if (!values.length) return [];
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (min === max) return [{ low: min, high: max, count: values.length }];
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - min) / width))]++;
  return counts.map((count, i) => ({ low: min + i * width, high: i === bins - 1 ? max : min + (i + 1) * width, count }));
}

/**
 * A test's numeric results over a period (一段时期内某项目的平均值、最大值、最小值、标准差、变异系数): summary,
 * median and 5th/95th percentiles, a histogram for the distribution chart and a daily series for the trend chart.
 * Exact numbers only: bounds (`<0.10`) and texts are not values to average.
 */
export async function testStatistics(ctx: ModuleContext, institution: string, test: TestDefinition, period: Period, options: { instrumentId?: string; bins?: number } = {}): Promise<TestStatisticsResponse> {
  const { rows } = await ctx.db.query<{ value_num: number; resulted_at: Date | string }>(
    `select r.value_num, r.resulted_at from lis_stat_result r
      where r.institution = $1 and r.test_code = $2 and r.resulted_at >= $3 and r.resulted_at < $4 and r.value_num is not null and ${VALID_RESULT}
        and ($5::text is null or r.device_id = $5)`,
    [institution, test.code, period.start, period.end, options.instrumentId ?? null],
  );
  const values = rows.map((r) => num(r.value_num));
  const s = summarize(values);
  const byDay = new Map<string, number[]>();
  for (const r of rows) {
    const day = chinaDate(r.resulted_at instanceof Date ? r.resulted_at : String(r.resulted_at));
    byDay.set(day, [...(byDay.get(day) ?? []), num(r.value_num)]);
  }
  return {
    testCode: test.code,
    testName: test.name,
    ...(test.unit ? { unit: test.unit } : {}),
    from: period.from,
    to: period.to,
    ...(options.instrumentId ? { instrumentId: options.instrumentId } : {}),
    count: s.count,
    mean: s.mean,
    sd: s.sd,
    cv: s.cv,
    min: s.min,
    max: s.max,
    median: values.length ? quantile(values, 0.5) : null,
    p5: values.length ? quantile(values, 0.05) : null,
    p95: values.length ? quantile(values, 0.95) : null,
    histogram: histogram(values, options.bins ?? 20),
    trend: daysOf(period).map((day) => {
      const v = summarize(byDay.get(day) ?? []);
      return { day, count: v.count, mean: v.mean, sd: v.sd };
    }),
  };
}
