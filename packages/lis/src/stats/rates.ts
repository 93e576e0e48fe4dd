import type { ModuleContext } from '@medunion/kernel';
import type { AbnormalRateRow } from '../contracts/qc.ts';
import { catalogueOf, testName } from '../qc/catalogue.ts';
import { num } from '../qc/db.ts';
import { FLAGS, VALID_RESULT } from './sql.ts';
import { type Period } from '../http/period.ts';

const rate = (n: number, d: number): number | null => (d ? n / d : null);

/**
 * Abnormal and positive rates per test (异常、阳性统计): of the results produced in the period, how many were flagged
 * abnormal (L/H/LL/HH/A/AA), high, low, critical (LL/HH/AA), and — for qualitative tests (text results) — positive
 * (A/AA). The positive rate is over the test's text results only; the abnormal rate over all its results.
 */
export async function abnormalRates(ctx: ModuleContext, institution: string, period: Period, filter: { instrumentId?: string } = {}): Promise<AbnormalRateRow[]> {
  const { rows } = await ctx.db.query<Record<string, string | number>>(
    `select r.test_code,
            count(*) as results,
            count(*) filter (where r.flag = any($4::text[])) as abnormal,
            count(*) filter (where r.flag = any($5::text[])) as high,
            count(*) filter (where r.flag = any($6::text[])) as low,
            count(*) filter (where r.flag = any($7::text[])) as critical,
            count(*) filter (where r.value_num is null and r.value_text is not null) as qualitative,
            count(*) filter (where r.value_num is null and r.flag = any($8::text[])) as positive
       from lis_stat_result r
      where r.institution = $1 and r.resulted_at >= $2 and r.resulted_at < $3 and ${VALID_RESULT} and ($9::text is null or r.device_id = $9)
      group by r.test_code`,
    [institution, period.start, period.end, FLAGS.abnormal, FLAGS.high, FLAGS.low, FLAGS.critical, FLAGS.positive, filter.instrumentId ?? null],
  );
  const catalogue = await catalogueOf(ctx, institution);
  return rows
    .map((r) => {
      const results = num(r.results);
      const abnormal = num(r.abnormal);
      const positive = num(r.positive);
      return {
        testCode: String(r.test_code),
        testName: testName(catalogue, String(r.test_code)),
        results,
        abnormal,
        high: num(r.high),
        low: num(r.low),
        critical: num(r.critical),
        positive,
        abnormalRate: rate(abnormal, results),
        positiveRate: rate(positive, num(r.qualitative)),
      };
    })
    .sort((a, b) => (catalogue.tests.get(a.testCode)?.order ?? 1e9) - (catalogue.tests.get(b.testCode)?.order ?? 1e9) || a.testCode.localeCompare(b.testCode));
}
