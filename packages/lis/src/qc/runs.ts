import { randomUUID } from 'node:crypto';
import type { Queryable } from '@medunion/kernel';
import { iso } from './db.ts';
import { fieldError } from '../http/errors.ts';

export interface RunRef {
  id: string;
  startedAt: string;
}

/**
 * The run (批) a control result belongs to. Analyzers do not say which results form a run, so the rule is: a result
 * joins the latest run of the test on the instrument that started at most `windowMinutes` before it, unless that run
 * already holds this level — measuring a level again (a re-run after a rejection, the afternoon QC) starts a new run.
 * Manual entry may name the run instead.
 */
export async function findRun(tx: Queryable, s: { institution: string; instrumentId: string; testCode: string; levelId: string; at: string; windowMinutes: number; runId?: string }): Promise<RunRef> {
  if (s.runId) {
    const { rows } = await tx.query<{ id: string; started_at: Date | string }>('select id, started_at from lis_qc_run where id = $1 and institution = $2 and instrument_id = $3 and test_code = $4', [
      s.runId,
      s.institution,
      s.instrumentId,
      s.testCode,
    ]);
    if (!rows[0]) throw fieldError(422, 'runId', `质控批 ${s.runId} 不是该仪器该项目的批`, `Run ${s.runId} is not a QC run of this test on this instrument`, 'not-found');
    const taken = await tx.query('select 1 from lis_qc_result where run_id = $1 and level_id = $2', [s.runId, s.levelId]);
    if (taken.rows[0]) throw fieldError(409, 'runId', '该批已有此水平的结果', 'The run already has a result of this level', 'conflict');
    return { id: rows[0].id, startedAt: iso(rows[0].started_at) };
  }
  const since = new Date(Date.parse(s.at) - s.windowMinutes * 60_000).toISOString();
  const { rows } = await tx.query<{ id: string; started_at: Date | string; has_level: boolean }>(
    `select run.id, run.started_at, exists (select 1 from lis_qc_result r where r.run_id = run.id and r.level_id = $5) as has_level
       from lis_qc_run run where run.institution = $1 and run.instrument_id = $2 and run.test_code = $3 and run.started_at between $4 and $6
      order by run.started_at desc limit 1`,
    [s.institution, s.instrumentId, s.testCode, since, s.levelId, s.at],
  );
  if (rows[0] && !rows[0].has_level) return { id: rows[0].id, startedAt: iso(rows[0].started_at) };
  const id = randomUUID();
  await tx.query('insert into lis_qc_run (id, institution, instrument_id, test_code, started_at) values ($1, $2, $3, $4, $5)', [id, s.institution, s.instrumentId, s.testCode, s.at]);
  return { id, startedAt: s.at };
}
