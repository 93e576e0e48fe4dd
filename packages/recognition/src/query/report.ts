import type { DiagnosticReport, DocumentReference, ImagingStudy, Observation } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import { CATALOGUE } from '../catalogue/index.ts';
import { fieldError } from '../routes/check-body.ts';
import { EXT, LAB_CATALOGUE, EXAM_CATALOGUE, sid } from '../urls.ts';
import { rangeOf, valueOf } from './results.ts';
import type { IndexedReport, ReportResult, DownloadedReport } from '../contracts/query.ts';

export type { IndexedReport, ReportResult, DownloadedReport } from '../contracts/query.ts';

export async function indexedReport(ctx: ModuleContext, reportId: string): Promise<IndexedReport | undefined> {
  const { rows } = await ctx.db.query<{ report_id: string; institution: string; name: string | null; kind: 'lab' | 'exam'; report_no: string; patient_id: string; effective: Date | string; issued: Date | string | null; status: string; items: string[] | null }>(
    `select r.report_id, r.institution, i.name, r.kind, r.report_no, r.patient_id, r.effective, r.issued, r.status,
            (select array_agg(ri.item_code order by ri.item_code) from recognition_report_item ri where ri.report_id = r.report_id) as items
     from recognition_report r left join recognition_institution i on i.organization_id = r.institution where r.report_id = $1`,
    [reportId],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    reportId: r.report_id,
    institution: r.institution,
    ...(r.name ? { institutionName: r.name } : {}),
    kind: r.kind,
    reportNo: r.report_no,
    patientId: r.patient_id,
    effective: new Date(r.effective).toISOString(),
    ...(r.issued ? { issued: new Date(r.issued).toISOString() } : {}),
    revoked: r.status !== 'active',
    items: r.items ?? [],
  };
}

const regional = (c: { coding?: { system?: string; code?: string; display?: string }[]; text?: string } | undefined) =>
  c?.coding?.find((x) => x.system === LAB_CATALOGUE || x.system === EXAM_CATALOGUE);

/** Reads the report's FHIR resources as the module (the route has checked care and audits the call). */
export async function loadReport(ctx: ModuleContext, indexed: IndexedReport): Promise<DownloadedReport> {
  const sys = ctx.systemContext;
  const report = (await ctx.store.read(sys, 'DiagnosticReport', indexed.reportId)) as DiagnosticReport;
  const ids = (report.result ?? []).flatMap((r) => (r.reference ? [r.reference.split('/')[1]] : []));
  const observations = ids.length ? ((await ctx.store.search(sys, 'Observation', [['_id', ids.join(',')], ['_count', String(ids.length)]])).resources as Observation[]) : [];
  const studyRef = report.imagingStudy?.[0]?.reference?.split('/')[1];
  const study = studyRef ? ((await ctx.store.read(sys, 'ImagingStudy', studyRef).catch(() => undefined)) as ImagingStudy | undefined) : undefined;
  const doc = (await ctx.store.search(sys, 'DocumentReference', [['identifier', `${sid.reportPdf(indexed.institution)}|${indexed.kind}/${indexed.reportNo}`]])).resources[0] as DocumentReference | undefined;
  const ext = (url: string) => report.extension?.find((e) => e.url === url);
  const code = regional(report.code);
  const byId = new Map(observations.map((o) => [o.id!, o]));
  const results: ReportResult[] = ids.flatMap((id) => {
    const o = byId.get(id);
    if (!o || o.status === 'cancelled') return [];
    const item = regional(o.code);
    const local = o.code.coding?.find((x) => x !== item);
    const value = valueOf(o);
    const range = rangeOf(o);
    return [
      {
        observationId: id,
        ...(item?.code ? { itemCode: item.code } : {}),
        itemName: item?.display ?? o.code.text ?? '',
        ...(local?.code ? { localCode: local.code } : {}),
        ...(value !== undefined ? { value } : {}),
        ...(o.valueQuantity?.unit ? { unit: o.valueQuantity.unit } : {}),
        ...(o.interpretation?.[0]?.coding?.[0]?.code ? { flag: o.interpretation[0].coding[0].code } : {}),
        ...(range ? { referenceRange: range } : {}),
        ...(o.method?.text ? { method: o.method.text } : {}),
        ...(o.device?.display ? { instrument: o.device.display } : {}),
      },
    ];
  });
  const attachment = doc?.content?.[0]?.attachment;
  const imageUrl = study?.extension?.find((e) => e.url === EXT.imageUrl)?.valueUrl;
  return {
    report: {
      ...indexed,
      ...(code?.code ? { itemCode: code.code, itemName: code.display ?? CATALOGUE.get(code.code)?.name } : {}),
      status: report.status,
      ...(report.conclusion ? { conclusion: report.conclusion } : {}),
      ...(ext(EXT.findings)?.valueString ? { findings: ext(EXT.findings)!.valueString } : {}),
      ...(ext(EXT.critical) ? { critical: ext(EXT.critical)!.valueBoolean === true } : {}),
      ...(imageUrl ? { imageUrl } : {}),
      ...(study?.identifier?.[0]?.value ? { studyUid: study.identifier[0].value.replace(/^urn:oid:/, '') } : {}),
      ...(study?.modality?.[0]?.code ? { modality: study.modality[0].code } : {}),
      ...(study?.description ? { bodyPart: study.description } : {}),
    },
    results,
    ...(attachment?.url
      ? { pdf: { url: attachment.url, contentType: attachment.contentType ?? 'application/pdf', ...(attachment.size ? { size: attachment.size } : {}), download: `/api/recognition/v1/reports/${indexed.reportId}?format=pdf` } }
      : {}),
    resources: [report, ...observations, ...(study ? [study] : []), ...(doc ? [doc] : [])],
  };
}

/** The indexed report, when it exists, belongs to the person and has not been revoked (404 / 410 naming `reportId`). */
export async function offeredReport(ctx: ModuleContext, reportId: string, sources: string[]): Promise<IndexedReport> {
  const indexed = /^[A-Za-z0-9\-.]{1,64}$/.test(reportId) ? await indexedReport(ctx, reportId) : undefined;
  if (!indexed || !sources.includes(indexed.patientId)) throw fieldError(404, 'reportId', `该患者没有报告 ${reportId.slice(0, 64)}`, `The patient has no report ${reportId.slice(0, 64)}`, 'not-found');
  if (indexed.revoked) throw fieldError(410, 'reportId', `报告 ${indexed.reportNo} 已被出具机构撤销`, `Report ${indexed.reportNo} was revoked by its institution`, 'deleted');
  return indexed;
}
