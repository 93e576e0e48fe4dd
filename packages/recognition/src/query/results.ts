import type { DiagnosticReport, Observation } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import type { RecognizableRow } from '../core/recognizable.ts';
import type { ResultSummary } from '../upload/projection.ts';
import type { OfferedResult } from '../contracts/query.ts';

export type { OfferedResult } from '../contracts/query.ts';

export const valueOf = (o: Observation): string | undefined =>
  o.valueQuantity?.value !== undefined ? String(o.valueQuantity.value) : (o.valueString ?? o.valueCodeableConcept?.text);

export const rangeOf = (o: Observation): string | undefined => {
  const r = o.referenceRange?.[0];
  if (!r) return undefined;
  if (r.text) return r.text;
  const low = r.low?.value;
  const high = r.high?.value;
  return low !== undefined && high !== undefined ? `${low}–${high}` : low !== undefined ? `≥${low}` : high !== undefined ? `≤${high}` : undefined;
};

/** An Observation's summary as the doctor-side lists show it (and as the upload projects it). */
export function summaryOf(o: Observation): ResultSummary {
  const value = valueOf(o);
  const range = rangeOf(o);
  return {
    ...(value !== undefined ? { value } : {}),
    ...(o.valueQuantity?.unit ? { unit: o.valueQuantity.unit } : {}),
    ...(o.interpretation?.[0]?.coding?.[0]?.code ? { flag: o.interpretation[0].coding[0].code } : {}),
    ...(range ? { referenceRange: range } : {}),
  };
}

/**
 * Adds values and conclusions. Reports uploaded since the summary projection carry them already (no reads);
 * older ones are completed with two searches (Observations and DiagnosticReports by id), read as the module: the
 * caller's right to see them was established by the in-care check, and every call is audited by the route.
 */
export async function withValues(ctx: ModuleContext, results: RecognizableRow[]): Promise<OfferedResult[]> {
  if (!results.length) return [];
  const projected = (r: RecognizableRow): OfferedResult => {
    const { summary, ...result } = r;
    if (!summary) return result;
    if (r.observationId) return { ...result, ...summary.item };
    return { ...result, ...(summary.conclusion ? { conclusion: summary.conclusion } : {}) };
  };
  const older = results.filter((r) => !r.summary);
  if (!older.length) return results.map(projected);
  const obsIds = [...new Set(older.flatMap((r) => (r.observationId ? [r.observationId] : [])))];
  const reportIds = [...new Set(older.map((r) => r.reportId))];
  const [observations, reports] = await Promise.all([
    obsIds.length ? ctx.store.search(ctx.systemContext, 'Observation', [['_id', obsIds.join(',')], ['_count', String(obsIds.length)]]) : { resources: [] },
    ctx.store.search(ctx.systemContext, 'DiagnosticReport', [['_id', reportIds.join(',')], ['_count', String(reportIds.length)]]),
  ]);
  const obs = new Map(observations.resources.map((o) => [o.id!, o as Observation]));
  const rep = new Map(reports.resources.map((r) => [r.id!, r as DiagnosticReport]));
  return results.map((r) => {
    if (r.summary) return projected(r);
    const { summary: _none, ...result } = r;
    const o = r.observationId ? obs.get(r.observationId) : undefined;
    if (o) return { ...result, ...summaryOf(o) };
    const report = rep.get(r.reportId);
    return { ...result, ...(report?.conclusion ? { conclusion: report.conclusion } : {}) };
  });
}
