import type { Organization, Practitioner, PractitionerRole, Reference } from '@medplum/fhirtypes';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { FhirError, type ModuleContext } from '@medunion/kernel';
import { EXT, sid } from '../urls.ts';
import type { Uploader } from './uploader.ts';
import { genderOf, humanName, inOneTransaction, type Outcome, type UploadWrites } from './write.ts';

const ORG_TYPE = 'http://terminology.hl7.org/CodeSystem/organization-type';

export interface DepartmentUpload {
  code: string;
  name: string;
  active?: boolean;
}

export interface StaffUpload {
  code: string;
  name: string;
  gender?: string;
  deptCode?: string;
  title?: string;
  active?: boolean;
}

/** 科室字典上传: each department an Organization (type dept, partOf the institution) under the institution's code system. */
export async function uploadDepartments(ctx: ModuleContext, up: Uploader, departments: DepartmentUpload[]): Promise<{ outcome: Outcome; ids: Record<string, string> }> {
  return inOneTransaction(ctx, up.request, async (w) => {
    const ids: Record<string, string> = {};
    for (const d of departments) {
      const org = await w.upsert<Organization>({
        resourceType: 'Organization',
        identifier: [{ system: sid.department(up.institution.code), value: d.code }],
        active: d.active ?? true,
        name: d.name,
        type: [{ coding: [{ system: ORG_TYPE, code: 'dept', display: 'Hospital Department' }] }],
        partOf: { reference: `Organization/${up.institution.organizationId}` },
      });
      ids[d.code] = org.id;
    }
    return { outcome: w.outcome, ids };
  });
}

/** 人员字典上传: Practitioner (工号 as identifier) and its PractitionerRole in the institution and department. */
export async function uploadStaff(ctx: ModuleContext, up: Uploader, staff: StaffUpload[]): Promise<{ outcome: Outcome; ids: Record<string, string> }> {
  return inOneTransaction(ctx, up.request, async (w) => {
    const departments = await resolveDepartments(w, up, staff.map((s, i) => ({ field: `staff[${i}].deptCode`, code: s.deptCode })));
    const ids: Record<string, string> = {};
    for (const s of staff) {
      const practitioner = await w.upsert<Practitioner>({
        resourceType: 'Practitioner',
        identifier: [{ system: sid.staff(up.institution.organizationId), value: s.code }],
        active: s.active ?? true,
        name: [humanName(s.name)],
        ...(s.gender ? { gender: genderOf(s.gender) } : {}),
      });
      await w.upsert<PractitionerRole>({
        resourceType: 'PractitionerRole',
        identifier: [{ system: `${sid.staff(up.institution.organizationId)}/role`, value: s.code }],
        active: s.active ?? true,
        practitioner: { reference: `Practitioner/${practitioner.id}` },
        organization: { reference: `Organization/${up.institution.organizationId}` },
        ...(s.title ? { code: [{ text: s.title }] } : {}),
        ...(s.deptCode ? { extension: [{ url: EXT.department, valueReference: departments.get(s.deptCode)! }] } : {}),
      });
      ids[s.code] = practitioner.id;
    }
    return { outcome: w.outcome, ids };
  });
}

interface CodeRef {
  field: string;
  code?: string;
}

async function resolveAll<T extends Practitioner | Organization>(w: UploadWrites, type: T['resourceType'], system: string, refs: CodeRef[], what: [string, string]): Promise<Map<string, Reference<T>>> {
  const found = new Map<string, Reference<T>>();
  const issues: OperationOutcomeIssue[] = [];
  const codes = [...new Set(refs.flatMap((r) => (r.code ? [r.code] : [])))];
  // One search for all of them (a report names up to three staff): each lookup is a round trip and a plan.
  const resources = codes.length ? await w.findMany<T>(type, system, codes) : new Map<string, T & { id: string }>();
  for (const ref of refs) {
    if (!ref.code || found.has(ref.code)) continue;
    const resource = resources.get(ref.code);
    if (resource) found.set(ref.code, { reference: `${type}/${resource.id}` } as Reference<T>);
    else if (!issues.some((i) => i.expression?.[0] === ref.field)) issues.push({ severity: 'error', code: 'code-invalid', details: { text: `${what[0]} ${ref.code} 尚未上传 / ${what[1]} ${ref.code} has not been uploaded` }, expression: [ref.field] });
  }
  if (issues.length) throw new FhirError(422, issues);
  return found;
}

/** Departments named by local code (uploaded before): 422 listing every unknown one. */
export const resolveDepartments = (w: UploadWrites, up: Uploader, refs: CodeRef[]) => resolveAll<Organization>(w, 'Organization', sid.department(up.institution.code), refs, ['科室', 'Department']);

/** Staff named by 工号 (uploaded before): 422 listing every unknown one. */
export const resolveStaff = (w: UploadWrites, up: Uploader, refs: CodeRef[]) => resolveAll<Practitioner>(w, 'Practitioner', sid.staff(up.institution.organizationId), refs, ['人员', 'Staff member']);
