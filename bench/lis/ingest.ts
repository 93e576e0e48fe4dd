/**
 * One ingest: the requisitions' chemistry tubes spread over the ASTM analyzers and their blood counts over the HL7
 * analyzers, every analyzer connected first (load client), then all started at once; the clock runs from `go` until
 * the database holds a complete report for every tube.
 */
import type { Queryable } from '../../packages/kernel/src/db/types.ts';
import type { AnalyzerRun, IngestResult, Requisition } from './jobs.ts';
import { runJob } from './jobs.ts';
import { lisPatient } from './patients.ts';
import { reportCounts, SECTION_OF, watchIngest, type Watched } from './progress.ts';
import { planOf, type Plan } from './results.ts';
import type { LabInstrument } from './setup.ts';

export interface IngestRun {
  sent: IngestResult;
  watched: Watched;
  /** Tubes per plan (what auto-verification should hold: everything but `normal`). */
  plans: Record<Plan, number>;
  specimens: Record<'astm' | 'hl7', number>;
}

/** Assigns tubes to analyzers round-robin; every `queryEvery`-th tube of an analyzer is asked for by host query first. */
export function analyzerRuns(instruments: LabInstrument[], requisitions: Requisition[], queryEvery: number): AnalyzerRun[] {
  const runs = instruments.map((i): AnalyzerRun => ({ protocol: i.protocol, code: i.code, port: i.port, specimens: [] }));
  const astm = runs.filter((r) => r.protocol === 'astm');
  const hl7 = runs.filter((r) => r.protocol === 'hl7');
  requisitions.forEach((req, k) => {
    const sex = lisPatient(req.index).sex;
    for (const [list, kind, barcode] of [[astm, 'chemistry', req.chemistry], [hl7, 'cbc', req.cbc]] as const) {
      const run = list[k % list.length];
      run.specimens.push({ barcode, index: req.index, kind, sex, query: queryEvery > 0 && run.specimens.length % queryEvery === 0 });
    }
  });
  return runs;
}

export async function ingest(db: Queryable, instruments: LabInstrument[], requisitions: Requisition[], options: { queryEvery: number; histograms: boolean }): Promise<IngestRun> {
  const analyzers = analyzerRuns(instruments, requisitions, options.queryEvery);
  const plans: Record<Plan, number> = { normal: 0, abnormal: 0, critical: 0, flagged: 0 };
  for (const r of requisitions) for (const kind of ['chemistry', 'cbc'] as const) plans[planOf(kind, r.index)]++;
  const base = await reportCounts(db);
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  const run = runJob({ kind: 'ingest', analyzers, histograms: options.histograms }, { onReady: () => markReady() });
  // A client that dies while connecting must not leave us waiting for `ready` forever.
  await Promise.race([ready, run.answer.then(() => undefined)]);
  let sending = true;
  const answer = run.answer.finally(() => (sending = false));
  answer.catch(() => undefined);
  run.go();
  const expected = { [SECTION_OF.astm]: requisitions.length, [SECTION_OF.hl7]: requisitions.length };
  // The load client failing (an analyzer refused, a timeout) ends the wait at once.
  const clientFailed = answer.then(() => new Promise<never>(() => {}));
  let watched: Watched;
  try {
    watched = await Promise.race([watchIngest(db, base, expected, () => sending), clientFailed]);
  } catch (err) {
    run.stop();
    throw err;
  }
  const sent = await answer;
  run.stop();
  await run.exited;
  return { sent, watched, plans, specimens: { astm: requisitions.length, hl7: requisitions.length } };
}
