import type { DiagnosticReport, ImagingStudy, Resource } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import { DICOM_MODALITY, DICOM_UID, EXAM_CATALOGUE, EXAM_ITEM_KIND, EXT, V2_0074, sid } from '../urls.ts';
import { translateItems } from './codes.ts';
import { refuseRevoked } from './lab-report.ts';
import { projectReport } from './projection.ts';
import { reportOrder, resolveReportHeader, type ReportHeaderUpload } from './report-header.ts';
import type { Uploader } from './uploader.ts';
import { inOneTransaction, keyOf, type BusinessKey, type Outcome } from './write.ts';

export interface ExamReportUpload extends ReportHeaderUpload {
  itemCode: string;
  itemName: string;
  modality: string;
  bodyPart?: string;
  studyUid?: string;
  accessionNo?: string;
  imageUrl?: string;
  examAt: string;
  reportedAt: string;
  findings?: string;
  conclusion: string;
  critical?: boolean;
}

/**
 * 检查数据上传: ServiceRequest, ImagingStudy (study UID, modality, body part, image address) and the
 * DiagnosticReport with 所见 (extension) and 结论 (`conclusion`), plus the recognition index row, in one transaction.
 */
export async function uploadExamReport(ctx: ModuleContext, up: Uploader, body: ExamReportUpload): Promise<{ outcome: Outcome; ids: Record<string, string> }> {
  const inst = up.institution.organizationId;
  const { dictionary, items } = await translateItems(ctx, inst, EXAM_ITEM_KIND, EXAM_CATALOGUE, [{ field: 'itemCode', code: body.itemCode, name: body.itemName }]);
  const item = items.get(body.itemCode)!;
  const code = { coding: [{ system: EXAM_CATALOGUE, code: item.code, display: item.name }, { system: dictionary, code: body.itemCode, display: body.itemName }], text: body.itemName };

  return inOneTransaction(ctx, up.request, async (w) => {
    const header = await resolveReportHeader(ctx, w, up, body);
    const { patientId, subject, staff, dept } = header;
    const previous = await w.find<DiagnosticReport>('DiagnosticReport', sid.examReport(inst), body.reportNo);
    refuseRevoked(previous, body.reportNo);

    // Ids first, then one bulk write of the order, the study and the report (see lab-report.ts).
    const studyId = body.studyUid ? { system: DICOM_UID, value: `urn:oid:${body.studyUid}` } : { system: sid.examReport(inst), value: `study/${body.reportNo}` };
    const keys = {
      order: { type: 'ServiceRequest', system: sid.order(inst), value: body.orderNo ?? `report/${body.reportNo}` },
      study: { type: 'ImagingStudy', ...studyId },
      report: { type: 'DiagnosticReport', system: sid.examReport(inst), value: body.reportNo },
    };
    const ids = await w.reserve([keys.order, keys.study, ...(previous ? [] : [keys.report])]);
    const idOf = (k: BusinessKey) => ids.get(keyOf(k.type, k.system, k.value))!;
    const [orderId, imagingStudyId, reportId] = [idOf(keys.order), idOf(keys.study), previous?.id ?? idOf(keys.report)];
    const order = reportOrder(up, body, header, { system: 'http://snomed.info/sct', code: '363679005', display: 'Imaging' }, code);
    const study: ImagingStudy = {
      resourceType: 'ImagingStudy',
      identifier: [studyId, ...(body.accessionNo ? [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'ACSN' }] }, value: body.accessionNo }] : [])],
      status: 'available',
      modality: [{ system: DICOM_MODALITY, code: body.modality }],
      subject,
      started: body.examAt,
      basedOn: [{ reference: `ServiceRequest/${orderId}` }],
      procedureCode: [code],
      ...(body.bodyPart ? { description: body.bodyPart } : {}),
      ...(body.imageUrl ? { extension: [{ url: EXT.imageUrl, valueUrl: body.imageUrl }] } : {}),
    };
    const report: DiagnosticReport = {
      resourceType: 'DiagnosticReport',
      identifier: [{ system: keys.report.system, value: keys.report.value }],
      basedOn: [{ reference: `ServiceRequest/${orderId}` }],
      status: 'final',
      category: [{ coding: [{ system: V2_0074, code: 'RAD', display: 'Radiology' }] }],
      code,
      subject,
      effectiveDateTime: body.examAt,
      issued: body.reportedAt,
      performer: [{ reference: `Organization/${inst}` }, ...(body.reporterCode ? [staff.get(body.reporterCode)!] : [])],
      ...(body.reviewerCode ? { resultsInterpreter: [staff.get(body.reviewerCode)!] } : {}),
      imagingStudy: [{ reference: `ImagingStudy/${imagingStudyId}` }],
      conclusion: body.conclusion,
      extension: [
        ...dept,
        ...(body.findings ? [{ url: EXT.findings, valueString: body.findings }] : []),
        { url: EXT.critical, valueBoolean: body.critical ?? false },
      ],
    };
    await w.writeAll<Resource & { id: string }>([{ ...order, id: orderId }, { ...study, id: imagingStudyId }, { ...report, id: reportId }]);
    await projectReport(w.unit.tx, { reportId, institution: inst, kind: 'exam', reportNo: body.reportNo, patientId, effective: body.examAt, issued: body.reportedAt, conclusion: body.conclusion, items: [{ code: item.code }] });
    return { outcome: w.outcome, ids: { report: reportId, serviceRequest: orderId, imagingStudy: imagingStudyId, patient: patientId } };
  });
}
