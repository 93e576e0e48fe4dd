import type { Queryable } from '@medunion/kernel';
import { evaluateWestgard, type QcResult, type QcRunEvaluation, type WestgardConfig } from '@medunion/labcore';
import type { BilingualText, QcVerdict, QcViolation } from '../contracts/qc.ts';
import { iso, num } from './db.ts';
import { levelKey } from './ledger.ts';

/**
 * How far back the across-run rules look: the longest rule (12x) needs 12 results of a level, 10x ten of all levels;
 * 100 earlier results of the test on the instrument cover any rule set with several levels.
 */
const HISTORY = 100;

interface JudgedRow {
  id: string;
  run_id: string;
  material_id: string;
  level: string;
  measured_at: Date | string;
  value: number;
  target_mean: number | null;
  target_sd: number | null;
  excluded: boolean;
}

export interface RunVerdict {
  status: QcVerdict | null;
  violations: QcViolation[];
  reason: BilingualText | null;
}

const JUDGED = `select r.id, r.run_id, m.id as material_id, l.level, r.measured_at, r.value, r.target_mean, r.target_sd, r.excluded
  from lis_qc_result r join lis_qc_level l on l.id = r.level_id join lis_qc_lot lot on lot.id = l.lot_id join lis_qc_material m on m.id = lot.material_id`;

const toQcResult = (r: JudgedRow): QcResult => ({
  id: r.id,
  runId: r.run_id,
  level: levelKey(r.material_id, r.level),
  time: iso(r.measured_at),
  value: num(r.value),
  target: { mean: num(r.target_mean), sd: num(r.target_sd) },
  excluded: r.excluded,
});

/**
 * Judges a run with labcore's Westgard multirules against the series' history (the results of the test on the
 * instrument before it) and stores the verdict on the run and on each of its results. A run is judged as a whole, so
 * a second level arriving can turn the first level's accepted run into a rejected one (R-4s within the run); earlier
 * runs keep their verdicts. Results without a target in force are kept but cannot be judged (status null).
 */
export async function judgeRun(tx: Queryable, institution: string, instrumentId: string, testCode: string, runId: string, config: WestgardConfig): Promise<RunVerdict> {
  const { rows: run } = await tx.query<JudgedRow>(`${JUDGED} where r.run_id = $1 order by r.measured_at, r.id`, [runId]);
  const judged = run.filter((r) => r.target_mean !== null && r.target_sd !== null);
  if (!judged.length) {
    await tx.query('update lis_qc_run set status = null, violations = $2, reason = null where id = $1', [runId, '[]']);
    return { status: null, violations: [], reason: null };
  }
  const last = judged[judged.length - 1].measured_at;
  const { rows: history } = await tx.query<JudgedRow>(
    `${JUDGED} where r.institution = $1 and r.instrument_id = $2 and r.test_code = $3 and r.run_id <> $4 and r.measured_at <= $5
       and r.target_mean is not null order by r.measured_at desc, r.id desc limit ${HISTORY}`,
    [institution, instrumentId, testCode, runId, last],
  );
  const evaluation = evaluateWestgard([...history.reverse(), ...judged].map(toQcResult), config);
  const verdict = evaluation.runs.find((r) => r.runId === runId) as QcRunEvaluation;
  for (const result of evaluation.results.filter((r) => r.runId === runId)) {
    await tx.query('update lis_qc_result set status = $2, violations = $3, reason = $4, z = $5 where id = $1', [
      result.id,
      result.status,
      JSON.stringify(result.violations),
      JSON.stringify(result.reason),
      result.z,
    ]);
  }
  await tx.query('update lis_qc_run set status = $2, violations = $3, reason = $4 where id = $1', [runId, verdict.status, JSON.stringify(verdict.violations), JSON.stringify(verdict.reason)]);
  return { status: verdict.status, violations: verdict.violations as QcViolation[], reason: verdict.reason };
}
