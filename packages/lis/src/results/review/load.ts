import type { DiagnosticReport, Observation } from '@medplum/fhirtypes';
import { FhirError, MAX_COUNT, type ModuleContext, type RequestContext, type Unit } from '@medunion/kernel';
import { sid } from '../../urls.ts';
import { identifierValue, idOf } from '../fhir.ts';
import { fieldError } from '../../http/errors.ts';

export interface LoadedReport {
  report: DiagnosticReport & { id: string };
  /** Its results in report order. */
  observations: (Observation & { id: string })[];
  specimenId: string;
}

/**
 * A report of the institution's laboratory with its results, read as the caller (inside `unit` when given). Anything
 * else — unknown, deleted, another institution's, not an LIS report — is a 404 naming `field`.
 */
export async function loadReport(ctx: ModuleContext, request: RequestContext, institution: string, reportId: string, unit?: Unit, field = 'reportId'): Promise<LoadedReport> {
  const missing = () => fieldError(404, field, `报告 ${reportId} 不存在`, `Report ${reportId} does not exist`, 'not-found');
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(reportId)) throw missing();
  const report = (await ctx.store.read(request, 'DiagnosticReport', reportId, unit).catch((err) => {
    if (err instanceof FhirError && [403, 404, 410].includes(err.status)) throw missing();
    throw err;
  })) as DiagnosticReport & { id: string };
  if (!identifierValue(report.identifier, sid.report(institution))) throw missing();
  const ids = (report.result ?? []).map((r) => idOf(r)).filter((id): id is string => !!id);
  const found = ids.length ? ((await ctx.store.search(request, 'Observation', [['_id', ids.join(',')], ['_count', String(Math.min(MAX_COUNT, ids.length))]], unit)).resources as (Observation & { id: string })[]) : [];
  const byId = new Map(found.map((o) => [o.id, o]));
  return { report, observations: ids.map((id) => byId.get(id)).filter((o): o is Observation & { id: string } => !!o), specimenId: idOf(report.specimen?.[0]) ?? '' };
}

/** Serialises work on one specimen's results and reports (recording, review, recall) within the transaction. */
export const lockSpecimen = (unit: Unit, specimenId: string): Promise<unknown> => unit.tx.query('select pg_advisory_xact_lock(hashtext($1))', [`lis-results:${specimenId}`]);
