import type { ModuleContext } from '@medunion/kernel';
import { mean, quantile } from '@medunion/labcore';
import type { TatGroupRow, TatStage, TatStageStatistics } from '../contracts/qc.ts';
import { catalogueOf, type Catalogue } from '../qc/catalogue.ts';
import { tatLimits, type TatLimits } from './parameters.ts';
import { minutesBetween, reportTargetMinutes, specimenTimes, type SpecimenTimes } from './timeline.ts';
import { type Period } from '../http/period.ts';

export const TAT_STAGES: TatStage[] = ['collection-receipt', 'receipt-result', 'result-review', 'receipt-report', 'order-report'];

/** The minutes a specimen spent in a stage (null when it has not passed both ends). */
export function stageMinutes(s: SpecimenTimes, stage: TatStage): number | null {
  switch (stage) {
    case 'collection-receipt':
      return minutesBetween(s.collectedAt, s.receivedAt);
    case 'receipt-result':
      return minutesBetween(s.receivedAt, s.resultedAt);
    case 'result-review':
      return minutesBetween(s.resultedAt, s.reviewedAt);
    case 'receipt-report':
      return minutesBetween(s.receivedAt, s.reportedAt);
    case 'order-report':
      return minutesBetween(s.orderedAt, s.reportedAt);
  }
}

const round1 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);

/** Count, mean, median, 90th/95th percentile and maximum of a stage; for receipt → report, the share within target. */
export function stageStatistics(specimens: readonly SpecimenTimes[], stage: TatStage, targetOf?: (s: SpecimenTimes) => number): TatStageStatistics {
  const timed = specimens.map((s) => ({ s, m: stageMinutes(s, stage) })).filter((x): x is { s: SpecimenTimes; m: number } => x.m !== null);
  const values = timed.map((x) => x.m);
  const stats: TatStageStatistics = {
    stage,
    count: values.length,
    mean: round1(mean(values)),
    median: values.length ? round1(quantile(values, 0.5)) : null,
    p90: values.length ? round1(quantile(values, 0.9)) : null,
    p95: values.length ? round1(quantile(values, 0.95)) : null,
    max: values.length ? round1(Math.max(...values)) : null,
  };
  if (stage === 'receipt-report' && targetOf) stats.withinTarget = values.length ? timed.filter((x) => x.m <= targetOf(x.s)).length / values.length : null;
  return stats;
}

export const TAT_GROUPS = ['panel', 'department', 'section'] as const;
export type TatGroup = (typeof TAT_GROUPS)[number];

/** The specimens received in a period (rejected ones left out): the cohort every TAT figure is about. */
export async function receivedIn(ctx: ModuleContext, institution: string, period: Period): Promise<SpecimenTimes[]> {
  return specimenTimes(ctx.db, institution, 's.received_at >= $2 and s.received_at < $3 and s.rejected_at is null', [period.start, period.end]);
}

function groupsOf(s: SpecimenTimes, by: TatGroup, catalogue: Catalogue): { key: string; label: string }[] {
  if (by === 'department') return [{ key: s.department ?? '(none)', label: s.departmentName ?? s.department ?? '（未注明）' }];
  const panels = s.panels.length ? s.panels : ['(none)'];
  if (by === 'panel') return panels.map((p) => ({ key: p, label: catalogue.panels.get(p)?.name ?? (p === '(none)' ? '（未注明）' : p) }));
  const sections = [...new Set(panels.map((p) => catalogue.panels.get(p)?.section ?? '(none)'))];
  return sections.map((key) => ({ key, label: key }));
}

export interface TatReport {
  from: string;
  to: string;
  specimens: number;
  stages: TatStageStatistics[];
}

/** TAT of the period's specimens per stage (the overview). */
export async function tatOverview(ctx: ModuleContext, institution: string, period: Period): Promise<TatReport> {
  const specimens = await receivedIn(ctx, institution, period);
  const catalogue = await catalogueOf(ctx, institution);
  const limits = await tatLimits(ctx, institution);
  return { from: period.from, to: period.to, specimens: specimens.length, stages: TAT_STAGES.map((stage) => stageStatistics(specimens, stage, (s) => reportTargetMinutes(s, catalogue, limits))) };
}

/** TAT per ordered panel, ordering department or lab section (a specimen for two panels counts in both). */
export async function tatByGroup(ctx: ModuleContext, institution: string, period: Period, by: TatGroup, sectionLabels?: Map<string, string>): Promise<TatGroupRow[]> {
  const specimens = await receivedIn(ctx, institution, period);
  const catalogue = await catalogueOf(ctx, institution);
  const limits: TatLimits = await tatLimits(ctx, institution);
  const groups = new Map<string, { label: string; list: SpecimenTimes[] }>();
  for (const s of specimens) {
    for (const g of groupsOf(s, by, catalogue)) {
      const entry = groups.get(g.key) ?? { label: by === 'section' ? (sectionLabels?.get(g.key) ?? g.label) : g.label, list: [] };
      entry.list.push(s);
      groups.set(g.key, entry);
    }
  }
  return [...groups]
    .map(([key, { label, list }]) => ({ key, label, specimens: list.length, stages: TAT_STAGES.map((stage) => stageStatistics(list, stage, (s) => reportTargetMinutes(s, catalogue, limits))) }))
    .sort((a, b) => b.specimens - a.specimens || a.key.localeCompare(b.key));
}
