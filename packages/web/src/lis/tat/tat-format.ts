import type { TatOverdueItem, TatStage, TatStageStatistics } from '@medunion/lis/contracts';

/** Pure helpers of the TAT page and the wall screen: stage order, durations, status counts, overdue order, scrolling. */

export const TAT_STAGES: readonly TatStage[] = ['collection-receipt', 'receipt-result', 'result-review', 'receipt-report', 'order-report'];

/** Specimen statuses in the order a tube moves through the lab (rejected last), as the wall screen lists them. */
export const SPECIMEN_STATUSES = ['registered', 'collected', 'received', 'in-test', 'resulted', 'reviewed', 'printed', 'rejected'] as const;
export type SpecimenStatus = (typeof SPECIMEN_STATUSES)[number];

/** Minutes as hours and minutes (rounded to the minute), null when there is no figure. */
export function splitMinutes(minutes: number | null | undefined): { hours: number; minutes: number } | null {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return null;
  const whole = Math.max(0, Math.round(minutes));
  return { hours: Math.floor(whole / 60), minutes: whole % 60 };
}

/** The statistics of one stage from a row's list (every stage is always there; a missing one reads as empty). */
export function stageOf(stages: readonly TatStageStatistics[], stage: TatStage): TatStageStatistics {
  return stages.find((s) => s.stage === stage) ?? { stage, count: 0, mean: null, median: null, p90: null, p95: null, max: null };
}

/** Every status with its count, in lab order (zeros kept so the wall's tiles never move), then unknown ones. */
export function statusCounts(counts: Record<string, number>): { status: string; count: number }[] {
  const known = SPECIMEN_STATUSES.map((status) => ({ status, count: counts[status] ?? 0 }));
  const others = Object.entries(counts)
    .filter(([status]) => !(SPECIMEN_STATUSES as readonly string[]).includes(status))
    .map(([status, count]) => ({ status, count }));
  return [...known, ...others];
}

/** Overdue specimens, the longest overdue first (ties: stat before routine, then by barcode). */
export function sortOverdue<T extends Pick<TatOverdueItem, 'overdueMinutes' | 'priority' | 'barcode'>>(items: readonly T[]): T[] {
  const stat = (p: string | null) => (p === 'stat' ? 0 : 1);
  return [...items].sort((a, b) => b.overdueMinutes - a.overdueMinutes || stat(a.priority) - stat(b.priority) || (a.barcode ?? '').localeCompare(b.barcode ?? ''));
}

/** Seconds one pass of the wall's scrolling overdue list takes: a steady 2.5 s per row, at least 20 s. */
export const scrollSeconds = (rows: number): number => Math.max(20, Math.round(rows * 2.5));

/** Whether a list needs to scroll on the wall: more rows than the box shows. */
export const needsScroll = (rows: number, visible: number): boolean => rows > visible;

/** Share within target → the tone of its figure: ≥ 90 % good, ≥ 80 % watch, else bad. */
export function withinTargetTone(rate: number | null | undefined): 'good' | 'watch' | 'bad' | 'none' {
  if (rate === null || rate === undefined) return 'none';
  return rate >= 0.9 ? 'good' : rate >= 0.8 ? 'watch' : 'bad';
}

/** The receipt → report target of a by-panel row: the panel's own, else the routine default (parameter). */
export function panelTarget(panelCode: string, panels: readonly { code: string; tatTargetMinutes?: number }[], routineDefault: number): { minutes: number; own: boolean } {
  const own = panels.find((p) => p.code === panelCode)?.tatTargetMinutes;
  return own ? { minutes: own, own: true } : { minutes: routineDefault, own: false };
}

export const isSpecimenStatus = (s: string): s is SpecimenStatus => (SPECIMEN_STATUSES as readonly string[]).includes(s);
