import type { QcRunEvaluation } from '../westgard/types.ts';
import type { QcStatusRecord } from './types.ts';

/** The QC runs of a Westgard evaluation as records for auto-verification of one test on one instrument. */
export function qcRecordsFromRuns(runs: readonly QcRunEvaluation[], test: string, instrument: string): QcStatusRecord[] {
  return runs.map((run) => ({ test, instrument, status: run.status, time: run.time, runId: run.runId }));
}
