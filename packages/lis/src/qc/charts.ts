import type { ModuleContext } from '@medunion/kernel';
import { leveyJennings, qcStatistics, type QcResult, type WestgardEvaluation } from '@medunion/labcore';
import type { LeveyJenningsResponse, QcLevelSeries, QcPeriodStatistics } from '../contracts/qc.ts';
import { catalogueOf, testName } from './catalogue.ts';
import { listEvents } from './events.ts';
import { instrumentNames } from './instruments.ts';
import { listResults, type LedgerEntry } from './ledger.ts';
import { type Period } from '../http/period.ts';

/** Results with a target, as labcore reads them: a level is a material's level across its lots. */
export function asQcResults(entries: readonly LedgerEntry[]): QcResult[] {
  return entries
    .filter((r) => r.targetMean !== null && r.targetSd !== null)
    .map((r) => ({ id: r.id, runId: r.runId, level: r.key, time: r.measuredAt, value: r.value, target: { mean: r.targetMean!, sd: r.targetSd! }, excluded: r.excluded }));
}

/** The verdicts stored when each result was judged (with the history of its day), so charts show what the bench saw. */
export function storedEvaluation(entries: readonly LedgerEntry[]): WestgardEvaluation {
  return {
    results: entries
      .filter((r) => r.targetMean !== null)
      .map((r) => ({
        id: r.id,
        runId: r.runId,
        level: r.key,
        value: r.value,
        z: r.z ?? 0,
        excluded: r.excluded,
        violations: r.violations,
        status: r.status ?? 'accept',
        runStatus: r.runStatus ?? 'accept',
        reason: r.reason ?? { 'zh-CN': '', en: '' },
      })),
    runs: [],
  };
}

export function seriesOf(entries: readonly LedgerEntry[]): QcLevelSeries[] {
  const series = new Map<string, QcLevelSeries>();
  for (const r of entries) {
    const s = series.get(r.key) ?? { key: r.key, label: `${r.materialName} 水平${r.level}`, materialName: r.materialName, level: r.level, lots: [] };
    if (!s.lots.includes(r.lotNo)) s.lots.push(r.lotNo);
    series.set(r.key, s);
  }
  return [...series.values()].sort((a, b) => a.label.localeCompare(b.label));
}

/** Observed mean, SD, CV per level over the results given, against the newest target (labcore qcStatistics). */
export function periodStatistics(entries: readonly LedgerEntry[], series: readonly QcLevelSeries[]): QcPeriodStatistics[] {
  const labels = new Map(series.map((s) => [s.key, s.label]));
  return qcStatistics(asQcResults(entries)).map((s) => ({
    key: s.level,
    label: labels.get(s.level) ?? s.level,
    count: s.count,
    mean: s.mean,
    sd: s.sd,
    cv: s.cv,
    min: s.min,
    max: s.max,
    targetMean: s.targetMean,
    targetSd: s.targetSd,
    targetCv: s.targetMean && s.targetSd ? (s.targetSd / Math.abs(s.targetMean)) * 100 : null,
    biasPercent: s.biasPercent,
    sdRatio: s.sdRatio,
  }));
}

/**
 * Levey-Jennings data for one test on one instrument over a period: every level on one chart (z-score axis, and per
 * level the ±1/2/3 SD lines of each target segment), each point with the verdict and rules stored when it was
 * judged, the period statistics per level, and the out-of-control events of the period for marking.
 */
export async function leveyJenningsData(ctx: ModuleContext, institution: string, testCode: string, instrumentId: string, period: Period): Promise<LeveyJenningsResponse> {
  const entries = await listResults(ctx.db, institution, { testCode, instrumentId, start: period.start, end: period.end });
  const series = seriesOf(entries);
  const catalogue = await catalogueOf(ctx, institution);
  const names = await instrumentNames(ctx, institution, [instrumentId]);
  const chart = leveyJennings(asQcResults(entries), storedEvaluation(entries));
  return {
    testCode,
    testName: testName(catalogue, testCode),
    instrumentId,
    instrumentName: names.get(instrumentId) ?? instrumentId,
    from: period.from,
    to: period.to,
    series,
    chart: chart as LeveyJenningsResponse['chart'],
    statistics: periodStatistics(entries, series),
    events: await listEvents(ctx.db, institution, { testCode, instrumentId, start: period.start, end: period.end }),
  };
}
