import type { ModuleContext } from '@medunion/kernel';
import type { MonthlyQcReport, MonthlyQcRow } from '../../contracts/qc.ts';
import { catalogueOf, testName } from '../catalogue.ts';
import { periodStatistics, seriesOf } from '../charts.ts';
import { num } from '../db.ts';
import { listEvents } from '../events.ts';
import { instrumentNames } from '../instruments.ts';
import { listResults, type LedgerEntry } from '../ledger.ts';
import { monthPeriod } from '../../http/period.ts';

/**
 * The monthly QC report (月度室内质控报告): per test × instrument × control level the target, the month's observed
 * mean/SD/CV and n, bias, how many results warned or took part in a rejection and by which rules; the month's
 * out-of-control events with their corrective actions; and the runs judged. Computed from the ledger as stored.
 */
export async function monthlyReport(ctx: ModuleContext, institution: string, month: string, filter: { instrumentId?: string; testCode?: string } = {}): Promise<MonthlyQcReport> {
  const period = monthPeriod(month);
  const entries = await listResults(ctx.db, institution, { ...filter, start: period.start, end: period.end });
  const catalogue = await catalogueOf(ctx, institution);
  const events = await listEvents(ctx.db, institution, { ...filter, start: period.start, end: period.end });
  const names = await instrumentNames(ctx, institution, [...entries.map((e) => e.instrumentId), ...events.map((e) => e.instrumentId)]);

  const groups = new Map<string, LedgerEntry[]>();
  for (const e of entries) {
    const key = `${e.testCode}\u0000${e.instrumentId}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const rows: MonthlyQcRow[] = [];
  for (const list of groups.values()) {
    const { testCode, instrumentId } = list[0];
    const series = seriesOf(list);
    const stats = new Map(periodStatistics(list, series).map((s) => [s.key, s]));
    for (const s of series) {
      const own = list.filter((e) => e.key === s.key);
      const st = stats.get(s.key);
      const rules: Record<string, number> = {};
      for (const e of own) for (const rule of new Set(e.violations.map((v) => v.rule))) rules[rule] = (rules[rule] ?? 0) + 1;
      rows.push({
        testCode,
        testName: testName(catalogue, testCode),
        instrumentId,
        instrumentName: names.get(instrumentId) ?? instrumentId,
        key: s.key,
        label: s.label,
        lotNos: s.lots,
        targetMean: st?.targetMean ?? null,
        targetSd: st?.targetSd ?? null,
        targetCv: st?.targetCv ?? null,
        count: st?.count ?? 0,
        mean: st?.mean ?? null,
        sd: st?.sd ?? null,
        cv: st?.cv ?? null,
        biasPercent: st?.biasPercent ?? null,
        warnings: own.filter((e) => e.status === 'warning').length,
        rejects: own.filter((e) => e.status === 'reject').length,
        rules,
      });
    }
  }
  rows.sort((a, b) => a.testCode.localeCompare(b.testCode) || a.instrumentName.localeCompare(b.instrumentName) || a.label.localeCompare(b.label));

  const where = ['institution = $1', 'started_at >= $2', 'started_at < $3', 'status is not null'];
  const params: unknown[] = [institution, period.start, period.end];
  if (filter.instrumentId) where.push(`instrument_id = $${params.push(filter.instrumentId)}`);
  if (filter.testCode) where.push(`test_code = $${params.push(filter.testCode)}`);
  const { rows: runs } = await ctx.db.query<{ status: string; n: number | string }>(`select status, count(*) as n from lis_qc_run where ${where.join(' and ')} group by status`, params);
  const count = (status: string) => num(runs.find((r) => r.status === status)?.n ?? 0);

  return {
    institution,
    month,
    from: period.from,
    to: period.to,
    rows,
    events: events.map((e) => ({ ...e, testName: testName(catalogue, e.testCode), instrumentName: names.get(e.instrumentId) ?? e.instrumentId })),
    runs: { total: count('accept') + count('warning') + count('reject'), accepted: count('accept'), warnings: count('warning'), rejected: count('reject') },
  };
}
