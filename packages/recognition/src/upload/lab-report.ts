import type { DiagnosticReport, Observation, ObservationReferenceRange, Resource, Specimen } from '@medplum/fhirtypes';
import { MAX_COUNT, type ModuleContext } from '@medunion/kernel';
import { fieldError } from '../routes/check-body.ts';
import { EXT, INTERPRETATION, LAB_CATALOGUE, LAB_ITEM_KIND, OBSERVATION_CATEGORY, SPECIMEN_TYPE, V2_0074, sid } from '../urls.ts';
import { translateItems, terminologyOf } from './codes.ts';
import { projectReport } from './projection.ts';
import { summaryOf } from '../query/results.ts';
import { reportOrder, resolveReportHeader, type ReportHeaderUpload } from './report-header.ts';
import type { Uploader } from './uploader.ts';
import { inOneTransaction, keyOf, type BusinessKey, type Outcome, type UploadWrites } from './write.ts';

export interface LabResultUpload {
  itemCode: string;
  itemName: string;
  value: string;
  unit?: string;
  referenceLow?: number;
  referenceHigh?: number;
  referenceText?: string;
  flag?: 'N' | 'H' | 'L' | 'HH' | 'LL' | 'A';
  method?: string;
  instrument?: string;
}

export interface LabReportUpload extends ReportHeaderUpload {
  itemCode: string;
  itemName: string;
  specimenType: string;
  specimenNo?: string;
  collectedAt: string;
  receivedAt?: string;
  reportedAt: string;
  instrument?: string;
  reagentMaker?: string;
  results: LabResultUpload[];
}

const FLAG_DISPLAY: Record<string, string> = { N: 'Normal', H: 'High', L: 'Low', HH: 'Critical high', LL: 'Critical low', A: 'Abnormal' };
const NUMBER = /^[-+]?\d+(\.\d+)?$/;

/** A revoked report is never offered again, not even by uploading it anew: a corrected report needs a new number. */
export function refuseRevoked(report: DiagnosticReport | undefined, reportNo: string): void {
  if (report?.status === 'entered-in-error') {
    throw fieldError(409, 'reportNo', `报告 ${reportNo} 已撤销，更正后的报告请使用新的报告单号`, `Report ${reportNo} was revoked: upload the corrected report under a new number`, 'conflict');
  }
}

/**
 * 检验数据上传: ServiceRequest, Specimen, one Observation per result and the DiagnosticReport, with the recognition
 * index rows, in one transaction. Local item codes are translated into the regional catalogue first (422 otherwise).
 */
