import type { Observation, Patient, Resource, ServiceRequest, Specimen } from '@medplum/fhirtypes';
import type { ModuleContext, RequestContext } from '@medunion/kernel';
import type { LabResultRow } from '../contracts/qc.ts';
import { CS, sid } from '../urls.ts';
import { resultFields, specimenFields } from './fhir-fields.ts';
import { type Period } from '../http/period.ts';

/** The ordering doctor of a result, from its (included) order. */
function requesterOf(o: Observation, included: Map<string, Resource>): string | undefined {
  const order = included.get(o.basedOn?.[0]?.reference ?? '') as ServiceRequest | undefined;
  return order?.requester?.display ?? order?.requester?.reference;
}

export interface ResultQuery {
  name?: string;
  inpatientNo?: string;
  instrumentId?: string;
  barcode?: string;
  doctor?: string;
  testCode?: string;
  limit?: number;
}

/**
 * Finding results by patient name (a character of it: 模糊查询), inpatient / record number, analyzer, barcode or
 * ordering doctor (检验结果查询, seed 001 §1.4.1.3): one FHIR search of Observations **as the caller**, so their roles
 * and access policies decide which patients they may see, with the patients and specimens included for the rows.
 * The period is the collection time (Observation.effective).
 */
export async function searchResults(ctx: ModuleContext, caller: RequestContext, institution: string, period: Period, q: ResultQuery): Promise<{ rows: LabResultRow[]; more: boolean }> {
  const params: [string, string][] = [
    ['code', q.testCode ? `${CS.tests(institution)}|${q.testCode}` : `${CS.tests(institution)}|`],
    ['date', `ge${period.start}`],
    ['date', `lt${period.end}`],
    ['_include', 'Observation:subject'],
    ['_include', 'Observation:specimen'],
    ['_include', 'Observation:based-on'],
    ['_sort', '-date'],
    ['_count', String(q.limit ?? 200)],
  ];
  if (q.name) params.push(['subject:Patient.name:contains', q.name]);
  if (q.inpatientNo) params.push(['subject:Patient.identifier', q.inpatientNo]);
  if (q.barcode) params.push(['specimen:Specimen.identifier', `${sid.barcode(institution)}|${q.barcode}`]);
  if (q.instrumentId) params.push(['device', `Device/${q.instrumentId}`]);
  if (q.doctor) params.push(['based-on:ServiceRequest.requester', q.doctor.includes('/') ? q.doctor : `Practitioner/${q.doctor}`]);
  const found = await ctx.store.search({ ...caller, strictHandling: true }, 'Observation', params);
  const included = new Map(found.included.map((r: Resource) => [`${r.resourceType}/${r.id}`, r]));
  const rows = (found.resources as Observation[]).map((o): LabResultRow => {
    const f = resultFields(o, institution);
    const patient = included.get(o.subject?.reference ?? '') as Patient | undefined;
    const specimen = included.get(o.specimen?.reference ?? '') as Specimen | undefined;
    const name = patient?.name?.[0];
    return {
      observationId: o.id!,
      ...(f.patientId ? { patientId: f.patientId } : {}),
      ...(name ? { patientName: name.text ?? `${name.family ?? ''}${(name.given ?? []).join('')}` } : {}),
      ...(specimen ? { barcode: specimenFields(specimen, institution).barcode ?? undefined } : {}),
      ...(f.testCode ? { testCode: f.testCode } : {}),
      ...(o.code?.text ? { testName: o.code.text } : {}),
      value: f.valueNum !== null ? String(f.valueNum) : (f.valueText ?? undefined),
      ...(f.unit ? { unit: f.unit } : {}),
      ...(f.flag ? { flag: f.flag } : {}),
      status: o.status,
      ...(o.effectiveDateTime ? { effective: o.effectiveDateTime } : {}),
      ...(f.deviceId ? { instrumentId: f.deviceId } : {}),
      ...(requesterOf(o, included) ? { requester: requesterOf(o, included) } : {}),
    };
  });
  return { rows, more: found.hasMore };
}
