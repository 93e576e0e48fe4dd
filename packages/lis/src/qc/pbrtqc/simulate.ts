import type { Queryable } from '@medunion/kernel';
import { candidateGrid, historyTarget, LabcoreError, simulateBiasDetection, suggestTruncation, type BiasSimulationReport, type PbrtqcSettings } from '@medunion/labcore';
import type { PbrtqcSimulationRequest } from '../../contracts/qc.ts';
import { num } from '../db.ts';
import { fieldError } from '../../http/errors.ts';
import { type Period } from '../../http/period.ts';

/** At most this many of the newest results feed a simulation (a few months of one analyzer's test). */
export const MAX_HISTORY = 20_000;

/**
 * The patient results of a test on an instrument in a period, in the order they were produced (statistics
 * projection): measured numbers only, corrected values as corrected, withdrawn results left out.
 */
export async function patientHistory(q: Queryable, institution: string, testCode: string, instrumentId: string, period: Period): Promise<number[]> {
  const { rows } = await q.query<{ value_num: number }>(
    `select value_num from (select value_num, resulted_at, id from lis_stat_result
       where institution = $1 and test_code = $2 and device_id = $3 and value_num is not null and source = 'measured'
         and status not in ('cancelled', 'entered-in-error') and resulted_at >= $4 and resulted_at < $5
       order by resulted_at desc, id desc limit ${MAX_HISTORY}) x order by resulted_at, id`,
    [institution, testCode, instrumentId, period.start, period.end],
  );
  return rows.map((r) => num(r.value_num));
}

export interface SimulationResponse {
  history: { count: number; from: string; to: string; target: number };
  report: BiasSimulationReport;
  /** The recommended settings with their limits, ready for setPbrtqcSettings; null when nothing qualified. */
  recommended: PbrtqcSettings | null;
}

/**
 * AI-PBRTQC (seed 001 §1.9.3.3) as labcore does it: every combination of statistic, block size or λ and truncation
 * (none, or the history's 1st–99th percentiles) is given limits from the history at the target false-alarm rate, then
 * biases are injected at the same random points for every candidate and the patient results affected before the
 * alarm are counted; the ranking puts the fewest affected first among candidates with acceptable false alarms.
 */
export function simulate(history: number[], period: Period, req: PbrtqcSimulationRequest): SimulationResponse {
  if (history.length < 50) {
    throw fieldError(422, 'from', `${period.from} 至 ${period.to} 只有 ${history.length} 个患者结果，模拟至少需要 50 个`, `Only ${history.length} patient results from ${period.from} to ${period.to}; the simulation needs at least 50`);
  }
  const truncations = req.truncate === false ? [undefined] : [undefined, suggestTruncation(history)];
  const candidates = truncations.flatMap((truncation) =>
    candidateGrid({
      target: historyTarget(history, truncation),
      ...(req.statistics ? { statistics: req.statistics } : { statistics: ['moving-average', 'ewma'] }),
      ...(req.blockSizes ? { blockSizes: req.blockSizes } : {}),
      ...(req.lambdas ? { lambdas: req.lambdas } : {}),
      truncations: [truncation],
    }),
  );
  try {
    const report = simulateBiasDetection({
      history,
      candidates,
      biasesPercent: req.biasesPercent ?? [-10, -5, 5, 10],
      trialsPerBias: req.trialsPerBias ?? 50,
      seed: req.seed ?? 1,
      ...(req.falseAlarmRate !== undefined ? { falseAlarmRate: req.falseAlarmRate } : {}),
    });
    return {
      history: { count: history.length, from: period.from, to: period.to, target: historyTarget(history) },
      report,
      recommended: report.best?.settings ?? null,
    };
  } catch (err) {
    if (err instanceof LabcoreError) throw fieldError(422, err.path, err.reason['zh-CN'], err.reason.en);
    throw err;
  }
}