export async function uploadLabReport(ctx: ModuleContext, up: Uploader, body: LabReportUpload): Promise<{ outcome: Outcome; ids: Record<string, unknown> }> {
  const inst = up.institution.organizationId;
  if (body.results.some((r, i) => body.results.findIndex((o) => o.itemCode === r.itemCode) !== i)) {
    const i = body.results.findIndex((r, j) => body.results.findIndex((o) => o.itemCode === r.itemCode) !== j);
    throw fieldError(400, `results[${i}].itemCode`, `明细项目 ${body.results[i].itemCode} 重复`, `Result item ${body.results[i].itemCode} appears twice`);
  }
  if (!(await terminologyOf(ctx).validateCode(SPECIMEN_TYPE, body.specimenType)).valid) {
    throw fieldError(400, 'specimenType', `标本类型代码 ${body.specimenType} 不在区域标本类型字典中`, `Specimen type ${body.specimenType} is not in the regional specimen-type code system`, 'code-invalid');
  }
  const { dictionary, items } = await translateItems(ctx, inst, LAB_ITEM_KIND, LAB_CATALOGUE, [
    { field: 'itemCode', code: body.itemCode, name: body.itemName },
    ...body.results.map((r, i) => ({ field: `results[${i}].itemCode`, code: r.itemCode, name: r.itemName })),
  ]);
  const coding = (local: string, name: string) => {
    const item = items.get(local)!;
    return { coding: [{ system: LAB_CATALOGUE, code: item.code, display: item.name }, { system: dictionary, code: local, display: name }], text: name };
  };

  return inOneTransaction(ctx, up.request, async (w) => {
    const header = await resolveReportHeader(ctx, w, up, body);
    const { patientId, subject, staff, dept } = header;
    const previous = await w.find<DiagnosticReport>('DiagnosticReport', sid.labReport(inst), body.reportNo);
    refuseRevoked(previous, body.reportNo);

    // Every resource of the report gets its id first (existing ones by business key, new ones fresh), so they can
    // reference each other and go to the store in one bulk write: a constant number of statements per report.
    const keys = {
      order: { type: 'ServiceRequest', system: sid.order(inst), value: body.orderNo ?? `report/${body.reportNo}` },
      specimen: { type: 'Specimen', system: sid.specimen(inst), value: body.specimenNo ?? `report/${body.reportNo}` },
      results: body.results.map((r) => ({ type: 'Observation', system: sid.labResult(inst), value: `${body.reportNo}/${r.itemCode}` })),
      report: { type: 'DiagnosticReport', system: sid.labReport(inst), value: body.reportNo },
    };
    const ids = await w.reserve([keys.order, keys.specimen, ...keys.results, ...(previous ? [] : [keys.report])]);
    const idOf = (k: BusinessKey) => ids.get(keyOf(k.type, k.system, k.value))!;
    const reportId = previous?.id ?? idOf(keys.report);
    const orderId = idOf(keys.order);
    const specimenId = idOf(keys.specimen);

    const order = reportOrder(up, body, header, { system: 'http://snomed.info/sct', code: '108252007', display: 'Laboratory procedure' }, coding(body.itemCode, body.itemName));
    const specimen: Specimen = {
      resourceType: 'Specimen',
      identifier: [{ system: keys.specimen.system, value: keys.specimen.value }],
      status: 'available',
      type: { coding: [{ system: SPECIMEN_TYPE, code: body.specimenType }] },
      subject,
      request: [{ reference: `ServiceRequest/${orderId}` }],
      ...(body.receivedAt ? { receivedTime: body.receivedAt } : {}),
      collection: { collectedDateTime: body.collectedAt },
    };
    const results: (Observation & { id: string })[] = body.results.map((r, i) => ({
      resourceType: 'Observation',
      id: idOf(keys.results[i]),
      identifier: [{ system: keys.results[i].system, value: keys.results[i].value }],
      basedOn: [{ reference: `ServiceRequest/${orderId}` }],
      status: 'final',
      category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'laboratory' }] }],
      code: coding(r.itemCode, r.itemName),
      subject,
      effectiveDateTime: body.collectedAt,
      issued: body.reportedAt,
      ...(NUMBER.test(r.value.trim()) ? { valueQuantity: { value: Number(r.value), ...(r.unit ? { unit: r.unit } : {}) } } : { valueString: r.value }),
      ...(r.flag ? { interpretation: [{ coding: [{ system: INTERPRETATION, code: r.flag, display: FLAG_DISPLAY[r.flag] }] }] } : {}),
      ...(referenceRange(r) ? { referenceRange: [referenceRange(r)!] } : {}),
      ...(r.method ? { method: { text: r.method } } : {}),
      ...(r.instrument ?? body.instrument ? { device: { display: r.instrument ?? body.instrument } } : {}),
      specimen: { reference: `Specimen/${specimenId}` },
      ...(body.reporterCode ? { performer: [staff.get(body.reporterCode)!] } : {}),
    }));
    // Results dropped by a corrected upload are withdrawn, not left dangling as final: in the same bulk write.
    const withdrawn = await droppedResults(w, previous, keys.results.map((k) => k.value), sid.labResult(inst));
    const report: DiagnosticReport & { id: string } = {
      resourceType: 'DiagnosticReport',
      id: reportId,
      identifier: [{ system: keys.report.system, value: keys.report.value }],
      basedOn: [{ reference: `ServiceRequest/${orderId}` }],
      status: 'final',
      category: [{ coding: [{ system: V2_0074, code: 'LAB', display: 'Laboratory' }] }],
      code: coding(body.itemCode, body.itemName),
      subject,
      effectiveDateTime: body.collectedAt,
      issued: body.reportedAt,
      performer: [{ reference: `Organization/${inst}` }, ...(body.reporterCode ? [staff.get(body.reporterCode)!] : [])],
      ...(body.reviewerCode ? { resultsInterpreter: [staff.get(body.reviewerCode)!] } : {}),
      specimen: [{ reference: `Specimen/${specimenId}` }],
      result: results.map((o) => ({ reference: `Observation/${o.id}` })),
      ...(dept.length || body.instrument || body.reagentMaker
        ? {
            extension: [
              ...dept,
              ...(body.instrument ? [{ url: EXT.instrument, valueString: body.instrument }] : []),
              ...(body.reagentMaker ? [{ url: EXT.reagentMaker, valueString: body.reagentMaker }] : []),
            ],
          }
        : {}),
    };
    const written = await w.writeAll<Resource & { id: string }>([{ ...order, id: orderId }, { ...specimen, id: specimenId }, ...results, report, ...(withdrawn as (Observation & { id: string })[])]);
    const observations = written.slice(2, 2 + results.length) as (Observation & { id: string })[];
    await projectReport(w.unit.tx, {
      reportId,
      institution: inst,
      kind: 'lab',
      reportNo: body.reportNo,
      patientId,
      effective: body.collectedAt,
      issued: body.reportedAt,
      items: [
        { code: items.get(body.itemCode)!.code },
        ...body.results.map((r, i) => ({ code: items.get(r.itemCode)!.code, observationId: observations[i].id, ...summaryOf(observations[i]) })),
      ],
    });
    return {
      outcome: w.outcome,
      ids: { report: reportId, serviceRequest: orderId, specimen: specimenId, patient: patientId, observations: Object.fromEntries(body.results.map((r, i) => [r.itemCode, observations[i].id])) },
    };
  });
}

/**
 * The previous report's Observations this upload no longer carries, as cancelled versions (one search, and only
 * when the previous report had results). Already-cancelled ones are left alone.
 */
async function droppedResults(w: UploadWrites, previous: DiagnosticReport | undefined, keptValues: string[], system: string): Promise<Observation[]> {
  const ids = (previous?.result ?? []).map((ref) => ref.reference?.split('/')[1]).filter((id): id is string => !!id);
  if (!ids.length) return [];
  const kept = new Set(keptValues);
  const old = await w.search<Observation>('Observation', [['_id', ids.join(',')], ['_count', String(Math.min(MAX_COUNT, ids.length))]]);
  return old
    .filter((o) => o.status !== 'cancelled' && !kept.has(o.identifier?.find((i) => i.system === system)?.value ?? ''))
    .map((o) => ({ ...o, status: 'cancelled' as const }));
}

function referenceRange(r: LabResultUpload): ObservationReferenceRange | undefined {
  if (r.referenceLow === undefined && r.referenceHigh === undefined && !r.referenceText) return undefined;
  const unit = r.unit ? { unit: r.unit } : {};
  return {
    ...(r.referenceLow !== undefined ? { low: { value: r.referenceLow, ...unit } } : {}),
    ...(r.referenceHigh !== undefined ? { high: { value: r.referenceHigh, ...unit } } : {}),
    ...(r.referenceText ? { text: r.referenceText } : {}),
  };
}
