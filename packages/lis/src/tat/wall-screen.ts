import type { ModuleContext } from '@medunion/kernel';
import type { WallScreenData } from '../contracts/qc.ts';
import { catalogueOf } from '../qc/catalogue.ts';
import { findOverdue, openSpecimens } from './overdue.ts';
import { tatLimits } from './parameters.ts';
import { stageStatistics } from './statistics.ts';
import { reportTargetMinutes, specimenTimes } from './timeline.ts';
import { addDays, chinaDate, chinaDayStart, chinaHour } from '../http/period.ts';

/**
 * What the laboratory's wall screen (智能大屏, seed 004) shows: specimens by LIS status (today's and those still on
 * their way), what is overdue now (live, not waiting for the minute job), today's receipt → report turnaround with
 * its percentiles and the share within target, and specimens received and reported per hour of today.
 */
export async function wallScreen(ctx: ModuleContext, institution: string, now = new Date()): Promise<WallScreenData> {
  const today = chinaDate(now);
  const start = chinaDayStart(today);
  const end = chinaDayStart(addDays(today, 1));
  const open = await openSpecimens(ctx.db, institution, now);
  const todays = await specimenTimes(ctx.db, institution, '((s.first_seen >= $2 and s.first_seen < $3) or (s.received_at >= $2 and s.received_at < $3))', [start, end]);
  const counts: Record<string, number> = {};
  const seen = new Set<string>();
  for (const s of [...todays, ...open]) {
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    counts[s.status] = (counts[s.status] ?? 0) + 1;
  }
  const reported = await specimenTimes(ctx.db, institution, 's.rejected_at is null and exists (select 1 from lis_stat_report d where d.specimen_id = s.id and d.final_at >= $2 and d.final_at < $3)', [start, end]);
  const catalogue = await catalogueOf(ctx, institution);
  const limits = await tatLimits(ctx, institution);
  const receiptToReport = stageStatistics(reported, 'receipt-report', (s) => reportTargetMinutes(s, catalogue, limits));
  const hourly = Array.from({ length: 24 }, (_, hour) => ({ hour, received: 0, reported: 0 }));
  const inToday = (at: string | null): at is string => !!at && Date.parse(at) >= Date.parse(start) && Date.parse(at) < Date.parse(end);
  for (const s of todays) if (inToday(s.receivedAt)) hourly[chinaHour(s.receivedAt)].received++;
  for (const s of reported) if (inToday(s.reportedAt)) hourly[chinaHour(s.reportedAt)].reported++;
  return {
    institution,
    at: now.toISOString(),
    counts,
    overdue: (await findOverdue(ctx, institution, now)).slice(0, 100),
    today: { reported: reported.length, withinTarget: receiptToReport.withinTarget ?? null, receiptToReport },
    hourly,
  };
}
