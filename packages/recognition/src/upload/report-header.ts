import type { CodeableConcept, Coding, Extension, Patient, Practitioner, Reference, ServiceRequest } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import { EXT, sid } from '../urls.ts';
import { resolveDepartments, resolveStaff } from './directory.ts';
import { patientByMrn } from './patient.ts';
import type { Uploader } from './uploader.ts';
import type { UploadWrites } from './write.ts';

/** The header fields lab and exam reports share: who the report is about, who ordered, wrote and reviewed it. */
export interface ReportHeaderUpload {
  reportNo: string;
  orderNo?: string;
  patientMrn: string;
  deptCode?: string;
  orderingDoctorCode?: string;
  reporterCode?: string;
  reviewerCode?: string;
}

export interface ReportHeader {
  /** The source Patient the institution uploaded under that 病历号. */
  patientId: string;
  subject: Reference<Patient>;
  /** Staff references by local code (ordering doctor, reporter, reviewer). */
  staff: Map<string, Reference<Practitioner>>;
  /** The department extension, empty without a department. */
  dept: Extension[];
}

/** Resolves the report's patient, department and staff (422 naming the field when one was not uploaded). */
export async function resolveReportHeader(ctx: ModuleContext, w: UploadWrites, up: Uploader, body: ReportHeaderUpload): Promise<ReportHeader> {
  const patient = await patientByMrn(ctx, w, up.institution.organizationId, body.patientMrn);
  const departments = await resolveDepartments(w, up, [{ field: 'deptCode', code: body.deptCode }]);
  const staff = await resolveStaff(w, up, [
    { field: 'orderingDoctorCode', code: body.orderingDoctorCode },
    { field: 'reporterCode', code: body.reporterCode },
    { field: 'reviewerCode', code: body.reviewerCode },
  ]);
  return {
    patientId: patient.id,
    subject: { reference: `Patient/${patient.id}` },
    staff,
    dept: body.deptCode ? [{ url: EXT.department, valueReference: departments.get(body.deptCode)! }] : [],
  };
}

/** The order behind a report (its order number, or one derived from the report number when the HIS sent none). */
export function reportOrder(up: Uploader, body: ReportHeaderUpload, header: ReportHeader, category: Coding, code: CodeableConcept): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    identifier: [{ system: sid.order(up.institution.organizationId), value: body.orderNo ?? `report/${body.reportNo}` }],
    status: 'completed',
    intent: 'order',
    category: [{ coding: [category] }],
    code,
    subject: header.subject,
    ...(body.orderingDoctorCode ? { requester: header.staff.get(body.orderingDoctorCode) } : {}),
    ...(header.dept.length ? { extension: header.dept } : {}),
  };
}

